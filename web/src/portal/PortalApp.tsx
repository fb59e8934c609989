/**
 * The portal's page: the link's token (portal-token.ts) opens a portal session; a refused link
 * (401) shows the invalid-link page and nothing else. Otherwise: the company's letterhead, the
 * language switch, and three tabs (open items, history, statement).
 */
import {
  Alert,
  Anchor,
  Button,
  Container,
  Group,
  Loader,
  NativeSelect,
  Stack,
  Tabs,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { InvoiceList } from './InvoiceList';
import { PortalError, type PortalSession } from './portal-api';
import { adoptSessionLanguage, isPortalLanguage, PORTAL_LANGUAGES, usePortalI18n } from './portal-i18n';
import { sessionQuery } from './portal-queries';
import { dropPortalToken } from './portal-token';
import { StatementTab } from './StatementTab';

/** `token`: this tab's link token (main.tsx took it from the address bar), or null. */
export function PortalApp({ token }: { token: string | null }) {
  const { t } = usePortalI18n();
  const session = useQuery({ ...sessionQuery, enabled: !!token });
  const invalid = !token || (session.error instanceof PortalError && session.error.linkInvalid);
  useEffect(() => {
    if (invalid) dropPortalToken();
  }, [invalid]);
  // The API names the company only when the link was really issued (signed) by it.
  if (invalid)
    return (
      <InvalidLink
        company={session.error instanceof PortalError ? session.error.fieldError('company') : undefined}
      />
    );
  if (session.isPending)
    return (
      <Container size="sm" py="xl">
        <Loader aria-label={t('loading')} />
      </Container>
    );
  if (session.isError)
    return (
      <Container size="sm" py="xl">
        <Alert color="red" title={t('error')} role="alert">
          <Stack gap="sm" align="flex-start">
            <Text size="sm">
              {session.error instanceof PortalError && session.error.status === 0
                ? t('network')
                : session.error.message}
            </Text>
            <Button variant="default" onClick={() => void session.refetch()}>
              {t('retry')}
            </Button>
          </Stack>
        </Alert>
      </Container>
    );
  return <Portal session={session.data} />;
}

function InvalidLink({ company }: { company: string | undefined }) {
  const { t } = usePortalI18n();
  return (
    <Container size="sm" py="xl" component="main">
      <Group justify="flex-end" mb="md">
        <LanguageSwitch />
      </Group>
      <Alert
        color="orange"
        variant="outline"
        data-testid="portal-invalid"
        title={
          <Title order={1} size="h3">
            {t('invalid.title')}
          </Title>
        }
      >
        <Text>{t('invalid.body')}</Text>
        {company && (
          <Text mt="sm" fw={500}>
            {t('invalid.askCompany', { company })}
          </Text>
        )}
      </Alert>
    </Container>
  );
}

function LanguageSwitch() {
  const { t, language, setLanguage } = usePortalI18n();
  return (
    <NativeSelect
      aria-label={t('language')}
      w={88}
      style={{ flexShrink: 0 }}
      value={language}
      data={PORTAL_LANGUAGES.map((l) => ({ value: l, label: l.toUpperCase() }))}
      onChange={(e) => {
        const next = e.currentTarget.value;
        if (isPortalLanguage(next)) setLanguage(next);
      }}
    />
  );
}

function Portal({ session }: { session: PortalSession }) {
  const i18n = usePortalI18n();
  const { t } = i18n;
  const [tab, setTab] = useState<string | null>('open');
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per session, not on every switch
  useEffect(() => adoptSessionLanguage(i18n, session.customer.language), [session.customer.language]);
  return (
    <>
      <CompanyHeader session={session} />
      <Container size="md" py="md" component="main" data-testid="portal">
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">
              {t('title')}
            </Title>
            <Text c="dimmed">
              {session.customer.name} · {t('customer', { number: session.customer.number })}
            </Text>
          </div>
          <PaymentReturn />
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List grow>
              <Tabs.Tab value="open" mih={44}>
                {t('tab.open')}
              </Tabs.Tab>
              <Tabs.Tab value="history" mih={44}>
                {t('tab.history')}
              </Tabs.Tab>
              <Tabs.Tab value="statement" mih={44}>
                {t('tab.statement')}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="open" pt="md">
              <InvoiceList status="open" session={session} />
            </Tabs.Panel>
            <Tabs.Panel value="history" pt="md">
              <InvoiceList status="closed" session={session} />
            </Tabs.Panel>
            <Tabs.Panel value="statement" pt="md">
              <StatementTab />
            </Tabs.Panel>
          </Tabs>
          <Text size="sm" c="dimmed">
            {t('expires', { date: i18n.date(session.link.expiresAt.slice(0, 10)) })}
          </Text>
        </Stack>
      </Container>
    </>
  );
}

/** The company's letterhead: name, logo when there is one, contact; and the language switch. */
function CompanyHeader({ session }: { session: PortalSession }) {
  const { t } = usePortalI18n();
  const c = session.company;
  const address = addressLine(c.address);
  return (
    <header style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
      <Container size="md" py="sm">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            {c.logoUrl && <img src={c.logoUrl} alt="" style={{ maxHeight: 40, maxWidth: 120 }} />}
            <div style={{ minWidth: 0 }}>
              <Text fw={700} size="lg" data-testid="portal-company">
                {c.name}
              </Text>
              {address && (
                <Text size="sm" c="dimmed">
                  {address}
                </Text>
              )}
              <Group gap="md" aria-label={t('contact')}>
                {c.email && (
                  <Anchor href={`mailto:${c.email}`} size="sm" py={10}>
                    {c.email}
                  </Anchor>
                )}
                {c.phone && (
                  <Anchor href={`tel:${c.phone.replace(/\s+/g, '')}`} size="sm" py={10}>
                    {c.phone}
                  </Anchor>
                )}
              </Group>
            </div>
          </Group>
          <LanguageSwitch />
        </Group>
      </Container>
    </header>
  );
}

/** Back from the payment page: Stripe adds `payment=success` or `payment=cancelled` to `/portal`. */
function PaymentReturn() {
  const { t } = usePortalI18n();
  const [outcome] = useState(() => new URLSearchParams(window.location.search).get('payment'));
  useEffect(() => {
    if (outcome) window.history.replaceState(null, '', window.location.pathname);
  }, [outcome]);
  if (outcome === 'success')
    return (
      <Alert color="green" title={t('paid.title')} role="status" data-testid="portal-paid">
        {t('paid.body')}
      </Alert>
    );
  if (outcome === 'cancelled')
    return (
      <Alert color="gray" role="status">
        {t('cancelled')}
      </Alert>
    );
  return null;
}

/** The letterhead's address on one line: street, postcode and city, country. */
function addressLine(address: Record<string, string> | null): string | null {
  if (!address) return null;
  const a = (key: string) => address[key]?.trim() ?? '';
  const city = [a('postalCode'), a('city')].filter(Boolean).join(' ');
  const parts = [a('street'), city, a('country')].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : null;
}
