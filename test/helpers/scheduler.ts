/**
 * Schedulers for tests: each in a pg-boss schema of its own (so test files running at once on one
 * PostgreSQL database never work each other's jobs), polling every half second, with the lines it
 * logs kept. Test job specs record every call of their handler.
 */
import { sql } from 'drizzle-orm';
import type { JobsConfig } from '../../src/config.ts';
import type { Database } from '../../src/db/client.ts';
import {
  type AnyJobSpec,
  defineJob,
  type JobContext,
  oncePerTenantAndDay,
  type TenantDayPayload,
} from '../../src/jobs/job-spec.ts';
import { Scheduler, type SchedulerOptions } from '../../src/jobs/scheduler.ts';
import type { CoreDeps } from '../../src/modules/core-deps.ts';
import { newId } from '../../src/shared/ids.ts';

export const TEST_JOBS_CONFIG: JobsConfig = {
  scheduler: true,
  timeZone: 'UTC',
  schedules: {},
  pollSeconds: 0.5,
  concurrency: 1,
};

export function testSchema(): string {
  return `pgboss_t${newId().replaceAll('-', '').slice(-12)}`;
}

export interface TestScheduler {
  readonly scheduler: Scheduler;
  readonly schema: string;
  readonly log: string[];
}

/** A started scheduler over `database` that works every wired job of `specs`, not scheduling. */
export async function startTestScheduler(
  database: Database,
  deps: CoreDeps,
  specs: readonly AnyJobSpec[],
  options: Partial<SchedulerOptions> = {},
): Promise<TestScheduler> {
  const log: string[] = [];
  const schema = options.schema ?? testSchema();
  const scheduler = await Scheduler.start({
    database,
    deps,
    config: TEST_JOBS_CONFIG,
    specs,
    work: 'all',
    schedule: false,
    pollSeconds: 0.5,
    stopTimeoutMs: 2_000,
    log: (line) => log.push(line),
    ...options,
    schema,
  });
  return { scheduler, schema, log };
}

/** Remove a test's pg-boss schema (after its schedulers stopped). */
export async function dropSchema(database: Database, schema: string): Promise<void> {
  await database.db.execute(sql.raw(`drop schema if exists "${schema}" cascade`));
}

export interface Call {
  readonly payload: TenantDayPayload;
  readonly attempt: number;
  readonly jobId: string;
}

/**
 * A daily tenant job whose handler records its calls and answers `{ ran, big }` (a bigint, to see
 * it stored as a string); `behave` may throw or wait first.
 */
export function recordingDailyJob(
  name: string,
  calls: Call[],
  behave: (ctx: JobContext, payload: TenantDayPayload) => Promise<void> = async () => undefined,
  extra: Partial<Pick<AnyJobSpec, 'cron' | 'timeoutSeconds' | 'retry'>> = {},
): AnyJobSpec {
  return defineJob({
    name,
    summary: `test job ${name}`,
    ...oncePerTenantAndDay,
    cron: null,
    retry: { limit: 2, delaySeconds: 0, backoff: false },
    timeoutSeconds: 30,
    ...extra,
    run: async (ctx, payload) => {
      calls.push({ payload, attempt: ctx.attempt, jobId: ctx.jobId });
      await behave(ctx, payload);
      return { ran: payload.date, big: 12345678901234567890n };
    },
  });
}

/** Resolve when `check` holds, polling every 50 ms; reject after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
