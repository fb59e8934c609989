/**
 * The journal as a published relation for dunning: an SQL subquery scoped to one tenant, with the
 * columns documented here, that the dunning run joins in its own queries (the invoices' AR history,
 * the open items imported after a run's day, the payments after the interest charged) without
 * naming this module's tables. It is a plain join, so PostgreSQL folds it into the consumer's query
 * and keeps using the partial index of lines by invoice (`journal_lines_invoice_idx`).
 */
import { type SQL, sql } from 'drizzle-orm';

/**
 * Journal lines that name an invoice, one row each, with their entry: `invoice_id`, `account_code`,
 * `amount_minor` (signed: debit > 0, in the line's currency), `effective_date` and `event_code` of
 * the entry (`open_items.imported` for an imported open item's opening entry).
 */
export function invoiceMovementsRelation(tenantId: string): SQL {
  return sql`(select l.invoice_id, l.account_code, l.amount_minor, e.effective_date, e.event_code
              from journal_lines l
              join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
              where l.tenant_id = ${tenantId} and l.invoice_id is not null)`;
}
