/** All SQL of the invoices module. */
import { and, asc, desc, eq, gt, gte, inArray, isNull, lt, ne, type SQL, sql } from 'drizzle-orm';
import { type BulkColumn, insertByUnnest } from '../../db/bulk-insert.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import { isAnyOf } from '../../db/conditions.ts';
import { queryRowsWithSums, sumMinor } from '../../db/sums.ts';
import { chunks } from '../../shared/chunks.ts';
import { invoiceAdjustments, invoiceLines, invoices } from './invoices.tables.ts';

export type InvoiceRow = typeof invoices.$inferSelect;
export type NewInvoiceRow = typeof invoices.$inferInsert;
export type InvoiceLineRow = typeof invoiceLines.$inferSelect;
export type NewInvoiceLineRow = typeof invoiceLines.$inferInsert;

/** Many invoices and their lines, in chunks that stay below PostgreSQL's 65,535 parameters. */
export async function insertInvoices(
  tx: Tx,
  rows: readonly NewInvoiceRow[],
  lines: readonly NewInvoiceLineRow[],
) {
  for (const chunk of chunks(rows, 1_000)) await tx.insert(invoices).values(chunk);
  for (const chunk of chunks(lines, 3_000)) await tx.insert(invoiceLines).values(chunk);
}

/** An issued document written by `insertIssuedByUnnest`: every column a charge document sets. */
export interface IssuedDocumentRow {
  invoiceId: string;
  number: string;
  series: string;
  customerId: string;
  issueDate: string;
  dueDate: string;
  paymentTerms: string;
  currency: string;
  fxRate: string;
  netMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
  openMinor: bigint;
  paymentReference: string | null;
  description: string | null;
  source: string;
  issuedAt: Date;
  /** The tenant's letterhead version at issue (what the document's PDF prints). */
  letterheadVersion: number;
}

const ISSUED_COLUMNS: readonly BulkColumn<IssuedDocumentRow & { tenantId: string }>[] = [
  { name: 'tenant_id', type: 'uuid', value: (r) => r.tenantId },
  { name: 'invoice_id', type: 'uuid', value: (r) => r.invoiceId },
  { name: 'kind', type: 'text', value: () => 'invoice' },
  { name: 'number', type: 'text', value: (r) => r.number },
  { name: 'series', type: 'text', value: (r) => r.series },
  { name: 'customer_id', type: 'uuid', value: (r) => r.customerId },
  { name: 'status', type: 'text', value: () => 'issued' },
  { name: 'issue_date', type: 'date', value: (r) => r.issueDate },
  { name: 'due_date', type: 'date', value: (r) => r.dueDate },
  { name: 'payment_terms', type: 'text', value: (r) => r.paymentTerms },
  { name: 'currency', type: 'text', value: (r) => r.currency },
  { name: 'fx_rate', type: 'numeric', value: (r) => r.fxRate },
  { name: 'net_minor', type: 'bigint', value: (r) => r.netMinor.toString() },
  { name: 'tax_minor', type: 'bigint', value: (r) => r.taxMinor.toString() },
  { name: 'total_minor', type: 'bigint', value: (r) => r.totalMinor.toString() },
  { name: 'open_minor', type: 'bigint', value: (r) => r.openMinor.toString() },
  { name: 'payment_reference', type: 'text', value: (r) => r.paymentReference },
  { name: 'description', type: 'text', value: (r) => r.description },
  { name: 'source', type: 'text', value: (r) => r.source },
  { name: 'issued_at', type: 'timestamptz', value: (r) => r.issuedAt.toISOString() },
  { name: 'letterhead_version', type: 'int', value: (r) => r.letterheadVersion },
];

const LINE_COLUMNS: readonly BulkColumn<InvoiceLineRow>[] = [
  { name: 'tenant_id', type: 'uuid', value: (r) => r.tenantId },
  { name: 'invoice_id', type: 'uuid', value: (r) => r.invoiceId },
  { name: 'line_no', type: 'int', value: (r) => r.lineNo },
  { name: 'description', type: 'text', value: (r) => r.description },
  { name: 'quantity', type: 'numeric', value: (r) => r.quantity },
  { name: 'unit_price', type: 'numeric', value: (r) => r.unitPrice },
  { name: 'discount_pct', type: 'numeric', value: (r) => r.discountPct },
  { name: 'tax_rate', type: 'numeric', value: (r) => r.taxRate },
  { name: 'net_minor', type: 'bigint', value: (r) => r.netMinor.toString() },
];

/** Many issued documents and their lines as `insert … select from unnest(…)`: one parameter per column. */
export async function insertIssuedByUnnest(
  tx: Tx,
  tenantId: string,
  rows: readonly IssuedDocumentRow[],
  lines: readonly InvoiceLineRow[],
) {
  await insertByUnnest(
    tx,
    'invoices',
    ISSUED_COLUMNS,
    rows.map((r) => ({ ...r, tenantId })),
  );
  await insertByUnnest(tx, 'invoice_lines', LINE_COLUMNS, lines);
}

/** Issue date and total of invoices by id (what a letter lists of each; a fraction of the full rows' cost). */
export function findIssueDatesAndTotals(q: Queryable, tenantId: string, invoiceIds: readonly string[]) {
  return q
    .select({ invoiceId: invoices.invoiceId, issueDate: invoices.issueDate, totalMinor: invoices.totalMinor })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), isAnyOf(invoices.invoiceId, invoiceIds, 'uuid')));
}

/** Invoices by id, in the order of `invoiceIds`. */
export async function findInvoicesByIds(q: Queryable, tenantId: string, invoiceIds: readonly string[]) {
  const rows = await q
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), isAnyOf(invoices.invoiceId, invoiceIds, 'uuid')));
  const byId = new Map(rows.map((r) => [r.invoiceId, r]));
  return invoiceIds.flatMap((id) => byId.get(id) ?? []);
}

export async function insertInvoice(tx: Tx, row: NewInvoiceRow, lines: (typeof invoiceLines.$inferInsert)[]) {
  await tx.insert(invoices).values(row);
  if (lines.length > 0) await tx.insert(invoiceLines).values(lines);
}

export async function findInvoice(q: Queryable, tenantId: string, invoiceId: string) {
  const [row] = await q
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.invoiceId, invoiceId)));
  return row ?? null;
}

export async function findInvoiceByNumber(q: Queryable, tenantId: string, number: string) {
  const [row] = await q
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.number, number)))
    .orderBy(asc(invoices.kind));
  return row ?? null;
}

/** Lock invoices for update in a stable order (by id) so concurrent writers cannot deadlock. */
export async function lockInvoices(tx: Tx, tenantId: string, invoiceIds: readonly string[]) {
  if (invoiceIds.length === 0) return [];
  return tx
    .select()
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), isAnyOf(invoices.invoiceId, invoiceIds, 'uuid')))
    .orderBy(asc(invoices.invoiceId))
    .for('update');
}

/** What settling an invoice needs of it, locked like `lockInvoices` (a fifth of the full row's cost). */
export async function lockInvoiceBalances(tx: Tx, tenantId: string, invoiceIds: readonly string[]) {
  if (invoiceIds.length === 0) return [];
  return tx
    .select({
      invoiceId: invoices.invoiceId,
      kind: invoices.kind,
      number: invoices.number,
      customerId: invoices.customerId,
      currency: invoices.currency,
      status: invoices.status,
      openMinor: invoices.openMinor,
      totalMinor: invoices.totalMinor,
    })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), isAnyOf(invoices.invoiceId, invoiceIds, 'uuid')))
    .orderBy(asc(invoices.invoiceId))
    .for('update');
}

export async function updateInvoice(
  tx: Tx,
  tenantId: string,
  invoiceId: string,
  patch: Partial<NewInvoiceRow>,
) {
  await tx
    .update(invoices)
    .set(patch)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.invoiceId, invoiceId)));
}

/** Replace a draft's lines by `lines` (numbered from 1 by the caller). */
export async function replaceLines(tx: Tx, tenantId: string, invoiceId: string, lines: NewInvoiceLineRow[]) {
  await tx
    .delete(invoiceLines)
    .where(and(eq(invoiceLines.tenantId, tenantId), eq(invoiceLines.invoiceId, invoiceId)));
  if (lines.length > 0) await tx.insert(invoiceLines).values(lines);
}

export function linesOf(q: Queryable, tenantId: string, invoiceId: string) {
  return q
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.tenantId, tenantId), eq(invoiceLines.invoiceId, invoiceId)))
    .orderBy(asc(invoiceLines.lineNo));
}

/** The lines of many invoices in one query, in invoice and line order. */
export function linesOfInvoices(q: Queryable, tenantId: string, invoiceIds: readonly string[]) {
  return q
    .select()
    .from(invoiceLines)
    .where(and(eq(invoiceLines.tenantId, tenantId), isAnyOf(invoiceLines.invoiceId, invoiceIds, 'uuid')))
    .orderBy(asc(invoiceLines.invoiceId), asc(invoiceLines.lineNo));
}

export function adjustmentsOf(q: Queryable, tenantId: string, invoiceId: string) {
  return q
    .select()
    .from(invoiceAdjustments)
    .where(and(eq(invoiceAdjustments.tenantId, tenantId), eq(invoiceAdjustments.invoiceId, invoiceId)))
    .orderBy(asc(invoiceAdjustments.createdAt));
}

/** A receipt's discounts and bank charges not taken back yet, oldest first. */
export function activeAdjustmentsOfReceipt(q: Queryable, tenantId: string, receiptId: string) {
  return q
    .select()
    .from(invoiceAdjustments)
    .where(
      and(
        eq(invoiceAdjustments.tenantId, tenantId),
        eq(invoiceAdjustments.receiptId, receiptId),
        isNull(invoiceAdjustments.reversedAt),
      ),
    )
    .orderBy(asc(invoiceAdjustments.createdAt), asc(invoiceAdjustments.adjustmentId));
}

export async function markAdjustmentReversed(
  tx: Tx,
  tenantId: string,
  adjustmentId: string,
  reversalEntryId: string,
  at: Date,
) {
  await tx
    .update(invoiceAdjustments)
    .set({ reversalEntryId, reversedAt: at })
    .where(and(eq(invoiceAdjustments.tenantId, tenantId), eq(invoiceAdjustments.adjustmentId, adjustmentId)));
}

export type NewAdjustmentRow = typeof invoiceAdjustments.$inferInsert;

const ADJUSTMENT_COLUMNS: readonly BulkColumn<NewAdjustmentRow>[] = [
  { name: 'tenant_id', type: 'uuid', value: (r) => r.tenantId },
  { name: 'adjustment_id', type: 'uuid', value: (r) => r.adjustmentId },
  { name: 'invoice_id', type: 'uuid', value: (r) => r.invoiceId },
  { name: 'kind', type: 'text', value: (r) => r.kind },
  { name: 'amount_minor', type: 'bigint', value: (r) => r.amountMinor.toString() },
  { name: 'credit_note_id', type: 'uuid', value: (r) => r.creditNoteId ?? null },
  { name: 'reason', type: 'text', value: (r) => r.reason ?? null },
  { name: 'entry_id', type: 'uuid', value: (r) => r.entryId },
  { name: 'receipt_id', type: 'uuid', value: (r) => r.receiptId ?? null },
];

export async function insertAdjustments(tx: Tx, rows: readonly NewAdjustmentRow[]) {
  await insertByUnnest(tx, 'invoice_adjustments', ADJUSTMENT_COLUMNS, rows);
}

/** New open amounts and statuses of many invoices in one statement; `closedAt` for those settled. */
export async function setOpenAmounts(
  tx: Tx,
  tenantId: string,
  updates: readonly { invoiceId: string; openMinor: bigint; status: string }[],
  closedAt: Date,
) {
  for (const chunk of chunks(updates, 5_000)) {
    const col = <T>(f: (u: (typeof chunk)[number]) => T) => sql.param(chunk.map(f));
    await tx.execute(sql`
      update invoices i set open_minor = u.open_minor, status = u.status,
        closed_at = case when u.open_minor = 0 then ${closedAt.toISOString()}::timestamptz else null end
      from unnest(${col((u) => u.invoiceId)}::uuid[], ${col((u) => u.openMinor.toString())}::bigint[],
        ${col((u) => u.status)}::text[]) as u(invoice_id, open_minor, status)
      where i.tenant_id = ${tenantId} and i.invoice_id = u.invoice_id`);
  }
}

export async function insertAdjustment(tx: Tx, row: typeof invoiceAdjustments.$inferInsert) {
  await tx.insert(invoiceAdjustments).values(row);
}

export interface InvoiceListFilter {
  status?: string;
  /** Any of these statuses. */
  statuses?: readonly string[];
  /** True: something is open (open amount not zero); false: nothing is. */
  open?: boolean;
  overdueAsOf?: string;
  customerId?: string;
  currency?: string;
  kind?: 'invoice' | 'credit_note';
  afterId?: string;
  limit: number;
  newestFirst?: boolean;
}

export function listInvoiceRows(q: Queryable, tenantId: string, f: InvoiceListFilter) {
  const c: SQL[] = [eq(invoices.tenantId, tenantId)];
  if (f.kind) c.push(eq(invoices.kind, f.kind));
  if (f.status) c.push(eq(invoices.status, f.status));
  if (f.statuses) c.push(inArray(invoices.status, [...f.statuses]));
  if (f.open !== undefined) c.push(f.open ? ne(invoices.openMinor, 0n) : eq(invoices.openMinor, 0n));
  if (f.overdueAsOf) {
    c.push(
      inArray(invoices.status, ['issued', 'partially_paid']),
      lt(invoices.dueDate, f.overdueAsOf),
      ne(invoices.openMinor, 0n),
    );
  }
  if (f.customerId) c.push(eq(invoices.customerId, f.customerId));
  if (f.currency) c.push(eq(invoices.currency, f.currency));
  if (f.afterId)
    c.push(f.newestFirst ? lt(invoices.invoiceId, f.afterId) : gt(invoices.invoiceId, f.afterId));
  return q
    .select()
    .from(invoices)
    .where(and(...c))
    .orderBy(f.newestFirst ? desc(invoices.invoiceId) : asc(invoices.invoiceId))
    .limit(f.limit);
}

/** Σ open amounts of the issued invoices per currency (what the AR subledger holds of them). */
export function openByCurrency(q: Queryable, tenantId: string) {
  return queryRowsWithSums<{ currency: string; open_minor: bigint }>(
    q,
    sql`select currency, ${sumMinor(sql`open_minor`)} as open_minor from invoices
        where tenant_id = ${tenantId} and kind = 'invoice' and open_minor <> 0 group by currency`,
    ['open_minor'],
  );
}

/** Issued invoices whose open amount differs from `ledger` (a relation `invoice_id`, `amount`). */
export function openDifferingFrom(q: Queryable, tenantId: string, ledger: SQL, limit: number) {
  return queryRows<{ invoice_id: string; number: string | null; open_minor: bigint; ledger_minor: bigint }>(
    q,
    sql`select i.invoice_id, i.number, i.open_minor, coalesce(l.amount, 0)::bigint as ledger_minor
        from invoices i
        left join ${ledger} l on l.invoice_id = i.invoice_id
        where i.tenant_id = ${tenantId} and i.kind = 'invoice' and i.status <> 'draft'
          and i.open_minor <> coalesce(l.amount, 0)
        limit ${limit}`,
  );
}

/** Every document number (invoices and credit notes) that starts with `prefix`. */
export async function numbersStartingWith(q: Queryable, tenantId: string, prefix: string): Promise<string[]> {
  const pattern = `${prefix.replace(/[\\%_]/g, '\\$&')}%`;
  const rows = await queryRows<{ number: string }>(
    q,
    sql`select number from invoices
        where tenant_id = ${tenantId} and number is not null and number like ${pattern}`,
  );
  return rows.map((r) => r.number);
}

/**
 * Invoices open and overdue as of `asOf` whose due date is on or after `dueFrom` (the catch-up
 * window of the `invoice.overdue` webhook), oldest due first, at most `limit`.
 */
export function overdueDueBetween(
  q: Queryable,
  tenantId: string,
  dueFrom: string,
  asOf: string,
  limit: number,
) {
  return q
    .select({
      invoiceId: invoices.invoiceId,
      customerId: invoices.customerId,
      number: invoices.number,
      currency: invoices.currency,
      openMinor: invoices.openMinor,
      dueDate: invoices.dueDate,
    })
    .from(invoices)
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        eq(invoices.kind, 'invoice'),
        inArray(invoices.status, ['issued', 'partially_paid']),
        gt(invoices.openMinor, 0n),
        gte(invoices.dueDate, dueFrom),
        lt(invoices.dueDate, asOf),
      ),
    )
    .orderBy(invoices.dueDate, invoices.invoiceId)
    .limit(limit);
}
