/** /v1/reports: aging of open receivables, its items (drill-down) and its exports. */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { renderMonthlyArPack } from '../../modules/communication/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { calendarDate } from '../../modules/invoices/index.ts';
import {
  type AgingItemOfPage,
  agingItemPage,
  agingNotices,
  agingReport,
  agingReportJson,
  type KpiReport,
  kpiReportsFor,
} from '../../modules/reports/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { formatAmount } from '../../shared/money.ts';
import { principalOf } from '../auth.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import {
  agingCategoriesTable,
  agingCustomersTable,
  agingItemsTable,
  agingTotalsTable,
} from './aging-export.ts';
import { kpiTables } from './analytics-export.ts';
import { type Api, errors } from './common.ts';
import { kpiReportJson, kpiReportSchema } from './kpi-report.ts';
import { overviewReport } from './overview-report.ts';
import { sendExport } from './report-exports.ts';
import {
  agingBucket,
  agingItemSchema,
  agingReportSchema,
  exportFormat,
  exportResponse,
  overviewSchema,
} from './reports.schemas.ts';

const tags = ['reports'];

/** Registers each route of the module (one small function per route, below). */
export function reportRoutes(app: Api, deps: CoreDeps): void {
  getAgingReportRoute(app, deps);
  listAgingItemsRoute(app, deps);
  exportAgingRoute(app, deps);
  getOverviewRoute(app, deps);
  getKpisRoute(app, deps);
  exportKpisRoute(app, deps);
  getArPackRoute(app, deps);
}

function getArPackRoute(app: Api, deps: CoreDeps): void {
  app.get('/reports/ar-pack', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getArPack',
      summary: 'The monthly AR pack of a closed month as PDF',
      description:
        'A4 PDF: a cover with the tenant and the month; per currency with receivables the KPIs of the 12 months up to `month` (DSO, best possible DSO, ADD, CEI, % current, % over 90, paid within terms, bad-debt ratio — as GET /v1/reports/kpis) with a line chart of DSO and best possible DSO, the aging as of the month end with a bar chart, the 13-week cash forecast from the month end with a bar chart; then each goal judged for its last period closed by the month end, and the open anomaly findings by kind and severity. Rendered, not stored; the `ar-pack.monthly` job e-mails it on the 2nd when the delivery settings say so. A month not yet over: 400.',
      querystring: z.object({ month: z.string().describe('the closed month, YYYY-MM') }),
      response: {
        200: z.string().meta({
          content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
        }),
        ...errors,
      },
    },
    handler: async (req, reply) =>
      sendPdf(reply, await renderMonthlyArPack(deps, principalOf(req).tenantId, req.query.month)),
  });
}

function sendPdf(reply: FastifyReply, pdf: { contentType: string; fileName: string; bytes: Uint8Array }) {
  return reply
    .type(pdf.contentType)
    .header('cache-control', 'private, no-store')
    .header('content-disposition', `inline; filename="${pdf.fileName}"`)
    .send(Buffer.from(pdf.bytes.buffer, pdf.bytes.byteOffset, pdf.bytes.byteLength));
}

const kpiQuery = {
  from: z.string().describe('first month, YYYY-MM'),
  to: z.string().describe('last month, YYYY-MM, at most the current month'),
  currency: z
    .union([z.literal('base'), z.string().length(3)])
    .optional()
    .describe(
      "ISO 4217 (that currency's documents), or `base` (every currency in the base currency); default: the base currency's documents",
    ),
  customer: z.string().min(1).optional().describe('only this customer (id or external id)'),
  collector: z.uuid().optional().describe('only the customers assigned to this collector now (collector id)'),
  category: z
    .uuid()
    .optional()
    .describe('only the customers of this category (id); a top-level category includes its subcategories'),
};

type KpiQuery = z.infer<z.ZodObject<typeof kpiQuery>>;

/** The KPI report of a query of GET /v1/reports/kpis (its export reads the same). */
async function kpiReportOf(deps: CoreDeps, tenantId: string, q: KpiQuery) {
  const { from, to, currency, customer, collector, category } = q;
  const today = todayUtc(deps.clock.now());
  const request = { from, to, today, currency, scope: { customer, collector, category } };
  const [report] = await kpiReportsFor(deps.db, tenantId, request, 'base');
  return kpiReportJson(report as KpiReport);
}

function exportKpisRoute(app: Api, deps: CoreDeps): void {
  app.get('/reports/kpis/export', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'exportReceivablesKpis',
      summary: 'The KPI report as CSV or XLSX',
      description:
        'The figures of GET /v1/reports/kpis (same query), one row per month (CSV; XLSX: a Months and a Quarters sheet): the AR stock, sales and bad debt in major units with the currency’s decimals, the KPIs with two decimals (empty where undefined), the period end as a date.',
      querystring: z.object({ ...kpiQuery, format: exportFormat }),
      response: { 200: exportResponse, ...errors },
    },
    handler: async (req, reply) => {
      const report = await kpiReportOf(deps, principalOf(req).tenantId, req.query);
      const name = `kpis-${report.currency}-${req.query.from}-${req.query.to}`;
      return sendExport(reply, req.query.format, name, kpiTables([report]));
    },
  });
}

function getKpisRoute(app: Api, deps: CoreDeps): void {
  app.get('/reports/kpis', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getReceivablesKpis',
      summary:
        'Receivables KPIs per month and quarter (DSO, CEI, best possible DSO, ADD, % current, % over 90, bad-debt ratio, turnover, paid within terms, days to pay and late, unapplied cash, auto-application, dispute and promise-kept rates)',
      description:
        "For one currency (or `currency=base`: every currency in the base currency, from the journal's base amounts), per month from `from` to `to` (at most 36; the current month counts up to today) and per calendar quarter wholly inside them: the AR at each period end rebuilt from the journal (as the aging report as of that day), the credit sales, bad-debt movements, settlements, unapplied cash, bank lines, disputes and promises of the period (the `activity` counts behind them), and the KPIs to the Credit Research Foundation definitions (docs/analytics.md). Without `currency`: the base currency's own documents. `customer`, `collector` and `category` narrow every figure to those customers (combined: all must hold); an unknown one is 404.",
      querystring: z.object(kpiQuery),
      response: { 200: kpiReportSchema, ...errors },
    },
    handler: async (req) => kpiReportOf(deps, principalOf(req).tenantId, req.query),
  });
}

function getOverviewRoute(app: Api, deps: CoreDeps): void {
  app.get('/reports/overview', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getReceivablesOverview',
      summary: "The receivables at a glance for one currency, and today's work",
      description:
        "Total AR, overdue, % current, unapplied cash, aging buckets (as GET /v1/reports/aging, basis due_date), DSO now and at the last 12 month ends (open invoice amounts at the period end ÷ credit sales of the 90 days up to it × 90), the 10 customers with most overdue, and today's work counts (for all currencies). Without `currency`: the tenant's base currency if it has receivables, else the currency most customers owe in (the first of `currencies`).",
      querystring: z.object({
        currency: z.string().length(3).optional().describe('ISO 4217; default: see description'),
        asOf: calendarDate.optional().describe('default: today'),
      }),
      response: { 200: overviewSchema, ...errors },
    },
    handler: async (req) => {
      const today = todayUtc(deps.clock.now());
      const { currency, asOf } = req.query;
      return overviewReport(deps, principalOf(req).tenantId, { asOf: asOf ?? today, today, currency });
    },
  });
}

const agingQuery = {
  asOf: calendarDate.optional().describe('default: today'),
  basis: z.enum(['due_date', 'invoice_date']).default('due_date'),
};

const itemFilters = {
  customer: z.uuid().optional().describe("only this customer's items (customer id)"),
  category: z
    .union([z.uuid(), z.literal('none')])
    .optional()
    .describe('only customers of this top-level category (id), or `none` for those without one'),
  bucket: agingBucket.optional().describe('only the items of this bucket'),
};

const notices = z
  .array(
    z.object({
      code: z.enum(['imported_after_as_of']),
      count: z.number().int(),
      message: z.string(),
    }),
  )
  .describe('what the report cannot show, e.g. open items imported after asOf');

function getAgingReportRoute(app: Api, deps: CoreDeps): void {
  app.get('/reports/aging', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getAgingReport',
      summary: 'Aging of open receivables, one report per currency',
      description:
        'Buckets current (not due), 1–30, 31–60, 61–90, 91+ days by days past due date (basis=due_date, the default) or since invoice date (basis=invoice_date), per customer and per top-level category; `customer` narrows it to one customer (its aging). Unapplied cash is shown beside the buckets. The items behind a figure: GET /v1/reports/aging/items; as CSV or XLSX: GET /v1/reports/aging/export.',
      querystring: z.object({
        ...agingQuery,
        customer: z.uuid().optional().describe("only this customer's items and unapplied cash (customer id)"),
      }),
      response: { 200: z.object({ reports: z.array(agingReportSchema), notices }), ...errors },
    },
    handler: async (req) => {
      const today = todayUtc(deps.clock.now());
      const asOf = req.query.asOf ?? today;
      const tenantId = principalOf(req).tenantId;
      const query = {
        asOf,
        basis: req.query.basis,
        today,
        ...(req.query.customer ? { customerId: req.query.customer } : {}),
      };
      const reports = await agingReport(deps.db, tenantId, query);
      return { reports: reports.map(agingReportJson), notices: await agingNotices(deps.db, tenantId, query) };
    },
  });
}

function agingItemJson(i: AgingItemOfPage) {
  return {
    invoiceId: i.invoice_id,
    number: i.number,
    customerId: i.customer_id,
    customerExternalId: i.external_id,
    customerName: i.customer_name,
    currency: i.currency,
    issueDate: i.issue_date,
    dueDate: i.due_date,
    total: formatAmount(BigInt(i.total_minor), i.currency),
    open: formatAmount(i.open_minor, i.currency),
    days: i.days,
    bucket: i.bucket,
    paymentReference: i.payment_reference,
  };
}

/** The cursor of an items page: the last item's basis date and invoice id. */
function decodeItemCursor(cursor: string): { date: string; invoiceId: string } {
  const [date, invoiceId] = (decodeCursor(cursor, 'text') ?? '').split('|');
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date) || !invoiceId || !isUuid(invoiceId))
    throw validationFailed('invalid cursor', [
      { field: 'cursor', message: 'not a cursor returned by this list' },
    ]);
  return { date, invoiceId };
}

function listAgingItemsRoute(app: Api, deps: CoreDeps): void {
  app.get('/reports/aging/items', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listAgingItems',
      summary: 'The open items behind a figure of the aging report (drill-down)',
      description:
        'The open items of one currency as of `asOf`, from the same source as the report, optionally of one customer, one category and one bucket; oldest basis date (due date, or invoice date) first. Over all pages their open amounts sum to the report figure they belong to.',
      querystring: z.object({
        ...agingQuery,
        currency: z.string().length(3).describe('ISO 4217: the report the figure belongs to'),
        ...itemFilters,
        ...pageQuery,
      }),
      response: { 200: pageOf(agingItemSchema), ...errors },
    },
    handler: async (req) => {
      const q = req.query;
      const today = todayUtc(deps.clock.now());
      const items = await agingItemPage(deps.db, principalOf(req).tenantId, {
        asOf: q.asOf ?? today,
        basis: q.basis,
        today,
        currency: q.currency,
        ...(q.customer ? { customerId: q.customer } : {}),
        ...(q.category ? { categoryId: q.category === 'none' ? null : q.category } : {}),
        ...(q.bucket ? { bucket: q.bucket } : {}),
        ...(q.cursor ? { after: decodeItemCursor(q.cursor) } : {}),
        limit: q.limit + 1,
      });
      const page = items.slice(0, q.limit);
      const last = page.at(-1);
      return {
        items: page.map(agingItemJson),
        nextCursor:
          items.length > q.limit && last ? encodeCursor(`${last.basis_date}|${last.invoice_id}`) : null,
      };
    },
  });
}

/** At most this many items in one export (a workbook stays below Excel's 1,048,576 rows). */
const MAX_EXPORT_ITEMS = 1_000_000;

function exportAgingRoute(app: Api, deps: CoreDeps): void {
  app.get('/reports/aging/export', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'exportAgingReport',
      summary: 'The aging report as CSV or XLSX',
      description:
        'view=customers (default): one row per customer and currency; view=categories: one row per top-level category and currency; view=items: one row per open item (filters `customer`, `category`, `bucket` apply). CSV holds the view (header row, amounts in major units with `.` and the currency’s decimals, dates YYYY-MM-DD); XLSX holds the view and a Totals sheet (amounts as numbers with the currency’s decimals, dates as dates). Figures are those of GET /v1/reports/aging.',
      querystring: z.object({
        ...agingQuery,
        format: exportFormat,
        view: z.enum(['customers', 'categories', 'items']).default('customers'),
        currency: z.string().length(3).optional().describe('only this currency'),
        ...itemFilters,
      }),
      response: { 200: exportResponse, ...errors },
    },
    handler: async (req, reply) => {
      const q = req.query;
      const tenantId = principalOf(req).tenantId;
      const today = todayUtc(deps.clock.now());
      const query = { asOf: q.asOf ?? today, basis: q.basis, today };
      const reports = (await agingReport(deps.db, tenantId, query))
        .map(agingReportJson)
        .filter((r) => !q.currency || r.currency === q.currency);
      const view = await agingViewTable(deps, tenantId, q, query, reports);
      return sendExport(reply, q.format, `aging-${query.asOf}-${q.view}`, [view, agingTotalsTable(reports)]);
    },
  });
}

async function agingViewTable(
  deps: CoreDeps,
  tenantId: string,
  q: {
    view: 'customers' | 'categories' | 'items';
    customer?: string | undefined;
    category?: string | undefined;
    bucket?: z.infer<typeof agingBucket> | undefined;
  },
  query: { asOf: string; basis: 'due_date' | 'invoice_date'; today: string },
  reports: ReturnType<typeof agingReportJson>[],
) {
  if (q.view === 'customers') return agingCustomersTable(reports);
  if (q.view === 'categories') return agingCategoriesTable(reports);
  const items: AgingItemOfPage[] = [];
  for (const r of reports) {
    const page = await agingItemPage(deps.db, tenantId, {
      ...query,
      currency: r.currency,
      ...(q.customer ? { customerId: q.customer } : {}),
      ...(q.category ? { categoryId: q.category === 'none' ? null : q.category } : {}),
      ...(q.bucket ? { bucket: q.bucket } : {}),
      limit: MAX_EXPORT_ITEMS - items.length,
    });
    items.push(...page);
  }
  return agingItemsTable(items);
}
