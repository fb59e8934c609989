/**
 * The jobs overview of `cashloop jobs list` and `GET /v1/jobs`: each job's schedule (configured
 * and registered), queue counts, recent runs (its scheduled ticks included) and recent failures.
 * It reads the database only, so it works without a running scheduler.
 */
import type { JobsConfig } from '../config.ts';
import type { Queryable } from '../db/client.ts';
import {
  bossInstalled,
  countByState,
  type JobRun,
  recentRuns,
  registeredSchedules,
} from './job-runs.repository.ts';
import type { AnyJobSpec, JobScope, RetryPolicy } from './job-spec.ts';
import { type EffectiveSchedule, effectiveSchedule, scheduleVariable, tickQueue } from './schedules.ts';

export type ScheduleStatus = 'scheduled' | 'off' | 'on_demand' | 'not_wired';

export interface JobOverview {
  readonly name: string;
  readonly summary: string;
  readonly scope: JobScope;
  readonly wired: boolean;
  readonly status: ScheduleStatus;
  /** The schedule this process's configuration gives the job. */
  readonly schedule: EffectiveSchedule | null;
  /** The schedule registered in the database (what fires), if any. */
  readonly registered: { cron: string; timeZone: string } | null;
  readonly scheduleVariable: string;
  readonly retry: RetryPolicy;
  readonly timeoutSeconds: number;
  readonly counts: { queued: number; retrying: number; active: number; failed: number };
  readonly recentRuns: JobRun[];
  readonly recentFailures: JobRun[];
}

export interface JobsOverview {
  readonly timeZone: string;
  /** False until a scheduler first ran on this database (pg-boss's schema does not exist yet). */
  readonly installed: boolean;
  readonly jobs: JobOverview[];
}

export interface ListJobsOptions {
  readonly specs: readonly AnyJobSpec[];
  readonly config: JobsConfig;
  readonly schema: string;
  /** Only this tenant's jobs and runs (no installation job); null: every job and run. */
  readonly tenantId: string | null;
  readonly recent?: number;
}

function statusOf(spec: AnyJobSpec, config: JobsConfig): ScheduleStatus {
  if (!spec.run) return 'not_wired';
  if (config.schedules[scheduleVariable(spec.name)] === 'off') return 'off';
  return effectiveSchedule(spec, config) ? 'scheduled' : 'on_demand';
}

/** The overview of every job in `options.specs`. */
export async function listJobs(q: Queryable, options: ListJobsOptions): Promise<JobsOverview> {
  const { config, schema, tenantId } = options;
  const specs = tenantId === null ? options.specs : options.specs.filter((s) => s.scope === 'tenant');
  const recent = options.recent ?? 5;
  const installed = await bossInstalled(q, schema);
  const queues = specs.flatMap((s) => [s.name, tickQueue(s.name)]);
  const [runs, failures, counts, registered] = installed
    ? await Promise.all([
        recentRuns(q, schema, queues, tenantId, recent),
        recentRuns(q, schema, queues, tenantId, recent, true),
        countByState(q, schema, queues, tenantId),
        registeredSchedules(q, schema),
      ])
    : [[], [], new Map(), new Map()];
  const newest = (list: readonly JobRun[], spec: AnyJobSpec) =>
    list
      .filter((r) => r.name === spec.name || r.name === tickQueue(spec.name))
      .sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''))
      .slice(0, recent);
  const jobs = specs.map((spec): JobOverview => {
    const c = counts.get(spec.name) ?? {};
    return {
      name: spec.name,
      summary: spec.summary,
      scope: spec.scope,
      wired: spec.run !== null,
      status: statusOf(spec, config),
      schedule: effectiveSchedule(spec, config),
      registered: registered.get(tickQueue(spec.name)) ?? null,
      scheduleVariable: scheduleVariable(spec.name),
      retry: spec.retry,
      timeoutSeconds: spec.timeoutSeconds,
      counts: {
        queued: c.created ?? 0,
        retrying: c.retry ?? 0,
        active: c.active ?? 0,
        failed: c.failed ?? 0,
      },
      recentRuns: newest(runs, spec),
      recentFailures: newest(failures, spec),
    };
  });
  return { timeZone: config.timeZone, installed, jobs };
}
