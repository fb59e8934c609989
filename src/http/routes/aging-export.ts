/**
 * The aging report as export tables: its customers, its categories or its open items, one row
 * each with the currency, plus (in a workbook) a sheet of the totals per currency. The figures are
 * the report's own (`agingReportJson`), so an export sums to what GET /v1/reports/aging shows.
 */
import type { AgingItemOfPage, agingReportJson } from '../../modules/reports/index.ts';
import { formatAmount } from '../../shared/money.ts';
import { date, integer, text } from '../../shared/xlsx.ts';
import { type ExportTable, moneyCell } from './report-exports.ts';

type AgingJson = ReturnType<typeof agingReportJson>;
type Buckets = AgingJson['buckets'];

export type AgingExportView = 'customers' | 'categories' | 'items';

const BUCKET_COLUMNS = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'days_91_plus'] as const;

function bucketCells(b: Buckets, currency: string) {
  return [b.current, b['1-30'], b['31-60'], b['61-90'], b['91+']].map((v) => moneyCell(v, currency));
}

export function agingCustomersTable(reports: readonly AgingJson[]): ExportTable {
  return {
    name: 'Customers',
    header: [
      'currency',
      'customer_external_id',
      'customer_name',
      'category',
      ...BUCKET_COLUMNS,
      'total',
      'unapplied',
    ],
    rows: reports.flatMap((r) =>
      r.customers.map((c) => [
        text(r.currency),
        text(c.externalId),
        text(c.name),
        c.category === null ? null : text(c.category),
        ...bucketCells(c.buckets, r.currency),
        moneyCell(c.total, r.currency),
        moneyCell(c.unapplied, r.currency),
      ]),
    ),
  };
}

export function agingCategoriesTable(reports: readonly AgingJson[]): ExportTable {
  return {
    name: 'Categories',
    header: ['currency', 'category', 'customers', ...BUCKET_COLUMNS, 'total', 'unapplied'],
    rows: reports.flatMap((r) =>
      r.categories.map((c) => [
        text(r.currency),
        c.name === null ? null : text(c.name),
        integer(c.customerCount),
        ...bucketCells(c.buckets, r.currency),
        moneyCell(c.total, r.currency),
        moneyCell(c.unapplied, r.currency),
      ]),
    ),
  };
}

export function agingTotalsTable(reports: readonly AgingJson[]): ExportTable {
  return {
    name: 'Totals',
    header: ['currency', 'as_of', 'basis', ...BUCKET_COLUMNS, 'total', 'unapplied'],
    rows: reports.map((r) => [
      text(r.currency),
      date(r.asOf),
      text(r.basis),
      ...bucketCells(r.buckets, r.currency),
      moneyCell(r.total, r.currency),
      moneyCell(r.unapplied, r.currency),
    ]),
  };
}

export function agingItemsTable(items: readonly AgingItemOfPage[]): ExportTable {
  return {
    name: 'Items',
    header: [
      'currency',
      'invoice_number',
      'customer_external_id',
      'customer_name',
      'issue_date',
      'due_date',
      'days',
      'bucket',
      'total',
      'open',
      'payment_reference',
    ],
    rows: items.map((i) => [
      text(i.currency),
      i.number === null ? null : text(i.number),
      text(i.external_id),
      text(i.customer_name),
      date(i.issue_date),
      i.due_date === null ? null : date(i.due_date),
      integer(i.days),
      text(i.bucket),
      moneyCell(formatAmount(BigInt(i.total_minor), i.currency), i.currency),
      moneyCell(formatAmount(i.open_minor, i.currency), i.currency),
      i.payment_reference === null ? null : text(i.payment_reference),
    ]),
  };
}
