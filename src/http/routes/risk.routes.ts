/**
 * /v1/customers/{id}/risk: the customer risk score (0–100) with its band and reasons as of a day
 * (docs/analytics.md, "Customer risk score"); the worklist items carry the same object.
 */
import { z } from 'zod';
import { type CustomerRisk, getCustomerRisk, type RiskScore } from '../../modules/collections/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { calendarDate } from '../../modules/invoices/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { principalOf } from '../auth.ts';
import { type Api, date, errors, idParam } from './common.ts';

const RISK_FACTORS = [
  'late_share',
  'days_late',
  'trend',
  'overdue',
  'exposure',
  'open_disputes',
  'dispute_rate',
  'broken_promises',
] as const;

const riskFields = {
  score: z
    .number()
    .int()
    .describe('0 (no sign of risk) … 100; the sum of the reasons’ points, capped at 100'),
  band: z.enum(['low', 'medium', 'high']).describe('low below 40, medium below 70, high from 70'),
  reasons: z
    .array(
      z
        .object({
          factor: z.enum(RISK_FACTORS),
          points: z.number().int().describe('what the factor adds to the score'),
          evidence: z.string().describe('the facts behind it, in words'),
        })
        .strict(),
    )
    .describe('the factors that gave points, most first'),
};

export const riskScoreSchema = z.object(riskFields).meta({ id: 'RiskScore' });

export const customerRiskSchema = z
  .object({ customerId: z.string(), customerExternalId: z.string(), asOf: date, ...riskFields })
  .meta({ id: 'CustomerRisk' });

export function riskScoreJson(r: RiskScore): z.infer<typeof riskScoreSchema> {
  return { score: r.score, band: r.band, reasons: r.reasons.map((x) => ({ ...x })) };
}

function customerRiskJson(r: CustomerRisk): z.infer<typeof customerRiskSchema> {
  return { customerId: r.customerId, customerExternalId: r.externalId, asOf: r.asOf, ...riskScoreJson(r) };
}

/** Registers each route of the module (one small function per route, below). */
export function riskRoutes(app: Api, deps: CoreDeps): void {
  getCustomerRiskRoute(app, deps);
}

function getCustomerRiskRoute(app: Api, deps: CoreDeps): void {
  app.get('/customers/:id/risk', {
    config: { access: 'read' },
    schema: {
      tags: ['customers'],
      operationId: 'getCustomerRisk',
      summary: "A customer's risk score (0–100), its band and the reasons",
      description:
        'From payment behaviour (share paid late, days late with recent payments counting double, the trend), the oldest undisputed overdue invoice, exposure against the credit limit, disputes and promises broken in the last 90 days — payments and disputes as of `asOf` (default today), exposure as the credit position now. The formula and weights: docs/analytics.md ("Customer risk score"). The tenant can hold customers from a score on (PATCH /v1/credit/settings `holdRiskScore`).',
      params: idParam('customer id (UUID) or external id'),
      querystring: z.object({ asOf: calendarDate.optional().describe('default: today') }),
      response: { 200: customerRiskSchema, ...errors },
    },
    handler: async (req) => {
      const asOf = req.query.asOf ?? todayUtc(deps.clock.now());
      return customerRiskJson(await getCustomerRisk(deps.db, principalOf(req).tenantId, req.params.id, asOf));
    },
  });
}
