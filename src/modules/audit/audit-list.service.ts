/** Reading the audit trail: filtered, newest first, in keyset pages (by record number). */
import type { Queryable } from '../../db/client.ts';
import * as repo from './audit.repository.ts';

export type AuditFilter = Omit<repo.AuditFilter, 'beforeSeq'>;

/** One audit record as the adapters show it: changes and details parsed. */
export interface AuditRecordView {
  readonly seq: bigint;
  readonly recordId: string;
  readonly occurredAt: Date;
  readonly actor: { readonly kind: string; readonly id: string | null; readonly name: string };
  readonly origin: { readonly channel: string; readonly ip: string | null; readonly agent: string | null };
  readonly kind: string;
  readonly objectType: string;
  readonly objectId: string | null;
  readonly reason: string | null;
  readonly changes: Record<string, unknown>;
  readonly details: Record<string, unknown>;
  readonly prevHash: string;
  readonly hash: string;
}

function viewOf(r: repo.AuditRecordRow): AuditRecordView {
  return {
    seq: r.seq,
    recordId: r.recordId,
    occurredAt: r.occurredAt,
    actor: { kind: r.actorKind, id: r.actorId, name: r.actorName },
    origin: { channel: r.originChannel, ip: r.originIp, agent: r.originAgent },
    kind: r.kind,
    objectType: r.objectType,
    objectId: r.objectId,
    reason: r.reason,
    changes: JSON.parse(r.changes) as Record<string, unknown>,
    details: JSON.parse(r.details) as Record<string, unknown>,
    prevHash: r.prevHash,
    hash: r.hash,
  };
}

/**
 * Up to `limit` records matching `filter`, newest first, below record `beforeSeq` (the previous
 * page's last); `nextBeforeSeq` is null on the last page.
 */
export async function listAuditRecords(
  q: Queryable,
  tenantId: string,
  filter: AuditFilter,
  page: { limit: number; beforeSeq?: bigint },
): Promise<{ records: AuditRecordView[]; nextBeforeSeq: bigint | null }> {
  const rows = await repo.findRecords(
    q,
    tenantId,
    { ...filter, ...(page.beforeSeq !== undefined ? { beforeSeq: page.beforeSeq } : {}) },
    page.limit + 1,
  );
  const records = rows.slice(0, page.limit).map(viewOf);
  const last = records.at(-1);
  return { records, nextBeforeSeq: rows.length > page.limit && last ? last.seq : null };
}

/**
 * Up to `limit` records of `kinds` numbered after `afterSeq`, oldest first: what a scan that keeps
 * its own cursor (the monitoring scan) has not seen yet.
 */
export async function auditRecordsAfter(
  q: Queryable,
  tenantId: string,
  afterSeq: bigint,
  kinds: readonly string[],
  limit: number,
): Promise<AuditRecordView[]> {
  if (kinds.length === 0) return [];
  return (await repo.readKindsAfter(q, tenantId, afterSeq, kinds, limit)).map(viewOf);
}

/**
 * The records of `kinds` written between `from` and `to` (both inclusive), oldest first, only of
 * `objectIds` and of `actorIds` when given: the history a detector compares new records with.
 */
export async function auditRecordsBetween(
  q: Queryable,
  tenantId: string,
  query: {
    kinds: readonly string[];
    from: Date;
    to: Date;
    objectIds?: readonly string[];
    actorIds?: readonly string[];
  },
): Promise<AuditRecordView[]> {
  if (query.kinds.length === 0 || query.objectIds?.length === 0 || query.actorIds?.length === 0) return [];
  return (await repo.readKindsBetween(q, tenantId, query)).map(viewOf);
}

/** The number of the tenant's last record (0 before the first). */
export async function auditHeadSeq(q: Queryable, tenantId: string): Promise<bigint> {
  return (await repo.readHead(q, tenantId))?.seq ?? 0n;
}
