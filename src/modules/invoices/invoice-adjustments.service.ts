/**
 * Adjustments of an invoice's open amount: write-offs, early-payment discounts and bank charges
 * (each with its journal entry), their reversal with a receipt's application, and the bulk
 * settlement steps of many invoices at once.
 */
import { type Tx, withTransaction } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { money, parseAmount } from '../../shared/money.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { baseShare, JournalEntryBuilder, type JournalEntryDraft } from '../ledger/index.ts';
import { getTenantOrThrow, type Tenant } from '../tenants/index.ts';
import type { AdjustmentKind, SettlementAdjustmentKind } from './adjustment-kinds.ts';
import { getInvoiceRowOrThrow, type InvoiceRow, lockOne } from './invoice-queries.service.ts';
import { assertCanApply, type ClosingEvent, statusFor } from './invoice-status.ts';
import { announcePaidInTx } from './invoice-webhooks.ts';
import * as repo from './invoices.repository.ts';

export type NewAdjustmentRow = repo.NewAdjustmentRow;

/** The adjustments booked here: every kind but the credit note (a document of its own). */
type BookedAdjustmentKind = Exclude<AdjustmentKind, 'credit_note'>;

/** The account each adjustment that closes the gap between a payment and an invoice is charged to. */
const ADJUSTMENT_ACCOUNT = {
  write_off: 'bad_debt',
  discount: 'discounts_allowed',
  bank_charge: 'bank_charges',
} as const satisfies Record<BookedAdjustmentKind, string>;

/** How the adjustment's journal entry names it. */
const ADJUSTMENT_LABEL: Record<BookedAdjustmentKind, string> = {
  write_off: 'Write-off',
  discount: 'Discount',
  bank_charge: 'Bank charges',
};

export interface SettlementAdjustment {
  readonly kind: SettlementAdjustmentKind;
  readonly amountMinor: bigint;
  readonly reason: string;
  readonly date: CalendarDate;
  /** The receipt whose application it belongs to: unapplying that application takes it back. */
  readonly receiptId?: string;
}

/**
 * Settle part of an invoice's open amount that the customer rightly did not pay: an early-payment
 * discount (to discounts allowed) or bank charges deducted on the way (to bank charges).
 */
export function adjustInvoice(
  deps: CoreDeps,
  tenantId: string,
  idOrNumber: string,
  adjustment: SettlementAdjustment,
): Promise<InvoiceRow> {
  return withTransaction(deps.db, (tx) => adjustInvoiceInTx(tx, deps, tenantId, idOrNumber, adjustment));
}

/** `adjustInvoice` in the caller's transaction (a payment booked with its discount or charges). */
export async function adjustInvoiceInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  idOrNumber: string,
  adjustment: SettlementAdjustment,
): Promise<InvoiceRow> {
  const invoice = await lockOne(tx, tenantId, idOrNumber);
  assertCanApply('write_off', invoice.status, invoice.number);
  if (adjustment.amountMinor <= 0n || adjustment.amountMinor > invoice.openMinor)
    throw new AppError(
      'over_allocation',
      `adjustment must be within the open amount of invoice ${invoice.number}`,
      [{ field: 'amount', message: 'between 0 and the open amount' }],
    );
  await postAdjustment(deps, tx, invoice, adjustment);
  return getInvoiceRowOrThrow(tx, tenantId, invoice.invoiceId);
}

/** Dr the adjustment's account / Cr AR of the invoice: a write-off, a discount or bank charges. */
export function adjustmentEntry(
  invoice: Pick<InvoiceRow, 'invoiceId' | 'customerId' | 'currency' | 'number'>,
  adj: { kind: keyof typeof ADJUSTMENT_ACCOUNT; amountMinor: bigint; reason: string; date: CalendarDate },
  arBase: bigint,
): JournalEntryDraft {
  return new JournalEntryBuilder(
    `invoice.${adj.kind === 'write_off' ? 'written_off' : adj.kind}`,
    adj.date,
    `${ADJUSTMENT_LABEL[adj.kind]} on ${invoice.number}: ${adj.reason}`,
  )
    .from('invoice', invoice.invoiceId)
    .debit(ADJUSTMENT_ACCOUNT[adj.kind], money(adj.amountMinor, invoice.currency), arBase)
    .credit('ar_control', money(adj.amountMinor, invoice.currency), arBase, {
      customerId: invoice.customerId,
      invoiceId: invoice.invoiceId,
    })
    .build();
}

/** Book an adjustment: its entry, its row, and the invoice's lower open amount. */
export async function postAdjustment(
  deps: TxDeps,
  tx: Tx,
  invoice: InvoiceRow,
  adj: {
    kind: keyof typeof ADJUSTMENT_ACCOUNT;
    amountMinor: bigint;
    reason: string;
    date: CalendarDate;
    receiptId?: string;
  },
): Promise<void> {
  const tenant = await getTenantOrThrow(tx, invoice.tenantId);
  const amount = adj.amountMinor;
  const arBase = await invoiceBaseShare(deps, tx, tenant, invoice, amount);
  const entry = adjustmentEntry(invoice, adj, arBase);
  const entryId = await deps.ledger.post(tx, invoice.tenantId, entry);
  await repo.insertAdjustment(tx, {
    tenantId: invoice.tenantId,
    adjustmentId: newId(),
    invoiceId: invoice.invoiceId,
    kind: adj.kind,
    amountMinor: amount,
    reason: adj.reason,
    entryId,
    receiptId: adj.receiptId ?? null,
  });
  await reduceOpen(deps, tx, invoice, amount, adj.kind === 'write_off' ? 'write_off' : 'payment');
}

/**
 * Take back the discounts and bank charges booked with a receipt's application (when it is
 * unapplied): each entry is reversed, and the amount is open on its invoice again. Returns how
 * many were taken back. Runs in the caller's transaction.
 */
export async function reverseReceiptAdjustments(
  deps: TxDeps,
  tx: Tx,
  tenantId: string,
  receiptId: string,
  date: CalendarDate,
): Promise<number> {
  const adjustments = await repo.activeAdjustmentsOfReceipt(tx, tenantId, receiptId);
  const invoices = new Map(
    (await repo.lockInvoices(tx, tenantId, [...new Set(adjustments.map((a) => a.invoiceId))])).map((i) => [
      i.invoiceId,
      i,
    ]),
  );
  for (const adj of adjustments) {
    const invoice = invoices.get(adj.invoiceId);
    if (!invoice) throw notFound('invoice', adj.invoiceId);
    assertCanApply('unapply', invoice.status, invoice.number);
    const reason = `${adj.kind.replace('_', ' ')} taken back with the application it belonged to`;
    const reversal = await deps.ledger.reverse(
      tx,
      tenantId,
      adj.entryId,
      date,
      'invoice.adjustment_reversed',
      reason,
    );
    await repo.markAdjustmentReversed(tx, tenantId, adj.adjustmentId, reversal, deps.clock.now());
    await reduceOpen(deps, tx, invoice, -adj.amountMinor, 'payment');
    invoices.set(invoice.invoiceId, { ...invoice, openMinor: invoice.openMinor + adj.amountMinor });
  }
  return adjustments.length;
}

/** `amount` (default: all that is open) checked against the invoice's open amount. */
export function amountWithinOpen(invoice: InvoiceRow, amount: string | undefined): bigint {
  const value = amount === undefined ? invoice.openMinor : parseAmount(amount, invoice.currency, 'amount');
  if (value <= 0n)
    throw validationFailed('amount must be positive', [{ field: 'amount', message: 'must be positive' }]);
  if (value > invoice.openMinor) {
    throw new AppError('over_allocation', `amount exceeds the open amount of invoice ${invoice.number}`, [
      { field: 'amount', message: `at most the open amount` },
    ]);
  }
  return value;
}

/** Base-currency share of `amount` of an invoice's AR balance (exact: the last share takes the rest). */
export async function invoiceBaseShare(
  deps: TxDeps,
  tx: Tx,
  tenant: Tenant,
  invoice: InvoiceRow,
  amount: bigint,
): Promise<bigint> {
  if (invoice.currency === tenant.baseCurrency) return amount;
  const remainingBase = await deps.ledger.arBaseBalance(tx, tenant.tenantId, {
    invoiceId: invoice.invoiceId,
  });
  return baseShare(remainingBase, invoice.openMinor, amount);
}

/** Lower (or, negative `delta`, raise) an invoice's open amount and set its status. */
export async function reduceOpen(
  deps: TxDeps,
  tx: Tx,
  invoice: InvoiceRow,
  amount: bigint,
  event: ClosingEvent,
): Promise<void> {
  const openMinor = invoice.openMinor - amount;
  const status = statusFor(openMinor, invoice.totalMinor, event);
  await repo.updateInvoice(tx, invoice.tenantId, invoice.invoiceId, {
    openMinor,
    status,
    closedAt: openMinor === 0n ? deps.clock.now() : null,
  });
  if (status === 'paid' && invoice.status !== 'paid')
    await announcePaidInTx(tx, invoice.tenantId, [invoice], deps.clock.now());
}

/** Record settlement adjustments of many invoices at once (the bulk receipts path), in `tx`. */
export function insertAdjustmentsInTx(tx: Tx, rows: readonly NewAdjustmentRow[]): Promise<void> {
  return repo.insertAdjustments(tx, rows);
}

/**
 * Set the open amounts and statuses of many invoices in one statement (bulk settlement), in `tx`;
 * those now `paid` (the caller only settles open invoices) are told as `invoice.paid`.
 */
export async function setOpenAmountsInTx(
  tx: Tx,
  tenantId: string,
  updates: readonly { invoiceId: string; openMinor: bigint; status: string }[],
  closedAt: Date,
): Promise<void> {
  await repo.setOpenAmounts(tx, tenantId, updates, closedAt);
  const paidIds = updates.filter((u) => u.status === 'paid').map((u) => u.invoiceId);
  if (paidIds.length)
    await announcePaidInTx(tx, tenantId, await repo.findInvoicesByIds(tx, tenantId, paidIds), closedAt);
}
