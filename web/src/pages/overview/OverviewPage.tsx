/**
 * Overview: the receivables of one currency at a glance and today's work (a deep link keeps the
 * currency: `/?currency=EUR`). Every figure comes from GET /v1/reports/overview; the page does no
 * arithmetic on amounts, it only formats them.
 */
import { SegmentedControl, SimpleGrid, Stack } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { api, data } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/states';
import { useT } from '../../i18n/i18n';
import { AgingChart, DsoTrendChart } from './OverviewCharts';
import { Figures } from './OverviewFigures';
import { TodaysWork, TopOverdue } from './OverviewWork';
import type { Overview } from './overview-types';

export function OverviewPage() {
  const t = useT();
  const { currency } = useSearch({ from: '/app/' });
  const overview = useQuery({
    queryKey: ['reports', 'overview', currency ?? null],
    queryFn: () => data(api.GET('/v1/reports/overview', { params: { query: currency ? { currency } : {} } })),
  });
  return (
    <>
      <PageHeader title={t('overview.title')} />
      <QueryView query={overview}>{(o) => <OverviewBody overview={o} />}</QueryView>
    </>
  );
}

function CurrencySwitch({ overview }: { overview: Overview }) {
  const t = useT();
  const navigate = useNavigate({ from: '/' });
  const choices = overview.currencies.includes(overview.currency)
    ? overview.currencies
    : [overview.currency, ...overview.currencies];
  if (choices.length < 2) return null;
  return (
    <SegmentedControl
      size="xs"
      w="fit-content"
      aria-label={t('overview.currency')}
      value={overview.currency}
      onChange={(value) => void navigate({ search: { currency: value } })}
      data={choices}
    />
  );
}

function OverviewBody({ overview }: { overview: Overview }) {
  return (
    <Stack gap="md">
      <CurrencySwitch overview={overview} />
      <Figures overview={overview} />
      <TodaysWork work={overview.work} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <AgingChart overview={overview} />
        <DsoTrendChart overview={overview} />
      </SimpleGrid>
      <TopOverdue overview={overview} />
    </Stack>
  );
}
