import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JobsConfig } from '../config.ts';
import type { AppError } from '../shared/errors.ts';
import { type AnyJobSpec, defineJob, drainPerTenant } from './job-spec.ts';
import { assertKnownScheduleVariables, effectiveSchedule, scheduleVariable, tickQueue } from './schedules.ts';

const config = (schedules: Record<string, string> = {}): JobsConfig => ({
  scheduler: true,
  timeZone: 'Europe/Vienna',
  schedules,
  pollSeconds: null,
  concurrency: 1,
});

function spec(name: string, cron: string | null, wired = true): AnyJobSpec {
  return defineJob({
    name,
    summary: name,
    ...drainPerTenant,
    cron,
    retry: { limit: 0, delaySeconds: 0, backoff: false },
    timeoutSeconds: 60,
    run: wired ? async () => null : null,
  });
}

describe('schedules', () => {
  it('names the variable after the job and the tick queue after it', () => {
    assert.equal(scheduleVariable('dunning.run'), 'CASHLOOP_SCHEDULE_DUNNING_RUN');
    assert.equal(scheduleVariable('maintenance.statistics'), 'CASHLOOP_SCHEDULE_MAINTENANCE_STATISTICS');
    assert.equal(scheduleVariable('documents-render.v2'), 'CASHLOOP_SCHEDULE_DOCUMENTS_RENDER_V2');
    assert.equal(tickQueue('dunning.run'), 'dunning.run:tick');
  });

  it('is the default cron in the configured zone, an override, or none', () => {
    assert.deepEqual(effectiveSchedule(spec('a.job', '0 6 * * *'), config()), {
      cron: '0 6 * * *',
      timeZone: 'Europe/Vienna',
      source: 'default',
    });
    assert.deepEqual(
      effectiveSchedule(spec('a.job', '0 6 * * *'), config({ CASHLOOP_SCHEDULE_A_JOB: '5 4 * * 1' })),
      {
        cron: '5 4 * * 1',
        timeZone: 'Europe/Vienna',
        source: 'CASHLOOP_SCHEDULE_A_JOB',
      },
    );
    assert.equal(
      effectiveSchedule(spec('a.job', '0 6 * * *'), config({ CASHLOOP_SCHEDULE_A_JOB: 'off' })),
      null,
    );
    assert.equal(effectiveSchedule(spec('a.job', null), config()), null, 'on demand only');
    // An override gives an on-demand job a schedule.
    assert.equal(
      effectiveSchedule(spec('a.job', null), config({ CASHLOOP_SCHEDULE_A_JOB: '* * * * *' }))?.cron,
      '* * * * *',
    );
    assert.equal(
      effectiveSchedule(spec('a.job', '0 6 * * *', false), config()),
      null,
      'not wired: never scheduled',
    );
  });

  it('refuses a variable that names no job, listing the known ones', () => {
    const specs = [spec('dunning.run', '0 6 * * *'), spec('outbox.deliver', '* * * * *')];
    assert.doesNotThrow(() =>
      assertKnownScheduleVariables(specs, config({ CASHLOOP_SCHEDULE_DUNNING_RUN: 'off' })),
    );
    assert.throws(
      () => assertKnownScheduleVariables(specs, config({ CASHLOOP_SCHEDULE_DUNING_RUN: 'off' })),
      (e: AppError) =>
        e.code === 'validation_failed' &&
        e.message ===
          'CASHLOOP_SCHEDULE_DUNING_RUN names no job; known: CASHLOOP_SCHEDULE_DUNNING_RUN, CASHLOOP_SCHEDULE_OUTBOX_DELIVER',
    );
  });
});
