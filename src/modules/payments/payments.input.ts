/** Zod schemas for the payments commands: the provider settings and a checkout. */
import { z } from 'zod';

const httpUrl = z
  .string()
  .url()
  .max(2000)
  .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

/**
 * The Stripe account of the tenant. A secret left out is kept, null removes it, a value replaces
 * it (sealed; never shown again).
 */
export const stripeSettingsInput = z
  .object({
    secretKey: z
      .string()
      .regex(
        /^(sk|rk)_(test|live)_[A-Za-z0-9]{8,247}$/,
        'must be a Stripe secret or restricted key (sk_… / rk_…)',
      )
      .nullable()
      .optional()
      .describe('secret API key (sk_test_… / sk_live_…); write-only'),
    webhookSecret: z
      .string()
      .regex(/^whsec_[A-Za-z0-9+/=]{8,250}$/, 'must be a webhook signing secret (whsec_…)')
      .nullable()
      .optional()
      .describe("the webhook endpoint's signing secret (whsec_…); write-only"),
    apiBaseUrl: httpUrl.optional().describe('default https://api.stripe.com (a local fake in tests)'),
  })
  .strict();
export type StripeSettingsInput = z.infer<typeof stripeSettingsInput>;

/** An invoice to pay in full (its id or number), or `{invoice, amount}` to pay part of it. */
export const checkoutItem = z.union([
  z.string().min(1),
  z
    .object({
      invoice: z.string().min(1).describe('invoice id or number'),
      amount: z
        .string()
        .regex(/^\d+(\.\d+)?$/, 'must be a decimal number like 150.00')
        .describe('what to pay of it: more than 0, at most its open amount (one partial item per checkout)'),
    })
    .strict(),
]);
export type CheckoutItem = z.infer<typeof checkoutItem>;

export const checkoutInput = z
  .object({
    invoices: z
      .array(checkoutItem)
      .min(1)
      .max(10)
      .describe(
        "invoice ids or numbers (or {invoice, amount} for part of one), all open, of one customer, in one currency (at most 10: Stripe's metadata holds their ids)",
      ),
    successUrl: httpUrl,
    cancelUrl: httpUrl,
  })
  .strict();
export type CheckoutInput = z.infer<typeof checkoutInput>;
