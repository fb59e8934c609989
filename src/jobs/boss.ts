/**
 * pg-boss on both back ends, on the process's own database connection: its `db` option is
 * `Database.jobsExecutor` (the one PGlite client, or the PostgreSQL pool), so it needs no pool of
 * its own, and `send(…, { db: database.executorFor(tx) })` queues a job inside a business
 * transaction. Its tables live in their own schema (`pgboss`).
 */
import PgBoss from 'pg-boss';
import type { Database } from '../db/client.ts';
import type { AnyJobSpec } from './job-spec.ts';
import { type EffectiveSchedule, tickQueue } from './schedules.ts';

export const BOSS_SCHEMA = 'pgboss';

/** Completed jobs stay in the live table this long (so a daily job's last run is always there). */
const ARCHIVE_COMPLETED_SECONDS = 36 * 3600;
/** Failed jobs stay visible (and retryable with pg-boss `retry`) for a week before archiving. */
const ARCHIVE_FAILED_SECONDS = 7 * 86_400;
const DELETE_ARCHIVED_DAYS = 14;

export interface BossOptions {
  readonly schema: string;
  /** Register and fire cron schedules in this process (pg-boss's timekeeper). */
  readonly schedule: boolean;
  /** Expire, archive and delete old jobs (pg-boss maintenance; once per interval across processes). */
  readonly supervise: boolean;
  readonly maintenanceIntervalSeconds?: number;
  /** How often the timekeeper polls for fired cron jobs (pg-boss default 5). */
  readonly cronWorkerIntervalSeconds?: number;
}

/** A pg-boss instance over `database` (not started). */
export function createBoss(database: Database, options: BossOptions): PgBoss {
  return new PgBoss({
    db: database.jobsExecutor as PgBoss.Db,
    schema: options.schema,
    migrate: true,
    schedule: options.schedule,
    supervise: options.supervise,
    archiveCompletedAfterSeconds: ARCHIVE_COMPLETED_SECONDS,
    archiveFailedAfterSeconds: ARCHIVE_FAILED_SECONDS,
    deleteAfterDays: DELETE_ARCHIVED_DAYS,
    ...(options.maintenanceIntervalSeconds
      ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }
      : {}),
    ...(options.cronWorkerIntervalSeconds
      ? { cronWorkerIntervalSeconds: options.cronWorkerIntervalSeconds }
      : {}),
  });
}

type QueueSettings = Omit<PgBoss.Queue, 'name'>;

function queueSettings(spec: AnyJobSpec): QueueSettings {
  return {
    policy: spec.queueKey ? 'stately' : 'standard',
    retryLimit: spec.retry.limit,
    retryDelay: spec.retry.delaySeconds,
    retryBackoff: spec.retry.backoff,
    expireInSeconds: spec.timeoutSeconds,
  };
}

/** A tick queue: fired by cron, fans out; retried soon, since a lost tick skips a run. */
const TICK_SETTINGS: QueueSettings = {
  policy: 'standard',
  retryLimit: 3,
  retryDelay: 30,
  retryBackoff: true,
  expireInSeconds: 600,
};

/** Create each job's queue (and its tick queue) and bring its settings up to date. */
export async function syncQueues(boss: PgBoss, specs: readonly AnyJobSpec[]): Promise<void> {
  for (const spec of specs) {
    for (const [name, settings] of [
      [spec.name, queueSettings(spec)],
      [tickQueue(spec.name), TICK_SETTINGS],
    ] as const) {
      await boss.createQueue(name, { name, ...settings });
      await boss.updateQueue(name, { name, ...settings });
    }
  }
}

/**
 * Register each job's cron on its tick queue (upserted: several processes may do this at once),
 * and remove the schedules of jobs that are off or not wired.
 */
export async function syncSchedules(
  boss: PgBoss,
  schedules: readonly { spec: AnyJobSpec; schedule: EffectiveSchedule | null }[],
): Promise<void> {
  for (const { spec, schedule } of schedules) {
    const queue = tickQueue(spec.name);
    if (schedule) await boss.schedule(queue, schedule.cron, {}, { tz: schedule.timeZone });
    else await boss.unschedule(queue);
  }
}
