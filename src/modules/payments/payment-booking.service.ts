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
  const { tenantId, receiptId, currency } = checkout;
  const delta = refund.refundedTotalMinor - checkout.refundedMinor;
  if (!receiptId || delta <= 0n) return 'nothing more refunded';
  const detail = await getReceiptDetail(tx, tenantId, receiptId);
  let unapplied = detail.receipt.unappliedMinor;
  const undone: { invoiceId: string }[] = [];
  for (const a of [...detail.allocations].reverse()) {
    if (unapplied >= delta) break;
    if (a.unappliedAt) continue;
    await unapplyAllocationInTx(tx, deps, tenantId, a.allocationId, refund.date);
    unapplied += a.amountMinor;
    undone.push({ invoiceId: a.invoiceId });
  }
  await refundReceiptInTx(tx, deps, tenantId, receiptId, {
    amount: formatAmount(delta, currency),
    date: refund.date,
    reason: `Stripe refund ${refund.chargeId}`,
  });
  const again = await allocationsFor(
    tx,
    tenantId,
    undone.reverse().map((u) => u.invoiceId),
    unapplied - delta,
  );
  if (again.length > 0)
    await allocateReceiptInTx(
      tx,
      deps,
      tenantId,
      receiptId,
      again.map((a) => ({ invoice: a.invoiceId, amount: formatAmount(a.amountMinor, currency) })),
      refund.date,
    );
  await repo.updateCheckout(tx, tenantId, checkout.checkoutId, { refundedMinor: refund.refundedTotalMinor });
  return `refunded ${formatAmount(delta, currency)} ${currency} from receipt ${receiptId}`;
}
