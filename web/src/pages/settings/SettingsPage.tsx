/**
 * Settings: one section at a time, chosen in the URL (`/settings?section=numbering`); `sessions`
 * is the user's own sessions (every role; also linked from the user's name in the header). Sections a
 * role may not see are not listed (alerts: credit managers and admins, who set rules; jobs, users,
 * API keys, webhooks: admin); what a role may not change shows no form. The API decides either way (403). Below the `md` breakpoint the section list is a Select
 * above the section, so the section gets the whole width.
 */
import { Grid, NavLink, Select, Stack } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { PageHeader } from '../../components/PageHeader';
import { ForbiddenState } from '../../components/states';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { type Access, useCan } from '../../session/session';
import { AlertsSection } from './AlertsSection';
import { ApiKeysSection } from './ApiKeysSection';
import { CategoriesSection } from './CategoriesSection';
import { CompanySection } from './CompanySection';
import { DeliverySection } from './DeliverySection';
import { JobsSection } from './JobsSection';
import { MatchingSection } from './MatchingSection';
import { MySessionsSection } from './MySessionsSection';
import { NumberingSection } from './NumberingSection';
import { PaymentsSection } from './PaymentsSection';
import { SETTINGS_SECTIONS, type SettingsSection } from './settings-search';
import { TermsSection } from './TermsSection';
import { UsersSection } from './UsersSection';
import { WebhooksSection } from './WebhooksSection';

const SECTIONS: Record<SettingsSection, { label: MessageKey; access: Access; body: () => ReactNode }> = {
  company: { label: 'settings.section.company', access: 'read', body: CompanySection },
  numbering: { label: 'settings.section.numbering', access: 'read', body: NumberingSection },
  terms: { label: 'settings.section.terms', access: 'read', body: TermsSection },
  categories: { label: 'settings.section.categories', access: 'read', body: CategoriesSection },
  delivery: { label: 'settings.section.delivery', access: 'read', body: DeliverySection },
  matching: { label: 'settings.section.matching', access: 'read', body: MatchingSection },
  payments: { label: 'settings.section.payments', access: 'read', body: PaymentsSection },
  alerts: { label: 'settings.section.alerts', access: 'credit', body: AlertsSection },
  sessions: { label: 'settings.section.sessions', access: 'read', body: MySessionsSection },
  jobs: { label: 'settings.section.jobs', access: 'admin', body: JobsSection },
  users: { label: 'settings.section.users', access: 'admin', body: UsersSection },
  'api-keys': { label: 'settings.section.apiKeys', access: 'admin', body: ApiKeysSection },
  webhooks: { label: 'settings.section.webhooks', access: 'admin', body: WebhooksSection },
};

export function SettingsPage() {
  const t = useT();
  const can = useCan();
  const { section = 'company' } = useSearch({ from: '/app/settings' });
  const visible = SETTINGS_SECTIONS.filter((s) => can(SECTIONS[s].access));
  const current = SECTIONS[section];
  const Body = current.body;
  return (
    <>
      <PageHeader title={t('nav.settings')} />
      <SectionSelect sections={visible} section={section} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 3, lg: 2 }} visibleFrom="md">
          <Stack gap={0} component="nav" aria-label={t('settings.sections')}>
            {visible.map((s) => (
              <NavLink
                key={s}
                label={t(SECTIONS[s].label)}
                active={s === section}
                renderRoot={(props) => <Link to="/settings" search={{ section: s }} {...props} />}
              />
            ))}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9, lg: 10 }}>
          {can(current.access) ? <Body /> : <ForbiddenState />}
        </Grid.Col>
      </Grid>
    </>
  );
}

/** Below `md`: the sections as a Select, so a phone keeps the whole width for the section. */
function SectionSelect({ sections, section }: { sections: SettingsSection[]; section: SettingsSection }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Select
      hiddenFrom="md"
      mb="md"
      label={t('settings.section')}
      data={sections.map((s) => ({ value: s, label: t(SECTIONS[s].label) }))}
      value={section}
      allowDeselect={false}
      onChange={(v) => v && void navigate({ to: '/settings', search: { section: v as SettingsSection } })}
    />
  );
}
