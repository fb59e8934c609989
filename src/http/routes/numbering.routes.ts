/** The tenant's numbering series: list them, and change one's form or next number (admin). */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { setNumberingSeries } from '../../modules/invoices/index.ts';
import {
  listNumberingSeries,
  type NumberingSeries,
  seriesKey,
  setNumberingSeriesInput,
} from '../../modules/numbering/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { principalOf } from '../auth.ts';
import { type Api, errors } from './common.ts';

const seriesSchema = z.object({
  series: z.string().describe('series key, e.g. INV'),
  kind: z.string().describe('document kind it numbers: invoice, credit_note or dunning_charge'),
  pattern: z.string().describe('e.g. INV-{seq} or INV-{YYYY}-{seq}'),
  prefix: z.string().describe('the text before the first placeholder'),
  digits: z.number().int().describe('minimum width of the sequence, zero-padded'),
  yearly: z.boolean().describe('the pattern has a year part: the series restarts at 1 each year'),
  year: z.number().int().describe('the year `next` belongs to (0 for a series without a year part)'),
  next: z.string().describe('the next sequence value (a decimal string)'),
  nextNumber: z.string().describe('the number the next document gets, e.g. INV-000042'),
});

const seriesJson = (s: NumberingSeries) => ({ ...s, next: s.next.toString() });
const seriesParam = z.object({ series: seriesKey });

const description =
  "Sets the pattern (or just the prefix), the digits and the next number of a series. `next` may skip numbers but never go below a number already taken (409, field `next`). Imported open items in a series' form move the series above them on their own.";

export function numberingRoutes(app: Api, deps: CoreDeps): void {
  listNumberingSeriesRoute(app, deps);
  putNumberingSeriesRoute(app, deps);
  updateNumberingSeriesRoute(app, deps);
}

function listNumberingSeriesRoute(app: Api, deps: CoreDeps): void {
  app.get('/numbering-series', {
    config: { access: 'read' },
    schema: {
      tags: ['settings'],
      operationId: 'listNumberingSeries',
      summary: 'The numbering series of invoices, credit notes and dunning charges, with their next number',
      response: { 200: z.object({ data: z.array(seriesSchema) }), ...errors },
    },
    handler: async (req) => ({
      data: (await listNumberingSeries(deps.db, principalOf(req).tenantId, todayUtc(deps.clock.now()))).map(
        seriesJson,
      ),
    }),
  });
}

function putNumberingSeriesRoute(app: Api, deps: CoreDeps): void {
  app.put('/numbering-series/:series', {
    config: { access: 'admin' },
    schema: {
      tags: ['settings'],
      operationId: 'putNumberingSeries',
      summary: 'Create or change a numbering series',
      description: `${description} Creates the series when the tenant has none of that key (a pattern or prefix is then required).`,
      params: seriesParam,
      body: setNumberingSeriesInput,
      response: { 200: seriesSchema, ...errors },
    },
    handler: async (req) =>
      seriesJson(
        await setNumberingSeries(
          deps.db,
          principalOf(req).tenantId,
          req.params.series,
          req.body,
          todayUtc(deps.clock.now()),
          true,
        ),
      ),
  });
}

function updateNumberingSeriesRoute(app: Api, deps: CoreDeps): void {
  app.patch('/numbering-series/:series', {
    config: { access: 'admin' },
    schema: {
      tags: ['settings'],
      operationId: 'updateNumberingSeries',
      summary: 'Change a numbering series',
      description,
      params: seriesParam,
      body: setNumberingSeriesInput,
      response: { 200: seriesSchema, ...errors },
    },
    handler: async (req) =>
      seriesJson(
        await setNumberingSeries(
          deps.db,
          principalOf(req).tenantId,
          req.params.series,
          req.body,
          todayUtc(deps.clock.now()),
        ),
      ),
  });
}
