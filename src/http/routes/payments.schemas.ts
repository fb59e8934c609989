/** Response schemas of /v1/payments (the provider settings, checkouts, the event log). */
import { z } from 'zod';
import type { CheckoutView, StripeSettingsView } from '../../modules/payments/index.ts';
import { date, instant, iso, money } from './common.ts';

export const stripeSettingsSchema = z
  .object({
    provider: z.literal('stripe'),
    secretKeySet: z.boolean().describe('whether a secret key is stored (it is never shown)'),
    webhookSecretSet: z.boolean().describe('whether a webhook signing secret is stored (never shown)'),
    apiBaseUrl: z.string(),
    webhookPath: z
      .string()
      .describe("this tenant's webhook path, to register in Stripe behind the server's public origin"),
    updatedAt: instant.nullable(),
  })
  .meta({ id: 'StripeSettings' });

/** The path Stripe must post this tenant's events to (the webhook route names the tenant). */
export const stripeWebhookPath = (tenantId: string) =>
  `/v1/payments/stripe/webhook?tenant=${encodeURIComponent(tenantId)}`;

export const stripeSettingsView = (v: StripeSettingsView, tenantId: string) => ({
  ...v,
  webhookPath: stripeWebhookPath(tenantId),
  updatedAt: iso(v.updatedAt),
});

export const checkoutSchema = z
  .object({
    checkoutId: z.string(),
    provider: z.string(),
    sessionId: z.string().describe("the provider's Checkout Session id (cs_…)"),
    url: z.string().describe('where the customer pays (send it to them)'),
    status: z.enum(['open', 'processing', 'paid', 'failed']),
    customerId: z.string(),
    invoiceIds: z.array(z.string()),
    amount: money('the open amounts asked for'),
    currency: z.string(),
    receiptId: z.string().nullable().describe('the receipt booked when paid'),
    fee: money("the provider's fee").nullable(),
    refunded: money('refunded so far'),
    createdAt: instant,
    paidAt: instant.nullable(),
  })
  .meta({ id: 'PaymentCheckout' });

export const checkoutView = (v: CheckoutView) => ({
  ...v,
  createdAt: v.createdAt.toISOString(),
  paidAt: iso(v.paidAt),
});

export const paymentEventSchema = z
  .object({
    eventId: z.string(),
    provider: z.string(),
    type: z.string(),
    objectId: z.string().nullable(),
    status: z.enum(['received', 'booked', 'recorded', 'pending', 'ignored']),
    note: z.string().nullable(),
    receivedAt: instant,
    handledAt: instant.nullable(),
  })
  .meta({ id: 'PaymentEvent' });

export const paymentPayoutSchema = z
  .object({
    payoutId: z.string().describe("the provider's payout id (`po_…`)"),
    provider: z.literal('stripe'),
    amount: money('the payout'),
    currency: z.string(),
    arrivalDate: date.describe('when the provider said the bank would have it'),
    status: z.enum(['pending', 'in_transit', 'paid', 'failed', 'canceled']),
    matchState: z
      .enum(['expected', 'matched', 'exception', 'returned', 'closed'])
      .describe(
        'expected: no bank line yet; matched: booked Dr bank / Cr clearing with its bank line; exception: a line names it but differs (a person books it); returned: failed after it was matched; closed: failed or canceled before a line came',
      ),
    bankLineId: z.uuid().nullable().describe('the bank line that brought it (or the exception line)'),
    entryId: z.uuid().nullable(),
    returnEntryId: z.uuid().nullable(),
    note: z.string().nullable(),
  })
  .meta({ id: 'PaymentPayout' });

export const webhookAnswerSchema = z.object({
  received: z.literal(true),
  eventId: z.string(),
  status: z.enum(['booked', 'recorded', 'pending', 'ignored', 'duplicate']),
});
