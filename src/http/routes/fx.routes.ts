/**
 * /v1/fx: exchange rates. The ECB's euro reference rates (XML or its CSV) or a CSV of one's own
 * are imported as the request body; documents in a foreign currency without a given rate take the
 * rate in force (docs/fx.md).
 */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { importRates, listRates, RATE_FILE_FORMATS, rateInForceView } from '../../modules/fx/index.ts';
import { isAcceptedDate, todayUtc } from '../../shared/calendar-date.ts';
import { principalOf } from '../auth.ts';
import { UPLOAD_BODY_LIMIT } from '../body-limits.ts';
import { respond } from '../idempotency.ts';
import { type Api, errors, idempotencyHeaders } from './common.ts';
import { rateImportResult, rateInForceSchema, rateQuoteSchema } from './fx.schemas.ts';

const tags = ['exchange rates'];
const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, 'must be an ISO 4217 code like USD')
  .transform((c) => c.toUpperCase());
const day = z.string().refine(isAcceptedDate, 'must be a date YYYY-MM-DD');

/** Registers the exchange-rate routes (in the scope whose body parsers read files as text). */
export function fxRoutes(app: Api, deps: CoreDeps): void {
  importRatesRoute(app, deps);
  listRatesRoute(app, deps);
  rateInForceRoute(app, deps);
}

function importRatesRoute(app: Api, deps: CoreDeps): void {
  app.post('/fx/rates', {
    config: { access: 'write' },
    bodyLimit: UPLOAD_BODY_LIMIT.bytes,
    schema: {
      tags,
      operationId: 'importExchangeRates',
      summary: 'Import exchange rates (the ECB reference-rate XML, its CSV, or a CSV of your own)',
      description:
        "Send the file as the body (`application/xml`, `text/csv`). XML is read as the ECB's `eurofxref` envelope (daily, 90-day or full history): rates per euro. A CSV is either the ECB's own (`Date,USD,JPY,…`, `N/A` for none) or one quote a row (`date,currency,rate[,reference]`, reference EUR when absent). A day and currency stored before takes the new rate (counted as `changed`); the same rate again is `unchanged`. A file with any bad rate is refused whole (422 naming each line and field) and nothing is stored.",
      headers: idempotencyHeaders,
      querystring: z.object({
        format: z.enum(RATE_FILE_FORMATS).optional().describe('default: XML when the body starts with <'),
        source: z
          .string()
          .trim()
          .min(1)
          .max(200)
          .optional()
          .describe('kept with each rate (default ecb or csv)'),
      }),
      body: z.string().min(1).describe('the rate file'),
      response: { 201: rateImportResult, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, (d) =>
        importRates(d.db, principalOf(req).tenantId, req.body, req.query),
      ),
  });
}

function listRatesRoute(app: Api, deps: CoreDeps): void {
  app.get('/fx/rates', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listExchangeRates',
      summary: 'Stored exchange rates, newest day first',
      querystring: z.object({
        currency: currency.optional().describe('quoted or reference currency'),
        from: day.optional(),
        to: day.optional(),
        limit: z.coerce.number().int().min(1).max(5000).default(500),
      }),
      response: { 200: z.object({ items: z.array(rateQuoteSchema) }), ...errors },
    },
    handler: async (req) => ({
      items: await listRates(deps.db, principalOf(req).tenantId, req.query),
    }),
  });
}

function rateInForceRoute(app: Api, deps: CoreDeps): void {
  app.get('/fx/rates/in-force', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getExchangeRateInForce',
      summary: 'The rate in force on a day between a currency and the base currency',
      description:
        "From the latest quotes on or before the day: a direct quote, or a cross rate through a currency both are quoted against (the ECB's euro). 404 when no imported rate links the two.",
      querystring: z.object({ currency, date: day.optional().describe('default today') }),
      response: { 200: rateInForceSchema, ...errors },
    },
    handler: (req) =>
      rateInForceView(
        deps.db,
        principalOf(req).tenantId,
        req.query.currency,
        req.query.date ?? todayUtc(deps.clock.now()),
      ),
  });
}
