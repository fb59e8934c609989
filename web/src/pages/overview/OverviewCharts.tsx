/** The overview's charts: aging by bucket (with its exact amounts beneath) and the DSO trend. */
import { Paper, Table, Text, Title } from '@mantine/core';
import { type ChartOption, EChart } from '../../components/EChart';
import { AGING_BUCKETS } from '../../format/aging-buckets';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { Overview } from './overview-types';

export function AgingChart({ overview: o }: { overview: Overview }) {
  const t = useT();
  const f = useFormat();
  const labels = AGING_BUCKETS.map((b) => t(`overview.bucket.${b}`));
  const option: ChartOption = {
    grid: { left: 8, right: 8, top: 8, bottom: 24, containLabel: true },
    tooltip: { trigger: 'axis', valueFormatter: (value) => f.money(String(value), o.currency) },
    xAxis: { type: 'category', data: labels },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', data: AGING_BUCKETS.map((b) => Number(o.buckets[b])) }],
  };
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h5" mb={4}>
        {t('overview.aging')}
      </Title>
      <EChart option={option} label={t('overview.aging')} />
      <Table.ScrollContainer minWidth={240}>
        <Table mt={4} data-testid="aging-table">
          <Table.Tbody>
            {AGING_BUCKETS.map((b, i) => (
              <Table.Tr key={b}>
                <Table.Td>{labels[i]}</Table.Td>
                <Table.Td className="num" data-testid={`bucket-${b}`}>
                  {f.money(o.buckets[b], o.currency)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

export function DsoTrendChart({ overview: o }: { overview: Overview }) {
  const t = useT();
  const f = useFormat();
  const points = o.dsoTrend;
  const option: ChartOption = {
    grid: { left: 8, right: 8, top: 8, bottom: 24, containLabel: true },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) =>
        value === null || value === undefined
          ? '–'
          : t('overview.dsoDays', { days: f.decimal(String(value), 1) }),
    },
    xAxis: { type: 'category', data: points.map((p) => f.date(p.on)) },
    yAxis: { type: 'value' },
    series: [{ type: 'line', connectNulls: false, data: points.map((p) => p.dso) }],
  };
  const latest = points.at(-1);
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h5" mb={4}>
        {t('overview.dsoTrend')}
      </Title>
      <EChart option={option} label={t('overview.dsoTrend')} />
      <Text size="xs" c="dimmed" mt={4}>
        {t('overview.dsoExplained')}
      </Text>
      {latest && (
        <Text size="xs" c="dimmed" data-testid="dso-latest">
          {t('overview.dsoAt', {
            date: f.date(latest.on),
            ar: f.money(latest.ar, o.currency),
            sales: f.money(latest.sales, o.currency),
          })}
        </Text>
      )}
    </Paper>
  );
}
