/**
 * Collections as the API shows them: collectors and assignments, collection settings, promises to
 * pay and their evaluation, and worklist items. Money is a decimal string in major units next to
 * its currency; dates 'YYYY-MM-DD'; instants ISO 8601.
 */

import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import type {
  CollectorView,
  PromiseEvaluation,
  PromiseView,
  WorklistItem,
} from '../../modules/collections/index.ts';
import { formatAmount } from '../../shared/money.ts';
import { authorSchema, date, instant, money } from './common.ts';
import { riskScoreJson, riskScoreSchema } from './risk.routes.ts';
import { authorJson, lookups } from './shared-views.ts';

export const collectionSettingsSchema = z
  .object({
    promiseGraceDays: z
      .number()
      .int()
      .describe('days after the promised date a payment still keeps a promise'),
  })
  .meta({ id: 'CollectionSettings' });

export const promiseSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    customerExternalId: z.string().nullable(),
    customerName: z.string().nullable(),
    amount: money('promised amount'),
    currency: z.string(),
    madeOn: date,
    promisedOn: date,
    keepBy: date.describe('promised date + grace days: paid by then keeps the promise'),
    invoiceIds: z.array(z.string()).describe('empty: a promise for the customer overall'),
    invoiceNumbers: z.array(z.string().nullable()),
    status: z.string().describe('open, kept, broken, cancelled'),
    note: z.string().nullable(),
    createdBy: authorSchema,
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
    predicted: z
      .object({
        basis: z
          .enum(['model', 'customer_history'])
          .describe("customer_history: the tenant has no model; the customer's usual days late"),
        openInvoices: z.number().int(),
        daysLate: z.number().describe('mean predicted days late of the open invoices'),
        lateProbability: z
          .number()
          .nullable()
          .describe('mean probability of paying more than 5 days late; null: nothing known'),
      })
      .nullable()
      .describe('payment-date prediction of the open invoices (docs/analytics.md); not part of the score'),
    risk: riskScoreSchema.describe(
      "the customer's risk score as of the day (docs/analytics.md); beside the score, not part of it",
    ),
  })
  .meta({ id: 'WorklistItem' });

export async function promiseViews(
  q: Queryable,
  tenantId: string,
  rows: readonly PromiseView[],
): Promise<z.infer<typeof promiseSchema>[]> {
  const l = await lookups(
    q,
    tenantId,
    rows.map((r) => r.customerId),
    rows.flatMap((r) => r.invoiceIds),
  );
  return rows.map((r) => ({
    id: r.promiseId,
    customerId: r.customerId,
    customerExternalId: l.externalId(r.customerId),
    customerName: l.name(r.customerId),
    amount: formatAmount(r.amountMinor, r.currency),
    currency: r.currency,
    madeOn: r.madeOn,
    promisedOn: r.promisedOn,
    keepBy: r.keepBy,
    invoiceIds: r.invoiceIds,
    invoiceNumbers: r.invoiceIds.map((id) => l.number(id)),
    status: r.status,
    note: r.note,
    createdBy: authorJson(r.createdByName, r.createdByKeyId, r.createdByUserId),
    createdAt: r.createdAt.toISOString(),
    settledOn: r.settledOn,
    paid: r.paidMinor === null ? null : formatAmount(r.paidMinor, r.currency),
    cancelReason: r.cancelReason,
  }));
}

export async function promiseEvaluationView(
  q: Queryable,
  tenantId: string,
  e: PromiseEvaluation,
): Promise<z.infer<typeof promiseEvaluationSchema>> {
  const l = await lookups(
    q,
    tenantId,
    e.settled.map((s) => s.customerId),
    [],
  );
  return {
    asOf: e.asOf,
    evaluated: e.evaluated,
    stillOpen: e.stillOpen,
    settled: e.settled.map((s) => ({
      promiseId: s.promiseId,
      customerId: s.customerId,
      customerExternalId: l.externalId(s.customerId),
      outcome: s.outcome,
      amount: formatAmount(s.amountMinor, s.currency),
      paid: formatAmount(s.paidMinor, s.currency),
      currency: s.currency,
      promisedOn: s.promisedOn,
      keepBy: s.keepBy,
    })),
  };
}

export function collectorJson(c: CollectorView): z.infer<typeof collectorSchema> {
  return {
    id: c.collectorId,
    name: c.name,
    email: c.email,
    apiKeyId: c.apiKeyId,
    active: c.active,
    customerCount: c.customerCount,
    createdAt: c.createdAt.toISOString(),
  };
}

export function worklistItemJson(item: WorklistItem, rank: number): z.infer<typeof worklistItemSchema> {
  const h = item.facts.history;
  return {
    rank,
    customerId: item.customerId,
    customerExternalId: item.externalId,
    customerName: item.name,
    collector: item.collector ? { id: item.collector.collectorId, name: item.collector.name } : null,
    score: round2(item.score),
    weightedOverdue: round2(item.weightedOverdue),
    historyFactor: Math.round(item.historyFactor * 10000) / 10000,
    brokenPromiseFactor: item.brokenPromiseFactor,
    overdue: item.facts.overdue.map((c) => ({
      currency: c.currency,
      collectible: formatAmount(c.collectibleMinor, c.currency),
      underPromise: formatAmount(c.promisedMinor, c.currency),
      oldestDays: c.oldestDays,
      disputedInvoices: c.disputedCount,
    })),
    history: {
      settled: h.settled,
      late: h.late,
      averageDaysLate: h.settled === 0 ? null : Math.round((h.sumDaysAfterDue / h.settled) * 10) / 10,
    },
    brokenPromiseOn: item.facts.brokenPromiseOn,
    onHold: item.facts.onHold,
    reasons: item.reasons,
    predicted: item.predicted
      ? {
          ...item.predicted,
          daysLate: Math.round(item.predicted.daysLate * 10) / 10,
          lateProbability:
            item.predicted.lateProbability === null
              ? null
              : Math.round(item.predicted.lateProbability * 1000) / 1000,
        }
      : null,
    risk: riskScoreJson(item.risk),
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
