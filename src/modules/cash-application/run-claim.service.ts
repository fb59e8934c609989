/**
 * Runs of one tenant exclude each other: a run claims the tenant before it reads a line, renews
 * the claim after every booked batch, and gives it up when it ends. A second run while one holds
 * the claim is refused at once (`conflict`, 409: "a cash application run is in progress") rather
 * than left waiting for minutes; the client tries again later. A claim not renewed for
 * RUN_LEASE_SECONDS (its process died) is taken over by the next run.
 */
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CoreDeps } from '../core-deps.ts';
import * as claims from './run-claims.repository.ts';

export const RUN_LEASE_SECONDS = 300;

/** Renews the run's claim; throws `conflict` when another run has taken it over. */
export type RenewClaim = () => Promise<void>;

/** Run `fn` holding the tenant's cash application claim. */
export async function withRunClaim<T>(
  deps: CoreDeps,
  tenantId: string,
  fn: (renew: RenewClaim) => Promise<T>,
): Promise<T> {
  const runId = newId();
  await claimOrThrow(deps, tenantId, runId);
  try {
    return await fn(async () => {
      if (!(await claims.renewRun(deps.db, tenantId, runId)))
        throw new AppError(
          'conflict',
          'this cash application run was idle too long and another run took over',
        );
    });
  } finally {
    // Never hide the run's own error behind this one; an unreleased claim lapses after the lease.
    await claims.releaseRun(deps.db, tenantId, runId).catch(() => undefined);
  }
}

async function claimOrThrow(deps: CoreDeps, tenantId: string, runId: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const holder = await claims.claimRun(deps.db, tenantId, runId, RUN_LEASE_SECONDS);
    if (holder === null) return;
    if (holder)
      throw new AppError(
        'conflict',
        `a cash application run is in progress (started ${holder.startedAt}, last active ${holder.heartbeatAt}); try again when it has finished`,
      );
  }
  throw new AppError('conflict', 'a cash application run is in progress; try again when it has finished');
}
