/** /v1/reports: aging of open receivables. */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { calendarDate } from '../../modules/invoices/index.ts';
import { agingNotices, agingReport, agingReportJson } from '../../modules/reports/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { principalOf } from '../auth.ts';
import { type Api, errors } from './common.ts';
import { agingReportSchema } from './reports.schemas.ts';

/** Registers each route of the module (one small function per route, below). */
export function reportRoutes(app: Api, deps: CoreDeps): void {
  getAgingReportRoute(app, deps);
}

function getAgingReportRoute(app: Api, deps: CoreDeps): void {
  app.get('/reports/aging', {
    config: { access: 'read' },
    schema: {
      tags: ['reports'],
      operationId: 'getAgingReport',
      summary: 'Aging of open receivables, one report per currency',
      description:
        'Buckets current (not due), 1–30, 31–60, 61–90, 91+ days by days past due date (basis=due_date, the default) or since invoice date (basis=invoice_date). Unapplied cash is shown beside the buckets.',
      querystring: z.object({
        asOf: calendarDate.optional().describe('default: today'),
        basis: z.enum(['due_date', 'invoice_date']).default('due_date'),
      }),
      response: {
        200: z.object({
          reports: z.array(agingReportSchema),
          notices: z
            .array(
              z.object({
                code: z.enum(['imported_after_as_of']),
                count: z.number().int(),
                message: z.string(),
              }),
            )
            .describe('what the report cannot show, e.g. open items imported after asOf'),
        }),
        ...errors,
      },
    },
    handler: async (req) => {
      const today = todayUtc(deps.clock.now());
      const asOf = req.query.asOf ?? today;
      const tenantId = principalOf(req).tenantId;
      const query = { asOf, basis: req.query.basis, today };
      const reports = await agingReport(deps.db, tenantId, query);
      return { reports: reports.map(agingReportJson), notices: await agingNotices(deps.db, tenantId, query) };
    },
  });
}
