/**
 * Running one fetched job: check its payload, take its once-only claim, call the handler under its
 * timeout, and record the outcome in pg-boss (completed with the handler's result, or failed with
 * the error, retried by pg-boss's policy unless the failure is one a retry cannot fix).
 *
 * Not retried: a payload its schema rejects, and an AppError other than `conflict` (bad input, a
 * missing tenant … fail the same way every time). Retried: everything else (the database, SMTP,
 * a timeout, a worker that stopped mid-run).
 */

import type PgBoss from 'pg-boss';
import { ZodError } from 'zod';
import type { Database } from '../db/client.ts';
import type { JobQueue } from '../db/job-queue.ts';
import { runFromOrigin } from '../shared/acting-as.ts';
import { AppError } from '../shared/errors.ts';
import { toInstant } from './business-date.ts';
import { type ClaimHolder, type ClaimKey, claimRun, finishClaim } from './job-claims.repository.ts';
import { spendRetries } from './job-runs.repository.ts';
import type { AnyJobSpec, JobContext, JobDeps } from './job-spec.ts';
import type { FetchedJob } from './queue-worker.ts';

export interface RunnerEnv {
  readonly boss: PgBoss;
  readonly schema: string;
  readonly deps: JobDeps;
  readonly database: Database;
  readonly jobs: JobQueue;
  /** Aborted when the scheduler stops and its grace period is over. */
  readonly shutdown: AbortSignal;
  log(line: string): void;
}

/** What a failed attempt leaves in the job's output. */
export interface JobError {
  readonly message: string;
  readonly code?: string;
  readonly issues?: readonly { path: string; message: string }[];
}

class PermanentFailure extends Error {
  override readonly name = 'PermanentFailure';
  constructor(readonly record: JobError) {
    super(record.message);
  }
}

class JobInterrupted extends Error {
  override readonly name = 'JobInterrupted';
}

/** Run `job` of `spec` and record its outcome; never throws (a recording error is logged). */
export async function runJob(env: RunnerEnv, spec: AnyJobSpec, job: FetchedJob): Promise<void> {
  try {
    const output = await attempt(env, spec, job);
    await env.boss.complete(job.name, job.id, asObject(output));
  } catch (error) {
    await recordFailure(env, spec, job, error).catch((e: unknown) =>
      env.log(`job ${job.name} ${job.id}: could not record its failure: ${messageOf(e)}`),
    );
  }
}

async function attempt(env: RunnerEnv, spec: AnyJobSpec, job: FetchedJob): Promise<unknown> {
  const parsed = spec.payload.safeParse(job.data);
  if (!parsed.success)
    throw new PermanentFailure({
      message: `invalid payload for ${spec.name}`,
      code: 'invalid_payload',
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  const payload = parsed.data;
  const claim = claimKeyOf(spec, payload);
  if (claim) {
    const outcome = await claimRun(env.deps.db, claim, job.id, spec.timeoutSeconds);
    if (!outcome.claimed) return skipped(claim, outcome.holder);
  }
  if (!spec.run) throw new PermanentFailure({ message: `${spec.name} is not wired in this installation` });
  try {
    const output = jsonSafe(await callHandler(env, spec, job, payload));
    if (claim) await finishClaim(env.deps.db, claim, job.id, { state: 'completed', output });
    return output;
  } catch (error) {
    if (claim)
      await finishClaim(env.deps.db, claim, job.id, { state: 'failed', error: messageOf(error) }).catch(
        () => undefined,
      );
    throw error;
  }
}

function claimKeyOf(spec: AnyJobSpec, payload: Record<string, unknown>): ClaimKey | null {
  if (!spec.onceKey || typeof payload.tenantId !== 'string') return null;
  return { tenantId: payload.tenantId, jobName: spec.name, runKey: spec.onceKey(payload) };
}

function skipped(claim: ClaimKey, holder: ClaimHolder): unknown {
  return {
    skipped: true,
    reason: `${claim.jobName} already ${holder.state === 'running' ? 'running' : 'ran'} for ${claim.runKey}`,
    runKey: claim.runKey,
    heldBy: holder.bossJobId,
    heldSince: holder.claimedAt?.toISOString() ?? null,
  };
}

/** The handler under the job's timeout; a timeout or shutdown aborts `ctx.signal` and fails the attempt. */
async function callHandler(
  env: RunnerEnv,
  spec: AnyJobSpec,
  job: FetchedJob,
  payload: Record<string, unknown>,
): Promise<unknown> {
  const run = spec.run;
  if (!run) throw new Error('unreachable: unwired job');
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new JobInterrupted(`timed out after ${spec.timeoutSeconds} s`)),
    spec.timeoutSeconds * 1000,
  );
  const onShutdown = () =>
    controller.abort(new JobInterrupted('the worker stopped while the job was running'));
  env.shutdown.addEventListener('abort', onShutdown, { once: true });
  const interrupted = new Promise<never>((_, reject) =>
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }),
  );
  const ctx: JobContext = {
    deps: env.deps,
    database: env.database,
    jobs: env.jobs,
    jobId: job.id,
    queuedAt: toInstant(job.createdOn) ?? new Date(),
    attempt: job.retryCount + 1,
    signal: controller.signal,
  };
  try {
    const origin = { channel: 'job', ip: null, agent: spec.name } as const;
    return await Promise.race([runFromOrigin(origin, () => run(ctx, payload)), interrupted]);
  } finally {
    clearTimeout(timer);
    env.shutdown.removeEventListener('abort', onShutdown);
  }
}

async function recordFailure(
  env: RunnerEnv,
  spec: AnyJobSpec,
  job: FetchedJob,
  error: unknown,
): Promise<void> {
  const permanent = !isRetryable(error);
  const record = error instanceof PermanentFailure ? error.record : errorRecord(error);
  if (permanent) await spendRetries(env.deps.db, env.schema, job.name, job.id);
  await env.boss.fail(job.name, job.id, { ...record });
  const attempts = `attempt ${job.retryCount + 1} of ${spec.retry.limit + 1}`;
  env.log(
    `job ${job.name} ${job.id}${tenantNote(job)} failed (${attempts}${permanent ? ', not retried' : ''}): ${record.message}`,
  );
  if (
    !(error instanceof AppError) &&
    !(error instanceof PermanentFailure) &&
    error instanceof Error &&
    error.stack
  )
    env.log(error.stack);
}

/** Whether a retry could succeed where this attempt failed. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof PermanentFailure || error instanceof ZodError) return false;
  if (error instanceof AppError) return error.code === 'conflict' || error.code === 'data_dir_locked';
  return true;
}

function errorRecord(error: unknown): JobError {
  if (error instanceof AppError) return { message: error.message, code: error.code };
  if (error instanceof ZodError)
    return {
      message: 'invalid input',
      code: 'validation_failed',
      issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    };
  return { message: messageOf(error) };
}

function tenantNote(job: FetchedJob): string {
  const tenantId = (job.data as { tenantId?: unknown } | null)?.tenantId;
  return typeof tenantId === 'string' ? ` (tenant ${tenantId})` : '';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A handler's result as JSON: bigints as decimal strings, undefined as null. */
function jsonSafe(value: unknown): unknown {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
}

/** pg-boss stores an object as the job's output; anything else is wrapped as `{ value }`. */
function asObject(value: unknown): object {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : { value };
}
