/** The overview's headline figures: total, overdue, % current, current, unapplied cash, DSO. */
import { Paper, SimpleGrid, Text } from '@mantine/core';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { Overview } from './overview-types';

function Figure({
  label,
  value,
  testId,
  hint,
}: {
  label: string;
  value: string;
  testId: string;
  hint?: string;
}) {
  return (
    <Paper withBorder p="sm">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" className="num" ta="left" data-testid={testId}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

export function Figures({ overview: o }: { overview: Overview }) {
  const t = useT();
  const f = useFormat();
  const none = '–';
  const percent = o.percentCurrent === null ? none : `${f.decimal(String(o.percentCurrent), 1)} %`;
  const dso = o.dso.dso === null ? none : t('overview.dsoDays', { days: f.decimal(String(o.dso.dso), 1) });
  return (
    <SimpleGrid cols={{ base: 2, md: 3, xl: 6 }} spacing="sm">
      <Figure label={t('overview.totalAr')} value={f.money(o.total, o.currency)} testId="total-ar" />
      <Figure label={t('overview.overdue')} value={f.money(o.overdue, o.currency)} testId="overdue" />
      <Figure label={t('overview.percentCurrent')} value={percent} testId="percent-current" />
      <Figure label={t('overview.current')} value={f.money(o.buckets.current, o.currency)} testId="current" />
      <Figure label={t('overview.unapplied')} value={f.money(o.unapplied, o.currency)} testId="unapplied" />
      <Figure label={t('overview.dso')} value={dso} testId="dso" hint={t('overview.dsoHint')} />
    </SimpleGrid>
  );
}
