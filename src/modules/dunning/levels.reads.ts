/**
 * The dunning state of invoices as a published relation: an SQL subquery scoped to one tenant with
 * documented columns, for other modules' aggregating queries (the customer list, the payment-date
 * model's facts).
 */
import { type SQL, sql } from 'drizzle-orm';

/** Invoices that were dunned, one row each: `invoice_id`, `level_no` (the last level sent), `sent_on`. */
export function invoiceDunningLevelsRelation(tenantId: string): SQL {
  return sql`(select invoice_id, level_no, sent_on from dunning_invoice_states where tenant_id = ${tenantId})`;
}

/**
 * Every reminder that went to the customer, one row per invoice and level: `invoice_id`,
 * `level_no`, `sent_on` (the run's day). A reminder counts unless its letter failed, only recorded
 * the level (channel `none`) or is a paper letter not printed yet: the customer never received it.
 */
export function invoiceRemindersRelation(tenantId: string): SQL {
  return sql`(select n.invoice_id, n.level_no, n.sent_on
              from dunning_notices n
              join dunning_letters l on l.tenant_id = n.tenant_id and l.letter_id = n.letter_id
              where n.tenant_id = ${tenantId} and l.status <> 'failed' and l.channel <> 'none'
                and not (l.channel = 'letter' and l.printed_at is null))`;
}
