/**
 * /v1/fx/exposure and /v1/fx/revaluations: the receivables in foreign currencies per currency and
 * maturity at the rates in force, and their month-end revaluation (posted on the month end,
 * reversed on the first of the next month). docs/fx.md.
 */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  exposureJson,
  fxExposure,
  listRevaluations,
  MATURITY_BUCKETS,
  revaluationJson,
  revalueMonthEnd,
} from '../../modules/fx-revaluation/index.ts';
import { isAcceptedDate, todayUtc } from '../../shared/calendar-date.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { type Api, date, errors, idempotencyHeaders, instant, money } from './common.ts';

const tags = ['exchange rates'];
const day = z.string().refine(isAcceptedDate, 'must be a date YYYY-MM-DD');

const figures = {
  items: z.number().int().describe('open invoices, or receipts with unapplied cash'),
  amount: money('open, in the currency (unapplied cash negative)'),
  carryingBase: money('in the base currency at the documents’ own rates, as the journal holds it'),
  revaluedBase: money('in the base currency at the rate in force (each item rounded)').nullable(),
  difference: money('revalued − carrying: an unrealised gain when positive').nullable(),
};

const exposureSchema = z
  .object({
    asOf: date,
    baseCurrency: z.string(),
    currencies: z.array(
      z.object({
        currency: z.string(),
        rate: z
          .object({ rate: z.string(), rateDate: date, via: z.string() })
          .nullable()
          .describe('base per unit of the currency in force on asOf (at most 10 days old); null when none'),
        ...figures,
        buckets: z.array(
          z.object({
            bucket: z
              .enum(MATURITY_BUCKETS)
              .describe('by due date against asOf; `overdue` was due before it'),
            ...figures,
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'FxExposure' });

const revaluationSchema = z
  .object({
    id: z.string(),
    asOf: date,
    baseCurrency: z.string(),
    entryId: z.string().nullable().describe('the unrealised gains and losses (null: nothing differed)'),
    reversalEntryId: z.string().nullable(),
    reversalDate: date,
    currencies: z.array(
      z.object({
        currency: z.string(),
        rate: z.string(),
        rateDate: date,
        via: z.string(),
        items: z.number().int(),
        amount: money('open, in the currency'),
        carryingBase: money('at the documents’ rates'),
        revaluedBase: money('at the rate'),
        difference: money('posted to the unrealised FX account (gain when positive)'),
      }),
    ),
    revaluedBy: z.string(),
    createdAt: instant,
  })
  .meta({ id: 'FxRevaluation' });

export function fxRevaluationRoutes(app: Api, deps: CoreDeps): void {
  app.get('/fx/exposure', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getFxExposure',
      summary: 'Receivables in foreign currencies per currency and maturity, at the rates in force',
      description:
        'Rebuilt from the AR journal lines effective up to `asOf` (default today): per currency and maturity bucket (by due date; unapplied cash apart), the open amount, its carrying amount in the base currency at the documents’ own rates, and its amount at the rate in force on `asOf` with the difference (an unrealised gain when positive). A currency without a rate in force has null there.',
      querystring: z.object({ asOf: day.optional() }),
      response: { 200: exposureSchema, ...errors },
    },
    handler: async (req) =>
      exposureJson(
        await fxExposure(deps, principalOf(req).tenantId, req.query.asOf ?? todayUtc(deps.clock.now())),
      ),
  });
  app.post('/fx/revaluations', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'revalueFxMonthEnd',
      summary: 'Revalue the open foreign-currency items on a month end (posted, and reversed the next day)',
      description:
        'Posts the exposure’s difference per currency on `asOf` (a month end that has passed) to the AR FX revaluation account (1190) against unrealised FX gain/loss (7910), and its reversal on the first of the next month. Once per month end (409 after); a currency without a rate in force on `asOf` refuses the whole run (422 naming it) and nothing is posted.',
      headers: idempotencyHeaders,
      body: z.object({ asOf: day.describe('the last day of a month that has ended') }),
      response: { 201: revaluationSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) =>
        revaluationJson(
          await revalueMonthEnd(d, principalOf(req).tenantId, req.body.asOf, principalOf(req).name),
        ),
      ),
  });
  app.get('/fx/revaluations', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listFxRevaluations',
      summary: 'The month-end revaluations made, latest first',
      response: { 200: z.object({ items: z.array(revaluationSchema) }), ...errors },
    },
    handler: async (req) => ({
      items: (await listRevaluations(deps.db, principalOf(req).tenantId)).map(revaluationJson),
    }),
  });
}
