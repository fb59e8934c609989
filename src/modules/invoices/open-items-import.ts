/**
 * Open items from another system, as the imports module hands them over: already issued and still
 * (partly) unpaid, each with its own number and dates. Bulk reads and one `unnest` insert per
 * chunk of 5,000 invoices, so a file of 500,000 goes in without a query per row.
 */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';

/** Of `numbers`, those the tenant's invoices (not credit notes) already carry. */
export async function existingInvoiceNumbers(
  q: Queryable,
  tenantId: string,
  numbers: readonly string[],
): Promise<Set<string>> {
  const rows = await queryRows<{ number: string }>(
    q,
    sql`select number from invoices
        where tenant_id = ${tenantId} and kind = 'invoice' and number = any(${sql.param([...numbers])}::text[])`,
  );
  return new Set(rows.map((r) => r.number));
}

/** One imported open item, checked; amounts in minor units of `currency`. */
export interface ImportedOpenItem {
  invoiceId: string;
  number: string;
  customerId: string;
  status: 'issued' | 'partially_paid';
  issueDate: string;
  dueDate: string;
  paymentTerms: string;
  currency: string;
  fxRate: string;
  totalMinor: bigint;
  openMinor: bigint;
  paymentReference: string | null;
  poNumber: string | null;
  description: string | null;
}

/**
 * Inserts imported invoices (series `IMPORT`, source `import`, net = total, no tax) in chunks of
 * 5,000 rows, one statement each, on both back ends; `onChunk` gets the count inserted so far.
 */
export async function insertImportedOpenItemsInTx(
  tx: Tx,
  tenantId: string,
  rows: readonly ImportedOpenItem[],
  onChunk: (inserted: number) => void = () => undefined,
): Promise<void> {
  for (let i = 0; i < rows.length; i += 5_000) {
    const chunk = rows.slice(i, i + 5_000);
    const col = <T>(f: (r: ImportedOpenItem) => T) => sql.param(chunk.map(f));
    await tx.execute(sql`
      insert into invoices (tenant_id, invoice_id, kind, number, series, customer_id, status, issue_date,
        due_date, payment_terms, currency, fx_rate, net_minor, tax_minor, total_minor, open_minor,
        payment_reference, po_number, description, source, issued_at)
      select ${tenantId}::uuid, u.invoice_id, 'invoice', u.number, 'IMPORT', u.customer_id, u.status,
        u.issue_date, u.due_date, u.payment_terms, u.currency, u.fx_rate, u.total_minor, 0, u.total_minor,
        u.open_minor, u.payment_reference, u.po_number, u.description, 'import', now()
      from unnest(
        ${col((r) => r.invoiceId)}::uuid[], ${col((r) => r.number)}::text[], ${col((r) => r.customerId)}::uuid[],
        ${col((r) => r.status)}::text[], ${col((r) => r.issueDate)}::date[], ${col((r) => r.dueDate)}::date[],
        ${col((r) => r.paymentTerms)}::text[], ${col((r) => r.currency)}::text[], ${col((r) => r.fxRate)}::numeric[],
        ${col((r) => r.totalMinor.toString())}::bigint[], ${col((r) => r.openMinor.toString())}::bigint[],
        ${col((r) => r.paymentReference)}::text[], ${col((r) => r.poNumber)}::text[], ${col((r) => r.description)}::text[]
      ) as u(invoice_id, number, customer_id, status, issue_date, due_date, payment_terms, currency, fx_rate,
             total_minor, open_minor, payment_reference, po_number, description)`);
    onChunk(i + chunk.length);
  }
}
