/**
 * The reports' search parameters (`/reports?view=aging&asOf=…`, `/reports/aging/items?bucket=…`):
 * beside the routes, apart from the pages (each loaded on its first visit).
 */

import { str } from '../../app/search-params';
import { AGING_BUCKETS, type AgingBucket } from '../../format/aging-buckets';

export const REPORT_VIEWS = [
  'aging',
  'trial-balance',
  'reconciliation',
  'kpis',
  'goals',
  'forecast',
] as const;
/** How many months the KPI view shows, up to the current month. */
export const KPI_SPANS = [12, 24, 36] as const;
export type KpiSpan = (typeof KPI_SPANS)[number];
/** The cash forecast's horizons in weeks (the API allows 1–26; these are the choices offered). */
export const FORECAST_WEEKS = [4, 8, 13, 26] as const;
export type ReportView = (typeof REPORT_VIEWS)[number];
export type AgingBasis = 'due_date' | 'invoice_date';

export interface ReportsSearch {
  view?: ReportView | undefined;
  asOf?: string | undefined;
  basis?: AgingBasis | undefined;
  currency?: string | undefined;
  by?: 'customer' | 'category' | undefined;
  /** KPIs: months (default 12) and months or quarters. */
  span?: KpiSpan | undefined;
  period?: 'quarter' | undefined;
  /** KPIs: only this customer (id or external id), collector (id) or category (id); combined, all hold. */
  customer?: string | undefined;
  collector?: string | undefined;
  category?: string | undefined;
  /** Cash forecast: weeks ahead (default 13). */
  weeks?: number | undefined;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function validateReportsSearch(s: Record<string, unknown>): ReportsSearch {
  const view = str(s.view);
  const asOf = str(s.asOf);
  return {
    view: REPORT_VIEWS.includes(view as ReportView) ? (view as ReportView) : undefined,
    asOf: asOf && DATE.test(asOf) ? asOf : undefined,
    basis: s.basis === 'invoice_date' ? 'invoice_date' : undefined,
    currency: str(s.currency),
    by: s.by === 'category' ? 'category' : undefined,
    span: KPI_SPANS.find((n) => String(n) === String(s.span)),
    period: s.period === 'quarter' ? 'quarter' : undefined,
    customer: str(s.customer),
    collector: str(s.collector),
    category: str(s.category),
    weeks: FORECAST_WEEKS.find((n) => String(n) === String(s.weeks)),
  };
}

export interface AgingItemsSearch {
  currency: string;
  asOf?: string | undefined;
  basis?: AgingBasis | undefined;
  customer?: string | undefined;
  category?: string | undefined;
  bucket?: AgingBucket | undefined;
}

export function validateAgingItemsSearch(s: Record<string, unknown>): AgingItemsSearch {
  const bucket = str(s.bucket);
  const asOf = str(s.asOf);
  return {
    currency: str(s.currency) ?? '',
    asOf: asOf && /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? asOf : undefined,
    basis: s.basis === 'invoice_date' ? 'invoice_date' : undefined,
    customer: str(s.customer),
    category: str(s.category),
    bucket: AGING_BUCKETS.includes(bucket as AgingBucket) ? (bucket as AgingBucket) : undefined,
  };
}
