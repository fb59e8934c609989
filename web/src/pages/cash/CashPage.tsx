/**
 * Cash application, the review queue (`/cash?status=&line=`): the bank lines the engine left for a
 * person, each with its candidates, confidence and reasons. The whole page of lines (with every
 * suggestion) is loaded at once and the next page is fetched before it is needed, so moving to
 * the next line is a re-render, not a request. Keyboard: j/k or arrows move, Enter accepts the
 * chosen suggestion, 1–3 choose one, a applies by hand, o leaves on account, x ignores, u unapplies.
 */
import { Grid, Group, Paper, ScrollArea, SegmentedControl, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useMemo, useRef } from 'react';
import { api, data } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { CashTabs } from './CashTabs';
import { Confidence } from './Confidence';
import { type CashSearch, QUEUE_FILTERS, type QueueFilter, type ReviewItem } from './cash-search';
import { LineDetail } from './LineDetail';
import { queueKey } from './queue-cache';

const PAGE_SIZE = 100;
/** Fetch the next page when the line on screen is this close to the end of what is loaded. */
const PREFETCH_WITHIN = 10;

export function CashPage() {
  const t = useT();
  const search = useSearch({ from: '/app/cash' });
  const filter: QueueFilter = search.status ?? 'review';
  const queue = useInfiniteQuery({
    queryKey: queueKey(filter),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      data(
        api.GET('/v1/bank/transactions', {
          params: {
            query: {
              limit: PAGE_SIZE,
              ...(filter === 'review' ? {} : { status: filter }),
              ...(pageParam ? { cursor: pageParam } : {}),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  return (
    <>
      <PageHeader title={t('nav.cash')} />
      <CashTabs />
      <FilterBar filter={filter} />
      {queue.isPending ? (
        <LoadingState />
      ) : queue.isError ? (
        <ErrorState error={queue.error} onRetry={() => void queue.refetch()} />
      ) : (
        <Queue
          lines={queue.data.pages.flatMap((p) => p.items)}
          search={search}
          filter={filter}
          hasMore={queue.hasNextPage}
          loadMore={() => void queue.fetchNextPage()}
        />
      )}
    </>
  );
}

function FilterBar({ filter }: { filter: QueueFilter }) {
  const t = useT();
  const navigate = useNavigate({ from: '/cash' });
  return (
    <SegmentedControl
      size="xs"
      mb="sm"
      aria-label={t('cash.queue.filter')}
      value={filter}
      onChange={(value) =>
        void navigate({ search: { status: value === 'review' ? undefined : (value as QueueFilter) } })
      }
      data={QUEUE_FILTERS.map((f) => ({ value: f, label: t(`cash.filter.${f}`) }))}
    />
  );
}

function Queue({
  lines,
  search,
  filter,
  hasMore,
  loadMore,
}: {
  lines: ReviewItem[];
  search: CashSearch;
  filter: QueueFilter;
  hasMore: boolean;
  loadMore: () => void;
}) {
  const t = useT();
  const navigate = useNavigate({ from: '/cash' });
  const found = lines.findIndex((l) => l.id === search.line);
  const index = found >= 0 ? found : 0;
  const line = lines[index];
  useEffect(() => {
    if (hasMore && index >= lines.length - PREFETCH_WITHIN) loadMore();
  }, [hasMore, index, lines.length, loadMore]);
  const select = useMemo(
    () => (id: string | undefined) =>
      void navigate({ search: (prev) => ({ ...prev, line: id }), replace: true }),
    [navigate],
  );
  if (!line)
    return (
      <EmptyState
        title={t(filter === 'review' ? 'cash.queue.emptyTitle' : 'cash.queue.emptyFiltered')}
        hint={t('cash.queue.emptyHint')}
      />
    );
  const neighbour = (step: number) => lines[Math.min(Math.max(index + step, 0), lines.length - 1)]?.id;
  return (
    <Grid gap="sm">
      <Grid.Col span={{ base: 12, lg: 5 }}>
        <LineList lines={lines} selectedId={line.id} onSelect={select} />
        {hasMore && (
          <Text size="xs" c="dimmed" mt={4}>
            {t('cash.queue.more')}
          </Text>
        )}
      </Grid.Col>
      <Grid.Col span={{ base: 12, lg: 7 }}>
        <LineDetail
          key={line.id}
          line={line}
          filter={filter}
          position={{ index, count: lines.length }}
          onMove={(step) => select(neighbour(step))}
          afterDecision={() => select(lines[index + 1]?.id ?? lines[index - 1]?.id)}
        />
      </Grid.Col>
    </Grid>
  );
}

function LineList({
  lines,
  selectedId,
  onSelect,
}: {
  lines: ReviewItem[];
  selectedId: string;
  onSelect: (id: string) => void;
}) {
  const t = useT();
  const f = useFormat();
  const selectedRow = useRef<HTMLTableRowElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll when the selection changes
  useEffect(() => {
    selectedRow.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedId]);
  return (
    <Paper withBorder>
      <ScrollArea.Autosize mah="calc(100vh - 220px)" type="auto">
        <Table data-testid="queue-table" stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cash.line.date')}</Table.Th>
              <Table.Th>{t('cash.line.payer')}</Table.Th>
              <Table.Th className="num">{t('cash.line.amount')}</Table.Th>
              <Table.Th>{t('cash.line.confidence')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l) => {
              const selected = l.id === selectedId;
              return (
                <Table.Tr
                  key={l.id}
                  ref={selected ? selectedRow : undefined}
                  data-line-id={l.id}
                  aria-selected={selected}
                  {...(selected ? { bg: 'var(--mantine-primary-color-light)' } : {})}
                  onClick={() => onSelect(l.id)}
                  style={{ cursor: 'pointer' }}
                >
                  <Table.Td>{f.date(l.bookingDate)}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={1}>
                      {l.payerName ?? t('cash.line.noPayer')}
                    </Text>
                  </Table.Td>
                  <Table.Td className="num">{f.money(l.amount, l.currency)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Confidence value={l.suggestions[0]?.confidence ?? l.confidence} />
                      <Text size="xs" c="dimmed">
                        {t(`cash.status.${l.status}`)}
                      </Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </Paper>
  );
}
