/**
 * Accounts-receivable aging: open invoice amounts by days past due (or since invoice date) in the
 * buckets current, 1–30, 31–60, 61–90 and 91+, per customer and in total, one report per currency.
 * Unapplied cash is shown beside the buckets, never netted into them.
 *
 * As of today or later the report reads the invoices' open amounts; as of a past date it rebuilds
 * what was open then from the AR journal lines effective up to that date. Both agree on today.
 */
import type { SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { formatAmount } from '../../shared/money.ts';
import { accountCodeOf } from '../ledger/index.ts';
import {
  type AgingBasis,
  type AgingItemPageRow,
  type AgingItemRow,
  type AgingRow,
  agingItemPageRows,
  agingItemRows,
  agingRows,
  agingTotalsRows,
  importedAfterRows,
  ledgerSource,
  openItemSource,
  type UnappliedRow,
  unappliedRows,
} from './aging.repository.ts';

export const AGING_BUCKETS = ['current', '1-30', '31-60', '61-90', '91+'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export type AgingBuckets = Record<AgingBucket, bigint>;
export type { AgingBasis };

export interface CustomerAging {
  customerId: string;
  externalId: string;
  name: string;
  categoryId: string | null;
  categoryName: string | null;
  totalMinor: bigint;
  buckets: AgingBuckets;
  unappliedMinor: bigint;
}

export interface AgingReport {
  asOf: CalendarDate;
  currency: string;
  basis: AgingBasis;
  totalMinor: bigint;
  buckets: AgingBuckets;
  unappliedMinor: bigint;
  customers: CustomerAging[];
  /** The customers' figures summed per top-level category (null: customers without one), by name. */
  categories: CategoryAging[];
}

export interface CategoryAging {
  categoryId: string | null;
  name: string | null;
  customerCount: number;
  totalMinor: bigint;
  buckets: AgingBuckets;
  unappliedMinor: bigint;
}

/** The bucket of an item `days` past due (negative: not yet due). */
export function bucketOf(days: number): AgingBucket {
  if (days <= 0) return 'current';
  if (days <= 30) return '1-30';
  if (days <= 60) return '31-60';
  if (days <= 90) return '61-90';
  return '91+';
}

function emptyBuckets(): AgingBuckets {
  return { current: 0n, '1-30': 0n, '31-60': 0n, '61-90': 0n, '91+': 0n };
}

function bucketsOfRow(r: AgingRow): AgingBuckets {
  return { current: r.current, '1-30': r.d1_30, '31-60': r.d31_60, '61-90': r.d61_90, '91+': r.d91 };
}

function sumBuckets(b: AgingBuckets): bigint {
  return AGING_BUCKETS.reduce((s, k) => s + b[k], 0n);
}

/** Group per-customer rows into one report per currency, with totals. */
export function assembleAging(
  rows: readonly AgingRow[],
  asOf: CalendarDate,
  basis: AgingBasis,
): AgingReport[] {
  const reports = new Map<string, AgingReport>();
  for (const row of rows) {
    let report = reports.get(row.currency);
    if (!report) {
      report = {
        asOf,
        currency: row.currency,
        basis,
        totalMinor: 0n,
        buckets: emptyBuckets(),
        unappliedMinor: 0n,
        customers: [],
        categories: [],
      };
      reports.set(row.currency, report);
    }
    const buckets = bucketsOfRow(row);
    const totalMinor = sumBuckets(buckets);
    for (const k of AGING_BUCKETS) report.buckets[k] += buckets[k];
    report.totalMinor += totalMinor;
    report.unappliedMinor += row.unapplied;
    report.customers.push({
      customerId: row.customer_id,
      externalId: row.external_id,
      name: row.name,
      categoryId: row.category_id,
      categoryName: row.category_name,
      totalMinor,
      buckets,
      unappliedMinor: row.unapplied,
    });
  }
  const sorted = [...reports.values()].sort((a, b) => a.currency.localeCompare(b.currency));
  for (const report of sorted) report.categories = categoriesOf(report.customers);
  return sorted;
}

/** The customers' figures summed per category; the uncategorised last, the others by name. */
export function categoriesOf(customers: readonly CustomerAging[]): CategoryAging[] {
  const byId = new Map<string | null, CategoryAging>();
  for (const c of customers) {
    let cat = byId.get(c.categoryId);
    if (!cat) {
      cat = {
        categoryId: c.categoryId,
        name: c.categoryName,
        customerCount: 0,
        totalMinor: 0n,
        buckets: emptyBuckets(),
        unappliedMinor: 0n,
      };
      byId.set(c.categoryId, cat);
    }
    cat.customerCount += 1;
    cat.totalMinor += c.totalMinor;
    cat.unappliedMinor += c.unappliedMinor;
    for (const k of AGING_BUCKETS) cat.buckets[k] += c.buckets[k];
  }
  return [...byId.values()].sort((a, b) =>
    a.name === null ? 1 : b.name === null ? -1 : a.name.localeCompare(b.name),
  );
}

export interface AgingQuery {
  asOf: CalendarDate;
  basis: AgingBasis;
  /** Today, to choose the source; defaults to the current UTC date. */
  today?: CalendarDate;
  /** Only this customer's items (a customer statement). */
  customerId?: string;
  /** Only these customers' items (a relation of `customer_id`s: the KPI report's scope). */
  customers?: SQL | undefined;
  /** Amounts in the base currency, from the journal (then always the ledger source, today too). */
  base?: boolean | undefined;
}

/** The items as of `asOf`: the invoices' open amounts from today on, the AR journal before. */
export async function sourceFor(q: Queryable, tenantId: string, query: AgingQuery) {
  const today = query.today ?? new Date().toISOString().slice(0, 10);
  const scope = { tenantId, ...query };
  if (query.asOf >= today && !query.base) return openItemSource(scope);
  return ledgerSource(scope, await accountCodeOf(q, tenantId, 'ar_control'));
}

/** The report's totals only, per currency: its buckets, without customers, categories or unapplied cash. */
export async function agingTotals(
  q: Queryable,
  tenantId: string,
  query: AgingQuery,
): Promise<Map<string, AgingBuckets>> {
  const rows = await agingTotalsRows(q, await sourceFor(q, tenantId, query));
  return new Map(
    rows.map((r) => [
      r.currency,
      { current: r.current, '1-30': r.d1_30, '31-60': r.d31_60, '61-90': r.d61_90, '91+': r.d91 },
    ]),
  );
}

export async function agingReport(q: Queryable, tenantId: string, query: AgingQuery): Promise<AgingReport[]> {
  const rows = await agingRows(q, tenantId, await sourceFor(q, tenantId, query));
  return assembleAging(rows, query.asOf, query.basis);
}

export interface AgingNotice {
  readonly code: 'imported_after_as_of';
  readonly count: number;
  readonly message: string;
}

/**
 * What an aging as of a past day cannot show: open items imported after it (issued before it),
 * which the journal knows only from their import day. Empty from today on.
 */
export async function agingNotices(
  q: Queryable,
  tenantId: string,
  query: AgingQuery,
): Promise<AgingNotice[]> {
  const today = query.today ?? new Date().toISOString().slice(0, 10);
  if (query.asOf >= today) return [];
  const byDay = await importedAfterRows(q, tenantId, query.asOf);
  const count = byDay.reduce((s, d) => s + d.count, 0);
  if (count === 0) return [];
  const days = byDay.map((d) => d.importedOn).join(', ');
  const message = `${count} open item(s) imported on ${days} are after the as-of date ${query.asOf} and not shown (their history before the import is unknown).`;
  return [{ code: 'imported_after_as_of', count, message }];
}

export type AgingItem = AgingItemRow & { bucket: AgingBucket };
export type UnappliedItem = UnappliedRow;

/**
 * The open items and unapplied receipts behind the aging report, one by one, from the same
 * source: per currency, Σ items in a bucket and Σ unapplied equal the report's figures.
 * Items are ordered by currency and due date; `days` counts from the basis date.
 */
export async function agingItems(
  q: Queryable,
  tenantId: string,
  query: AgingQuery,
): Promise<{ items: AgingItem[]; unapplied: UnappliedItem[] }> {
  const source = await sourceFor(q, tenantId, query);
  // One after the other: `q` may be a transaction, which runs one query at a time.
  const items = await agingItemRows(q, tenantId, source);
  const unapplied = await unappliedRows(q, tenantId, source);
  return { items: items.map((i) => ({ ...i, bucket: bucketOf(i.days) })), unapplied };
}

/** The days past the basis date each bucket covers (inclusive; null: open-ended). */
export const BUCKET_DAYS: Record<AgingBucket, { min: number | null; max: number | null }> = {
  current: { min: null, max: 0 },
  '1-30': { min: 1, max: 30 },
  '31-60': { min: 31, max: 60 },
  '61-90': { min: 61, max: 90 },
  '91+': { min: 91, max: null },
};

export interface AgingItemsQuery extends AgingQuery {
  currency: string;
  /** A top-level category id, or null for the customers without a category. */
  categoryId?: string | null;
  bucket?: AgingBucket;
  after?: { date: string; invoiceId: string };
  limit: number;
}

export type AgingItemOfPage = AgingItemPageRow & { bucket: AgingBucket };

/**
 * One page of the open items behind a cell of the aging report (a currency, optionally one
 * customer or category and one bucket), from the same source as the report, oldest basis date
 * first: over all pages, the items' open amounts sum to that cell.
 */
export async function agingItemPage(
  q: Queryable,
  tenantId: string,
  query: AgingItemsQuery,
): Promise<AgingItemOfPage[]> {
  const source = await sourceFor(q, tenantId, query);
  const rows = await agingItemPageRows(q, tenantId, source, {
    currency: query.currency,
    basis: query.basis,
    categoryId: query.categoryId,
    days: query.bucket ? BUCKET_DAYS[query.bucket] : undefined,
    after: query.after,
    limit: query.limit,
  });
  return rows.map((r) => ({ ...r, bucket: bucketOf(r.days) }));
}

/** The aging report as JSON for the API and the CLI: amounts as decimal strings of its currency. */
export function agingReportJson(r: AgingReport) {
  const buckets = (b: AgingBuckets) => ({
    current: formatAmount(b.current, r.currency),
    '1-30': formatAmount(b['1-30'], r.currency),
    '31-60': formatAmount(b['31-60'], r.currency),
    '61-90': formatAmount(b['61-90'], r.currency),
    '91+': formatAmount(b['91+'], r.currency),
  });
  return {
    asOf: r.asOf,
    currency: r.currency,
    basis: r.basis,
    total: formatAmount(r.totalMinor, r.currency),
    buckets: buckets(r.buckets),
    unapplied: formatAmount(r.unappliedMinor, r.currency),
    customers: r.customers.map((c) => ({
      customerId: c.customerId,
      externalId: c.externalId,
      name: c.name,
      categoryId: c.categoryId,
      category: c.categoryName,
      total: formatAmount(c.totalMinor, r.currency),
      buckets: buckets(c.buckets),
      unapplied: formatAmount(c.unappliedMinor, r.currency),
    })),
    categories: r.categories.map((c) => ({
      categoryId: c.categoryId,
      name: c.name,
      customerCount: c.customerCount,
      total: formatAmount(c.totalMinor, r.currency),
      buckets: buckets(c.buckets),
      unapplied: formatAmount(c.unappliedMinor, r.currency),
    })),
  };
}
