/**
 * The customer's items: open items with their days overdue and dispute/promise markers (the aging
 * items of each currency, GET /v1/reports/aging/items?customer=), history (invoices, credit notes,
 * write-offs from GET /v1/invoices?customer=; payments from GET /v1/receipts?customer=), and the
 * customer's aging (GET /v1/reports/aging?customer=) with each figure linked to its items.
 */
import { Badge, Checkbox, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { CursorList, useCursorList } from '../../components/CursorList';
import { EmptyState, QueryView } from '../../components/states';
import { AGING_BUCKETS } from '../../format/aging-buckets';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { PaymentLinkButton } from '../invoices/PaymentLink';

type Customer = components['schemas']['Customer'];
type AgingItem = components['schemas']['AgingItem'];
type AgingReport = components['schemas']['AgingReport'];

export function useCustomerAging(customerId: string) {
  return useQuery({
    queryKey: ['reports', 'aging', { customer: customerId }],
    queryFn: () => data(api.GET('/v1/reports/aging', { params: { query: { customer: customerId } } })),
  });
}

/** Invoice ids with an open dispute, and with an open promise to pay, of this customer. */
function useMarkers(customerId: string) {
  const disputes = useQuery({
    queryKey: ['disputes', { customer: customerId, status: 'open' }],
    queryFn: () =>
      data(
        api.GET('/v1/disputes', { params: { query: { customer: customerId, status: 'open', limit: 500 } } }),
      ),
  });
  const promises = useQuery({
    queryKey: ['promises', { customer: customerId, status: 'open' }],
    queryFn: () =>
      data(
        api.GET('/v1/promises', { params: { query: { customer: customerId, status: 'open', limit: 500 } } }),
      ),
  });
  return {
    disputed: new Set((disputes.data?.items ?? []).map((d) => d.invoiceId)),
    promised: new Set((promises.data?.items ?? []).flatMap((p) => p.invoiceIds)),
  };
}

export function OpenItemsTab({ customer }: { customer: Customer }) {
  const t = useT();
  const aging = useCustomerAging(customer.id);
  return (
    <QueryView query={aging}>
      {(a) =>
        a.reports.length === 0 ? (
          <EmptyState hint={t('customer.open.empty')} />
        ) : (
          <Stack gap="md">
            {a.reports.map((r) => (
              <OpenItemsOfCurrency key={r.currency} customer={customer} currency={r.currency} />
            ))}
          </Stack>
        )
      }
    </QueryView>
  );
}

function OpenItemsOfCurrency({ customer, currency }: { customer: Customer; currency: string }) {
  const t = useT();
  const can = useCan();
  const markers = useMarkers(customer.id);
  // Invoices picked for one payment link (collect): the API says which may not be paid together.
  const [picked, setPicked] = useState<string[]>([]);
  const selection = can('collect')
    ? {
        picked,
        toggle: (id: string) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id])),
      }
    : null;
  const list = useCursorList(['reports', 'aging', 'items', { customer: customer.id, currency }], (cursor) =>
    data(
      api.GET('/v1/reports/aging/items', {
        params: { query: { customer: customer.id, currency, limit: 100, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Title order={2} size="h5">
          {t('customer.open.inCurrency', { currency })}
        </Title>
        {selection && (
          <PaymentLinkButton invoiceIds={picked} label={`${t('pay.link.several')} (${picked.length})`} />
        )}
      </Group>
      <CursorList list={list} empty={t('customer.open.empty')}>
        {(items) => <OpenItemTable items={items} markers={markers} selection={selection} />}
      </CursorList>
    </Stack>
  );
}

interface Selection {
  picked: string[];
  toggle(id: string): void;
}

function OpenItemTable({
  items,
  markers,
  selection,
}: {
  items: AgingItem[];
  markers: ReturnType<typeof useMarkers>;
  selection: Selection | null;
}) {
  const t = useT();
  const f = useFormat();
  return (
    <Table.ScrollContainer minWidth={840}>
      <Table striped verticalSpacing={4} data-testid="open-items">
        <Table.Thead>
          <Table.Tr>
            {selection && (
              <Table.Th w={32}>
                <VisuallyHidden>{t('pay.link.select')}</VisuallyHidden>
              </Table.Th>
            )}
            <Table.Th>{t('customer.invoice')}</Table.Th>
            <Table.Th>{t('customer.issued')}</Table.Th>
            <Table.Th>{t('customer.due')}</Table.Th>
            <Table.Th ta="right">{t('customer.total')}</Table.Th>
            <Table.Th ta="right">{t('customers.open')}</Table.Th>
            <Table.Th ta="right">{t('customer.daysOverdue')}</Table.Th>
            <Table.Th>{t('customer.markers')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.invoiceId} data-invoice={i.number ?? i.invoiceId}>
              {selection && (
                <Table.Td>
                  <Checkbox
                    aria-label={t('pay.link.selectInvoice', { number: i.number ?? i.invoiceId })}
                    checked={selection.picked.includes(i.invoiceId)}
                    onChange={() => selection.toggle(i.invoiceId)}
                  />
                </Table.Td>
              )}
              <Table.Td>
                <Link to="/invoices/$invoiceId" params={{ invoiceId: i.invoiceId }}>
                  {i.number ?? i.invoiceId.slice(0, 8)}
                </Link>
              </Table.Td>
              <Table.Td>{f.date(i.issueDate)}</Table.Td>
              <Table.Td>{i.dueDate ? f.date(i.dueDate) : '–'}</Table.Td>
              <Table.Td ta="right" ff="monospace">
                {f.money(i.total, i.currency)}
              </Table.Td>
              <Table.Td ta="right" ff="monospace">
                {f.money(i.open, i.currency)}
              </Table.Td>
              <Table.Td ta="right">{i.days > 0 ? i.days : '–'}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {markers.disputed.has(i.invoiceId) && (
                    <Badge size="xs" color="orange" variant="dot">
                      {t('customer.disputed')}
                    </Badge>
                  )}
                  {markers.promised.has(i.invoiceId) && (
                    <Badge size="xs" color="blue" variant="dot">
                      {t('customer.promised')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function HistoryTab({ customer }: { customer: Customer }) {
  const t = useT();
  const f = useFormat();
  const invoices = useCursorList(['invoices', { customer: customer.id }], (cursor) =>
    data(
      api.GET('/v1/invoices', {
        params: { query: { customer: customer.id, limit: 50, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
  const receipts = useCursorList(['receipts', { customer: customer.id }], (cursor) =>
    data(
      api.GET('/v1/receipts', {
        params: { query: { customer: customer.id, limit: 50, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
  return (
    <Stack gap="md">
      <Title order={2} size="h5">
        {t('customer.history.documents')}
      </Title>
      <CursorList list={invoices} empty={t('customer.history.noInvoices')}>
        {(items) => (
          <Table.ScrollContainer minWidth={840}>
            <Table striped verticalSpacing={4} data-testid="history-invoices">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('customer.invoice')}</Table.Th>
                  <Table.Th>{t('customer.kind')}</Table.Th>
                  <Table.Th>{t('customer.issued')}</Table.Th>
                  <Table.Th>{t('customer.due')}</Table.Th>
                  <Table.Th ta="right">{t('customer.total')}</Table.Th>
                  <Table.Th ta="right">{t('customers.open')}</Table.Th>
                  <Table.Th>{t('customers.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((i) => (
                  <Table.Tr key={i.id}>
                    <Table.Td>
                      <Link to="/invoices/$invoiceId" params={{ invoiceId: i.id }}>
                        {i.number ?? t('customer.draft')}
                      </Link>
                    </Table.Td>
                    <Table.Td>
                      {t(i.kind === 'credit_note' ? 'customer.creditNote' : 'customer.invoice')}
                    </Table.Td>
                    <Table.Td>{i.issueDate ? f.date(i.issueDate) : '–'}</Table.Td>
                    <Table.Td>{i.dueDate ? f.date(i.dueDate) : '–'}</Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {f.money(i.total, i.currency)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {f.money(i.open, i.currency)}
                    </Table.Td>
                    <Table.Td>{i.status.replaceAll('_', ' ')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </CursorList>
      <Title order={2} size="h5">
        {t('customer.history.payments')}
      </Title>
      <CursorList list={receipts} empty={t('customer.history.noPayments')}>
        {(items) => (
          <Table.ScrollContainer minWidth={600}>
            <Table striped verticalSpacing={4} data-testid="history-receipts">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('customer.received')}</Table.Th>
                  <Table.Th ta="right">{t('collections.amount')}</Table.Th>
                  <Table.Th ta="right">{t('customer.unapplied')}</Table.Th>
                  <Table.Th>{t('customer.method')}</Table.Th>
                  <Table.Th>{t('customer.reference')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td>{f.date(r.receivedOn)}</Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {f.money(r.amount, r.currency)}
                    </Table.Td>
                    <Table.Td ta="right" ff="monospace">
                      {f.money(r.unapplied, r.currency)}
                    </Table.Td>
                    <Table.Td>{r.method}</Table.Td>
                    <Table.Td>{r.reference ?? ''}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </CursorList>
    </Stack>
  );
}

export function AgingTab({ customer }: { customer: Customer }) {
  const t = useT();
  const aging = useCustomerAging(customer.id);
  return (
    <QueryView query={aging}>
      {(a) =>
        a.reports.length === 0 ? (
          <EmptyState hint={t('customer.open.empty')} />
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table verticalSpacing={4} data-testid="customer-aging">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('customers.currency')}</Table.Th>
                  {AGING_BUCKETS.map((b) => (
                    <Table.Th key={b} ta="right">
                      {t(`overview.bucket.${b}`)}
                    </Table.Th>
                  ))}
                  <Table.Th ta="right">{t('customer.total')}</Table.Th>
                  <Table.Th ta="right">{t('customer.unapplied')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {a.reports.map((r) => (
                  <AgingRow key={r.currency} report={r} customerId={customer.id} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      }
    </QueryView>
  );
}

function AgingRow({ report: r, customerId }: { report: AgingReport; customerId: string }) {
  const f = useFormat();
  return (
    <Table.Tr>
      <Table.Td>{r.currency}</Table.Td>
      {AGING_BUCKETS.map((b) => (
        <Table.Td key={b} ta="right" ff="monospace">
          {/^0(\.0+)?$/.test(r.buckets[b]) ? (
            <Text span c="dimmed" size="sm">
              {f.money(r.buckets[b], r.currency)}
            </Text>
          ) : (
            <Link
              to="/reports/aging/items"
              search={{ currency: r.currency, customer: customerId, bucket: b }}
            >
              {f.money(r.buckets[b], r.currency)}
            </Link>
          )}
        </Table.Td>
      ))}
      <Table.Td ta="right" ff="monospace" fw={600}>
        {f.money(r.total, r.currency)}
      </Table.Td>
      <Table.Td ta="right" ff="monospace">
        {f.money(r.unapplied, r.currency)}
      </Table.Td>
    </Table.Tr>
  );
}
