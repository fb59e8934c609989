/**
 * KPIs (GET /v1/reports/kpis): per month or quarter of the last 12, 24 or 36 months and one
 * currency, the receivables at each period end, the credit sales and every KPI as the API computes
 * it (docs/analytics.md) — nothing is computed here; a KPI the API cannot define shows "—".
 * Scoped to a customer, a collector's customers or a category (KpiScope.tsx), exports included.
 */
import { Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { Fragment } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { EmptyState, QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { agingQuery, LabelledSegments } from './AgingReportView';
import { ExportLinks } from './ExportLinks';
import { KpiScopeHeading, KpiScopePickers, scopeQuery } from './KpiScope';
import { KPI_SPANS, type KpiSpan } from './reports-search';

type KpiReport = components['schemas']['KpiReport'];
type KpiPeriod = KpiReport['months'][number];
type KpiKey = keyof KpiPeriod['kpis'];

/** The rows, grouped as the page shows them; each is a KPI of the API's `kpis`. */
const GROUPS: { title: MessageKey; keys: KpiKey[] }[] = [
  {
    title: 'reports.kpi.group.stock',
    keys: ['percentCurrent', 'percentOver90', 'badDebtRatio', 'turnover', 'cei'],
  },
  {
    title: 'reports.kpi.group.dso',
    keys: ['dso', 'countbackDso', 'bestPossibleDso', 'averageDaysDelinquent'],
  },
  {
    title: 'reports.kpi.group.collection',
    keys: ['paidWithinTermsPct', 'paidWithinTermsAmountPct', 'averageDaysToPay', 'averageDaysLate'],
  },
  {
    title: 'reports.kpi.group.cash',
    keys: [
      'unappliedAgeDays',
      'autoApplicationPct',
      'disputeRatePct',
      'averageDaysToResolve',
      'promiseKeptPct',
    ],
  },
  {
    title: 'reports.kpi.group.retention',
    keys: ['customerErosionPct', 'revenueErosionPct', 'reworkRatePct'],
  },
];

/** `YYYY-MM` of `date` in UTC, moved by `months` (the API counts months in UTC too). */
export function monthOf(date: Date, months = 0): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  return d.toISOString().slice(0, 7);
}

export function KpiView() {
  const t = useT();
  const search = useSearch({ from: '/app/reports' });
  const navigate = useNavigate({ from: '/reports' });
  const span: KpiSpan = search.span ?? 12;
  const to = monthOf(new Date());
  const from = monthOf(new Date(), 1 - span);
  const currencies = useQuery(agingQuery(undefined, 'due_date')).data?.reports.map((r) => r.currency) ?? [];
  const scope = scopeQuery(search);
  const query = { from, to, ...(search.currency ? { currency: search.currency } : {}), ...scope };
  const kpis = useQuery({
    queryKey: ['reports', 'kpis', query],
    queryFn: () => data(api.GET('/v1/reports/kpis', { params: { query } })),
  });
  return (
    <Stack gap="sm">
      <KpiScopeHeading />
      <KpiScopePickers />
      <Group gap="sm" align="flex-end" wrap="wrap">
        <LabelledSegments
          label={t('reports.kpi.span')}
          value={String(span)}
          data={KPI_SPANS.map((n) => ({ value: String(n), label: String(n) }))}
          onChange={(v) =>
            void navigate({
              search: (prev) => ({ ...prev, span: v === '12' ? undefined : (Number(v) as KpiSpan) }),
            })
          }
        />
        <LabelledSegments
          label={t('reports.kpi.period')}
          value={search.period ?? 'month'}
          data={[
            { value: 'month', label: t('reports.kpi.period.month') },
            { value: 'quarter', label: t('reports.kpi.period.quarter') },
          ]}
          onChange={(v) =>
            void navigate({
              search: (prev) => ({ ...prev, period: v === 'quarter' ? 'quarter' : undefined }),
            })
          }
        />
        {currencies.length > 1 && (
          <LabelledSegments
            label={t('reports.kpi.currency')}
            value={kpis.data?.base ? 'base' : (kpis.data?.currency ?? search.currency ?? '')}
            data={[
              ...currencies.map((c) => ({ value: c, label: c })),
              { value: 'base', label: t('reports.kpi.allInBase') },
            ]}
            onChange={(v) => void navigate({ search: (prev) => ({ ...prev, currency: v }) })}
          />
        )}
        {!kpis.isError && (
          <ExportLinks path="/v1/reports/kpis/export" params={query} label={t('reports.tab.kpis')} />
        )}
      </Group>
      {/* An unknown (404) or malformed (422) scope is shown without "Try again": the pickers change it. */}
      <QueryView query={kpis}>
        {(report) => (
          <KpiTable report={report} periods={search.period === 'quarter' ? report.quarters : report.months} />
        )}
      </QueryView>
    </Stack>
  );
}

function KpiTable({ report, periods }: { report: KpiReport; periods: KpiPeriod[] }) {
  const t = useT();
  const f = useFormat();
  if (periods.length === 0 || periods.every((p) => p.sales === '0.00' && p.ending.total === '0.00'))
    return <EmptyState hint={t('reports.kpi.none')} />;
  const cur = report.currency;
  return (
    <Paper withBorder p="sm">
      <Text size="sm" mb="xs">
        {t(report.base ? 'reports.kpi.captionBase' : 'reports.kpi.caption', { currency: cur })}
      </Text>
      <Table.ScrollContainer
        minWidth={180 + 110 * periods.length}
        type="native"
        tabIndex={0}
        role="region"
        aria-label={t('reports.kpi.caption', { currency: cur })}
      >
        <Table striped highlightOnHover data-testid="kpi-table" fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th miw={180}>{t('reports.kpi.kpi')}</Table.Th>
              {periods.map((p) => (
                <Table.Th key={p.period} className="num">
                  {p.period}
                  {p.partial && (
                    <Text span size="xs" c="dimmed" display="block">
                      {t('reports.kpi.partial')}
                    </Text>
                  )}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {GROUPS.map((g) => (
              <Fragment key={g.title}>
                <GroupRow title={t(g.title)} span={periods.length} />
                {g.title === 'reports.kpi.group.stock' && <StockRows periods={periods} currency={cur} />}
                {g.keys.map((key) => (
                  <Table.Tr key={key}>
                    <Table.Th scope="row">{t(`reports.kpi.${key}` as MessageKey)}</Table.Th>
                    {periods.map((p) => (
                      <Table.Td key={p.period} className="num" data-testid={`kpi-${key}-${p.period}`}>
                        {kpiText(p.kpis[key], f.decimal, t('reports.kpi.incomplete'))}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Fragment>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

/** The receivables at each period end and the period's credit sales, in the report's currency. */
function StockRows({ periods, currency }: { periods: KpiPeriod[]; currency: string }) {
  const t = useT();
  const f = useFormat();
  return (
    <>
      <Table.Tr>
        <Table.Th scope="row">{t('reports.kpi.endingAr')}</Table.Th>
        {periods.map((p) => (
          <Table.Td key={p.period} className="num">
            {f.money(p.ending.total, currency)}
          </Table.Td>
        ))}
      </Table.Tr>
      <Table.Tr>
        <Table.Th scope="row">{t('reports.kpi.sales')}</Table.Th>
        {periods.map((p) => (
          <Table.Td key={p.period} className="num">
            {f.money(p.sales, currency)}
          </Table.Td>
        ))}
      </Table.Tr>
    </>
  );
}

function GroupRow({ title, span }: { title: string; span: number }) {
  return (
    <Table.Tr>
      <Table.Th colSpan={span + 1} fw={700} pt="sm">
        {title}
      </Table.Th>
    </Table.Tr>
  );
}

/** A KPI as the API gives it: a number, null ("—"), or the countback DSO with its completeness. */
function kpiText(
  value: KpiPeriod['kpis'][KpiKey],
  decimal: (v: string, digits?: number) => string,
  atLeast: string,
): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return decimal(String(value), 2);
  const days = decimal(String(value.days), 2);
  return value.complete ? days : `${atLeast} ${days}`;
}
