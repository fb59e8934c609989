/**
 * What cashloop reads of a Stripe event (https://docs.stripe.com/api/events/object): its id, type,
 * creation time and the few fields of `data.object` each handled type needs. Pure: no I/O.
 */
import { type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';

export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'payment_intent.succeeded',
  'charge.refunded',
  'payout.paid',
  'payout.failed',
  'payout.canceled',
  'charge.dispute.created',
  'charge.dispute.funds_withdrawn',
  'charge.dispute.funds_reinstated',
  'charge.dispute.closed',
] as const;
export type HandledEventType = (typeof HANDLED_EVENT_TYPES)[number];

export interface StripeEvent {
  readonly id: string;
  readonly type: string;
  readonly date: CalendarDate;
  /** `data.object.id`. */
  readonly objectId: string | null;
  /** The checkout's id in cashloop (metadata `checkout_id`, or a session's `client_reference_id`). */
  readonly checkoutId: string | null;
  /** The tenant the metadata names (checked against the tenant the delivery came for). */
  readonly tenantId: string | null;
  readonly paymentIntentId: string | null;
  /** A session's `payment_status` (`paid`, `unpaid`, `no_payment_required`). */
  readonly paymentStatus: string | null;
  /** What was paid (a session's `amount_total`, an intent's `amount_received`), minor units. */
  readonly amountMinor: bigint | null;
  /** A charge's cumulative `amount_refunded`. */
  readonly refundedTotalMinor: bigint | null;
  /** A payout (`data.object.object` = `payout`). */
  readonly payout: StripePayout | null;
  /** A dispute (`data.object.object` = `dispute`). */
  readonly dispute: StripeDispute | null;
}

/** A payout as https://docs.stripe.com/api/payouts/object shows it. */
export interface StripePayout {
  readonly id: string;
  readonly amountMinor: bigint;
  /** Upper case. */
  readonly currency: string;
  /** `arrival_date`: when the bank should have it. */
  readonly arrivalDate: CalendarDate;
  readonly status: string;
  readonly statementDescriptor: string | null;
}

/** One of a dispute's `balance_transactions`: money taken (amount < 0) or given back, and a fee. */
export interface DisputeMovement {
  readonly id: string;
  /** Signed, minor units: negative when withdrawn. */
  readonly amountMinor: string;
  /** Signed, minor units: the dispute fee (negative when it is returned). */
  readonly feeMinor: string;
  readonly currency: string;
}

/** A dispute as https://docs.stripe.com/api/disputes/object shows it. */
export interface StripeDispute {
  readonly id: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly status: string;
  readonly reason: string | null;
  readonly movements: readonly DisputeMovement[];
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
const int = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : null);
const signed = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : '0');
const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** The event in `rawBody`, or null when it is not a Stripe event object. */
export function parseStripeEvent(rawBody: string): StripeEvent | null {
  let body: Record<string, unknown>;
  try {
    body = obj(JSON.parse(rawBody));
  } catch {
    return null;
  }
  const id = str(body.id);
  const type = str(body.type);
  const created = typeof body.created === 'number' ? body.created : null;
  if (!id || !type || created === null || body.object !== 'event') return null;
  const o = obj(obj(body.data).object);
  const metadata = obj(o.metadata);
  const isIntent = o.object === 'payment_intent';
  const paymentIntent = isIntent ? str(o.id) : (str(o.payment_intent) ?? str(obj(o.payment_intent).id));
  return {
    id,
    type,
    date: todayUtc(new Date(created * 1000)),
    objectId: str(o.id),
    checkoutId: str(metadata.checkout_id) ?? str(o.client_reference_id),
    tenantId: str(metadata.tenant_id),
    paymentIntentId: paymentIntent,
    paymentStatus: str(o.payment_status),
    amountMinor: isIntent ? int(o.amount_received) : int(o.amount_total),
    refundedTotalMinor: o.object === 'charge' ? int(o.amount_refunded) : null,
    payout: o.object === 'payout' ? payoutOf(o) : null,
    dispute: o.object === 'dispute' ? disputeOf(o) : null,
  };
}

function payoutOf(o: Record<string, unknown>): StripePayout | null {
  const id = str(o.id);
  const amountMinor = int(o.amount);
  const currency = str(o.currency);
  const arrival = typeof o.arrival_date === 'number' ? o.arrival_date : null;
  if (!id || amountMinor === null || amountMinor === 0n || !currency || arrival === null) return null;
  return {
    id,
    amountMinor,
    currency: currency.toUpperCase(),
    arrivalDate: todayUtc(new Date(arrival * 1000)),
    status: str(o.status) ?? 'paid',
    statementDescriptor: str(o.statement_descriptor),
  };
}

function disputeOf(o: Record<string, unknown>): StripeDispute | null {
  const id = str(o.id);
  const amountMinor = int(o.amount);
  const currency = str(o.currency);
  if (!id || amountMinor === null || !currency) return null;
  const bts = Array.isArray(o.balance_transactions) ? o.balance_transactions.map(obj) : [];
  return {
    id,
    amountMinor,
    currency: currency.toUpperCase(),
    status: str(o.status) ?? 'needs_response',
    reason: str(o.reason),
    movements: bts.flatMap((bt) => {
      const btId = str(bt.id);
      return btId
        ? [
            {
              id: btId,
              amountMinor: signed(bt.amount),
              feeMinor: signed(bt.fee),
              currency: (str(bt.currency) ?? currency).toUpperCase(),
            },
          ]
        : [];
    }),
  };
}

export function isHandled(type: string): type is HandledEventType {
  return (HANDLED_EVENT_TYPES as readonly string[]).includes(type);
}
