import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { instant, minor, minorZero, tenantId } from '../../db/columns.ts';

/**
 * A tenant's payment provider account (Stripe): the secret API key and the webhook signing secret,
 * both sealed (shared/secret-box.ts, never shown or logged), and the API base URL (a local fake in
 * tests).
 */
export const paymentProviderSettings = pgTable('payment_provider_settings', {
  tenantId: tenantId().primaryKey(),
  provider: text('provider').notNull().default('stripe'),
  secretKeySealed: text('secret_key_sealed'),
  webhookSecretSealed: text('webhook_secret_sealed'),
  apiBaseUrl: text('api_base_url').notNull().default('https://api.stripe.com'),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

/**
 * A checkout the company asked the provider for: which customer's invoices, for how much, and what
 * came of it. `status`: open → processing (an asynchronous method such as SEPA debit) → paid |
 * failed. When paid: the receipt it booked and the fee; `refunded_minor` is what refunds took back.
 */
export const paymentCheckouts = pgTable(
  'payment_checkouts',
  {
    tenantId: tenantId(),
    checkoutId: uuid('checkout_id').notNull(),
    provider: text('provider').notNull(),
    providerSessionId: text('provider_session_id').notNull(),
    paymentIntentId: text('payment_intent_id'),
    customerId: uuid('customer_id').notNull(),
    invoiceIds: uuid('invoice_ids').array().notNull(),
    currency: text('currency').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    url: text('url').notNull(),
    status: text('status').notNull().default('open'),
    receiptId: uuid('receipt_id'),
    feeMinor: minor('fee_minor'),
    feeEntryId: uuid('fee_entry_id'),
    refundedMinor: minorZero('refunded_minor'),
    createdAt: instant('created_at').notNull().defaultNow(),
    paidAt: instant('paid_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.checkoutId] }),
    uniqueIndex('payment_checkouts_session_uq').on(t.tenantId, t.provider, t.providerSessionId),
    index('payment_checkouts_intent_idx').on(t.tenantId, t.paymentIntentId),
    check('payment_checkouts_status_ck', sql`${t.status} in ('open', 'processing', 'paid', 'failed')`),
    check('payment_checkouts_amount_ck', sql`${t.amountMinor} > 0`),
  ],
);

/**
 * Every provider event that passed the signature check, once per event id: the key that makes a
 * delivery repeated or concurrent book at most once. `status`: received (being handled, or its
 * handling failed: the provider retries) → booked | recorded (nothing to book) | pending (waits for
 * the payment it refers to) | ignored (a type cashloop does not handle).
 */
export const paymentEvents = pgTable(
  'payment_events',
  {
    tenantId: tenantId(),
    provider: text('provider').notNull(),
    eventId: text('event_id').notNull(),
    type: text('type').notNull(),
    objectId: text('object_id'),
    paymentIntentId: text('payment_intent_id'),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('received'),
    note: text('note'),
    receivedAt: instant('received_at').notNull().defaultNow(),
    handledAt: instant('handled_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.provider, t.eventId] }),
    index('payment_events_intent_idx').on(t.tenantId, t.paymentIntentId),
    check(
      'payment_events_status_ck',
      sql`${t.status} in ('received', 'booked', 'recorded', 'pending', 'ignored')`,
    ),
  ],
);
