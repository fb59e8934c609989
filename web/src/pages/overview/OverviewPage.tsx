/**
 * Overview: the receivables at a glance for one currency (a deep link keeps it: `/?currency=EUR`).
 * Figures come from GET /v1/reports/aging; the page does no arithmetic on amounts.
 */
import { Group, Paper, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { type ChartOption, EChart } from '../../components/EChart';
import { PageHeader } from '../../components/PageHeader';
import { EmptyState, QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';

type AgingReport = components['schemas']['AgingReport'];
type Bucket = keyof AgingReport['buckets'];
const BUCKETS: readonly Bucket[] = ['current', '1-30', '31-60', '61-90', '91+'];

export interface OverviewSearch {
  currency?: string | undefined;
}

export function validateOverviewSearch(search: Record<string, unknown>): OverviewSearch {
  return { currency: typeof search.currency === 'string' ? search.currency : undefined };
}

export function OverviewPage() {
  const t = useT();
  const aging = useQuery({
    queryKey: ['reports', 'aging'],
    queryFn: () => data(api.GET('/v1/reports/aging', { params: { query: {} } })),
  });
  return (
    <>
      <PageHeader title={t('overview.title')} />
      <QueryView query={aging}>{(answer) => <OverviewBody reports={answer.reports} />}</QueryView>
    </>
  );
}

function OverviewBody({ reports }: { reports: AgingReport[] }) {
  const t = useT();
  const navigate = useNavigate({ from: '/' });
  const { currency } = useSearch({ from: '/app/' });
  const report = reports.find((r) => r.currency === currency) ?? reports[0];
  if (!report) return <EmptyState hint={t('overview.noReceivables', { currency: currency ?? '' })} />;
  return (
    <Stack gap="md">
      {reports.length > 1 && (
        <SegmentedControl
          size="xs"
          w="fit-content"
          aria-label={t('overview.currency')}
          value={report.currency}
          onChange={(value) => void navigate({ search: { currency: value } })}
          data={reports.map((r) => r.currency)}
        />
      )}
      <Figures report={report} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <AgingChart report={report} />
        <TopCustomers report={report} />
      </SimpleGrid>
    </Stack>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" className="num" ta="left" data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

function Figures({ report }: { report: AgingReport }) {
  const t = useT();
  const f = useFormat();
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm">
      <Figure
        label={t('overview.totalAr')}
        value={f.money(report.total, report.currency)}
        testId="total-ar"
      />
      <Figure
        label={t('overview.current')}
        value={f.money(report.buckets.current, report.currency)}
        testId="current"
      />
      <Figure
        label={t('overview.unapplied')}
        value={f.money(report.unapplied, report.currency)}
        testId="unapplied"
      />
      <Figure label={t('overview.asOf', { date: '' }).trim()} value={f.date(report.asOf)} testId="as-of" />
    </SimpleGrid>
  );
}

function AgingChart({ report }: { report: AgingReport }) {
  const t = useT();
  const f = useFormat();
  const labels = BUCKETS.map((b) => t(`overview.bucket.${b}`));
  const option: ChartOption = {
    grid: { left: 8, right: 8, top: 8, bottom: 24, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (value) => f.money(String(value), report.currency) },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', data: BUCKETS.map((b) => Number(report.buckets[b])) }],
  };
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h5" mb={4}>
        {t('overview.aging')}
      </Title>
      <EChart option={option} label={t('overview.aging')} />
      <Table mt={4} data-testid="aging-table">
        <Table.Tbody>
          {BUCKETS.map((b, i) => (
            <Table.Tr key={b}>
              <Table.Td>{labels[i]}</Table.Td>
              <Table.Td className="num">{f.money(report.buckets[b], report.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Paper>
  );
}

function TopCustomers({ report }: { report: AgingReport }) {
  const t = useT();
  const f = useFormat();
  const top = report.customers.slice(0, 10);
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h5" mb={4}>
        {t('overview.topOverdue')}
      </Title>
      {top.length === 0 ? (
        <EmptyState hint={t('overview.noOverdue')} />
      ) : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('overview.customer')}</Table.Th>
              <Table.Th className="num">{t('overview.totalAr')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {top.map((c) => (
              <Table.Tr key={c.customerId}>
                <Table.Td>{c.name}</Table.Td>
                <Table.Td className="num">{f.money(c.total, report.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Group />
    </Paper>
  );
}
