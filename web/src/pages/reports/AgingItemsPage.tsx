/**
 * The open items behind a figure of the aging (GET /v1/reports/aging/items): one currency,
 * optionally one customer or category and one bucket, oldest first, paged by the server ("Show
 * more"). The figure itself is the report's (from the cached aging query), never summed here.
 */
import { Anchor, Button, Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { agingQuery } from './AgingReportView';
import { ExportLinks } from './ExportLinks';
import type { AgingItemsSearch } from './reports-search';

type AgingReport = components['schemas']['AgingReport'];
type AgingItem = components['schemas']['AgingItem'];

const PAGE_SIZE = 100;

export function AgingItemsPage() {
  const t = useT();
  const search = useSearch({ from: '/app/reports/aging/items' });
  const { currency, asOf, basis = 'due_date', customer, category, bucket } = search;
  const filters = {
    currency,
    basis,
    ...(asOf ? { asOf } : {}),
    ...(customer ? { customer } : {}),
    ...(category ? { category } : {}),
    ...(bucket ? { bucket } : {}),
  };
  const items = useInfiniteQuery({
    queryKey: ['reports', 'aging', 'items', filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      data(
        api.GET('/v1/reports/aging/items', {
          params: { query: { ...filters, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const report = useQuery({
    ...agingQuery(asOf, basis),
    select: (d) => d.reports.find((r) => r.currency === currency),
  });
  return (
    <>
      <PageHeader title={t('reports.items.title')}>
        <ExportLinks
          path="/v1/reports/aging/export"
          label={t('reports.items.title')}
          params={{ ...filters, view: 'items' }}
        />
      </PageHeader>
      <Stack gap="sm">
        <Group gap="xs">
          <Anchor
            size="sm"
            renderRoot={(props) => (
              <Link to="/reports" search={{ asOf, basis: search.basis, currency }} {...props} />
            )}
          >
            {t('reports.items.back')}
          </Anchor>
        </Group>
        <FigureLine report={report.data} search={search} />
        {items.isPending ? (
          <LoadingState />
        ) : items.isError ? (
          <ErrorState error={items.error} onRetry={() => void items.refetch()} />
        ) : items.data.pages[0]?.items.length === 0 ? (
          <EmptyState hint={t('reports.items.empty')} />
        ) : (
          <Paper withBorder p="sm">
            <ItemsTable items={items.data.pages.flatMap((p) => p.items)} />
            {items.hasNextPage && (
              <Button
                mt="sm"
                size="xs"
                variant="default"
                loading={items.isFetchingNextPage}
                onClick={() => void items.fetchNextPage()}
              >
                {t('reports.items.more')}
              </Button>
            )}
          </Paper>
        )}
      </Stack>
    </>
  );
}

/** Which figure the items make up: whose, which bucket, as of when, and the report's amount. */
function FigureLine({ report, search }: { report: AgingReport | undefined; search: AgingItemsSearch }) {
  const t = useT();
  const f = useFormat();
  if (!report) return null;
  const customer = search.customer
    ? report.customers.find((c) => c.customerId === search.customer)
    : undefined;
  const category = search.category
    ? report.categories.find((c) => (c.categoryId ?? 'none') === search.category)
    : undefined;
  const row = customer ?? category ?? report;
  const amount = search.bucket ? row.buckets[search.bucket] : row.total;
  const who =
    customer?.name ??
    (category ? (category.name ?? t('reports.aging.uncategorised')) : t('reports.items.all'));
  const bucket = search.bucket ? t(`overview.bucket.${search.bucket}`) : t('reports.aging.total');
  return (
    <Text size="sm" data-testid="items-figure">
      {t('reports.items.figure', {
        who,
        bucket,
        date: f.date(report.asOf),
        amount: f.money(amount, report.currency),
      })}
    </Text>
  );
}

function ItemsTable({ items }: { items: AgingItem[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table striped highlightOnHover data-testid="aging-items-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reports.items.number')}</Table.Th>
            <Table.Th>{t('reports.aging.customer')}</Table.Th>
            <Table.Th>{t('reports.items.issueDate')}</Table.Th>
            <Table.Th>{t('reports.items.dueDate')}</Table.Th>
            <Table.Th className="num">{t('reports.items.days')}</Table.Th>
            <Table.Th>{t('reports.items.bucket')}</Table.Th>
            <Table.Th className="num">{t('reports.items.total')}</Table.Th>
            <Table.Th className="num">{t('reports.items.open')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.invoiceId}>
              <Table.Td>{i.number ?? '—'}</Table.Td>
              <Table.Td>{i.customerName}</Table.Td>
              <Table.Td>{f.date(i.issueDate)}</Table.Td>
              <Table.Td>{i.dueDate ? f.date(i.dueDate) : '—'}</Table.Td>
              <Table.Td className="num">{f.count(i.days)}</Table.Td>
              <Table.Td>{t(`overview.bucket.${i.bucket}`)}</Table.Td>
              <Table.Td className="num">{f.money(i.total, i.currency)}</Table.Td>
              <Table.Td className="num">{f.money(i.open, i.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
