/**
 * Response schemas of collections and credit (Zod, registered as OpenAPI components). Money is a
 * decimal string in major units next to its currency; dates 'YYYY-MM-DD'; instants ISO 8601.
 */
import { z } from 'zod';

const money = (what: string) => z.string().describe(`${what}, decimal string in major units of currency`);
const instant = z.string().describe('ISO 8601 instant');
const date = z.string().describe('YYYY-MM-DD');
const author = z
  .object({ name: z.string(), keyId: z.string().nullable() })
  .describe('an API key (label or id) or `system`');

export const activitySchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    customerExternalId: z.string().nullable(),
    kind: z.string().describe('call, email, note, meeting, letter, or system'),
    event: z
      .string()
      .nullable()
      .describe('for system entries: promise_broken, dispute_opened, credit_hold_set …'),
    text: z.string(),
    invoiceIds: z.array(z.string()),
    invoiceNumbers: z.array(z.string().nullable()),
    author,
    occurredAt: instant,
    createdAt: instant,
  })
  .meta({ id: 'Activity' });

export const disputeSchema = z
  .object({
    id: z.string(),
    invoiceId: z.string(),
    invoiceNumber: z.string().nullable(),
    customerId: z.string(),
    customerExternalId: z.string().nullable(),
    reason: z.string().describe('pricing, quantity, quality, not_received, duplicate, other'),
    amount: money('disputed amount'),
    currency: z.string(),
    status: z.string().describe('open, resolved, rejected'),
    openedAt: instant,
    openedBy: author,
    closedAt: instant.nullable(),
    closedBy: author.nullable(),
    resolution: z.string().nullable().describe('why rejected, or what was agreed'),
    creditNoteId: z.string().nullable(),
    creditNoteNumber: z.string().nullable(),
  })
  .meta({ id: 'Dispute' });

export const disputeDetailSchema = disputeSchema
  .extend({
    notes: z.array(z.object({ id: z.string(), author, text: z.string(), createdAt: instant })),
  })
  .meta({ id: 'DisputeDetail' });

export const promiseSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    customerExternalId: z.string().nullable(),
    amount: money('promised amount'),
    currency: z.string(),
    madeOn: date,
    promisedOn: date,
    keepBy: date.describe('promised date + grace days: paid by then keeps the promise'),
    invoiceIds: z.array(z.string()).describe('empty: a promise for the customer overall'),
    invoiceNumbers: z.array(z.string().nullable()),
    status: z.string().describe('open, kept, broken, cancelled'),
    note: z.string().nullable(),
    createdBy: author,
    createdAt: instant,
    settledOn: date.nullable(),
    paid: money('received towards it when settled').nullable(),
    cancelReason: z.string().nullable(),
  })
  .meta({ id: 'Promise' });

export const promiseEvaluationSchema = z
  .object({
    asOf: date,
    evaluated: z.number().int(),
    stillOpen: z.number().int(),
    settled: z.array(
      z.object({
        promiseId: z.string(),
        customerId: z.string(),
        customerExternalId: z.string().nullable(),
        outcome: z.enum(['kept', 'broken']),
        amount: money('promised'),
        paid: money('received'),
        currency: z.string(),
        promisedOn: date,
        keepBy: date,
      }),
    ),
  })
  .meta({ id: 'PromiseEvaluation' });

export const collectorSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    apiKeyId: z.string().nullable(),
    active: z.boolean(),
    customerCount: z.number().int(),
    createdAt: instant,
  })
  .meta({ id: 'Collector' });

export const assignmentSchema = z
  .object({
    customerId: z.string(),
    customerExternalId: z.string(),
    customerName: z.string(),
    collectorId: z.string().nullable(),
    collectorName: z.string().nullable(),
  })
  .meta({ id: 'Assignment' });

export const worklistItemSchema = z
  .object({
    rank: z.number().int().describe('1 = contact first'),
    customerId: z.string(),
    customerExternalId: z.string(),
    customerName: z.string(),
    collector: z.object({ id: z.string(), name: z.string() }).nullable(),
    score: z
      .number()
      .describe('expected value of a contact today, base currency: W × H × B (docs/collections.md)'),
    weightedOverdue: z.number().describe('W: collectible overdue × lateness, base currency'),
    historyFactor: z.number().describe('H: 0.5 (always on time) … 2 (always late); 1 without history'),
    brokenPromiseFactor: z.number().describe('B: 1.5 after a recent broken promise, else 1'),
    overdue: z.array(
      z.object({
        currency: z.string(),
        collectible: money('overdue, not disputed, not under promise'),
        underPromise: money('overdue but under an open promise'),
        oldestDays: z.number().int().nullable(),
        disputedInvoices: z.number().int(),
      }),
    ),
    history: z.object({
      settled: z.number().int(),
      late: z.number().int(),
      averageDaysLate: z.number().nullable(),
    }),
    brokenPromiseOn: date.nullable(),
    onHold: z.boolean(),
    reasons: z.array(z.string()).describe('the score in words'),
  })
  .meta({ id: 'WorklistItem' });

const holdSchema = z.object({
  id: z.string(),
  kind: z.enum(['manual', 'automatic']),
  reasons: z.array(z.string()).describe('automatic: over_limit, overdue'),
  note: z.string().nullable(),
  setOn: date,
  setAt: instant,
  setBy: author,
  releasedAt: instant.nullable(),
  releasedBy: author.nullable(),
  releaseNote: z.string().nullable(),
});
export const creditHoldSchema = holdSchema
  .extend({ customerId: z.string(), customerExternalId: z.string().nullable() })
  .meta({ id: 'CreditHold' });

export const creditStatusSchema = z
  .object({
    customerId: z.string(),
    customerExternalId: z.string(),
    asOf: date,
    currency: z.string().describe("the customer's currency: limit and exposure are in it"),
    creditLimit: money('credit limit').nullable(),
    exposure: z.object({
      openInvoices: money('open invoices'),
      unappliedCash: money('unapplied cash (reduces exposure)'),
      uninvoicedOrders: money('uninvoiced orders (none exist yet)'),
      total: money('open invoices − unapplied cash + uninvoiced orders'),
      unconvertedCurrencies: z
        .array(z.string())
        .describe('other currencies that could not be converted, left out'),
    }),
    available: money('credit limit − exposure (negative when over)').nullable(),
    oldestOverdueDays: z.number().int().nullable().describe('of the oldest open, undisputed invoice'),
    ruleReasons: z.array(z.string()).describe('what the automatic rules say now: over_limit, overdue'),
    onHold: z.boolean(),
    holds: z.array(holdSchema),
  })
  .meta({ id: 'CreditStatus' });

export const holdEvaluationSchema = z
  .object({
    asOf: date,
    evaluated: z.number().int(),
    onHold: z.number().int(),
    changes: z.array(
      z.object({
        customerId: z.string(),
        customerExternalId: z.string().nullable(),
        change: z.enum(['set', 'release', 'update']),
        reasons: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'CreditHoldEvaluation' });
