/**
 * SQL over pg-boss's own tables (schema `pgboss`, pg-boss 10's layout: `job` partitioned by queue
 * name with primary key (name, id), `archive`, `schedule`), for what pg-boss's API does not offer:
 * recent runs and failures per queue, the cron schedules registered, and failing a job for good.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../db/client.ts';
import { toInstant } from './business-date.ts';

/** pg-boss job states. `created`: waiting; `retry`: waiting for a retry after a failure. */
export type BossJobState = 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';

/** One job (one run of a job, with its attempts), as the listing and the run routes show it. */
export interface JobRun {
  readonly id: string;
  readonly name: string;
  readonly tenantId: string | null;
  readonly state: BossJobState;
  /** Attempts started so far (0 while it waits for its first). */
  readonly attempts: number;
  readonly retryLimit: number;
  readonly payload: unknown;
  /** The handler's result, or the error of a failed attempt (`{ message, code? }`). */
  readonly output: unknown;
  readonly error: string | null;
  readonly createdAt: string | null;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
}

const COLUMNS = sql.raw(`id::text as id, name, state::text as state, data, output, retry_count, retry_limit,
  started_on is not null as started, created_on, started_on, completed_on`);

function table(schema: string, name: 'job' | 'archive' | 'schedule'): SQL {
  return sql`${sql.identifier(schema)}.${sql.identifier(name)}`;
}

/** True once pg-boss has created its schema (a scheduler has run on this database). */
export async function bossInstalled(q: Queryable, schema: string): Promise<boolean> {
  const [row] = await queryRows<{ name: string | null }>(
    q,
    sql`select to_regclass(${`${schema}.job`})::text as name`,
  );
  return Boolean(row?.name);
}

/**
 * Only the tenant's runs, or everything (null: the installation's operator, the CLI). A tenant
 * sees neither other tenants' runs nor the installation's (maintenance, cron ticks whose output
 * counts every tenant): those are the operator's, not a tenant admin's.
 */
function tenantFilter(tenantId: string | null): SQL {
  return tenantId === null ? sql`true` : sql`data->>'tenantId' = ${tenantId}`;
}

/** The last `perQueue` jobs of each queue in `names`, newest first, waiting and finished ones. */
export async function recentRuns(
  q: Queryable,
  schema: string,
  names: readonly string[],
  tenantId: string | null,
  perQueue: number,
  onlyFailed = false,
): Promise<JobRun[]> {
  if (names.length === 0) return [];
  const state = onlyFailed ? sql`state = 'failed'` : sql`true`;
  // Per queue its newest rows (a top-N sort of one partition each, not a sort of them all).
  const rows = await queryRows<Record<string, unknown>>(
    q,
    sql`select r.* from unnest(${sql.raw('array[')}${sql.join(
      names.map((n) => sql`${n}`),
      sql`, `,
    )}${sql.raw(']::text[]')}) as queue(name)
        cross join lateral (
          select ${COLUMNS} from ${table(schema, 'job')}
           where name = queue.name and ${tenantFilter(tenantId)} and ${state}
           order by created_on desc, id desc limit ${perQueue}
        ) r
        order by r.name, r.created_on desc, r.id desc`,
  );
  return rows.map(toJobRun);
}

/** Jobs per queue and state (waiting, retrying, active, failed) among the jobs not yet archived. */
export async function countByState(
  q: Queryable,
  schema: string,
  names: readonly string[],
  tenantId: string | null,
): Promise<Map<string, Partial<Record<BossJobState, number>>>> {
  const counts = new Map<string, Partial<Record<BossJobState, number>>>();
  if (names.length === 0) return counts;
  const rows = await queryRows<{ name: string; state: BossJobState; n: number }>(
    q,
    sql`select name, state::text as state, count(*)::int as n from ${table(schema, 'job')}
         where name in (${sql.join(
           names.map((n) => sql`${n}`),
           sql`, `,
         )}) and ${tenantFilter(tenantId)}
         group by name, state`,
  );
  for (const r of rows) counts.set(r.name, { ...(counts.get(r.name) ?? {}), [r.state]: Number(r.n) });
  return counts;
}

/** One job of queue `name` by id, live or archived; null when unknown or another tenant's. */
export async function findRun(
  q: Queryable,
  schema: string,
  name: string,
  id: string,
  tenantId: string | null,
): Promise<JobRun | null> {
  for (const t of ['job', 'archive'] as const) {
    const [row] = await queryRows<Record<string, unknown>>(
      q,
      sql`select ${COLUMNS} from ${table(schema, t)}
           where name = ${name} and id = ${id}::uuid and ${tenantFilter(tenantId)}`,
    );
    if (row) return toJobRun(row);
  }
  return null;
}

/**
 * The job queued under `singletonKey` in queue `name` (what a deduplicated send joined): the
 * waiting one, else the running one.
 */
export async function pendingJobId(
  q: Queryable,
  schema: string,
  name: string,
  singletonKey: string,
): Promise<string | null> {
  const [row] = await queryRows<{ id: string }>(
    q,
    sql`select id::text as id from ${table(schema, 'job')}
         where name = ${name} and singleton_key = ${singletonKey} and state in ('created', 'retry', 'active')
         order by state, created_on desc limit 1`,
  );
  return row?.id ?? null;
}

/** The cron schedules registered in the database, by queue name. */
export async function registeredSchedules(
  q: Queryable,
  schema: string,
): Promise<Map<string, { cron: string; timeZone: string }>> {
  const rows = await queryRows<{ name: string; cron: string; timezone: string | null }>(
    q,
    sql`select name, cron, timezone from ${table(schema, 'schedule')}`,
  );
  return new Map(rows.map((r) => [r.name, { cron: r.cron, timeZone: r.timezone ?? 'UTC' }]));
}

/** Spend the active job's retries, so that failing it now fails it for good. */
export async function spendRetries(q: Queryable, schema: string, name: string, id: string): Promise<void> {
  await q.execute(
    sql`update ${table(schema, 'job')} set retry_limit = retry_count
         where name = ${name} and id = ${id}::uuid and state = 'active'`,
  );
}

function isoOrNull(value: unknown): string | null {
  return toInstant(value)?.toISOString() ?? null;
}

function toJobRun(r: Record<string, unknown>): JobRun {
  const state = String(r.state) as BossJobState;
  const output = r.output ?? null;
  const message = (output as { message?: unknown } | null)?.message;
  const failedAttempt = state === 'failed' || state === 'retry';
  const data = r.data as { tenantId?: unknown } | null;
  return {
    id: String(r.id),
    name: String(r.name),
    tenantId: typeof data?.tenantId === 'string' ? data.tenantId : null,
    state,
    attempts: Number(r.retry_count) + (r.started ? 1 : 0),
    retryLimit: Number(r.retry_limit),
    payload: r.data ?? null,
    output,
    error: failedAttempt && typeof message === 'string' ? message : null,
    createdAt: isoOrNull(r.created_on),
    startedAt: isoOrNull(r.started_on),
    completedAt: isoOrNull(r.completed_on),
  };
}
