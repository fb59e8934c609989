/**
 * pg-boss on both back ends, on the process's own database connection: its `db` option is
 * `Database.jobsExecutor` (the one PGlite client, or the PostgreSQL pool), so it needs no pool of
 * its own, and `send(…, { db: database.executorFor(tx) })` queues a job inside a business
 * transaction. Its tables live in their own schema (`pgboss`).
 */
import PgBoss from 'pg-boss';
import type { Database } from '../db/client.ts';
import { validationFailed } from '../shared/errors.ts';
import type { AnyJobSpec } from './job-spec.ts';
import { type EffectiveSchedule, scheduleVariable, tickQueue } from './schedules.ts';

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

export type ScheduleEntry = { readonly spec: AnyJobSpec; readonly schedule: EffectiveSchedule | null };

/**
 * Register each job's cron on its tick queue (upserted: several processes may do this at once),
 * and remove the schedules of jobs that are off or not wired. A cron pg-boss cannot parse is
 * `validation_failed`, naming the job's variable.
 */
export async function syncSchedules(boss: PgBoss, schedules: readonly ScheduleEntry[]): Promise<void> {
  for (const { spec, schedule } of schedules) {
    const queue = tickQueue(spec.name);
    try {
      if (schedule) await boss.schedule(queue, schedule.cron, {}, { tz: schedule.timeZone });
      else await boss.unschedule(queue);
    } catch (error) {
      throw validationFailed(
        `schedule of ${spec.name} (${scheduleVariable(spec.name)}="${schedule?.cron}"): ${(error as Error).message}`,
      );
    }
  }
}

/**
 * Held while a process installs or migrates pg-boss's schema and syncs queues and schedules:
 * pg-boss's own install is not safe when several processes start at once on a fresh database
 * (its `CREATE SCHEMA IF NOT EXISTS` races: "duplicate key … pg_namespace_nspname_index").
 */
const SETUP_LOCK = 0x636c6a6f6273n; // "cljobs"

/**
 * Start `boss` (installing or migrating its schema), create and update the queues of `specs`, and
 * sync `schedules` unless null — under a lock across processes. A failure stops `boss` again.
 */
export async function startBoss(
  database: Database,
  boss: PgBoss,
  specs: readonly AnyJobSpec[],
  schedules: readonly ScheduleEntry[] | null,
): Promise<void> {
  await database.exclusively(SETUP_LOCK, async () => {
    await boss.start();
    try {
      await syncQueues(boss, specs);
      if (schedules) await syncSchedules(boss, schedules);
    } catch (error) {
      await boss.stop({ graceful: false, wait: true, timeout: 1000 });
      throw error;
    }
  });
}
