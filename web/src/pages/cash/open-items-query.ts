/** The open items a line can be applied to for a customer: one query, also prefetched for the line on screen. */
import { queryOptions } from '@tanstack/react-query';
import { api, data } from '../../api/client';

export function openItemsQuery(lineId: string, customer: string, search = '') {
  return queryOptions({
    queryKey: ['bank-transactions', lineId, 'open-items', customer, search],
    queryFn: () =>
      data(
        api.GET('/v1/bank/transactions/{id}/open-items', {
          params: { path: { id: lineId }, query: { customer, limit: 200, ...(search ? { search } : {}) } },
        }),
      ),
  });
}
