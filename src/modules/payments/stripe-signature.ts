/**
 * Stripe's webhook signature (https://docs.stripe.com/webhooks#verify-manually): the header
 * `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>[,v1=…][,v0=…]`, each v1 computed over
 * `${t}.${raw body}` with the endpoint's signing secret (`whsec_…`, used as it is, not decoded).
 * Valid when any v1 matches (Stripe sends several while a secret is rolled) and `t` is within the
 * tolerance of now, either way. Not the scheme of cashloop's own outbound webhooks
 * (Standard Webhooks, docs/webhooks.md).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Stripe's default tolerance (its SDKs' `DEFAULT_TOLERANCE`): five minutes. */
export const STRIPE_SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureVerdict =
  | { readonly ok: true; readonly timestamp: number }
  | { readonly ok: false; readonly reason: 'malformed' | 'no_match' | 'stale' };

function parseHeader(header: string): { timestamp: number; signatures: string[] } | null {
  let timestamp = Number.NaN;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  return Number.isFinite(timestamp) && signatures.length > 0 ? { timestamp, signatures } : null;
}

/**
 * Check `header` against `rawBody` (the bytes as received, before any JSON parsing) at `nowSeconds`.
 *
 * @example
 * verifyStripeSignature(body, 't=1700000000,v1=5257a8…', 'whsec_…', 1700000010) // { ok: true, timestamp: 1700000000 }
 */
export function verifyStripeSignature(
  rawBody: string,
  header: string | undefined,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = STRIPE_SIGNATURE_TOLERANCE_SECONDS,
): SignatureVerdict {
  const parsed = header ? parseHeader(header) : null;
  if (!parsed) return { ok: false, reason: 'malformed' };
  const expected = createHmac('sha256', secret).update(`${parsed.timestamp}.${rawBody}`, 'utf8').digest();
  const matches = parsed.signatures.some((hex) => timingSafeEqual(Buffer.from(hex, 'hex'), expected));
  if (!matches) return { ok: false, reason: 'no_match' };
  if (Math.abs(nowSeconds - parsed.timestamp) > toleranceSeconds) return { ok: false, reason: 'stale' };
  return { ok: true, timestamp: parsed.timestamp };
}
