/**
 * Booking what the provider reports, in the caller's transaction, through the receipts module:
 * - a paid checkout: one receipt of the amount paid on the clearing account (`payment_clearing`,
 *   Dr clearing / Cr AR), applied to the checkout's invoices up to what each still has open (the
 *   rest stays the customer's unapplied cash); the provider's fee Dr `payment_fees` / Cr clearing;
 * - a refund: allocations undone (latest first) until the receipt's unapplied cash covers it, the
 *   refund from the clearing account (receipts' refund), and what remains applied again.
 * The caller holds the checkout row's lock, so a payment is booked once however often it is told.
 */
import type { Tx } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { formatAmount, money } from '../../shared/money.ts';
import type { TxDeps } from '../core-deps.ts';
import { getInvoiceRowOrThrow } from '../invoices/index.ts';
import { JournalEntryBuilder, toBase } from '../ledger/index.ts';
import {
  allocateInTx,
  allocateReceiptInTx,
  getReceiptDetail,
  recordNewReceiptInTx,
  refundReceiptInTx,
  unapplyAllocationInTx,
} from '../receipts/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import type { PaymentSettlement } from './payment-provider.ts';
import * as repo from './payments.repository.ts';

/** The invoices' open amounts, in the checkout's order, covered by `amountMinor` as far as it goes. */
async function allocationsFor(tx: Tx, tenantId: string, invoiceIds: readonly string[], amountMinor: bigint) {
  const out: { invoiceId: string; amountMinor: bigint }[] = [];
  let left = amountMinor;
  for (const invoiceId of invoiceIds) {
    const invoice = await getInvoiceRowOrThrow(tx, tenantId, invoiceId);
    const share = invoice.openMinor < left ? invoice.openMinor : left;
    if (share > 0n && invoice.kind === 'invoice') out.push({ invoiceId, amountMinor: share });
    left -= share > 0n ? share : 0n;
  }
  return out;
}

/** The provider's fee: Dr payment fees / Cr clearing, at the receipt's rate. */
async function bookFee(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  fee: { amountMinor: bigint; currency: string; fxRate: string; date: CalendarDate; paymentIntentId: string },
) {
  const { baseCurrency } = await getTenantOrThrow(tx, tenantId);
  const base = toBase(fee.amountMinor, fee.currency, baseCurrency, fee.fxRate);
  const amount = money(fee.amountMinor, fee.currency);
  const entry = new JournalEntryBuilder('payment.provider_fee', fee.date, `Stripe fee ${fee.paymentIntentId}`)
    .debit('payment_fees', amount, base, { memo: fee.paymentIntentId })
    .credit('payment_clearing', amount, base, { memo: fee.paymentIntentId })
    .build();
  return deps.ledger.post(tx, tenantId, entry);
}

/** Book a paid checkout (locked by the caller, not yet paid); returns a note for the event. */
export async function bookPaymentInTx(
  tx: Tx,
  deps: TxDeps,
  checkout: repo.CheckoutRow,
  paid: { amountMinor: bigint; date: CalendarDate; settlement: PaymentSettlement },
): Promise<string> {
  const { tenantId } = checkout;
  const codes = await deps.ledger.ensureAccounts(tx, tenantId, ['payment_clearing', 'payment_fees']);
  const { paymentIntentId } = paid.settlement;
  const receiptId = await recordNewReceiptInTx(tx, deps, tenantId, {
    customerId: checkout.customerId,
    method: 'card',
    receivedOn: paid.date,
    amountMinor: paid.amountMinor,
    currency: checkout.currency,
    fxRate: null,
    payerName: null,
    payerIban: null,
    reference: `Stripe ${paymentIntentId}`,
    cashAccountCode: codes.get('payment_clearing') ?? null,
  });
  const allocations = await allocationsFor(tx, tenantId, checkout.invoiceIds, paid.amountMinor);
  if (allocations.length > 0) await allocateInTx(tx, deps, tenantId, receiptId, allocations, paid.date);
  const { receipt } = await getReceiptDetail(tx, tenantId, receiptId);
  const { feeMinor, feeCurrency } = paid.settlement;
  const feeBooked = feeMinor > 0n && feeCurrency === checkout.currency;
  const feeEntryId = feeBooked
    ? await bookFee(tx, deps, tenantId, {
        amountMinor: feeMinor,
        currency: feeCurrency,
        fxRate: receipt.fxRate,
        date: paid.date,
        paymentIntentId,
      })
    : null;
  await repo.updateCheckout(tx, tenantId, checkout.checkoutId, {
    status: 'paid',
    paymentIntentId,
    receiptId,
    feeMinor: feeBooked ? feeMinor : null,
    feeEntryId,
    paidAt: deps.clock.now(),
  });
  const feeNote =
    feeMinor > 0n && !feeBooked ? `; fee ${feeMinor} ${feeCurrency} in another currency, not booked` : '';
  return `receipt ${receiptId}${feeNote}`;
}

/** Book a refund up to `refundedTotalMinor` (the charge's cumulative `amount_refunded`). */
export async function bookRefundInTx(
  tx: Tx,
  deps: TxDeps,
  checkout: repo.CheckoutRow,
  refund: { refundedTotalMinor: bigint; date: CalendarDate; chargeId: string },
): Promise<string> {
  const delta = refund.refundedTotalMinor - checkout.refundedMinor;
  if (!checkout.receiptId || delta <= 0n) return 'nothing more refunded';
  const note = await takeBackInTx(tx, deps, checkout, {
    amountMinor: delta,
    date: refund.date,
    reason: `Stripe refund ${refund.chargeId}`,
  });
  await repo.updateCheckout(tx, checkout.tenantId, checkout.checkoutId, {
    refundedMinor: refund.refundedTotalMinor,
  });
  return `refunded ${note}`;
}

/**
 * Take `amountMinor` of a paid checkout's money back out through the clearing account (a refund,
 * a chargeback): allocations undone, latest first, until the receipt's unapplied cash covers it;
 * the amount leaves the receipt (receipts' refund, Dr AR / Cr clearing); what was undone beyond
 * it is applied again to the same invoices. Returns e.g. `100.00 EUR from receipt …`.
 */
export async function takeBackInTx(
  tx: Tx,
  deps: TxDeps,
  checkout: repo.CheckoutRow,
  back: { amountMinor: bigint; date: CalendarDate; reason: string },
): Promise<string> {
  const { tenantId, receiptId, currency } = checkout;
  if (!receiptId) throw new Error(`checkout ${checkout.checkoutId} has no receipt`);
  const detail = await getReceiptDetail(tx, tenantId, receiptId);
  let unapplied = detail.receipt.unappliedMinor;
  const undone: { invoiceId: string }[] = [];
  for (const a of [...detail.allocations].reverse()) {
    if (unapplied >= back.amountMinor) break;
    if (a.unappliedAt) continue;
    await unapplyAllocationInTx(tx, deps, tenantId, a.allocationId, back.date);
    unapplied += a.amountMinor;
    undone.push({ invoiceId: a.invoiceId });
  }
  await refundReceiptInTx(tx, deps, tenantId, receiptId, {
    amount: formatAmount(back.amountMinor, currency),
    date: back.date,
    reason: back.reason,
  });
  const again = await allocationsFor(
    tx,
    tenantId,
    undone.reverse().map((u) => u.invoiceId),
    unapplied - back.amountMinor,
  );
  if (again.length > 0)
    await allocateReceiptInTx(
      tx,
      deps,
      tenantId,
      receiptId,
      again.map((a) => ({ invoice: a.invoiceId, amount: formatAmount(a.amountMinor, currency) })),
      back.date,
    );
  return `${formatAmount(back.amountMinor, currency)} ${currency} from receipt ${receiptId}`;
}

/**
 * Money the provider gives back to a checkout (a chargeback won): a receipt of `amountMinor` on
 * the clearing account (Dr clearing / Cr AR), applied to the checkout's invoices up to what each
 * has open. Returns the receipt id.
 */
export async function reinstateInTx(
  tx: Tx,
  deps: TxDeps,
  checkout: repo.CheckoutRow,
  back: { amountMinor: bigint; date: CalendarDate; reference: string },
): Promise<string> {
  const { tenantId } = checkout;
  const codes = await deps.ledger.ensureAccounts(tx, tenantId, ['payment_clearing']);
  const receiptId = await recordNewReceiptInTx(tx, deps, tenantId, {
    customerId: checkout.customerId,
    method: 'card',
    receivedOn: back.date,
    amountMinor: back.amountMinor,
    currency: checkout.currency,
    fxRate: null,
    payerName: null,
    payerIban: null,
    reference: back.reference,
    cashAccountCode: codes.get('payment_clearing') ?? null,
  });
  const allocations = await allocationsFor(tx, tenantId, checkout.invoiceIds, back.amountMinor);
  if (allocations.length > 0) await allocateInTx(tx, deps, tenantId, receiptId, allocations, back.date);
  return receiptId;
}

/**
 * A provider's fee (or a fee given back, negative) on a paid checkout: Dr fees / Cr clearing at
 * the checkout receipt's rate. Returns the entry id.
 */
export async function bookProviderFeeInTx(
  tx: Tx,
  deps: TxDeps,
  checkout: repo.CheckoutRow,
  fee: { amountMinor: bigint; date: CalendarDate; memo: string },
): Promise<string> {
  const { tenantId, receiptId, currency } = checkout;
  if (!receiptId) throw new Error(`checkout ${checkout.checkoutId} has no receipt`);
  await deps.ledger.ensureAccounts(tx, tenantId, ['payment_clearing', 'payment_fees']);
  const { receipt } = await getReceiptDetail(tx, tenantId, receiptId);
  const { baseCurrency } = await getTenantOrThrow(tx, tenantId);
  const abs = fee.amountMinor < 0n ? -fee.amountMinor : fee.amountMinor;
  const baseAbs = toBase(abs, currency, baseCurrency, receipt.fxRate);
  const base = fee.amountMinor < 0n ? -baseAbs : baseAbs;
  const entry = new JournalEntryBuilder('payment.provider_fee', fee.date, `Stripe fee ${fee.memo}`)
    .line('payment_fees', currency, fee.amountMinor, base, { memo: fee.memo })
    .line('payment_clearing', currency, -fee.amountMinor, -base, { memo: fee.memo })
    .build();
  return deps.ledger.post(tx, tenantId, entry);
}
