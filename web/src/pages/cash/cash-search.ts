/** The cash pages' URL state: the queue's status filter and the line on screen (a deep link). */
import type { components } from '../../api/schema';

export type ReviewItem = components['schemas']['BankLine'];
export type LineStatus = ReviewItem['status'];

/** `review` is the API's default queue: suggested and unmatched lines. */
export const QUEUE_FILTERS = ['review', 'suggested', 'unmatched', 'applied', 'ignored', 'new'] as const;
export type QueueFilter = (typeof QUEUE_FILTERS)[number];

export interface CashSearch {
  status?: QueueFilter | undefined;
  line?: string | undefined;
}

export function validateCashSearch(search: Record<string, unknown>): CashSearch {
  const status = QUEUE_FILTERS.find((f) => f === search.status);
  return {
    status: status === 'review' ? undefined : status,
    line: typeof search.line === 'string' ? search.line : undefined,
  };
}
