import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant, minor, tenantId } from '../../db/columns.ts';

/**
 * A tenant's approval policy: one JSON document (approval-policy.ts validates it), so that a
 * whole policy is read and replaced at once and its audit record shows the before and after.
 * No row: the default policy (nothing gated).
 */
export const approvalPolicies = pgTable(
  'approval_policies',
  {
    tenantId: tenantId(),
    policy: jsonb('policy').notNull(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId] })],
);

/**
 * Requests that wait for a checker (maker-checker). `payload` is the validated original request;
 * it runs only on approval, in the checker's transaction. `result` names what it created.
 */
export const approvalRequests = pgTable(
  'approval_requests',
  {
    tenantId: tenantId(),
    requestId: uuid('request_id').notNull(),
    kind: text('kind').notNull(),
    payload: jsonb('payload').notNull(),
    amountMinor: minor('amount_minor'),
    currency: text('currency'),
    customerId: uuid('customer_id'),
    objectType: text('object_type').notNull(),
    objectId: uuid('object_id'),
    summary: text('summary').notNull(),
    makerName: text('maker_name').notNull(),
    makerKeyId: uuid('maker_key_id'),
    makerUserId: uuid('maker_user_id'),
    originChannel: text('origin_channel').notNull(),
    requestedAt: instant('requested_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    approverLevel: text('approver_level').notNull(),
    status: text('status').notNull(),
    checkerName: text('checker_name'),
    checkerKeyId: uuid('checker_key_id'),
    checkerUserId: uuid('checker_user_id'),
    decidedAt: instant('decided_at'),
    decisionReason: text('decision_reason'),
    result: jsonb('result'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.requestId] }),
    index('approval_requests_status_idx').on(t.tenantId, t.status, t.requestId),
    index('approval_requests_customer_idx').on(t.tenantId, t.customerId),
    check(
      'approval_requests_status_check',
      sql`${t.status} in ('pending','approved','rejected','cancelled','expired','failed')`,
    ),
    check('approval_requests_level_check', sql`${t.approverLevel} in ('write','credit','admin')`),
    check(
      'approval_requests_amount_check',
      sql`(${t.amountMinor} is null) = (${t.currency} is null) and (${t.amountMinor} is null or ${t.amountMinor} >= 0)`,
    ),
  ],
);
