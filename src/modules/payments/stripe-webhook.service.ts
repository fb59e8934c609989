/**
 * `POST /v1/payments/stripe/webhook`: a Stripe event, verified on its raw body with the tenant's
 * signing secret, stored once per event id (`payment_events`), then handled in one transaction
 * that holds the event row's lock, so a delivery repeated or sent 100 times at once books once.
 * The fee is read from Stripe before that transaction (STYLE.md §4). Out of order: a refund for a
 * payment not booked yet is stored `pending` and booked with the payment; a session completed
 * unpaid (SEPA debit) only marks the checkout `processing`; a chargeback waits like a refund.
 * Payouts (payouts.service.ts) and chargebacks (chargebacks.service.ts) are handled there.
 * Every verified event is answered 2xx.
 */
import { type Tx, withTransaction } from '../../db/client.ts';
import { AppError, assertUnreachable, validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { chargebackInTx } from './chargebacks.service.ts';
import { bookPaymentInTx, bookRefundInTx } from './payment-booking.service.ts';
import type { PaymentSettlement } from './payment-provider.ts';
import { providerAccountOrThrow, webhookSecretOf } from './payment-settings.service.ts';
import * as repo from './payments.repository.ts';
import { payoutFailedInTx, payoutPaidInTx } from './payouts.service.ts';
import { stripeProvider } from './stripe-api.ts';
import { isHandled, parseStripeEvent, type StripeEvent } from './stripe-events.ts';
import { verifyStripeSignature } from './stripe-signature.ts';

const PROVIDER = 'stripe';

export type EventStatus = 'booked' | 'recorded' | 'pending' | 'ignored';

export interface WebhookOutcome {
  readonly eventId: string;
  readonly type: string;
  readonly status: EventStatus | 'duplicate';
  readonly note: string | null;
}

export interface StripeDelivery {
  /** The tenant the endpoint URL names (`?tenant=`). */
  readonly tenantId: string;
  readonly rawBody: string;
  readonly signature: string | undefined;
}

/** Verify, store once, handle. A bad signature throws `signature_invalid` (400) naming only the reason. */
export async function receiveStripeWebhook(
  deps: CoreDeps,
  delivery: StripeDelivery,
): Promise<WebhookOutcome> {
  const { tenantId, rawBody } = delivery;
  const secret = isUuid(tenantId) ? await webhookSecretOf(deps.db, deps.secrets, tenantId) : null;
  const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
  const verdict = secret
    ? verifyStripeSignature(rawBody, delivery.signature, secret, nowSeconds)
    : ({ ok: false, reason: 'no_secret' } as const);
  if (!verdict.ok) throw new AppError('signature_invalid', `Stripe-Signature refused: ${verdict.reason}`);
  const event = parseStripeEvent(rawBody);
  if (!event)
    throw validationFailed('the body is not a Stripe event', [{ field: 'body', message: 'not an event' }]);
  await repo.insertEventIfNew(deps.db, {
    tenantId,
    provider: PROVIDER,
    eventId: event.id,
    type: event.type,
    objectId: event.objectId,
    paymentIntentId: event.paymentIntentId,
    payload: JSON.parse(rawBody),
    receivedAt: deps.clock.now(),
  });
  const settlement = await settlementToBook(deps, tenantId, event);
  return withTransaction(deps.db, async (tx) => {
    const row = await repo.lockEvent(tx, tenantId, PROVIDER, event.id);
    if (row?.status !== 'received')
      return { eventId: event.id, type: event.type, status: 'duplicate', note: row?.note ?? null };
    const { status, note } = await handleInTx(tx, deps, tenantId, event, settlement);
    await repo.markEvent(
      tx,
      { tenantId, provider: PROVIDER, eventId: event.id },
      {
        status,
        note,
        handledAt: deps.clock.now(),
      },
    );
    return { eventId: event.id, type: event.type, status, note };
  });
}

const PAID_TYPES = new Set(['checkout.session.async_payment_succeeded', 'payment_intent.succeeded']);
const paysNow = (e: StripeEvent) =>
  PAID_TYPES.has(e.type) || (e.type === 'checkout.session.completed' && e.paymentStatus === 'paid');

/** The fee of a payment this event may book, read from Stripe (null: nothing to book). */
async function settlementToBook(deps: CoreDeps, tenantId: string, event: StripeEvent) {
  if (!paysNow(event) || !event.paymentIntentId || !event.checkoutId || !isUuid(event.checkoutId))
    return null;
  const checkout = await repo.findCheckout(deps.db, tenantId, event.checkoutId);
  if (!checkout || checkout.status === 'paid') return null;
  const account = await providerAccountOrThrow(deps.db, deps.secrets, tenantId);
  return stripeProvider.settlementOf(account, event.paymentIntentId);
}

type Handled = { status: EventStatus; note: string | null };

async function handleInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  event: StripeEvent,
  settlement: PaymentSettlement | null,
): Promise<Handled> {
  if (event.tenantId !== null && event.tenantId !== tenantId)
    return { status: 'ignored', note: 'metadata names another tenant' };
  const type = event.type;
  if (!isHandled(type)) return { status: 'ignored', note: 'type not handled' };
  switch (type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
    case 'payment_intent.succeeded':
      return handlePaid(tx, deps, tenantId, event, settlement);
    case 'checkout.session.async_payment_failed':
      return handleFailed(tx, tenantId, event);
    case 'charge.refunded':
      return handleRefund(tx, deps, tenantId, event);
    case 'payout.paid':
    case 'payout.failed':
    case 'payout.canceled':
      return handlePayout(tx, deps, tenantId, event);
    case 'charge.dispute.created':
    case 'charge.dispute.funds_withdrawn':
    case 'charge.dispute.funds_reinstated':
    case 'charge.dispute.closed':
      return chargebackInTx(tx, deps, tenantId, event);
    default:
      return assertUnreachable(type);
  }
}

async function lockCheckout(tx: Tx, tenantId: string, event: StripeEvent) {
  return event.checkoutId && isUuid(event.checkoutId)
    ? repo.findCheckout(tx, tenantId, event.checkoutId, true)
    : null;
}

async function handlePaid(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  event: StripeEvent,
  settlement: PaymentSettlement | null,
): Promise<Handled> {
  const checkout = await lockCheckout(tx, tenantId, event);
  if (!checkout) return { status: 'ignored', note: 'no checkout of cashloop' };
  if (checkout.status === 'paid') return { status: 'recorded', note: 'payment already booked' };
  if (!paysNow(event)) {
    await repo.updateCheckout(tx, tenantId, checkout.checkoutId, {
      status: 'processing',
      paymentIntentId: event.paymentIntentId,
    });
    return { status: 'recorded', note: `session ${event.paymentStatus ?? 'unpaid'}: awaiting the payment` };
  }
  if (!settlement) throw new AppError('provider_failed', 'the payment could not be read from Stripe; retry');
  const note = await bookPaymentInTx(tx, deps, checkout, {
    amountMinor: event.amountMinor ?? checkout.amountMinor,
    date: event.date,
    settlement,
  });
  await bookWaitingRefunds(tx, deps, tenantId, settlement.paymentIntentId);
  return { status: 'booked', note };
}

/** Refund and chargeback events that came before their payment: booked now, in the payment's transaction. */
async function bookWaitingRefunds(tx: Tx, deps: TxDeps, tenantId: string, paymentIntentId: string) {
  for (const row of await repo.pendingEventsOfIntent(tx, tenantId, paymentIntentId)) {
    const event = parseStripeEvent(JSON.stringify(row.payload));
    if (!event) continue;
    const { status, note } = event.dispute
      ? await chargebackInTx(tx, deps, tenantId, event)
      : await handleRefund(tx, deps, tenantId, event);
    await repo.markEvent(tx, row, { status, note, handledAt: deps.clock.now() });
  }
}

async function handlePayout(tx: Tx, deps: TxDeps, tenantId: string, event: StripeEvent): Promise<Handled> {
  const payout = event.payout;
  if (!payout) return { status: 'ignored', note: 'not a payout object' };
  if (event.type === 'payout.paid') return payoutPaidInTx(tx, deps, tenantId, payout);
  return payoutFailedInTx(tx, deps, tenantId, payout, event.type === 'payout.failed' ? 'failed' : 'canceled');
}

async function handleFailed(tx: Tx, tenantId: string, event: StripeEvent): Promise<Handled> {
  const checkout = await lockCheckout(tx, tenantId, event);
  if (!checkout) return { status: 'ignored', note: 'no checkout of cashloop' };
  if (checkout.status === 'paid') return { status: 'recorded', note: 'already paid: failure not applied' };
  await repo.updateCheckout(tx, tenantId, checkout.checkoutId, { status: 'failed' });
  return { status: 'recorded', note: 'payment failed; the invoices stay open' };
}

async function handleRefund(tx: Tx, deps: TxDeps, tenantId: string, event: StripeEvent): Promise<Handled> {
  const intent = event.paymentIntentId;
  const checkout = intent ? await repo.findCheckoutByIntent(tx, tenantId, intent) : null;
  if (checkout?.status !== 'paid' || event.refundedTotalMinor === null)
    return { status: 'pending', note: 'refund waits for its payment to be booked' };
  const note = await bookRefundInTx(tx, deps, checkout, {
    refundedTotalMinor: event.refundedTotalMinor,
    date: event.date,
    chargeId: event.objectId ?? '',
  });
  return { status: 'booked', note };
}
