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
}

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
const int = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? BigInt(v) : null);
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
  };
}

export function isHandled(type: string): type is HandledEventType {
  return (HANDLED_EVENT_TYPES as readonly string[]).includes(type);
}
