/**
 * The Dunning pages share a title and tabs, one URL each: policies (`/dunning`), the preview and
 * run of a day, the recorded runs and their letters, the print queue, and the message templates.
 */
import { Tabs } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

export type DunningPath =
  | '/dunning'
  | '/dunning/run'
  | '/dunning/runs'
  | '/dunning/print'
  | '/dunning/templates';

const TABS: readonly { path: DunningPath; label: MessageKey }[] = [
  { path: '/dunning', label: 'dunning.tab.policies' },
  { path: '/dunning/run', label: 'dunning.tab.run' },
  { path: '/dunning/runs', label: 'dunning.tab.runs' },
  { path: '/dunning/print', label: 'dunning.tab.print' },
  { path: '/dunning/templates', label: 'dunning.tab.templates' },
];

export function DunningLayout({ tab, children }: { tab: DunningPath; children: ReactNode }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('nav.dunning')} />
      <Tabs value={tab} onChange={(value) => value && void navigate({ to: value as DunningPath })}>
        <Tabs.List aria-label={t('nav.dunning')} mb="sm">
          {TABS.map((x) => (
            <Tabs.Tab key={x.path} value={x.path}>
              {t(x.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((x) => (
          <Tabs.Panel key={x.path} value={x.path}>
            {x.path === tab && children}
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
