/**
 * Checking a tenant's audit trail: walk the chain from its first record, re-hash each one, and
 * compare the end with the stored head — and, given a signed checkpoint, that the chain still holds
 * the checkpoint's head. Reads in batches inside one snapshot, so concurrent appends do not disturb it.
 */
import { inSnapshot, type Queryable } from '../../db/client.ts';
import * as repo from './audit.repository.ts';
import { CHAIN_START, type ChainBreak, type ChainCursor, checkLink, isBreak } from './audit-chain.ts';
import {
  type AuditCheckpoint,
  type AuditSigningKey,
  checkpointSignatureValid,
  signCheckpoint,
} from './audit-checkpoint.ts';

const BATCH = 2000;

export interface AuditVerification {
  readonly ok: boolean;
  /** Records checked (up to the first break). */
  readonly checked: bigint;
  readonly head: ChainCursor;
  /** The first record that breaks the chain, or null. */
  readonly firstBreak: ChainBreak | null;
  /** The outcome of the checkpoint check, when one was given. */
  readonly checkpoint: { readonly ok: boolean; readonly message: string } | null;
}

/** Verify tenant `tenantId`'s chain (and `checkpoint`, if given, with `key`). */
export function verifyAuditTrail(
  q: Queryable,
  tenantId: string,
  checkpoint?: { readonly value: AuditCheckpoint; readonly key: AuditSigningKey },
): Promise<AuditVerification> {
  return inSnapshot(q, async (tx) => {
    const walked = await walkChain(tx, tenantId);
    const checked = checkpoint ? await checkCheckpoint(tx, tenantId, checkpoint.value, checkpoint.key) : null;
    return { ...walked, ok: walked.firstBreak === null && (checked?.ok ?? true), checkpoint: checked };
  });
}

async function walkChain(q: Queryable, tenantId: string) {
  let at: ChainCursor = CHAIN_START;
  for (;;) {
    const rows = await repo.readChain(q, tenantId, at.seq, BATCH);
    for (const row of rows) {
      const next = checkLink(at, row);
      if (isBreak(next)) return { checked: at.seq, head: at, firstBreak: next };
      at = next;
    }
    if (rows.length < BATCH) break;
  }
  return { checked: at.seq, head: at, firstBreak: headBreak(at, await repo.readHead(q, tenantId)) };
}

/** The stored head must be the last record: else records were deleted from (or added at) the end. */
function headBreak(at: ChainCursor, head: { seq: bigint; hash: string } | null): ChainBreak | null {
  const stored = head ?? CHAIN_START;
  if (stored.seq === at.seq && stored.hash === at.hash) return null;
  return {
    seq: stored.seq > at.seq ? at.seq + 1n : at.seq,
    recordId: null,
    fault: 'head_mismatch',
    message:
      stored.seq > at.seq
        ? `the chain ends at record ${at.seq} but its head says ${stored.seq}: records were deleted from the end`
        : `the chain runs to record ${at.seq} but its head says ${stored.seq}: records were added outside the audit trail`,
  };
}

async function checkCheckpoint(
  q: Queryable,
  tenantId: string,
  checkpoint: AuditCheckpoint,
  key: AuditSigningKey,
): Promise<{ ok: boolean; message: string }> {
  if (!checkpointSignatureValid(key, checkpoint))
    return { ok: false, message: 'the checkpoint signature does not verify with the configured key' };
  if (checkpoint.tenantId !== tenantId)
    return { ok: false, message: `the checkpoint is of tenant ${checkpoint.tenantId}` };
  const seq = BigInt(checkpoint.seq);
  if (seq === 0n) return { ok: true, message: 'the checkpoint is of the empty chain' };
  const record = await repo.findRecord(q, tenantId, seq);
  if (!record) return { ok: false, message: `record ${seq}, the checkpoint's head, is missing` };
  if (record.hash !== checkpoint.hash)
    return {
      ok: false,
      message: `record ${seq} no longer has the checkpoint's hash: the chain was rewritten`,
    };
  return { ok: true, message: `the chain still holds the checkpoint's head, record ${seq}` };
}

/** A signed checkpoint of tenant `tenantId`'s current head. */
export async function checkpointAuditTrail(
  q: Queryable,
  tenantId: string,
  key: AuditSigningKey,
  at: Date,
): Promise<AuditCheckpoint> {
  const head = (await repo.readHead(q, tenantId)) ?? CHAIN_START;
  return signCheckpoint(key, { tenantId, seq: head.seq, hash: head.hash, at });
}
