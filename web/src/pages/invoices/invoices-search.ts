/**
 * The invoice list's URL search parameters: every filter and the sort are a deep link, and the same
 * names as GET /v1/invoices, so a saved view is simply this query string.
 */
import type { operations } from '../../api/schema';
import { str } from '../../app/search-params';

export type InvoiceListQuery = NonNullable<operations['listInvoices']['parameters']['query']>;

export const INVOICE_STATUSES = [
  'draft',
  'issued',
  'partially_paid',
  'paid',
  'credited',
  'void',
  'written_off',
] as const;
export const SORT_KEYS = [
  'number',
  'issueDate',
  'dueDate',
  'total',
  'open',
  'daysOverdue',
  'customerName',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface InvoicesSearch {
  status?: string | undefined;
  overdue?: 'true' | 'false' | undefined;
  customer?: string | undefined;
  category?: string | undefined;
  currency?: string | undefined;
  issuedFrom?: string | undefined;
  issuedTo?: string | undefined;
  dueFrom?: string | undefined;
  dueTo?: string | undefined;
  amountOf?: 'total' | 'open' | undefined;
  amountMin?: string | undefined;
  amountMax?: string | undefined;
  q?: string | undefined;
  sort?: string | undefined;
}

const FIELDS = [
  'status',
  'overdue',
  'customer',
  'category',
  'currency',
  'issuedFrom',
  'issuedTo',
  'dueFrom',
  'dueTo',
  'amountOf',
  'amountMin',
  'amountMax',
  'q',
  'sort',
] as const satisfies readonly (keyof InvoicesSearch)[];

export function validateInvoicesSearch(search: Record<string, unknown>): InvoicesSearch {
  const out: Record<string, string | undefined> = {};
  for (const key of FIELDS) out[key] = str(search[key]);
  const overdue = out.overdue === 'true' || out.overdue === 'false' ? out.overdue : undefined;
  const amountOf = out.amountOf === 'open' || out.amountOf === 'total' ? out.amountOf : undefined;
  return { ...out, overdue, amountOf };
}

/** The filters as the API's query (the API checks them: a bad one comes back as a 422 on its field). */
export function apiQuery(search: InvoicesSearch): InvoiceListQuery {
  const query: Record<string, string> = {};
  for (const key of FIELDS) {
    const value = search[key];
    if (value !== undefined) query[key] = value;
  }
  return query as InvoiceListQuery;
}

/** The filters as a query string without `?` (what a saved view stores), in a stable order. */
export function toQueryString(search: InvoicesSearch): string {
  const params = new URLSearchParams();
  for (const key of FIELDS) {
    const value = search[key];
    if (value !== undefined) params.set(key, value);
  }
  return params.toString();
}

export function fromQueryString(query: string): InvoicesSearch {
  return validateInvoicesSearch(Object.fromEntries(new URLSearchParams(query)));
}

/** `sort` as key and direction; clicking a column sorts by it, clicking again reverses it. */
export function sortOf(sort: string | undefined): { key: SortKey | null; descending: boolean } {
  const descending = sort?.startsWith('-') ?? false;
  const key = (descending ? sort?.slice(1) : sort) as SortKey | undefined;
  return { key: key && (SORT_KEYS as readonly string[]).includes(key) ? key : null, descending };
}

export function nextSort(current: string | undefined, key: SortKey): string {
  const { key: now, descending } = sortOf(current);
  return now === key && !descending ? `-${key}` : key;
}
