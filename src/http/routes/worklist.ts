/** /v1/worklist: the customers to contact today, best first, with the reasons. */
import { z } from 'zod';
import { collectorForKey, getWorklist } from '../../modules/collections/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { calendarDate } from '../../modules/invoices/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import { principalOf } from '../auth.ts';
import { decodeCursor, encodeCursor, pageQuery } from '../pagination.ts';
import { worklistItemSchema } from './collections-schemas.ts';
import { worklistItemJson } from './collections-views.ts';
import { type Api, errors } from './common.ts';

const listQuery = z.object({
  ...pageQuery,
  collector: z
    .union([z.uuid(), z.enum(['me', 'unassigned'])])
    .optional()
    .describe('a collector id, `me` (the collector linked to this API key) or `unassigned`'),
  asOf: calendarDate.optional().describe('default: today'),
});

export function worklistRoutes(app: Api, deps: CoreDeps): void {
  getWorklistRoute(app, deps);
}

function getWorklistRoute(app: Api, deps: CoreDeps): void {
  app.get('/worklist', {
    config: { access: 'read' },
    schema: {
      tags: ['worklist'],
      operationId: 'getWorklist',
      summary: 'The collector worklist',
      description:
        'Customers with collectible overdue amounts, ordered by the expected value of a contact today (overdue × lateness × payment history × broken promise; see docs/collections.md), with the reasons in words. Cursor-paginated.',
      querystring: listQuery,
      response: {
        200: z.object({
          asOf: z.string(),
          total: z.number().int().describe('customers on the worklist (all pages)'),
          items: z.array(worklistItemSchema),
          nextCursor: z.string().nullable(),
        }),
        ...errors,
      },
    },
    handler: async (req) => {
      const principal = principalOf(req);
      const q = req.query;
      const cursor = decodeCursor(q.cursor, 'text');
      const collector =
        q.collector === 'me' ? await myCollector(deps, principal.tenantId, principal.keyId) : q.collector;
      const asOf = q.asOf ?? todayUtc(deps.clock.now());
      const page = await getWorklist(deps.db, principal.tenantId, {
        asOf,
        limit: q.limit,
        ...(collector ? { collector } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return {
        asOf: page.asOf,
        total: page.total,
        items: page.items.map((item, i) => worklistItemJson(item, page.firstRank + i)),
        nextCursor: encodeCursor(page.nextCursor),
      };
    },
  });
}

async function myCollector(deps: CoreDeps, tenantId: string, keyId: string): Promise<string> {
  const collector = await collectorForKey(deps.db, tenantId, keyId);
  if (!collector)
    throw validationFailed('this API key is not linked to a collector', [
      { field: 'collector', message: 'link the key to a collector (PATCH /v1/collectors/{id} {apiKey})' },
    ]);
  return collector.collectorId;
}
