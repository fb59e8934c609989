/** The tenant's numbering series: list them, and change one's form or next number (admin). */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { setNumberingSeries } from '../../modules/invoices/index.ts';
import {
  listNumberingSeries,
  type SetNumberingSeriesInput,
  seriesKey,
  setNumberingSeriesInput,
} from '../../modules/numbering/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { principalOf } from '../auth.ts';
import { type Api, errors } from './common.ts';
import { seriesJson, seriesSchema } from './numbering.schemas.ts';

const seriesParam = z.object({ series: seriesKey });

const description =
  "Sets the pattern (or just the prefix), the digits and the next number of a series. `next` may skip numbers but never go below a number already taken (409, field `next`). Imported open items in a series' form move the series above them on their own.";

/** Registers each route of the module (one small function per route, below). */
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

/** PUT and PATCH set a series the same way; PUT may also create it (`create`). */
async function setSeries(
  deps: CoreDeps,
  tenantId: string,
  series: string,
  body: SetNumberingSeriesInput,
  create: boolean,
) {
  const today = todayUtc(deps.clock.now());
  return seriesJson(await setNumberingSeries(deps.db, tenantId, series, body, today, create));
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
    handler: async (req) => setSeries(deps, principalOf(req).tenantId, req.params.series, req.body, true),
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
    handler: async (req) => setSeries(deps, principalOf(req).tenantId, req.params.series, req.body, false),
  });
}
