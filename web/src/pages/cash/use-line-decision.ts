/**
 * After a person decided a line (accepted, applied, ignored, unapplied): move on to the next line
 * at once when this one leaves the filter on screen, put its new state into the loaded queue, and
 * refresh what the decision changed (the queue, invoices, receipts, customers, reports).
 */
import { type InfiniteData, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { QueueFilter, ReviewItem } from './cash-search';
import { belongs, type QueuePage, queueKey, withDecidedLine } from './queue-cache';

export function useLineDecision(filter: QueueFilter, afterDecision: () => void) {
  const qc = useQueryClient();
  return useCallback(
    (updated: ReviewItem) => {
      if (!belongs(filter, updated.status)) afterDecision();
      qc.setQueryData<InfiniteData<QueuePage>>(queueKey(filter), (d) => withDecidedLine(d, filter, updated));
      for (const key of ['bank-transactions', 'invoices', 'receipts', 'reports', 'customers'])
        void qc.invalidateQueries({ queryKey: [key] });
    },
    [qc, filter, afterDecision],
  );
}
