/**
 * The customer's invoices: open items (with the totals per currency the API's statement gives,
 * overdue marked, selectable to pay online or promise a date) or the history (closed). Each with
 * its PDF and e-invoice, and "raise a question" (a dispute) on an open one. Cards, not a table:
 * a phone shows them without scrolling sideways.
 */
import { Badge, Box, Button, Card, Checkbox, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DisputeDrawer, PayDrawer, PromiseDrawer } from './PortalForms';
import { PortalProblem } from './PortalProblem';
import { type PortalInvoice, type PortalSession, portalDownload } from './portal-api';
import { usePortalI18n } from './portal-i18n';
import type { PortalMessageKey } from './portal-messages';
import { invoicesQuery, statementQuery } from './portal-queries';

export function InvoiceList({ status, session }: { status: 'open' | 'closed'; session: PortalSession }) {
  const { t } = usePortalI18n();
  const [selected, setSelected] = useState<string[]>([]);
  const [disputeOf, setDisputeOf] = useState<PortalInvoice | null>(null);
  const [form, setForm] = useState<'pay' | 'promise' | null>(null);
  const list = useInfiniteQuery(invoicesQuery(status));
  if (list.isPending) return <Loader aria-label={t('loading')} />;
  if (list.isError) return <PortalProblem error={list.error} fields={[]} />;
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0)
    return (
      <Text data-testid={`portal-${status}-empty`}>
        {t(status === 'open' ? 'open.empty' : 'history.empty')}
      </Text>
    );
  const chosen = items.filter((i) => selected.includes(i.id));
  const toggle = (id: string) =>
    setSelected((s) => (s.includes(id) ? s.filter((x) => x !== id) : [...s, id]));
  return (
    <Stack gap="sm">
      {status === 'open' && <OpenTotals />}
      {status === 'open' && (
        <SelectionBar
          count={chosen.length}
          onlinePayment={session.settings.onlinePayment}
          onPay={() => setForm('pay')}
          onPromise={() => setForm('promise')}
        />
      )}
      <Stack gap="sm" data-testid={`portal-${status}`}>
        {items.map((invoice) => (
          <InvoiceCard
            key={invoice.id}
            invoice={invoice}
            selectable={status === 'open' && invoice.kind === 'invoice'}
            selected={selected.includes(invoice.id)}
            onToggle={() => toggle(invoice.id)}
            onDispute={() => setDisputeOf(invoice)}
          />
        ))}
      </Stack>
      {list.hasNextPage && (
        <Button variant="default" loading={list.isFetchingNextPage} onClick={() => void list.fetchNextPage()}>
          {t('more')}
        </Button>
      )}
      <PayDrawer
        opened={form === 'pay'}
        invoices={chosen}
        partialPayments={session.settings.partialPayments}
        onClose={() => setForm(null)}
      />
      <PromiseDrawer
        opened={form === 'promise'}
        invoices={chosen}
        onClose={() => setForm(null)}
        onDone={() => setSelected([])}
      />
      <DisputeDrawer invoice={disputeOf} onClose={() => setDisputeOf(null)} />
    </Stack>
  );
}

/** Σ open per currency, as the API's statement of today says (the browser adds nothing up). */
function OpenTotals() {
  const { t, money } = usePortalI18n();
  const statement = useQuery(statementQuery(undefined));
  if (!statement.data) return null;
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, sm: 3 }} spacing="sm" data-testid="portal-totals">
      {statement.data.sections.map((s) => (
        <Card key={s.currency} withBorder padding="sm">
          <Text size="sm" c="dimmed">
            {t('totalOpen')} ({s.currency})
          </Text>
          <Text fw={700} size="xl" className="num">
            {money(s.totalOpen, s.currency)}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function SelectionBar({
  count,
  onlinePayment,
  onPay,
  onPromise,
}: {
  count: number;
  onlinePayment: boolean;
  onPay: () => void;
  onPromise: () => void;
}) {
  const { t } = usePortalI18n();
  return (
    <Card withBorder padding="sm" data-testid="portal-selection">
      <Stack gap="xs">
        <Text size="sm" role="status">
          {count === 0 ? t('pay.selectFirst') : t('selected', { n: count })}
        </Text>
        <SimpleGrid cols={{ base: 1, xs: onlinePayment ? 2 : 1 }} spacing="sm">
          {onlinePayment && (
            <Button disabled={count === 0} onClick={onPay}>
              {t('pay.action')}
            </Button>
          )}
          <Button variant="default" disabled={count === 0} onClick={onPromise}>
            {t('promise.action')}
          </Button>
        </SimpleGrid>
      </Stack>
    </Card>
  );
}

function InvoiceCard({
  invoice: i,
  selectable,
  selected,
  onToggle,
  onDispute,
}: {
  invoice: PortalInvoice;
  selectable: boolean;
  selected: boolean;
  onToggle: () => void;
  onDispute: () => void;
}) {
  const { t, money, date } = usePortalI18n();
  const title = t(i.kind === 'credit_note' ? 'creditNote' : 'invoice', { number: i.number });
  return (
    <Card withBorder padding="sm" data-testid="portal-invoice" data-number={i.number}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
        <Group gap={4} align="flex-start" wrap="nowrap" style={{ minWidth: 0 }}>
          {selectable && (
            <Box component="label" className="tap-check" ml={-10} mt={-10}>
              <Checkbox
                size="md"
                checked={selected}
                onChange={onToggle}
                aria-label={t('select', { number: i.number })}
              />
            </Box>
          )}
          <div style={{ minWidth: 0 }}>
            <Text fw={600}>{title}</Text>
            <Text size="sm" c="dimmed">
              {[
                i.issueDate && t('issued', { date: date(i.issueDate) }),
                i.dueDate && t('due', { date: date(i.dueDate) }),
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
            <Group gap={6} mt={4}>
              <Badge variant="dot" color={i.daysOverdue > 0 ? 'red' : 'gray'}>
                {i.daysOverdue > 0
                  ? t(i.daysOverdue === 1 ? 'overdue.one' : 'overdue', { days: i.daysOverdue })
                  : t(`status.${i.status}` as PortalMessageKey)}
              </Badge>
              {i.disputed && (
                <Badge variant="dot" color="orange">
                  {t('disputed')}
                </Badge>
              )}
              {i.promised && (
                <Badge variant="dot" color="blue">
                  {t('promised')}
                </Badge>
              )}
            </Group>
          </div>
        </Group>
        <div style={{ textAlign: 'right' }}>
          <Text fw={700} className="num">
            {money(i.open, i.currency)}
          </Text>
          <Text size="xs" c="dimmed" className="num">
            {t('total')} {money(i.total, i.currency)}
          </Text>
        </div>
      </Group>
      <DocumentButtons invoice={i} onDispute={selectable && !i.disputed ? onDispute : null} />
    </Card>
  );
}

function DocumentButtons({
  invoice: i,
  onDispute,
}: {
  invoice: PortalInvoice;
  onDispute: (() => void) | null;
}) {
  const { t } = usePortalI18n();
  const [error, setError] = useState<unknown>(null);
  const download = (path: string, name: string) => {
    setError(null);
    portalDownload(path, name).catch(setError);
  };
  const id = encodeURIComponent(i.id);
  return (
    <Stack gap={4} mt="xs">
      <Group gap="xs">
        <Button
          variant="light"
          size="sm"
          mih={40}
          aria-label={t('download.pdf', { number: i.number })}
          onClick={() => download(`/v1/portal/invoices/${id}/pdf`, `${i.number}.pdf`)}
        >
          {t('pdf')}
        </Button>
        <Button
          variant="light"
          size="sm"
          mih={40}
          aria-label={t('download.einvoice', { number: i.number })}
          onClick={() => download(`/v1/portal/invoices/${id}/einvoice`, `${i.number}.xml`)}
        >
          {t('einvoice')}
        </Button>
        {onDispute && (
          <Button variant="subtle" size="sm" mih={40} onClick={onDispute}>
            {t('dispute.action')}
          </Button>
        )}
      </Group>
      {error !== null && <PortalProblem error={error} fields={[]} />}
    </Stack>
  );
}
