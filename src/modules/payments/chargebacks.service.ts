/**
 * Chargebacks (`charge.dispute.*`) on payments cashloop booked, in the event's transaction. Every
 * event brings the books to what the dispute should have moved by then (chargeback-funds.ts), so a
 * repeated, late or overtaken event books only the difference, and nothing twice:
 * - money withheld: taken back from the payment's receipt through the clearing account (Dr AR /
 *   Cr clearing: the invoices reopen), and a cashloop dispute (`chargeback`) opened on each
 *   reopened invoice, so it lands in the collectors' worklist;
 * - money reinstated (won): a receipt on the clearing account applied to the invoices again, and
 *   the cashloop disputes closed (`rejected`: the card holder's claim failed);
 * - lost: the invoices stay open, the disputes say so (the collector chases or writes off);
 * - the dispute fee, net: Dr fees / Cr clearing (given back: the reverse).
 */
import type { Tx } from '../../db/client.ts';
import { formatAmount } from '../../shared/money.ts';
import type { TxDeps } from '../core-deps.ts';
import {
  getDisputeDetail,
  noteDisputeInTx,
  raiseDisputesInTx,
  rejectDisputeInTx,
} from '../disputes/index.ts';
import { getInvoicesByIds } from '../invoices/index.ts';
import { chargebackTarget, gatherMovements, lastingStatus } from './chargeback-funds.ts';
import { bookProviderFeeInTx, reinstateInTx, takeBackInTx } from './payment-booking.service.ts';
import * as repo from './payments.repository.ts';
import type { DisputeMovement, StripeDispute, StripeEvent } from './stripe-events.ts';

const PROVIDER = 'stripe';
/** Who opens and notes the chargeback disputes. */
const STRIPE_ACTOR = { keyId: null, userId: null, name: 'Stripe' } as const;

type Handled = { status: 'booked' | 'recorded' | 'pending' | 'ignored'; note: string };

/** Any `charge.dispute.*` event: book what its dispute moved since the last one. */
export async function chargebackInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  event: StripeEvent,
): Promise<Handled> {
  const dispute = event.dispute;
  if (!dispute) return { status: 'ignored', note: 'not a dispute object' };
  const intent = event.paymentIntentId;
  const checkout = intent ? await repo.findCheckoutByIntent(tx, tenantId, intent) : null;
  if (checkout?.status !== 'paid' || !intent)
    return { status: 'pending', note: 'chargeback waits for its payment to be booked' };
  if (checkout.currency !== dispute.currency)
    return {
      status: 'recorded',
      note: `dispute in ${dispute.currency}, payment in ${checkout.currency}: not booked`,
    };
  const row = await repo.lockChargeback(tx, {
    tenantId,
    provider: PROVIDER,
    disputeId: dispute.id,
    checkoutId: checkout.checkoutId,
    paymentIntentId: intent,
    currency: dispute.currency,
    amountMinor: dispute.amountMinor,
    status: dispute.status,
    reason: dispute.reason,
  });
  return settleInTx(tx, deps, { checkout, row, dispute, date: event.date });
}

interface Settling {
  readonly checkout: repo.CheckoutRow;
  readonly row: repo.ChargebackRow;
  readonly dispute: StripeDispute;
  readonly date: string;
}

async function settleInTx(tx: Tx, deps: TxDeps, s: Settling): Promise<Handled> {
  const { checkout, row, dispute } = s;
  const status = lastingStatus(row.status, dispute.status);
  const movements = gatherMovements(row.balanceTransactions as DisputeMovement[], dispute.movements);
  const paid = checkout.amountMinor - checkout.refundedMinor;
  const target = chargebackTarget(status, dispute.amountMinor, checkout.currency, movements, paid);
  const notes: string[] = [];
  let disputeIds = [...row.disputeIds];
  const delta = target.withheldMinor - row.withheldMinor;
  if (delta > 0n) disputeIds = [...disputeIds, ...(await withholdInTx(tx, deps, s, delta, notes))];
  if (delta < 0n) await reinstateChargebackInTx(tx, deps, s, -delta, notes);
  const feeDelta = target.feeMinor - row.feeMinor;
  if (feeDelta !== 0n) {
    await bookProviderFeeInTx(tx, deps, checkout, { amountMinor: feeDelta, date: s.date, memo: dispute.id });
    notes.push(`dispute fee ${formatAmount(feeDelta, checkout.currency)} ${checkout.currency}`);
  }
  if (status !== row.status || notes.length > 0) await closeInTx(tx, deps, s, status, disputeIds);
  if (target.foreignFees > 0) notes.push(`${target.foreignFees} fee(s) in another currency not booked`);
  await repo.updateChargeback(tx, row, {
    status,
    withheldMinor: target.withheldMinor,
    feeMinor: target.feeMinor,
    balanceTransactions: movements,
    disputeIds,
    updatedAt: deps.clock.now(),
  });
  const booked = delta !== 0n || feeDelta !== 0n;
  return {
    status: booked ? 'booked' : 'recorded',
    note: `dispute ${dispute.id} ${status}${notes.length > 0 ? `: ${notes.join('; ')}` : ''}`,
  };
}

/** Take `amountMinor` back from the payment and open a chargeback dispute on each invoice it reopens. */
async function withholdInTx(
  tx: Tx,
  deps: TxDeps,
  s: Settling,
  amountMinor: bigint,
  notes: string[],
): Promise<string[]> {
  const { checkout, dispute } = s;
  const before = await openAmounts(tx, checkout);
  const what = await takeBackInTx(tx, deps, checkout, {
    amountMinor,
    date: s.date,
    reason: `Stripe chargeback ${dispute.id}`,
  });
  notes.push(`withdrawn ${what}`);
  const after = await openAmounts(tx, checkout);
  const claims = checkout.invoiceIds.flatMap((invoiceId) => {
    const reopened = (after.get(invoiceId) ?? 0n) - (before.get(invoiceId) ?? 0n);
    return reopened > 0n
      ? [
          {
            invoiceId,
            reason: 'chargeback' as const,
            amountMinor: reopened,
            text: `Chargeback: the card holder disputed the payment (Stripe dispute ${dispute.id}, reason ${dispute.reason ?? 'not given'}); ${formatAmount(reopened, checkout.currency)} ${checkout.currency} withdrawn`,
          },
        ]
      : [];
  });
  const raised = await raiseDisputesInTx(tx, deps, checkout.tenantId, claims, STRIPE_ACTOR);
  return [...new Set(raised.map((r) => r.disputeId))];
}

async function openAmounts(tx: Tx, checkout: repo.CheckoutRow): Promise<Map<string, bigint>> {
  const rows = await getInvoicesByIds(tx, checkout.tenantId, checkout.invoiceIds);
  return new Map(rows.map((i) => [i.invoiceId, i.openMinor]));
}

async function reinstateChargebackInTx(
  tx: Tx,
  deps: TxDeps,
  s: Settling,
  amountMinor: bigint,
  notes: string[],
): Promise<void> {
  const receiptId = await reinstateInTx(tx, deps, s.checkout, {
    amountMinor,
    date: s.date,
    reference: `Stripe dispute ${s.dispute.id} won`,
  });
  notes.push(
    `reinstated ${formatAmount(amountMinor, s.checkout.currency)} ${s.checkout.currency} (receipt ${receiptId})`,
  );
}

/** Won: the open chargeback disputes are closed; lost: they stay open and say so. */
async function closeInTx(tx: Tx, deps: TxDeps, s: Settling, status: string, disputeIds: readonly string[]) {
  if (status !== 'won' && status !== 'lost') return;
  const { tenantId } = s.checkout;
  for (const id of disputeIds) {
    const { dispute } = await getDisputeDetail(tx, tenantId, id);
    if (dispute.status !== 'open') continue;
    if (status === 'won')
      await rejectDisputeInTx(
        tx,
        deps,
        tenantId,
        id,
        `chargeback ${s.dispute.id} won: the funds were reinstated`,
        STRIPE_ACTOR,
      );
    else
      await noteDisputeInTx(
        tx,
        deps,
        tenantId,
        id,
        `Chargeback ${s.dispute.id} lost: the money stays withdrawn; chase the customer or write the invoice off`,
        STRIPE_ACTOR,
      );
  }
}
