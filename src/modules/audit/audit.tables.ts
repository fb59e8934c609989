/**
 * The audit trail: one append-only, hash-chained list of records per tenant, and the head of each
 * tenant's chain. Database triggers (migration `0023_audit_trail`) refuse UPDATE, DELETE and TRUNCATE of
 * records, and DELETE, TRUNCATE and a backward move of a head.
 */
import { bigint, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';

/**
 * One change: who (`actor_*`), from where (`origin_*`), when, what (`kind`, the object, `changes`:
 * canonical JSON `{field: [before, after]}`), why (`reason`), plus `details` (canonical JSON).
 * `hash` = sha256 of the canonical JSON of every other column, `prev_hash` included (audit-chain.ts).
 * `changes` and `details` are kept as the exact text that was hashed (jsonb would re-format it).
 */
export const auditRecords = pgTable(
  'audit_records',
  {
    tenantId: tenantId(),
    seq: bigint('seq', { mode: 'bigint' }).notNull(),
    recordId: uuid('record_id').notNull(),
    occurredAt: instant('occurred_at').notNull(),
    actorKind: text('actor_kind').notNull(),
    actorId: uuid('actor_id'),
    actorName: text('actor_name').notNull(),
    originChannel: text('origin_channel').notNull(),
    originIp: text('origin_ip'),
    originAgent: text('origin_agent'),
    kind: text('kind').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    reason: text('reason'),
    changes: text('changes').notNull(),
    details: text('details').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.seq] }),
    index('audit_records_object_idx').on(t.tenantId, t.objectType, t.objectId, t.seq),
    index('audit_records_time_idx').on(t.tenantId, t.occurredAt),
  ],
);

/** Each tenant's chain head: the last record's number and hash (0 and the genesis hash at first). */
export const auditHeads = pgTable('audit_heads', {
  tenantId: uuid('tenant_id').primaryKey(),
  seq: bigint('seq', { mode: 'bigint' }).notNull(),
  hash: text('hash').notNull(),
});
