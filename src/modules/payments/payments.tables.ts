import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { businessDate, instant, minor, minorZero, tenantId } from '../../db/columns.ts';

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

/**
 * A payout the provider sent (or failed to send) to the company's bank account: the bank credit
 * cashloop expects. `status` is the provider's (`paid`, `failed`, `canceled`); `match_state`:
 * expected (no bank line yet) → matched (the line is booked Dr bank / Cr clearing, `entry_id`) |
 * exception (a line names it but differs: a person books it) | returned (failed after it was
 * matched: `return_entry_id` moves the money back to the clearing account) | closed (failed or
 * canceled before any line came).
 */
export const paymentPayouts = pgTable(
  'payment_payouts',
  {
    tenantId: tenantId(),
    provider: text('provider').notNull(),
    payoutId: text('payout_id').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    currency: text('currency').notNull(),
    arrivalDate: businessDate('arrival_date').notNull(),
    statementDescriptor: text('statement_descriptor'),
    status: text('status').notNull(),
    matchState: text('match_state').notNull().default('expected'),
    transactionId: uuid('transaction_id'),
    entryId: uuid('entry_id'),
    returnEntryId: uuid('return_entry_id'),
    note: text('note'),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.provider, t.payoutId] }),
    index('payment_payouts_expected_idx').on(t.tenantId, t.matchState, t.currency),
    uniqueIndex('payment_payouts_line_uq').on(t.tenantId, t.transactionId),
    check('payment_payouts_amount_ck', sql`${t.amountMinor} > 0`),
    check(
      'payment_payouts_status_ck',
      sql`${t.status} in ('pending', 'in_transit', 'paid', 'failed', 'canceled')`,
    ),
    check(
      'payment_payouts_match_ck',
      sql`${t.matchState} in ('expected', 'matched', 'exception', 'returned', 'closed')`,
    ),
  ],
);

/**
 * A chargeback on a payment cashloop booked: what of it is withheld from the invoices now
 * (`withheld_minor`: withdrawn minus reinstated, booked Dr AR / Cr clearing and back), the
 * provider's dispute fee booked net (`fee_minor`, Dr fees / Cr clearing), and the cashloop
 * dispute it opened on each invoice (`dispute_ids`). `status` is the provider's; the balance
 * transactions are the union over every event, so a snapshot delivered late never undoes a later one.
 */
export const paymentDisputes = pgTable(
  'payment_disputes',
  {
    tenantId: tenantId(),
    provider: text('provider').notNull(),
    disputeId: text('dispute_id').notNull(),
    checkoutId: uuid('checkout_id').notNull(),
    paymentIntentId: text('payment_intent_id').notNull(),
    currency: text('currency').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
    withheldMinor: minorZero('withheld_minor'),
    feeMinor: minorZero('fee_minor'),
    /** Every balance transaction of the dispute seen so far (`[{id, amount, fee, currency}]`). */
    balanceTransactions: jsonb('balance_transactions').notNull().default(sql`'[]'::jsonb`),
    disputeIds: uuid('dispute_ids').array().notNull().default(sql`'{}'::uuid[]`),
    createdAt: instant('created_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.provider, t.disputeId] }),
    check('payment_disputes_withheld_ck', sql`${t.withheldMinor} >= 0`),
  ],
);
