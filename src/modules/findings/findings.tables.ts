/**
 * Findings of the monitoring (and, later, of anomaly detection): what was found, how bad, the
 * evidence that proves it, and the review decision. `dedupe_key` is unique per tenant, so a scan
 * that runs again over the same records never doubles a finding. `monitoring_settings` holds each
 * tenant's monitoring policy (null: the defaults) and the scan's cursor in the audit trail.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';

export const findings = pgTable(
  'findings',
  {
    tenantId: tenantId(),
    /** UUID v7: newest first by id. */
    findingId: uuid('finding_id').notNull(),
    kind: text('kind').notNull(),
    severity: text('severity').notNull(),
    title: text('title').notNull(),
    /** The facts and the ids (audit record numbers, invoice, receipt, customer, user) that prove it. */
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    /** When what was found happened (the audit record's time), not when the scan ran. */
    occurredAt: instant('occurred_at').notNull(),
    status: text('status').notNull().default('open'),
    decisionNote: text('decision_note'),
    decidedById: uuid('decided_by_id'),
    decidedByName: text('decided_by_name'),
    decidedAt: instant('decided_at'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.findingId] }),
    uniqueIndex('findings_dedupe_uq').on(t.tenantId, t.dedupeKey),
    index('findings_status_idx').on(t.tenantId, t.status, t.findingId),
    check('findings_severity_check', sql`${t.severity} in ('low','medium','high')`),
    check('findings_status_check', sql`${t.status} in ('open','confirmed','dismissed')`),
    check(
      'findings_decision_check',
      sql`(${t.status} = 'open') = (${t.decidedAt} is null) and (${t.status} = 'open' or ${t.decisionNote} is not null)`,
    ),
  ],
);

export const monitoringSettings = pgTable('monitoring_settings', {
  tenantId: uuid('tenant_id').primaryKey(),
  /** The tenant's monitoring policy as last saved (monitoring-policy.ts); null: the defaults. */
  policy: jsonb('policy').$type<Record<string, unknown>>(),
  /** The last audit record the scan has looked at. */
  scannedThroughSeq: bigint('scanned_through_seq', { mode: 'bigint' }).notNull().default(sql`0`),
  scannedAt: instant('scanned_at'),
  updatedAt: instant('updated_at').notNull(),
});
