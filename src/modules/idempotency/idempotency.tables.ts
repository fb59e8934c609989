import { sql } from 'drizzle-orm';
import { check, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';

/**
 * Requests that carried an `Idempotency-Key`, per tenant and principal (`key:<api key id>` or
 * `user:<user id>`): one principal's key never answers, blocks or mismatches another's request. A key is `in_progress` from its claim
 * until its response is stored (`completed`); a claim whose `locked_until` has passed belongs to a
 * process that died (the live one keeps extending it) and may be claimed again.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    tenantId: tenantId(),
    /** Who used the key; '' on keys stored before keys were scoped (they replay for nobody). */
    principal: text('principal').notNull().default(''),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    state: text('state').notNull().default('completed'),
    /** The claimant's token while in progress: only it may extend, complete or release the claim. */
    claimToken: text('claim_token'),
    lockedUntil: instant('locked_until'),
    statusCode: integer('status_code').notNull(),
    responseBody: jsonb('response_body').notNull(),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.principal, t.key] }),
    check('idempotency_keys_state_check', sql`${t.state} in ('in_progress', 'completed')`),
    check(
      'idempotency_keys_claim_check',
      sql`(${t.state} = 'in_progress') = (${t.claimToken} is not null and ${t.lockedUntil} is not null)`,
    ),
  ],
);
