/**
 * The Collections pages share a title and tabs, one URL each: the worklist (`/collections`),
 * disputes, promises to pay and credit holds. A tab is a link (Tab / arrow keys move between tabs).
 */
import { Tabs } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

export type CollectionsPath =
  | '/collections'
  | '/collections/disputes'
  | '/collections/promises'
  | '/collections/holds';

const TABS: readonly { path: CollectionsPath; label: MessageKey }[] = [
  { path: '/collections', label: 'collections.tab.worklist' },
  { path: '/collections/disputes', label: 'collections.tab.disputes' },
  { path: '/collections/promises', label: 'collections.tab.promises' },
  { path: '/collections/holds', label: 'collections.tab.holds' },
];

export function CollectionsLayout({ tab, children }: { tab: CollectionsPath; children: ReactNode }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <>
      <PageHeader title={t('nav.collections')} />
      <Tabs value={tab} onChange={(value) => value && void navigate({ to: value as CollectionsPath })}>
        <Tabs.List aria-label={t('nav.collections')} mb="sm">
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
