/** The three cash application views, each its own URL: review queue, statement import, rules. */
import { Button, Group } from '@mantine/core';
import { Link, useRouterState } from '@tanstack/react-router';
import { useT } from '../../i18n/i18n';

const TABS = [
  { to: '/cash', label: 'cash.tab.queue' },
  { to: '/cash/import', label: 'cash.tab.import' },
  { to: '/cash/rules', label: 'cash.tab.rules' },
] as const;

export function CashTabs() {
  const t = useT();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  return (
    <Group gap={4} mb="sm" component="nav" aria-label={t('cash.tabs')}>
      {TABS.map((tab) => {
        const active = pathname === tab.to;
        return (
          <Button
            key={tab.to}
            component={Link}
            to={tab.to}
            size="compact-sm"
            variant={active ? 'filled' : 'subtle'}
            aria-current={active ? 'page' : undefined}
          >
            {t(tab.label)}
          </Button>
        );
      })}
    </Group>
  );
}
