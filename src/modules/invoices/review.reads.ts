/**
 * Open items as a person applying a bank line by hand picks them: the open invoices of a few
 * customers (a customer and the members of its group) in the payment's currency, oldest due
 * first, optionally those whose number contains a search text. Served by `invoices_customer_idx`.
 */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';

export interface OpenItemRow {
  invoice_id: string;
  number: string;
  customer_id: string;
  issue_date: string | null;
  due_date: string | null;
  total_minor: bigint;
  open_minor: bigint;
}

export interface OpenItemsFilter {
  customerIds: readonly string[];
  currency: string;
  /** Part of the invoice number (case-insensitive). */
  search?: string;
  limit: number;
}

/** Open invoices (not credit notes) of the customers in one currency, by due date then number. */
export function openItemsOfCustomers(q: Queryable, tenantId: string, f: OpenItemsFilter) {
  const pattern = f.search ? `%${f.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null;
  return queryRows<OpenItemRow>(
    q,
    sql`select invoice_id, number, customer_id, issue_date, due_date, total_minor, open_minor
        from invoices
        where tenant_id = ${tenantId} and customer_id = any(${sql.param([...f.customerIds])}::uuid[])
          and kind = 'invoice' and open_minor > 0 and currency = ${f.currency}
          and status in ('issued', 'partially_paid')
          ${pattern ? sql`and number ilike ${pattern}` : sql``}
        order by due_date nulls last, number
        limit ${f.limit}`,
  );
}
