/** All SQL of the receipts module. */
import { and, asc, eq, gt, isNull, type SQL, sql } from 'drizzle-orm';
import { type BulkColumn, bigintText, insertByUnnest } from '../../db/bulk-insert.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { queryRowsWithSums, sumMinor } from '../../db/sums.ts';
import { allocations, receiptDisbursements, receipts } from './receipts.tables.ts';

export type ReceiptRow = typeof receipts.$inferSelect;
export type AllocationRow = typeof allocations.$inferSelect;

export async function insertReceipt(tx: Tx, row: typeof receipts.$inferInsert) {
  await tx.insert(receipts).values(row);
}

export async function findReceipt(q: Queryable, tenantId: string, receiptId: string) {
  const [row] = await q
    .select()
    .from(receipts)
    .where(and(eq(receipts.tenantId, tenantId), eq(receipts.receiptId, receiptId)));
  return row ?? null;
}

export async function lockReceipt(tx: Tx, tenantId: string, receiptId: string) {
  const [row] = await tx
    .select()
    .from(receipts)
    .where(and(eq(receipts.tenantId, tenantId), eq(receipts.receiptId, receiptId)))
    .for('update');
  return row ?? null;
}

export async function setUnapplied(tx: Tx, tenantId: string, receiptId: string, unappliedMinor: bigint) {
  await tx
    .update(receipts)
    .set({ unappliedMinor })
    .where(and(eq(receipts.tenantId, tenantId), eq(receipts.receiptId, receiptId)));
}

type NewReceiptRow = typeof receipts.$inferInsert;
type NewAllocationRow = typeof allocations.$inferInsert;

const RECEIPT_COLUMNS: readonly BulkColumn<NewReceiptRow>[] = [
  { name: 'tenant_id', type: 'uuid', value: (r) => r.tenantId },
  { name: 'receipt_id', type: 'uuid', value: (r) => r.receiptId },
  { name: 'customer_id', type: 'uuid', value: (r) => r.customerId },
  { name: 'method', type: 'text', value: (r) => r.method },
  { name: 'received_on', type: 'date', value: (r) => r.receivedOn },
  { name: 'amount_minor', type: 'bigint', value: (r) => r.amountMinor.toString() },
  { name: 'currency', type: 'text', value: (r) => r.currency },
  { name: 'fx_rate', type: 'numeric', value: (r) => r.fxRate ?? '1' },
  { name: 'payer_name', type: 'text', value: (r) => r.payerName ?? null },
  { name: 'payer_iban', type: 'text', value: (r) => r.payerIban ?? null },
  { name: 'reference', type: 'text', value: (r) => r.reference ?? null },
  { name: 'cash_account_code', type: 'text', value: (r) => r.cashAccountCode },
  { name: 'unapplied_minor', type: 'bigint', value: (r) => bigintText(r.unappliedMinor) ?? '0' },
];

const ALLOCATION_COLUMNS: readonly BulkColumn<NewAllocationRow>[] = [
  { name: 'tenant_id', type: 'uuid', value: (r) => r.tenantId },
  { name: 'allocation_id', type: 'uuid', value: (r) => r.allocationId },
  { name: 'receipt_id', type: 'uuid', value: (r) => r.receiptId },
  { name: 'invoice_id', type: 'uuid', value: (r) => r.invoiceId },
  { name: 'amount_minor', type: 'bigint', value: (r) => r.amountMinor.toString() },
  { name: 'entry_id', type: 'uuid', value: (r) => r.entryId },
];

/** Many receipts or allocations at once (bulk cash application). */
export async function insertReceipts(tx: Tx, rows: readonly NewReceiptRow[]) {
  await insertByUnnest(tx, 'receipts', RECEIPT_COLUMNS, rows);
}

export async function insertAllocations(tx: Tx, rows: readonly NewAllocationRow[]) {
  await insertByUnnest(tx, 'allocations', ALLOCATION_COLUMNS, rows);
}

export async function insertAllocation(tx: Tx, row: typeof allocations.$inferInsert) {
  await tx.insert(allocations).values(row);
}

export async function lockAllocation(tx: Tx, tenantId: string, allocationId: string) {
  const [row] = await tx
    .select()
    .from(allocations)
    .where(and(eq(allocations.tenantId, tenantId), eq(allocations.allocationId, allocationId)))
    .for('update');
  return row ?? null;
}

export async function markUnapplied(
  tx: Tx,
  tenantId: string,
  allocationId: string,
  reversalEntryId: string,
  at: Date,
) {
  await tx
    .update(allocations)
    .set({ reversalEntryId, unappliedAt: at })
    .where(and(eq(allocations.tenantId, tenantId), eq(allocations.allocationId, allocationId)));
}

export function allocationsOfReceipt(q: Queryable, tenantId: string, receiptId: string) {
  return q
    .select()
    .from(allocations)
    .where(and(eq(allocations.tenantId, tenantId), eq(allocations.receiptId, receiptId)))
    .orderBy(asc(allocations.allocationId));
}

export function activeAllocationsOfInvoice(q: Queryable, tenantId: string, invoiceId: string) {
  return q
    .select()
    .from(allocations)
    .where(
      and(
        eq(allocations.tenantId, tenantId),
        eq(allocations.invoiceId, invoiceId),
        isNull(allocations.unappliedAt),
      ),
    );
}

export async function insertDisbursement(tx: Tx, row: typeof receiptDisbursements.$inferInsert) {
  await tx.insert(receiptDisbursements).values(row);
}

export function disbursementsOf(q: Queryable, tenantId: string, receiptId: string) {
  return q
    .select()
    .from(receiptDisbursements)
    .where(and(eq(receiptDisbursements.tenantId, tenantId), eq(receiptDisbursements.receiptId, receiptId)));
}

/**
 * Σ refunded per cash account and currency: what left each account back to customers (the tie-out
 * of a bank account's cash account counts it against the lines booked on that account).
 */
export function refundsByCashAccount(q: Queryable, tenantId: string) {
  return queryRowsWithSums<{ cash_account_code: string; currency: string; amount_minor: bigint }>(
    q,
    sql`select r.cash_account_code, r.currency, ${sumMinor(sql`d.amount_minor`)} as amount_minor
        from receipt_disbursements d
        join receipts r on r.tenant_id = d.tenant_id and r.receipt_id = d.receipt_id
        where d.tenant_id = ${tenantId} and d.kind = 'refund'
        group by r.cash_account_code, r.currency`,
    ['amount_minor'],
  );
}

export interface ReceiptListFilter {
  customerId?: string;
  unappliedOnly?: boolean;
  /** Receipts applied (now or once) to this invoice (id). */
  invoiceId?: string;
  afterId?: string;
  limit: number;
}

export function listReceiptRows(q: Queryable, tenantId: string, f: ReceiptListFilter) {
  const c: SQL[] = [eq(receipts.tenantId, tenantId)];
  if (f.customerId) c.push(eq(receipts.customerId, f.customerId));
  if (f.unappliedOnly) c.push(gt(receipts.unappliedMinor, 0n));
  if (f.invoiceId)
    c.push(sql`${receipts.receiptId} in (select a.receipt_id from allocations a
                 where a.tenant_id = ${tenantId} and a.invoice_id = ${f.invoiceId})`);
  if (f.afterId) c.push(gt(receipts.receiptId, f.afterId));
  return q
    .select()
    .from(receipts)
    .where(and(...c))
    .orderBy(asc(receipts.receiptId))
    .limit(f.limit);
}

/** Σ unapplied cash per currency (what the AR subledger holds as credit of the customers). */
export function unappliedByCurrency(q: Queryable, tenantId: string) {
  return queryRowsWithSums<{ currency: string; unapplied_minor: bigint }>(
    q,
    sql`select currency, ${sumMinor(sql`unapplied_minor`)} as unapplied_minor from receipts
        where tenant_id = ${tenantId} and unapplied_minor <> 0 group by currency`,
    ['unapplied_minor'],
  );
}
