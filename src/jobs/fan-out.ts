/**
 * Scheduled runs: the cron fires a tick into `<job>:tick`; the tick's handler queues the job's
 * runs for the business date the tick fired on (in CASHLOOP_SCHEDULE_TZ), one per tenant for a
 * tenant job. A tick fired twice, or run late, queues the same runs for the same date: their
 * once-only and queue keys keep each to one.
 */
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import { listTenants } from '../modules/tenants/index.ts';
import type { CalendarDate } from '../shared/calendar-date.ts';
import { businessDateIn } from './business-date.ts';
import { type AnyJobSpec, calendarDate, defineJob, type JobContext } from './job-spec.ts';
import { tickQueue } from './schedules.ts';

/** A cron tick carries `{}`; a manual one may name the date and one tenant. */
export const tickPayload = z
  .object({ date: calendarDate.optional(), tenantId: z.uuid().optional() })
  .strict();
export type TickPayload = z.infer<typeof tickPayload>;

export interface FanOutResult {
  readonly date: CalendarDate;
  readonly runs: number;
}

const INSERT_CHUNK = 500;

/**
 * Queue the runs of `spec` for `date`: one for the installation, or one per tenant (the one named,
 * else `spec.tenantsDue`, else all). Returns how many were offered to the queue (duplicates are
 * dropped there).
 */
export async function fanOut(
  boss: PgBoss,
  ctx: JobContext,
  spec: AnyJobSpec,
  date: CalendarDate,
  tenantId?: string,
): Promise<FanOutResult> {
  const tenants = spec.scope === 'installation' ? [null] : tenantId ? [tenantId] : await tenantsOf(ctx, spec);
  const jobs: PgBoss.JobInsert[] = tenants.map((t) => {
    const data = spec.payloadFor({ tenantId: t, date });
    return { name: spec.name, data, ...(spec.queueKey ? { singletonKey: spec.queueKey(data) } : {}) };
  });
  for (let i = 0; i < jobs.length; i += INSERT_CHUNK) await boss.insert(jobs.slice(i, i + INSERT_CHUNK));
  return { date, runs: jobs.length };
}

async function tenantsOf(ctx: JobContext, spec: AnyJobSpec): Promise<readonly string[]> {
  if (spec.tenantsDue) return spec.tenantsDue(ctx);
  return (await listTenants(ctx.deps.db)).map((t) => t.tenantId);
}

/**
 * The tick job of `spec`. Its date is the payload's, or the date in `timeZone` when the tick was
 * queued (the cron's firing time, also when a worker picks it up hours later).
 */
export function tickSpecOf(
  spec: AnyJobSpec,
  timeZone: string,
  queueRuns: (
    spec: AnyJobSpec,
    date: CalendarDate,
    ctx: JobContext,
    tenantId?: string,
  ) => Promise<FanOutResult>,
): AnyJobSpec {
  return defineJob<TickPayload>({
    name: tickQueue(spec.name),
    summary: `Scheduled fan-out of ${spec.name}`,
    scope: 'installation',
    payload: tickPayload,
    payloadFor: (r) => ({ date: r.date, ...(r.tenantId ? { tenantId: r.tenantId } : {}) }),
    cron: null,
    retry: { limit: 3, delaySeconds: 30, backoff: true },
    timeoutSeconds: 600,
    onceKey: null,
    queueKey: null,
    run: (ctx, p) => queueRuns(spec, p.date ?? businessDateIn(ctx.queuedAt, timeZone), ctx, p.tenantId),
  });
}
