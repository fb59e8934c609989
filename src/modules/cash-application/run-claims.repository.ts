/** SQL of the cash application run claims (`cash_application_runs`): runs of a tenant exclude each other. */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';

/** The run that holds a tenant's claim. */
export interface RunHolder {
  readonly runId: string;
  readonly startedAt: string;
  readonly heartbeatAt: string;
  /** The claiming process (`claimHolderOf`: host, PID, start time, boot; null for an older claim). */
  readonly holder: string | null;
}

/** Who claims: the run and its process; `replacing` the run of a process known to be gone. */
export interface RunClaimant {
  readonly runId: string;
  readonly holder: string;
  readonly replacing?: string | undefined;
}

/**
 * Claim the tenant's cash application for the claimant's run: won when no run holds it, when the
 * run holding it has not renewed its claim for `leaseSeconds` (its process died), or when it is
 * the run `replacing` names (whose process the caller found gone). Concurrent claims serialise on
 * the primary key: exactly one wins. Returns null when won, else the holder (or `undefined` when
 * the holder let go between the two statements: try again).
 */
export async function claimRun(
  q: Queryable,
  tenantId: string,
  claimant: RunClaimant,
  leaseSeconds: number,
): Promise<RunHolder | null | undefined> {
  const won = await queryRows<{ run_id: string }>(
    q,
    sql`insert into cash_application_runs (tenant_id, run_id, holder)
        values (${tenantId}, ${claimant.runId}, ${claimant.holder})
        on conflict (tenant_id) do update
           set run_id = excluded.run_id, holder = excluded.holder, started_at = now(), heartbeat_at = now()
         where cash_application_runs.heartbeat_at < now() - make_interval(secs => ${leaseSeconds})
            or cash_application_runs.run_id = ${claimant.replacing ?? null}::uuid
        returning run_id`,
  );
  if (won[0]) return null;
  const [holder] = await queryRows<{
    run_id: string;
    started_at: string;
    heartbeat_at: string;
    holder: string | null;
  }>(
    q,
    sql`select run_id, holder,
               to_char(started_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as started_at,
               to_char(heartbeat_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as heartbeat_at
        from cash_application_runs where tenant_id = ${tenantId}`,
  );
  return (
    holder && {
      runId: holder.run_id,
      startedAt: holder.started_at,
      heartbeatAt: holder.heartbeat_at,
      holder: holder.holder,
    }
  );
}

/** Renew run `runId`'s claim; false when it no longer holds it (taken over as stale). */
export async function renewRun(q: Queryable, tenantId: string, runId: string): Promise<boolean> {
  const rows = await queryRows<{ run_id: string }>(
    q,
    sql`update cash_application_runs set heartbeat_at = now()
        where tenant_id = ${tenantId} and run_id = ${runId} returning run_id`,
  );
  return rows.length > 0;
}

/** Give run `runId`'s claim up (a no-op when another run has taken it over). */
export async function releaseRun(q: Queryable, tenantId: string, runId: string): Promise<void> {
  await q.execute(sql`delete from cash_application_runs where tenant_id = ${tenantId} and run_id = ${runId}`);
}
