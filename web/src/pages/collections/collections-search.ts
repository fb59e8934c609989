import { oneOf, str } from '../../app/search-params';
/**
 * The URL search parameters of the Collections pages (every filter is a deep link), read by the
 * router's `validateSearch`: anything unknown is dropped rather than sent to the API.
 */

export interface WorklistSearch {
  /** A collector id, `me` or `unassigned`; none: everybody's customers. */
  collector?: string | undefined;
}

export function validateWorklistSearch(search: Record<string, unknown>): WorklistSearch {
  return { collector: str(search.collector) };
}

export const DISPUTE_STATUSES = ['open', 'resolved', 'rejected'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

export interface DisputesSearch {
  status?: DisputeStatus | undefined;
  customer?: string | undefined;
  /** The dispute shown in the drawer. */
  dispute?: string | undefined;
}

export function validateDisputesSearch(search: Record<string, unknown>): DisputesSearch {
  return {
    status: oneOf(search.status, DISPUTE_STATUSES),
    customer: str(search.customer),
    dispute: str(search.dispute),
  };
}

export const PROMISE_VIEWS = ['due', 'open', 'kept', 'broken', 'cancelled'] as const;
export type PromiseView = (typeof PROMISE_VIEWS)[number];

export interface PromisesSearch {
  /** `due`: open promises whose date has come (the default); else a status. */
  view?: PromiseView | 'all' | undefined;
  customer?: string | undefined;
}

export function validatePromisesSearch(search: Record<string, unknown>): PromisesSearch {
  return {
    view: oneOf(search.view, [...PROMISE_VIEWS, 'all'] as const),
    customer: str(search.customer),
  };
}

export const HOLD_KINDS = ['manual', 'automatic'] as const;

export interface HoldsSearch {
  kind?: (typeof HOLD_KINDS)[number] | undefined;
}

export function validateHoldsSearch(search: Record<string, unknown>): HoldsSearch {
  return { kind: oneOf(search.kind, HOLD_KINDS) };
}

/** Today's calendar date where the user is (`YYYY-MM-DD`), for "due by today" and date defaults. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** `days` after a `YYYY-MM-DD` date (a form's suggested date; the API checks what is sent). */
export function addDaysIso(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const t = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1) + days * 86_400_000);
  return t.toISOString().slice(0, 10);
}
