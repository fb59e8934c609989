/**
 * The URL search parameters of the Customers pages (every filter, sort and tab is a deep link),
 * read by the router's `validateSearch`: anything unknown is dropped rather than sent to the API.
 */
import { oneOf, str } from '../../app/search-params';

export const CUSTOMER_SORTS = [
  'name',
  'externalId',
  'openBalance',
  'overdueBalance',
  'oldestOverdueDays',
] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export const CUSTOMER_STATUSES = ['active', 'inactive', 'blocked'] as const;
const YES_NO = ['true', 'false'] as const;

export interface CustomersSearch {
  q?: string | undefined;
  sort?: CustomerSort | undefined;
  order?: 'asc' | 'desc' | undefined;
  status?: (typeof CUSTOMER_STATUSES)[number] | undefined;
  category?: string | undefined;
  currency?: string | undefined;
  onHold?: 'true' | 'false' | undefined;
  hasOverdue?: 'true' | 'false' | undefined;
  /** A collector id, or `none` for the unassigned. */
  collector?: string | undefined;
}

export function validateCustomersSearch(search: Record<string, unknown>): CustomersSearch {
  const currency = str(search.currency);
  return {
    q: str(search.q),
    sort: oneOf(search.sort, CUSTOMER_SORTS),
    order: oneOf(search.order, ['asc', 'desc'] as const),
    status: oneOf(search.status, CUSTOMER_STATUSES),
    category: str(search.category),
    currency: currency && /^[A-Z]{3}$/.test(currency) ? currency : undefined,
    onHold: oneOf(search.onHold, YES_NO),
    hasOverdue: oneOf(search.hasOverdue, YES_NO),
    collector: str(search.collector),
  };
}

export const CUSTOMER_TABS = [
  'open',
  'history',
  'aging',
  'contacts',
  'credit',
  'dunning',
  'activity',
  'disputes',
  'promises',
  'messages',
  'statement',
] as const;
export type CustomerTab = (typeof CUSTOMER_TABS)[number];

export interface CustomerSearch {
  tab?: CustomerTab | undefined;
}

export function validateCustomerSearch(search: Record<string, unknown>): CustomerSearch {
  return { tab: oneOf(search.tab, CUSTOMER_TABS) };
}
