/** A page other work will fill: its title and, in words, what it will hold (no made-up data). */
import { Paper, Text } from '@mantine/core';
import { PageHeader } from '../components/PageHeader';
import { useT } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

export function PlannedPage({ title, plan }: { title: MessageKey; plan: MessageKey }) {
  const t = useT();
  return (
    <>
      <PageHeader title={t(title)} />
      <Paper withBorder p="md" maw={720}>
        <Text size="sm" c="dimmed" mb={4}>
          {t('page.planned')}
        </Text>
        <Text size="sm">{t(plan)}</Text>
      </Paper>
    </>
  );
}
