/** SQL of the once-only claims (`job_claims`, see jobs.tables.ts). */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../db/client.ts';
import { constraintViolation } from '../db/constraint-violation.ts';
import { notFound } from '../shared/errors.ts';
import { toInstant } from './business-date.ts';

export interface ClaimKey {
  readonly tenantId: string;
  readonly jobName: string;
  readonly runKey: string;
}

/** The run that holds or held a key. */
export interface ClaimHolder {
  readonly state: 'running' | 'completed' | 'failed';
  readonly bossJobId: string;
  readonly claimedAt: Date | null;
  readonly finishedAt: Date | null;
}

export type ClaimOutcome =
  | { readonly claimed: true; readonly attempts: number }
  | { readonly claimed: false; readonly holder: ClaimHolder };

/**
 * Claim `key` for pg-boss job `bossJobId`. It is won by the first job, by the same job again (its
 * retry), after a failed run, or from a run that has held it longer than `staleAfterSeconds`
 * (its worker died). Concurrent claims serialise on the primary key: exactly one wins.
 * A tenant that does not exist is `not_found`.
 */
export async function claimRun(
  q: Queryable,
  key: ClaimKey,
  bossJobId: string,
  staleAfterSeconds: number,
): Promise<ClaimOutcome> {
  try {
    const won = await queryRows<{ attempts: number }>(
      q,
      sql`insert into job_claims (tenant_id, job_name, run_key, state, boss_job_id)
          values (${key.tenantId}, ${key.jobName}, ${key.runKey}, 'running', ${bossJobId})
          on conflict (tenant_id, job_name, run_key) do update
             set state = 'running', boss_job_id = excluded.boss_job_id, attempts = job_claims.attempts + 1,
                 claimed_at = now(), finished_at = null, output = null, error = null
           where job_claims.state = 'failed'
              or job_claims.boss_job_id = excluded.boss_job_id
              or (job_claims.state = 'running'
                  and job_claims.claimed_at < now() - make_interval(secs => ${staleAfterSeconds}))
          returning attempts`,
    );
    if (won[0]) return { claimed: true, attempts: Number(won[0].attempts) };
  } catch (error) {
    if (constraintViolation(error)?.code === '23503') throw notFound('tenant', key.tenantId);
    throw error;
  }
  return { claimed: false, holder: await holderOf(q, key) };
}

async function holderOf(q: Queryable, key: ClaimKey): Promise<ClaimHolder> {
  const [row] = await queryRows<Record<string, unknown>>(
    q,
    sql`select state, boss_job_id, claimed_at, finished_at from job_claims
         where tenant_id = ${key.tenantId} and job_name = ${key.jobName} and run_key = ${key.runKey}`,
  );
  if (!row) throw new Error(`claim ${key.jobName}:${key.tenantId}:${key.runKey} vanished`);
  return {
    state: row.state as ClaimHolder['state'],
    bossJobId: String(row.boss_job_id),
    claimedAt: toInstant(row.claimed_at),
    finishedAt: toInstant(row.finished_at),
  };
}

/** Record how the run of `bossJobId` ended; a claim taken over by another job is left alone. */
export async function finishClaim(
  q: Queryable,
  key: ClaimKey,
  bossJobId: string,
  outcome: { state: 'completed'; output: unknown } | { state: 'failed'; error: string },
): Promise<void> {
  const output = outcome.state === 'completed' ? JSON.stringify(outcome.output ?? null) : null;
  const error = outcome.state === 'failed' ? outcome.error : null;
  await q.execute(
    sql`update job_claims set state = ${outcome.state}, finished_at = now(),
               output = ${output}::jsonb, error = ${error}
         where tenant_id = ${key.tenantId} and job_name = ${key.jobName} and run_key = ${key.runKey}
           and boss_job_id = ${bossJobId}`,
  );
}
