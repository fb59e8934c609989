/**
 * /v1/analytics/payment-model: the tenant's payment-date model (its summary; training on demand,
 * which the weekly `payment-model.train` job also runs) and /v1/invoices/{id}/prediction: the
 * predicted payment date of an open invoice, its late probability and reasons (docs/analytics.md).
 */
import { z } from 'zod';
import { paymentFactSources } from '../../modules/collections/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { getInvoiceRowOrThrow } from '../../modules/invoices/index.ts';
import {
  getPaymentModelSummary,
  type InvoicePrediction,
  MIN_PAID_INVOICES,
  type PaymentModelSummary,
  predictInvoice,
  trainPaymentModelOfTenant,
} from '../../modules/predictions/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { type Api, date, errors, idempotencyHeaders, idParam, instant, iso } from './common.ts';

const round = (n: number, digits: number) => Number(n.toFixed(digits));

export const paymentModelSchema = z
  .object({
    status: z
      .enum(['model', 'too_little_history', 'never_trained'])
      .describe(
        `too_little_history: fewer than ${MIN_PAID_INVOICES} paid invoices; predictions use the customer's history`,
      ),
    trainedAt: instant.nullable(),
    asOf: date.nullable().describe('the business day the history was read as of'),
    paidInvoices: z.number().int().nullable().describe('settled invoices it was trained on'),
    minPaidInvoices: z.number().int(),
    holdout: z
      .object({
        size: z.number().int().describe('the latest 20% of the paid invoices by issue date'),
        from: date.describe('first held-out issue date; the holdout model knew nothing from it on'),
        modelMae: z.number().describe('mean absolute error of the days late, model'),
        baselineMae: z.number().describe("the same, the customer's mean days late so far"),
      })
      .nullable(),
  })
  .meta({ id: 'PaymentModel' });

export const invoicePredictionSchema = z
  .object({
    invoiceId: z.string(),
    asOf: date,
    basis: z
      .enum(['model', 'customer_history'])
      .describe("customer_history: no model for the tenant; the customer's usual days late"),
    dueOn: date,
    predictedOn: date.describe(
      'predicted payment date, never before asOf; the promised date when a promise to pay names the invoice',
    ),
    promisedOn: date
      .nullable()
      .describe('promised date of the earliest promise to pay open on asOf naming the invoice; null: none'),
    daysLate: z.number().describe('predicted days after the due date (negative: early)'),
    lateProbability: z.number().nullable().describe('of paying more than 5 days late; null: nothing known'),
    reasons: z.array(z.object({ feature: z.string(), description: z.string(), days: z.number() }).strict()),
    modelTrainedAt: instant.nullable(),
  })
  .meta({ id: 'InvoicePrediction' });

function modelJson(s: PaymentModelSummary | null): z.infer<typeof paymentModelSchema> {
  return {
    status: s?.status ?? 'never_trained',
    trainedAt: s ? iso(s.trainedAt) : null,
    asOf: s?.asOf ?? null,
    paidInvoices: s?.paidInvoices ?? null,
    minPaidInvoices: MIN_PAID_INVOICES,
    holdout: s?.holdout
      ? { ...s.holdout, modelMae: round(s.holdout.modelMae, 3), baselineMae: round(s.holdout.baselineMae, 3) }
      : null,
  };
}

function predictionJson(p: InvoicePrediction, asOf: string): z.infer<typeof invoicePredictionSchema> {
  return {
    invoiceId: p.invoiceId,
    asOf,
    basis: p.basis,
    dueOn: p.dueOn,
    predictedOn: p.predictedOn,
    promisedOn: p.promisedOn,
    daysLate: round(p.daysLate, 1),
    lateProbability: p.lateProbability === null ? null : round(p.lateProbability, 3),
    reasons: p.reasons.map((r) => ({ ...r, days: round(r.days, 1) })),
    modelTrainedAt: iso(p.modelTrainedAt),
  };
}

/** Registers each route of the module (one small function per route, below). */
export function predictionRoutes(app: Api, deps: CoreDeps): void {
  getPaymentModelRoute(app, deps);
  trainPaymentModelRoute(app, deps);
  getInvoicePredictionRoute(app, deps);
}

function getPaymentModelRoute(app: Api, deps: CoreDeps): void {
  app.get('/analytics/payment-model', {
    config: { access: 'read' },
    schema: {
      tags: ['analytics'],
      operationId: 'getPaymentModel',
      summary: "The tenant's payment-date model: when and on what it was trained, its holdout measure",
      response: { 200: paymentModelSchema, ...errors },
    },
    handler: async (req) => modelJson(await getPaymentModelSummary(deps.db, principalOf(req).tenantId)),
  });
}

function trainPaymentModelRoute(app: Api, deps: CoreDeps): void {
  app.post('/analytics/payment-model/train', {
    config: { access: 'admin' },
    schema: {
      tags: ['analytics'],
      operationId: 'trainPaymentModel',
      summary: "Train the tenant's payment-date model now on its history (the weekly job does it too)",
      headers: idempotencyHeaders,
      response: { 200: paymentModelSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) =>
        modelJson(
          await trainPaymentModelOfTenant(
            d,
            principalOf(req).tenantId,
            todayUtc(d.clock.now()),
            paymentFactSources,
          ),
        ),
      ),
  });
}

function getInvoicePredictionRoute(app: Api, deps: CoreDeps): void {
  app.get('/invoices/:id/prediction', {
    config: { access: 'read' },
    schema: {
      tags: ['invoices'],
      operationId: 'getInvoicePrediction',
      summary: 'Predicted payment date of an open invoice, its late probability and the reasons',
      description:
        "As of today: the customer's history is what was settled before today. 409 when the invoice is not open.",
      params: idParam('invoice id (UUID) or number'),
      response: { 200: invoicePredictionSchema, ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      const invoice = await getInvoiceRowOrThrow(deps.db, tenantId, req.params.id);
      const asOf = todayUtc(deps.clock.now());
      const p = await predictInvoice(
        deps.db,
        tenantId,
        invoice.invoiceId,
        invoice.customerId,
        asOf,
        paymentFactSources,
      );
      return predictionJson(p, asOf);
    },
  });
}
