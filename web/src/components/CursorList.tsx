/**
 * A server-paginated list (`{ items, nextCursor }`, docs/api.md) read page by page: the first page
 * at once, the next ones with "Load more". Loading, error (with retry) and empty states as
 * everywhere (states.tsx); `children` renders the items loaded so far.
 */
import { Button, Group, Text } from '@mantine/core';
import { type QueryKey, useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useT } from '../i18n/i18n';
import { EmptyState, ErrorState, LoadingState } from './states';

export interface CursorPage<T> {
  items: T[];
  nextCursor: string | null;
}

/** Pages of a cursor list; `fetchPage(cursor)` calls the API (`cursor` undefined: the first page). */
export function useCursorList<P extends CursorPage<unknown>>(
  queryKey: QueryKey,
  fetchPage: (cursor?: string) => Promise<P>,
) {
  return useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam }) => fetchPage(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: P) => last.nextCursor ?? undefined,
  });
}

export function CursorList<P extends CursorPage<unknown>>({
  list,
  empty,
  children,
}: {
  list: ReturnType<typeof useCursorList<P>>;
  /** What to do when there is nothing (shown under "Nothing here yet"). */
  empty: string;
  children: (items: P['items']) => ReactNode;
}) {
  const t = useT();
  if (list.isPending) return <LoadingState />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data.pages.flatMap((p) => p.items) as P['items'];
  if (items.length === 0) return <EmptyState hint={empty} />;
  return (
    <>
      {children(items)}
      <Group justify="space-between" mt="xs">
        <Text size="xs" c="dimmed">
          {t('list.shown', { n: items.length })}
        </Text>
        {list.hasNextPage && (
          <Button
            size="xs"
            variant="default"
            loading={list.isFetchingNextPage}
            onClick={() => void list.fetchNextPage()}
          >
            {t('list.more')}
          </Button>
        )}
      </Group>
    </>
  );
}
