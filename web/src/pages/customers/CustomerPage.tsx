/**
 * One customer (`/customers/$customerId?tab=…`): a header with name, external id, status, open and
 * overdue per currency, credit limit and usage, hold state (GET /v1/customers/{id},
 * /v1/customers/{id}/summary, /v1/credit/customers/{id}), then one tab per subject, each its own
 * URL. Every figure comes from the API; the page only arranges it.
 */
import { Badge, Group, Paper, SimpleGrid, Stack, Tabs, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useEffect } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { CreditPanel, useCreditStatus } from './CreditPanel';
import { CUSTOMER_TABS, type CustomerTab } from './customers-search';
import { AgingTab, HistoryTab, OpenItemsTab } from './ItemTabs';
import { ActivityTab, DisputesTab, MessagesTab, PromisesTab } from './LogTabs';
import { ContactsTab, DunningTab, StatementTab } from './ProfileTabs';

type Customer = components['schemas']['Customer'];
type Summary = components['schemas']['CustomerListItem'];

export function CustomerPage() {
  const { customerId } = useParams({ from: '/app/customers/$customerId' });
  const customer = useQuery({
    queryKey: ['customers', customerId],
    queryFn: () => data(api.GET('/v1/customers/{id}', { params: { path: { id: customerId } } })),
  });
  return <QueryView query={customer}>{(c) => <CustomerView customer={c} />}</QueryView>;
}

function CustomerView({ customer }: { customer: Customer }) {
  const t = useT();
  const { tab } = useSearch({ from: '/app/customers/$customerId' });
  const navigate = useNavigate({ from: '/customers/$customerId' });
  const active: CustomerTab = tab ?? 'open';
  useEffect(() => {
    document.title = `${customer.name} · cashloop`;
  }, [customer.name]);
  return (
    <Stack gap="sm">
      <CustomerHeader customer={customer} />
      <Tabs
        value={active}
        onChange={(v) => void navigate({ search: { tab: (v as CustomerTab) ?? undefined }, replace: true })}
        keepMounted={false}
      >
        <Tabs.List>
          {CUSTOMER_TABS.map((k) => (
            <Tabs.Tab key={k} value={k}>
              {t(`customer.tab.${k}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value={active} pt="sm">
          <TabBody tab={active} customer={customer} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function TabBody({ tab, customer }: { tab: CustomerTab; customer: Customer }) {
  switch (tab) {
    case 'open':
      return <OpenItemsTab customer={customer} />;
    case 'history':
      return <HistoryTab customer={customer} />;
    case 'aging':
      return <AgingTab customer={customer} />;
    case 'contacts':
      return <ContactsTab customer={customer} />;
    case 'credit':
      return <CreditPanel customer={customer} />;
    case 'dunning':
      return <DunningTab customer={customer} />;
    case 'activity':
      return <ActivityTab customer={customer} />;
    case 'disputes':
      return <DisputesTab customer={customer} />;
    case 'promises':
      return <PromisesTab customer={customer} />;
    case 'messages':
      return <MessagesTab customer={customer} />;
    case 'statement':
      return <StatementTab customer={customer} />;
  }
}

export function useCustomerSummary(customerId: string) {
  return useQuery({
    queryKey: ['customers', customerId, 'summary'],
    queryFn: () => data(api.GET('/v1/customers/{id}/summary', { params: { path: { id: customerId } } })),
  });
}

function CustomerHeader({ customer }: { customer: Customer }) {
  const t = useT();
  const summary = useCustomerSummary(customer.id);
  return (
    <Paper withBorder p="sm">
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <Stack gap={2}>
          <Title order={1} size="h3" data-testid="customer-name">
            {customer.name}
          </Title>
          <Group gap="xs">
            <Badge variant="outline" ff="monospace">
              {customer.externalId}
            </Badge>
            <Badge variant="dot" color={customer.status === 'active' ? 'teal' : 'gray'}>
              {t(`customers.status.${customer.status as 'active'}`)}
            </Badge>
            {customer.legalName && (
              <Text size="sm" c="dimmed">
                {customer.legalName}
              </Text>
            )}
          </Group>
        </Stack>
        <QueryView query={summary}>{(s) => <HeaderFigures summary={s} />}</QueryView>
      </Group>
    </Paper>
  );
}

function HeaderFigures({ summary }: { summary: Summary }) {
  const t = useT();
  const f = useFormat();
  const figure = (label: string, value: React.ReactNode, testId?: string) => (
    <Stack gap={0} data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} ff="monospace" size="sm" component="div">
        {value}
      </Text>
    </Stack>
  );
  const lines = (field: 'open' | 'overdue') =>
    summary.balances.length === 0
      ? '–'
      : summary.balances.map((b) => <div key={b.currency}>{f.money(b[field], b.currency)}</div>);
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="lg" data-testid="customer-figures">
      {figure(t('customers.open'), lines('open'), 'figure-open')}
      {figure(t('customers.overdue'), lines('overdue'), 'figure-overdue')}
      {figure(t('customers.oldestDays'), summary.oldestOverdueDays ?? '–')}
      {figure(
        t('customers.creditLimit'),
        <>
          {summary.creditLimit === null
            ? t('customer.noLimit')
            : f.money(summary.creditLimit, summary.currency)}
          <CreditUsage customerId={summary.id} />
        </>,
        'figure-limit',
      )}
      {figure(
        t('customers.hold'),
        summary.onHold ? (
          <Badge color="red" variant="dot" data-testid="hold-badge">
            {t('customers.onHoldBadge')}
          </Badge>
        ) : (
          t('customer.noHold')
        ),
      )}
    </SimpleGrid>
  );
}

/** Exposure and what is left of the limit (GET /v1/credit/customers/{id}), under the limit. */
function CreditUsage({ customerId }: { customerId: string }) {
  const t = useT();
  const f = useFormat();
  const credit = useCreditStatus(customerId);
  if (!credit.data) return null;
  const s = credit.data;
  return (
    <Text size="xs" c="dimmed" fw={400}>
      {t('customer.credit.usage', {
        exposure: f.money(s.exposure.total, s.currency),
        available: s.available === null ? '–' : f.money(s.available, s.currency),
      })}
    </Text>
  );
}
