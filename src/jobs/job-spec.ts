/**
 * What a background job is: a name (its pg-boss queue), a Zod payload schema, a handler that calls
 * one service function, an optional cron schedule, a retry policy and its once-only key. Every
 * `src/jobs/<name>.job.ts` exports one `JobSpec`; `registry.ts` lists them.
 */
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import type { JobQueue } from '../db/job-queue.ts';
import type { CoreDeps } from '../modules/core-deps.ts';
import type { MessagingDeps } from '../modules/messaging/index.ts';
import { ACCEPTED_DATE_MESSAGE, type CalendarDate, isAcceptedDate } from '../shared/calendar-date.ts';

/**
 * The dependencies handlers call services with: the core, and the outbox's transport in processes
 * that deliver mail (every real process has it; tests of other jobs may leave it out).
 */
export type JobDeps = CoreDeps & { readonly messaging?: MessagingDeps };

/** What a handler gets besides its payload. */
export interface JobContext {
  readonly deps: JobDeps;
  readonly database: Database;
  /** To queue follow-up jobs (e.g. `outbox.deliver` after mail was queued). */
  readonly jobs: JobQueue;
  readonly jobId: string;
  /** When the job was queued (a scheduled run's tick: when the cron fired). */
  readonly queuedAt: Date;
  /** 1 on the first attempt, 2 on the first retry … */
  readonly attempt: number;
  /** Aborted when the job outlives its timeout or the worker shuts down: long handlers should stop. */
  readonly signal: AbortSignal;
}

/** Calls one service function; what it returns (JSON-safe after bigint → string) is the job's output. */
export type JobHandler<P> = (ctx: JobContext, payload: P) => Promise<unknown>;

/** `tenant`: one job per tenant (scheduled runs fan out); `installation`: one for the database. */
export type JobScope = 'tenant' | 'installation';

export interface RetryPolicy {
  /** Retries after the first attempt (0: none). */
  readonly limit: number;
  readonly delaySeconds: number;
  /** Exponential backoff with jitter from `delaySeconds` (pg-boss `retryBackoff`). */
  readonly backoff: boolean;
}

/** What a scheduled tick or a manual run knows: the tenant (of tenant jobs) and the business date. */
export interface RunRequest {
  readonly tenantId: string | null;
  readonly date: CalendarDate;
}

export interface JobSpec<P extends object> {
  /** The queue name, e.g. `dunning.run`. */
  readonly name: string;
  readonly summary: string;
  readonly scope: JobScope;
  /** Checked when the job is queued and again when it runs: a bad payload fails without retries. */
  readonly payload: z.ZodType<P>;
  /** The payload of a scheduled or manual run. */
  payloadFor(request: RunRequest): P;
  /** Default cron (5 fields, in CASHLOOP_SCHEDULE_TZ); null: on demand only. */
  readonly cron: string | null;
  readonly retry: RetryPolicy;
  /** After this long a running job is failed (and retried); handlers see `signal` abort. */
  readonly timeoutSeconds: number;
  /**
   * Once-only key within the tenant: of all jobs with the same key (a daily run's date) one runs
   * its service, the others complete as skipped — however many workers or schedulers are up.
   */
  readonly onceKey: ((payload: P) => string) | null;
  /** pg-boss singleton key (stately queue): at most one job per key waits and one runs. */
  readonly queueKey: ((payload: P) => string) | null;
  /** The service call; null while the module providing it is not wired in (not scheduled, not run). */
  readonly run: JobHandler<P> | null;
  /**
   * The tenants a scheduled tick fans out to (default: every tenant). A frequent job gives the
   * ones with work waiting (e.g. messages due in the outbox), so that an idle tenant costs nothing.
   */
  readonly tenantsDue?: (ctx: JobContext) => Promise<readonly string[]>;
}

/** A spec with its payload type erased, as the registry and the scheduler hold it. */
export type AnyJobSpec = JobSpec<Record<string, unknown>>;

/** Register a spec. The scheduler parses every payload with `spec.payload` before it calls `run`. */
export function defineJob<P extends object>(spec: JobSpec<P>): AnyJobSpec {
  return spec as unknown as AnyJobSpec;
}

export const calendarDate = z.string().refine(isAcceptedDate, ACCEPTED_DATE_MESSAGE);

export const tenantDayPayload = z.object({ tenantId: z.uuid(), date: calendarDate }).strict();
export type TenantDayPayload = z.infer<typeof tenantDayPayload>;

export const tenantPayload = z.object({ tenantId: z.uuid() }).strict();
export type TenantPayload = z.infer<typeof tenantPayload>;

export const dayPayload = z.object({ date: calendarDate }).strict();
export type DayPayload = z.infer<typeof dayPayload>;

function tenantOf(request: RunRequest): string {
  if (!request.tenantId) throw new Error('a tenant job needs a tenant');
  return request.tenantId;
}

/** A tenant job that runs once per tenant and business date (daily runs); key `<tenant>:<date>`. */
export const oncePerTenantAndDay = {
  scope: 'tenant',
  payload: tenantDayPayload,
  payloadFor: (r: RunRequest): TenantDayPayload => ({ tenantId: tenantOf(r), date: r.date }),
  onceKey: (p: TenantDayPayload) => p.date,
  queueKey: (p: TenantDayPayload) => `${p.tenantId}:${p.date}`,
} as const;

/** A tenant job that runs once per tenant and month (the date's `YYYY-MM`). */
export const oncePerTenantAndMonth = {
  ...oncePerTenantAndDay,
  onceKey: (p: TenantDayPayload) => p.date.slice(0, 7),
  queueKey: (p: TenantDayPayload) => `${p.tenantId}:${p.date.slice(0, 7)}`,
} as const;

/**
 * A tenant job that may run any number of times (draining work such as the outbox): no once-only
 * key, but at most one waits and one runs per tenant, so a burst of triggers queues one job.
 */
export const drainPerTenant = {
  scope: 'tenant',
  payload: tenantPayload,
  payloadFor: (r: RunRequest): TenantPayload => ({ tenantId: tenantOf(r) }),
  onceKey: null,
  queueKey: (p: TenantPayload) => p.tenantId,
} as const;

/** An installation job for the whole database: one waits and one runs at a time. */
export const perInstallation = {
  scope: 'installation',
  payload: dayPayload,
  payloadFor: (r: RunRequest): DayPayload => ({ date: r.date }),
  onceKey: null,
  queueKey: () => 'installation',
} as const;
