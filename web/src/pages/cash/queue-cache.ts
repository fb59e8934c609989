/** The review queue in react-query's cache: its key per filter, and a decided line replaced or dropped. */
import type { InfiniteData } from '@tanstack/react-query';
import type { QueueFilter, ReviewItem } from './cash-search';

export interface QueuePage {
  items: ReviewItem[];
  nextCursor: string | null;
}

export function queueKey(filter: QueueFilter) {
  return ['bank-transactions', 'queue', filter] as const;
}

/** Whether a line of this status is listed under the filter. */
export function belongs(filter: QueueFilter, status: ReviewItem['status']): boolean {
  return filter === 'review' ? status === 'suggested' || status === 'unmatched' : filter === status;
}

/** The loaded pages with the line replaced by its new state, or dropped when it left the filter. */
export function withDecidedLine(
  data: InfiniteData<QueuePage> | undefined,
  filter: QueueFilter,
  updated: ReviewItem,
): InfiniteData<QueuePage> | undefined {
  if (!data) return data;
  const keep = belongs(filter, updated.status);
  return {
    ...data,
    pages: data.pages.map((p) => ({
      ...p,
      items: keep
        ? p.items.map((i) => (i.id === updated.id ? updated : i))
        : p.items.filter((i) => i.id !== updated.id),
    })),
  };
}
