/** The scheduler on both back ends: jobs run, fail visibly, run once per key, stop cleanly. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import PgBoss from 'pg-boss';
import { withTransaction } from '../../src/db/client.ts';
import { findRun, registeredSchedules } from '../../src/jobs/job-runs.repository.ts';
import type { AnyJobSpec } from '../../src/jobs/job-spec.ts';
import type { SchedulerOptions } from '../../src/jobs/scheduler.ts';
import { AppError } from '../../src/shared/errors.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { makeCustomer } from '../helpers/factories.ts';
import {
  type Call,
  dropSchema,
  eventually,
  recordingDailyJob,
  startTestScheduler,
  type TestScheduler,
} from '../helpers/scheduler.ts';

describe(`scheduler on ${backendName}`, () => {
  let ctx: TestContext;
  const schemas: string[] = [];
  before(async () => {
    ctx = await openTestContext();
  });
  after(async () => {
    for (const s of schemas) await dropSchema(ctx.database, s);
    await ctx.database.close();
  });

  async function start(specs: AnyJobSpec[], options: Partial<SchedulerOptions> = {}) {
    const started = await startTestScheduler(ctx.database, ctx.deps, specs, options);
    schemas.push(started.schema);
    return started;
  }

  async function runOf(s: TestScheduler, name: string, id: string) {
    return findRun(ctx.deps.db, s.schema, name, id, null);
  }

  test('a job sent is handled, and its result (bigints as strings) is kept as its output', async () => {
    const calls: Call[] = [];
    const s = await start([recordingDailyJob('test.echo', calls)]);
    try {
      const tenant = await newTenant(ctx);
      const id = await s.scheduler.enqueue(ctx.deps.db, 'test.echo', {
        tenantId: tenant.tenantId,
        date: '2026-03-31',
      });
      assert.ok(id);
      const run = await s.scheduler.waitFor('test.echo', id, 5_000);
      assert.equal(run?.state, 'completed', s.log.join(''));
      assert.deepEqual(run?.output, { ran: '2026-03-31', big: '12345678901234567890' });
      assert.equal(run?.tenantId, tenant.tenantId);
      assert.equal(run?.attempts, 1);
      assert.deepEqual(
        calls.map((c) => c.payload),
        [{ tenantId: tenant.tenantId, date: '2026-03-31' }],
      );
    } finally {
      await s.scheduler.stop();
    }
  });

  test('a payload the job does not accept is refused when queued, and fails without retries when found', async () => {
    const calls: Call[] = [];
    const s = await start([recordingDailyJob('test.strict', calls)]);
    try {
      await assert.rejects(
        s.scheduler.enqueue(ctx.deps.db, 'test.strict', { tenantId: 'nope', date: '2026-02-30' }),
        (e: AppError) => e.code === 'validation_failed' && e.details.length === 2,
      );
      // A job written by something else (an older version, a hand-made insert) reaches the worker.
      const raw = new PgBoss({ db: ctx.database.jobsExecutor as PgBoss.Db, schema: s.schema });
      const id = await raw.send('test.strict', { tenantId: 'nope' });
      assert.ok(id);
      await eventually(async () => (await runOf(s, 'test.strict', id))?.state === 'failed');
      const run = await runOf(s, 'test.strict', id);
      // The queue allows 2 retries (recordingDailyJob); a bad payload spends none of them.
      assert.equal(run?.attempts, 1);
      assert.equal(run?.error, 'invalid payload for test.strict');
      const output = run?.output as { issues: { path: string }[] } | undefined;
      const issues = (output?.issues ?? []).map((i) => i.path).sort();
      assert.deepEqual(issues, ['date', 'tenantId']);
      assert.equal(calls.length, 0, 'the handler never ran');
    } finally {
      await s.scheduler.stop();
    }
  });

  test('a failing handler is retried by its policy; a domain error is not', async () => {
    const calls: Call[] = [];
    const flaky = recordingDailyJob('test.flaky', calls, async (c) => {
      if (c.attempt === 1) throw new Error('SMTP connection reset');
    });
    const refusing = recordingDailyJob('test.refusing', calls, async () => {
      throw new AppError('validation_failed', 'no dunning policy assigned');
    });
    const s = await start([flaky, refusing]);
    try {
      const tenant = await newTenant(ctx);
      const payload = { tenantId: tenant.tenantId, date: '2026-03-31' };
      const flakyId = await s.scheduler.enqueue(ctx.deps.db, 'test.flaky', payload);
      const refusedId = await s.scheduler.enqueue(ctx.deps.db, 'test.refusing', payload);
      assert.ok(flakyId && refusedId);
      await eventually(async () => (await runOf(s, 'test.flaky', flakyId))?.state === 'completed');
      assert.equal((await runOf(s, 'test.flaky', flakyId))?.attempts, 2, 'one failure, one retry');
      await eventually(async () => (await runOf(s, 'test.refusing', refusedId))?.state === 'failed');
      const refused = await runOf(s, 'test.refusing', refusedId);
      assert.equal(refused?.attempts, 1);
      assert.equal(refused?.error, 'no dunning policy assigned');
      assert.equal((refused?.output as { code?: string } | undefined)?.code, 'validation_failed');
      assert.ok(s.log.some((l) => l.includes('SMTP connection reset')));
      const overview = await s.scheduler.list(ctx.deps.db, tenant.tenantId);
      const listed = overview.jobs.find((j) => j.name === 'test.refusing');
      assert.equal(listed?.counts.failed, 1);
      assert.deepEqual(
        listed?.recentFailures.map((f) => f.id),
        [refusedId],
      );
    } finally {
      await s.scheduler.stop();
    }
  });

  test('a daily job triggered several times for the same day runs once', async () => {
    const calls: Call[] = [];
    const s = await start([recordingDailyJob('test.daily', calls)]);
    try {
      const [a, b] = [await newTenant(ctx), await newTenant(ctx)];
      const ids: string[] = [];
      for (let i = 0; i < 4; i++) {
        // Wait for each so that the next is not merely dropped by the queue key: it must reach the
        // worker and be refused by the once-only claim.
        const { id } = await s.scheduler.trigger(ctx.deps.db, 'test.daily', {
          tenantId: a.tenantId,
          date: '2026-03-31',
        });
        ids.push(id);
        await s.scheduler.waitFor('test.daily', id, 5_000);
      }
      const other = await s.scheduler.trigger(ctx.deps.db, 'test.daily', {
        tenantId: b.tenantId,
        date: '2026-03-31',
      });
      const nextDay = await s.scheduler.trigger(ctx.deps.db, 'test.daily', {
        tenantId: a.tenantId,
        date: '2026-04-01',
      });
      await s.scheduler.waitFor('test.daily', other.id, 5_000);
      await s.scheduler.waitFor('test.daily', nextDay.id, 5_000);
      const ran = calls
        .map((c) => `${c.payload.tenantId === a.tenantId ? 'a' : 'b'} ${c.payload.date}`)
        .sort();
      assert.deepEqual(ran, ['a 2026-03-31', 'a 2026-04-01', 'b 2026-03-31']);
      const outputs = await Promise.all(ids.map((id) => runOf(s, 'test.daily', id)));
      assert.deepEqual(
        outputs.map((r) => (r?.output as { skipped?: boolean } | undefined)?.skipped ?? false),
        [false, true, true, true],
      );
    } finally {
      await s.scheduler.stop();
    }
  });

  test('a tick fans out one run per tenant for its date', async () => {
    const calls: Call[] = [];
    const s = await start([recordingDailyJob('test.fan', calls)]);
    try {
      const mine = [await newTenant(ctx), await newTenant(ctx)].map((t) => t.tenantId);
      const raw = new PgBoss({ db: ctx.database.jobsExecutor as PgBoss.Db, schema: s.schema });
      for (let i = 0; i < 3; i++) await raw.send('test.fan:tick', { date: '2026-05-04' });
      await eventually(() => mine.every((t) => calls.some((c) => c.payload.tenantId === t)));
      // Three ticks for the same date: still one run per tenant (give duplicates time to arrive).
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      for (const t of mine) {
        assert.deepEqual(
          calls.filter((c) => c.payload.tenantId === t).map((c) => c.payload.date),
          ['2026-05-04'],
        );
      }
    } finally {
      await s.scheduler.stop();
    }
  });

  test('a tick fans out only to the tenants a job names as due, when it names them', async () => {
    const calls: Call[] = [];
    const [due, idle] = [await newTenant(ctx), await newTenant(ctx)];
    const spec = { ...recordingDailyJob('test.due', calls), tenantsDue: async () => [due.tenantId] };
    const s = await start([spec]);
    try {
      const raw = new PgBoss({ db: ctx.database.jobsExecutor as PgBoss.Db, schema: s.schema });
      const tick = await raw.send('test.due:tick', { date: '2026-05-05' });
      assert.ok(tick);
      await eventually(async () => (await runOf(s, 'test.due:tick', tick))?.state === 'completed');
      assert.deepEqual((await runOf(s, 'test.due:tick', tick))?.output, { date: '2026-05-05', runs: 1 });
      await eventually(() => calls.length === 1);
      assert.equal(calls[0]?.payload.tenantId, due.tenantId);
      assert.equal(
        calls.some((c) => c.payload.tenantId === idle.tenantId),
        false,
      );
    } finally {
      await s.scheduler.stop();
    }
  });

  test('cron schedules are registered in the schedule time zone, overrides applied, "off" removed', async () => {
    const daily = recordingDailyJob('test.cron-a', [], undefined, { cron: '0 6 * * *' });
    const other = recordingDailyJob('test.cron-b', [], undefined, { cron: '15 5 * * *' });
    const off = recordingDailyJob('test.cron-c', [], undefined, { cron: '* * * * *' });
    const config = {
      scheduler: true,
      timeZone: 'Europe/Berlin',
      schedules: { CASHLOOP_SCHEDULE_TEST_CRON_B: '0 4 * * 1-5', CASHLOOP_SCHEDULE_TEST_CRON_C: 'off' },
      pollSeconds: 0.5,
      concurrency: 1,
    };
    const s = await start([daily, other, off], { schedule: true, work: 'none', config });
    try {
      const registered = await registeredSchedules(ctx.deps.db, s.schema);
      assert.deepEqual(registered.get('test.cron-a:tick'), { cron: '0 6 * * *', timeZone: 'Europe/Berlin' });
      assert.deepEqual(registered.get('test.cron-b:tick'), {
        cron: '0 4 * * 1-5',
        timeZone: 'Europe/Berlin',
      });
      assert.equal(registered.has('test.cron-c:tick'), false);
      const overview = await s.scheduler.list(ctx.deps.db, null);
      assert.deepEqual(
        overview.jobs.map((j) => [j.name, j.status, j.schedule?.source ?? null]),
        [
          ['test.cron-a', 'scheduled', 'default'],
          ['test.cron-b', 'scheduled', 'CASHLOOP_SCHEDULE_TEST_CRON_B'],
          ['test.cron-c', 'off', null],
        ],
      );
    } finally {
      await s.scheduler.stop();
    }
  });

  test('a schedule variable naming no job is refused at start', async () => {
    const config = {
      scheduler: true,
      timeZone: 'UTC',
      schedules: { CASHLOOP_SCHEDULE_DUNING_RUN: '0 6 * * *' },
      pollSeconds: 0.5,
      concurrency: 1,
    };
    await assert.rejects(
      start([recordingDailyJob('dunning.run', [])], { config }),
      /CASHLOOP_SCHEDULE_DUNING_RUN names no job; known: CASHLOOP_SCHEDULE_DUNNING_RUN/,
    );
  });

  test('a job queued in a transaction exists only when the transaction commits', async () => {
    const calls: Call[] = [];
    const s = await start([recordingDailyJob('test.tx', calls)]);
    try {
      const tenant = await newTenant(ctx);
      let rolledBackId: string | null = null;
      await assert.rejects(
        withTransaction(ctx.deps.db, async (tx) => {
          rolledBackId = await s.scheduler.enqueue(tx, 'test.tx', {
            tenantId: tenant.tenantId,
            date: '2026-01-01',
          });
          throw new Error('business rule failed');
        }),
        /business rule failed/,
      );
      assert.ok(rolledBackId);
      const committedId = await withTransaction(ctx.deps.db, (tx) =>
        s.scheduler.enqueue(tx, 'test.tx', { tenantId: tenant.tenantId, date: '2026-01-02' }),
      );
      assert.ok(committedId);
      assert.equal((await s.scheduler.waitFor('test.tx', committedId, 5_000))?.state, 'completed');
      assert.equal(await runOf(s, 'test.tx', rolledBackId), null, 'the rolled-back job does not exist');
      assert.deepEqual(
        calls.map((c) => c.payload.date),
        ['2026-01-02'],
      );
    } finally {
      await s.scheduler.stop();
    }
  });

  test('a job queued while no worker is up runs when one comes up', async () => {
    const calls: Call[] = [];
    const spec = recordingDailyJob('test.later', calls);
    const queuer = await start([spec], { work: 'none' });
    const tenant = await newTenant(ctx);
    const id = await queuer.scheduler.enqueue(ctx.deps.db, 'test.later', {
      tenantId: tenant.tenantId,
      date: '2026-03-31',
    });
    assert.ok(id);
    await new Promise((resolve) => setTimeout(resolve, 700));
    assert.equal((await runOf(queuer, 'test.later', id))?.state, 'created');
    await queuer.scheduler.stop();
    const worker = await start([spec], { schema: queuer.schema });
    try {
      assert.equal((await worker.scheduler.waitFor('test.later', id, 5_000))?.state, 'completed');
      assert.equal(calls.length, 1);
    } finally {
      await worker.scheduler.stop();
    }
  });

  test('stop lets the running job finish first; one that overruns the grace period is failed for a retry', async () => {
    const calls: Call[] = [];
    const slow = recordingDailyJob('test.slow', calls, async (_ctx, p) => {
      // The first job takes 400 ms; the second ignores its signal for 3 s.
      await new Promise((resolve) => setTimeout(resolve, p.date === '2026-03-01' ? 400 : 3_000));
    });
    const tenant = await newTenant(ctx);
    const first = await start([slow]);
    const id = await first.scheduler.enqueue(ctx.deps.db, 'test.slow', {
      tenantId: tenant.tenantId,
      date: '2026-03-01',
    });
    assert.ok(id);
    await eventually(() => calls.length === 1);
    await first.scheduler.stop();
    assert.equal((await runOf(first, 'test.slow', id))?.state, 'completed', 'stop waited for it');

    const second = await start([slow], { schema: first.schema, stopTimeoutMs: 300 });
    const overrun = await second.scheduler.enqueue(ctx.deps.db, 'test.slow', {
      tenantId: tenant.tenantId,
      date: '2026-03-02',
    });
    assert.ok(overrun);
    await eventually(() => calls.length === 2);
    const stopping = Date.now();
    await second.scheduler.stop();
    assert.ok(Date.now() - stopping < 2_500, 'stop did not wait for the whole 3 s');
    const interrupted = await runOf(second, 'test.slow', overrun);
    assert.equal(interrupted?.state, 'retry');
    assert.equal(interrupted?.error, 'the worker stopped while the job was running');
    // The database closes after the scheduler stopped: nothing of pg-boss is left running on it.
    await ctx.database.jobsExecutor.drain();
  });

  test('business transactions and pg-boss statements interleave on the one connection', async () => {
    const calls: Call[] = [];
    const s = await start([recordingDailyJob('test.busy', calls)], { pollSeconds: 0.5 });
    try {
      const tenant = await newTenant(ctx);
      // While workers poll, business transactions commit and roll back around them.
      const work = Array.from({ length: 6 }, (_, i) =>
        withTransaction(ctx.deps.db, async (tx) => {
          await s.scheduler.enqueue(tx, 'test.busy', {
            tenantId: tenant.tenantId,
            date: `2026-06-0${i + 1}`,
          });
          await new Promise((resolve) => setTimeout(resolve, 120));
          if (i % 2 === 1) throw new Error(`rollback ${i}`);
        }).catch((e: Error) => e.message),
      );
      const outcomes = await Promise.all(work);
      assert.deepEqual(outcomes, [undefined, 'rollback 1', undefined, 'rollback 3', undefined, 'rollback 5']);
      // A job sent outside an open transaction is not part of it: on PGlite the send waits for the
      // transaction to end (one connection), and the rollback does not take the job back.
      let sentOutside: Promise<string | null> = Promise.resolve(null);
      await withTransaction(ctx.deps.db, async (tx) => {
        await makeCustomer({ ...ctx.deps, db: tx as unknown as typeof ctx.deps.db }, tenant.tenantId);
        sentOutside = s.scheduler.enqueue(ctx.deps.db, 'test.busy', {
          tenantId: tenant.tenantId,
          date: '2026-07-01',
        });
        await new Promise((resolve) => setTimeout(resolve, 150));
        throw new Error('rollback');
      }).catch(() => undefined);
      assert.ok(await sentOutside);
      await eventually(() => calls.length === 4);
      await new Promise((resolve) => setTimeout(resolve, 600));
      assert.deepEqual(calls.map((c) => c.payload.date).sort(), [
        '2026-06-01',
        '2026-06-03',
        '2026-06-05',
        '2026-07-01',
      ]);
    } finally {
      await s.scheduler.stop();
    }
  });
});
