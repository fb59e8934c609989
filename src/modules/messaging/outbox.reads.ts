/**
 * The outbox as a published relation: an SQL subquery scoped to one tenant, with the columns
 * documented here, that other modules join without naming this module's tables.
 */
import { type SQL, sql } from 'drizzle-orm';

/**
 * The dedupe keys of the tenant's messages, whatever their status, one row each: `dedupe_key` (a
 * message with a key is never queued twice, so a key here means the message exists).
 */
export function outboxDedupeKeysRelation(tenantId: string): SQL {
  return sql`(select dedupe_key from outbox_messages where tenant_id = ${tenantId})`;
}
