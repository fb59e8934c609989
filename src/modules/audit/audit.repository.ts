/** All SQL of the audit trail: the chain head, appending records, and reading them back. */
import { and, asc, desc, eq, gt, gte, inArray, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { auditHeads, auditRecords } from './audit.tables.ts';
import { GENESIS_HASH } from './audit-chain.ts';

export type AuditRecordRow = typeof auditRecords.$inferSelect;

/**
 * Lock the tenant's chain head for the rest of `tx` and read it (creating it at record 0 first).
 * UPDATE … RETURNING under READ COMMITTED waits for a concurrent holder and then reads what it
 * committed, so appends of one tenant form one chain.
 */
export async function lockHead(tx: Tx, tenantId: string): Promise<{ seq: bigint; hash: string }> {
  const locked = () =>
    tx
      .update(auditHeads)
      .set({ seq: sql`${auditHeads.seq}` })
      .where(eq(auditHeads.tenantId, tenantId))
      .returning({ seq: auditHeads.seq, hash: auditHeads.hash });
  const [head] = await locked();
  if (head) return head;
  await tx.insert(auditHeads).values({ tenantId, seq: 0n, hash: GENESIS_HASH }).onConflictDoNothing();
  const [created] = await locked();
  if (!created) throw new Error('audit head vanished');
  return created;
}

export async function moveHead(tx: Tx, tenantId: string, seq: bigint, hash: string): Promise<void> {
  await tx.update(auditHeads).set({ seq, hash }).where(eq(auditHeads.tenantId, tenantId));
}

/** The tenant's head as stored (null before its first record). */
export async function readHead(q: Queryable, tenantId: string) {
  const [head] = await q
    .select({ seq: auditHeads.seq, hash: auditHeads.hash })
    .from(auditHeads)
    .where(eq(auditHeads.tenantId, tenantId));
  return head ?? null;
}

const INSERT_CHUNK = 500;

export async function insertRecords(tx: Tx, rows: readonly AuditRecordRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK)
    await tx.insert(auditRecords).values(rows.slice(i, i + INSERT_CHUNK));
}

/** Up to `limit` records after `afterSeq`, in chain order (for verification). */
export function readChain(q: Queryable, tenantId: string, afterSeq: bigint, limit: number) {
  return q
    .select()
    .from(auditRecords)
    .where(and(eq(auditRecords.tenantId, tenantId), gt(auditRecords.seq, afterSeq)))
    .orderBy(asc(auditRecords.seq))
    .limit(limit);
}

/** The record with number `seq`, or null. */
export async function findRecord(q: Queryable, tenantId: string, seq: bigint) {
  const [row] = await q
    .select()
    .from(auditRecords)
    .where(and(eq(auditRecords.tenantId, tenantId), eq(auditRecords.seq, seq)));
  return row ?? null;
}

export interface AuditFilter {
  objectType?: string;
  objectId?: string;
  /** A user's or an API key's id. */
  actorId?: string;
  kind?: string;
  from?: Date;
  to?: Date;
  /** Newest first: records numbered below this. */
  beforeSeq?: bigint;
}

/** Records matching `filter`, newest first. */
export function findRecords(q: Queryable, tenantId: string, filter: AuditFilter, limit: number) {
  const r = auditRecords;
  const conditions: (SQL | undefined)[] = [
    eq(r.tenantId, tenantId),
    filter.objectType ? eq(r.objectType, filter.objectType) : undefined,
    filter.objectId ? eq(r.objectId, filter.objectId) : undefined,
    filter.actorId ? eq(r.actorId, filter.actorId) : undefined,
    filter.kind ? or(eq(r.kind, filter.kind), sql`starts_with(${r.kind}, ${`${filter.kind}.`})`) : undefined,
    filter.from ? gte(r.occurredAt, filter.from) : undefined,
    filter.to ? lte(r.occurredAt, filter.to) : undefined,
    filter.beforeSeq !== undefined ? lt(r.seq, filter.beforeSeq) : undefined,
  ];
  return q
    .select()
    .from(r)
    .where(and(...conditions))
    .orderBy(desc(r.seq))
    .limit(limit);
}

/** Up to `limit` records of `kinds` after record `afterSeq`, in chain order (for monitoring scans). */
export function readKindsAfter(
  q: Queryable,
  tenantId: string,
  afterSeq: bigint,
  kinds: readonly string[],
  limit: number,
) {
  const r = auditRecords;
  return q
    .select()
    .from(r)
    .where(and(eq(r.tenantId, tenantId), gt(r.seq, afterSeq), inArray(r.kind, [...kinds])))
    .orderBy(asc(r.seq))
    .limit(limit);
}

/** Records of `kinds` written in [`from`, `to`] (optionally only of these objects), in chain order. */
export function readKindsBetween(
  q: Queryable,
  tenantId: string,
  query: {
    kinds: readonly string[];
    from: Date;
    to: Date;
    objectIds?: readonly string[];
    actorIds?: readonly string[];
  },
) {
  const r = auditRecords;
  return q
    .select()
    .from(r)
    .where(
      and(
        eq(r.tenantId, tenantId),
        inArray(r.kind, [...query.kinds]),
        gte(r.occurredAt, query.from),
        lte(r.occurredAt, query.to),
        query.objectIds ? inArray(r.objectId, [...query.objectIds]) : undefined,
        query.actorIds ? inArray(r.actorId, [...query.actorIds]) : undefined,
      ),
    )
    .orderBy(asc(r.seq));
}
