/**
 * The cash forecast (GET /v1/analytics/forecast): expected receipts per ISO week for the next 4,
 * 8, 13 or 26 weeks in one currency — promised, overdue (expected now) and estimated alike — with
 * what lies beyond, what is in dispute and the open total they add up to, and which estimator
 * gave the payment days. Every figure is the API's.
 */
import { Group, Paper, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { EmptyState, QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { LabelledSegments } from './AgingReportView';
import { ExportLinks } from './ExportLinks';
import { FORECAST_WEEKS } from './reports-search';

type Forecast = components['schemas']['CashForecast'];

export function ForecastView() {
  const t = useT();
  const search = useSearch({ from: '/app/reports' });
  const navigate = useNavigate({ from: '/reports' });
  const weeks = search.weeks ?? 13;
  const forecast = useQuery({
    queryKey: ['analytics', 'forecast', { weeks }],
    queryFn: () => data(api.GET('/v1/analytics/forecast', { params: { query: { weeks } } })),
  });
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap">
        <LabelledSegments
          label={t('reports.forecast.weeks')}
          value={String(weeks)}
          data={FORECAST_WEEKS.map((n) => ({ value: String(n), label: String(n) }))}
          onChange={(v) =>
            void navigate({ search: (prev) => ({ ...prev, weeks: v === '13' ? undefined : Number(v) }) })
          }
        />
        {(forecast.data?.currencies.length ?? 0) > 1 && (
          <LabelledSegments
            label={t('reports.forecast.currency')}
            value={currencyOf(forecast.data, search.currency)}
            data={(forecast.data?.currencies ?? []).map((c) => ({ value: c.currency, label: c.currency }))}
            onChange={(v) => void navigate({ search: (prev) => ({ ...prev, currency: v }) })}
          />
        )}
        <ExportLinks
          path="/v1/analytics/forecast/export"
          params={{ weeks: String(weeks) }}
          label={t('reports.tab.forecast')}
        />
      </Group>
      <QueryView query={forecast}>
        {(f) =>
          f.currencies.length === 0 ? (
            <EmptyState hint={t('reports.forecast.empty')} />
          ) : (
            <ForecastTables forecast={f} currency={currencyOf(f, search.currency)} />
          )
        }
      </QueryView>
    </Stack>
  );
}

/** The currency asked for when the forecast has it, else its first. */
function currencyOf(f: Forecast | undefined, asked: string | undefined): string {
  const all = f?.currencies.map((c) => c.currency) ?? [];
  return asked && all.includes(asked) ? asked : (all[0] ?? '');
}

function ForecastTables({ forecast, currency }: { forecast: Forecast; currency: string }) {
  const t = useT();
  const f = useFormat();
  const weeks = forecast.weeks.filter((w) => w.currency === currency);
  const totals = forecast.currencies.find((c) => c.currency === currency);
  const m = (amount: string) => f.money(amount, currency);
  return (
    <Paper withBorder p="sm">
      <Text size="sm">{t('reports.forecast.caption', { date: f.date(forecast.firstDay) })}</Text>
      <Text size="xs" c="dimmed" mb="xs" data-testid="forecast-estimator">
        {forecast.model
          ? t('reports.forecast.model', {
              date: f.date(forecast.model.trainedAt.slice(0, 10)),
              asOf: f.date(forecast.model.asOf),
            })
          : t('reports.forecast.history')}
      </Text>
      <Table.ScrollContainer
        minWidth={640}
        type="native"
        tabIndex={0}
        role="region"
        aria-label={t('reports.forecast.caption', { date: f.date(forecast.firstDay) })}
      >
        <Table striped highlightOnHover data-testid="forecast-weeks" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reports.forecast.week')}</Table.Th>
              <Table.Th>{t('reports.forecast.from')}</Table.Th>
              <Table.Th className="num">{t('reports.forecast.expected')}</Table.Th>
              <Table.Th className="num">{t('reports.forecast.promised')}</Table.Th>
              <Table.Th className="num">{t('reports.forecast.overdue')}</Table.Th>
              <Table.Th className="num">{t('reports.forecast.invoices')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {weeks.map((w) => (
              <Table.Tr key={w.weekStart}>
                <Table.Td>{w.isoWeek}</Table.Td>
                <Table.Td>{f.date(w.weekStart)}</Table.Td>
                <Table.Td className="num">{m(w.expected)}</Table.Td>
                <Table.Td className="num">{m(w.promised)}</Table.Td>
                <Table.Td className="num">{m(w.overdue)}</Table.Td>
                <Table.Td className="num">{w.invoices}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {totals && (
        <SimpleGrid cols={{ base: 2, sm: 4 }} mt="sm" data-testid="forecast-totals">
          <Figure label={t('reports.forecast.inWeeks')} value={m(totals.inWeeks)} />
          <Figure label={t('reports.forecast.later')} value={m(totals.later.expected)} />
          <Figure label={t('reports.forecast.disputed')} value={m(totals.disputed.amount)} />
          <Figure label={t('reports.forecast.open')} value={m(totals.open)} testId="forecast-open" />
        </SimpleGrid>
      )}
    </Paper>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} className="num" data-testid={testId}>
        {value}
      </Text>
    </Stack>
  );
}
