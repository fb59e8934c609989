/** /v1/reports: aging of open receivables. */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { calendarDate } from '../../modules/invoices/invoices.input.ts';
import { type AgingReport, agingReport } from '../../modules/reports/aging.service.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { formatAmount } from '../../shared/money.ts';
import { principalOf } from '../auth.ts';
import { agingReportSchema } from '../schemas.ts';
import { type Api, errors } from './common.ts';

const BUCKETS = ['current', '1-30', '31-60', '61-90', '91+'] as const;

function bucketsJson(buckets: AgingReport['buckets'], currency: string) {
  const [current, b30, b60, b90, b91] = BUCKETS.map((b) => formatAmount(buckets[b], currency));
  return {
    current: current ?? '',
    '1-30': b30 ?? '',
    '31-60': b60 ?? '',
    '61-90': b90 ?? '',
    '91+': b91 ?? '',
  };
}

function reportJson(r: AgingReport) {
  return {
    asOf: r.asOf,
    currency: r.currency,
    basis: r.basis,
    total: formatAmount(r.totalMinor, r.currency),
    buckets: bucketsJson(r.buckets, r.currency),
    unapplied: formatAmount(r.unappliedMinor, r.currency),
    customers: r.customers.map((c) => ({
      customerId: c.customerId,
      externalId: c.externalId,
      name: c.name,
      total: formatAmount(c.totalMinor, r.currency),
      buckets: bucketsJson(c.buckets, r.currency),
      unapplied: formatAmount(c.unappliedMinor, r.currency),
    })),
  };
}

export function reportRoutes(app: Api, deps: CoreDeps): void {
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
      response: { 200: z.object({ reports: z.array(agingReportSchema) }), ...errors },
    },
    handler: async (req) => {
      const today = todayUtc(deps.clock.now());
      const asOf = req.query.asOf ?? today;
      const reports = await agingReport(deps.db, principalOf(req).tenantId, {
        asOf,
        basis: req.query.basis,
        today,
      });
      return { reports: reports.map(reportJson) };
    },
  });
}
