/**
 * What the scheduler does in each kind of process, on each back end:
 *
 * | process | PGlite | PostgreSQL |
 * | --- | --- | --- |
 * | `cashloop start` (`npm start`) | schedules, works every job | schedules, queues; works nothing |
 * | `cashloop worker` | schedules, works every job (when no server holds the directory) | schedules, works every job |
 * | `cashloop jobs run NAME` | works NAME's queue until its run is done | the same |
 *
 * "Schedules" is subject to `CASHLOOP_SCHEDULER` (default on). Several schedulers on one
 * PostgreSQL database are safe: pg-boss fires each cron tick once.
 */
import type { Runtime } from '../main.ts';
import { JOBS } from './registry.ts';
import { DEFAULT_POLL_SECONDS, Scheduler } from './scheduler.ts';
import { effectiveSchedule } from './schedules.ts';

export type ProcessRole = 'server' | 'worker' | { readonly run: string };

export interface ProcessSchedulerOptions {
  readonly concurrency?: number;
  readonly log: (line: string) => void;
}

/**
 * Worker loops per queue: the `--concurrency` flag, else `CASHLOOP_WORKER_CONCURRENCY` for a
 * worker on PostgreSQL, else 1 (PGlite has one connection: more loops add polling, not throughput).
 */
export function workerConcurrency(runtime: Runtime, role: ProcessRole, flag?: number): number {
  if (flag !== undefined) return flag;
  return role === 'worker' && runtime.database.kind === 'postgres' ? runtime.config.jobs.concurrency : 1;
}

/** Start the scheduler of this process for `role` (stop it before `runtime.close()`). */
export function startProcessScheduler(
  runtime: Runtime,
  role: ProcessRole,
  options: ProcessSchedulerOptions,
): Promise<Scheduler> {
  const { config, database, deps } = runtime;
  const embedded = database.kind === 'pglite';
  const work = typeof role === 'object' ? [role.run] : role === 'worker' || embedded ? 'all' : 'none';
  return Scheduler.start({
    database,
    deps,
    config: config.jobs,
    specs: JOBS,
    work,
    schedule: typeof role === 'string' && config.jobs.scheduler,
    concurrency: workerConcurrency(runtime, role, options.concurrency),
    pollSeconds: config.jobs.pollSeconds ?? DEFAULT_POLL_SECONDS[database.kind],
    bindTransactions: true,
    log: options.log,
  });
}

/** One line on what the scheduler of this process does, for the start-up banner. */
export function describeScheduler(runtime: Runtime, role: ProcessRole): string {
  const { config, database } = runtime;
  const scheduled = JOBS.filter((s) => effectiveSchedule(s, config.jobs)).map((s) => s.name);
  const wired = JOBS.filter((s) => s.run).length;
  const schedules =
    config.jobs.scheduler && typeof role === 'string'
      ? `${scheduled.length} schedule(s) in ${config.jobs.timeZone} (${scheduled.join(', ') || 'none'})`
      : 'schedules not fired here (CASHLOOP_SCHEDULER=off)';
  const works =
    role === 'server' && database.kind === 'postgres'
      ? 'no workers (run `cashloop worker`)'
      : `working ${wired} job(s)`;
  return `scheduler: ${schedules}; ${works}`;
}
