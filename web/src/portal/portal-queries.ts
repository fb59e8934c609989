/** The portal's reads as react-query options, shared by the pages and main.tsx's prefetch. */
import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { portalApi } from './portal-api';

export const sessionQuery = queryOptions({ queryKey: ['portal', 'session'], queryFn: portalApi.session });

export const invoicesQuery = (status: 'open' | 'closed') =>
  infiniteQueryOptions({
    queryKey: ['portal', 'invoices', status],
    queryFn: ({ pageParam }) => portalApi.invoices(status, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

/** The statement as of `asOf`, or of the server's today. */
export const statementQuery = (asOf: string | undefined) =>
  queryOptions({
    queryKey: ['portal', 'statement', asOf ?? 'today'],
    queryFn: () => portalApi.statement(asOf),
  });
