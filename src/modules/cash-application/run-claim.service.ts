/**
 * Runs of one tenant exclude each other: a run claims the tenant before it reads a line, renews
 * the claim after every booked batch, and gives it up when it ends. A second run while one holds
 * the claim is refused at once (`conflict`, 409: "a cash application run is in progress") rather
 * than left waiting for minutes; the client tries again later. A claim not renewed for
 * RUN_LEASE_SECONDS (its process died) is taken over by the next run — at once when the claim
 * names a process of this host that is gone (a server or CLI killed mid-run and started again:
 * nobody waits five minutes for a lease). Taking over wrongly is safe: the run that lost its claim
 * stops at its next batch, and every line is booked at most once whoever books it.
 */
import { hostname } from 'node:os';
import { type ProcessIdentity, processIdentity, processRuns } from '../../db/data-dir-lock.ts';
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

/**
 * A process as a claim names it: its host and its identity (PID, start time, boot — as the data
 * directory's lock records its owner), so that a reused PID is not mistaken for the claimant.
 */
export function claimHolderOf(pid: number): string {
  return JSON.stringify({ host: hostname(), ...processIdentity(pid) });
}

/** True when `holder` names a process of this host, other than this one, that no longer runs. */
export function isGoneProcess(holder: string | null): boolean {
  const named = parseHolder(holder);
  if (!named || named.host !== hostname() || named.pid === process.pid) return false;
  return !processRuns(named);
}

function parseHolder(holder: string | null): (ProcessIdentity & { host: string }) | null {
  try {
    const value = JSON.parse(holder ?? 'null') as Partial<ProcessIdentity & { host: string }> | null;
    if (typeof value?.host !== 'string' || !Number.isInteger(value.pid) || (value.pid ?? 0) <= 0) return null;
    return { host: value.host, pid: value.pid ?? 0, start: value.start ?? null, boot: value.boot ?? null };
  } catch {
    return null;
  }
}

async function claimOrThrow(deps: CoreDeps, tenantId: string, runId: string): Promise<void> {
  let replacing: string | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const claimant = { runId, holder: claimHolderOf(process.pid), replacing };
    const holder = await claims.claimRun(deps.db, tenantId, claimant, RUN_LEASE_SECONDS);
    if (holder === null) return;
    if (holder && isGoneProcess(holder.holder) && replacing !== holder.runId) {
      replacing = holder.runId;
      continue;
    }
    if (holder)
      throw new AppError(
        'conflict',
        `a cash application run is in progress (started ${holder.startedAt}, last active ${holder.heartbeatAt}); try again when it has finished`,
      );
  }
  throw new AppError('conflict', 'a cash application run is in progress; try again when it has finished');
}
