/**
 * What the invoice page lists beside the invoice: payments applied (GET /v1/receipts?invoice=),
 * messages sent (GET /v1/messages?invoice=), dunning letters naming it (GET
 * /v1/dunning/letters?invoice=) and disputes (GET /v1/disputes?invoice=). Each its own query, so
 * the header and lines show while these load.
 */
import { Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { StatusBadge } from '../collections/StatusBadge';

type Invoice = components['schemas']['InvoiceDetail'];

function Section<T>({
  title,
  empty,
  items,
  children,
}: {
  title: MessageKey;
  empty: MessageKey;
  items: T[];
  children: (items: T[]) => ReactNode;
}) {
  const t = useT();
  return (
    <section>
      <Title order={2} size="h5" mb={4}>
        {t(title)}
      </Title>
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t(empty)}
        </Text>
      ) : (
        children(items)
      )}
    </section>
  );
}

function Head({ labels }: { labels: MessageKey[] }) {
  const t = useT();
  return (
    <Table.Thead>
      <Table.Tr>
        {labels.map((l) => (
          <Table.Th key={l}>{t(l)}</Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}

export function PaymentsSection({ invoice }: { invoice: Invoice }) {
  const f = useFormat();
  const q = useQuery({
    queryKey: ['receipts', { invoice: invoice.id }],
    queryFn: () => data(api.GET('/v1/receipts', { params: { query: { invoice: invoice.id, limit: 100 } } })),
  });
  return (
    <QueryView query={q}>
      {(page) => (
        <Section title="inv.page.payments" empty="inv.page.noPayments" items={page.items}>
          {(items) => (
            <Table.ScrollContainer minWidth={240}>
              <Table verticalSpacing={2} fz="sm" data-testid="invoice-payments">
                <Head labels={['inv.page.receivedOn', 'inv.page.reference', 'inv.page.amount']} />
                <Table.Tbody>
                  {items.map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>{f.date(r.receivedOn)}</Table.Td>
                      <Table.Td>{r.reference ?? r.payerName ?? r.method}</Table.Td>
                      <Table.Td className="num">{f.money(r.amount, r.currency)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Section>
      )}
    </QueryView>
  );
}

export function AdjustmentsSection({ invoice }: { invoice: Invoice }) {
  const f = useFormat();
  return (
    <Section title="inv.page.adjustments" empty="inv.page.noAdjustments" items={invoice.adjustments}>
      {(items) => (
        <Table.ScrollContainer minWidth={240}>
          <Table verticalSpacing={2} fz="sm" data-testid="invoice-adjustments">
            <Head labels={['inv.page.date', 'inv.page.kind', 'inv.page.reason', 'inv.page.amount']} />
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{f.date(a.createdAt.slice(0, 10))}</Table.Td>
                  <Table.Td>{a.kind.replace(/_/g, ' ')}</Table.Td>
                  <Table.Td>{a.reason ?? ''}</Table.Td>
                  <Table.Td className="num">{f.money(a.amount, invoice.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

export function MessagesSection({ invoice }: { invoice: Invoice }) {
  const f = useFormat();
  const q = useQuery({
    queryKey: ['messages', { invoice: invoice.id }],
    queryFn: () => data(api.GET('/v1/messages', { params: { query: { invoice: invoice.id, limit: 50 } } })),
  });
  return (
    <QueryView query={q}>
      {(page) => (
        <Section title="inv.page.messages" empty="inv.page.noMessages" items={page.items}>
          {(items) => (
            <Table.ScrollContainer minWidth={240}>
              <Table verticalSpacing={2} fz="sm" data-testid="invoice-messages">
                <Head labels={['inv.page.date', 'inv.page.subject', 'inv.status']} />
                <Table.Tbody>
                  {items.map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td>{f.date((m.sentAt ?? m.queuedAt).slice(0, 10))}</Table.Td>
                      <Table.Td>{m.subject}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={m.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Section>
      )}
    </QueryView>
  );
}

export function LettersSection({ invoice }: { invoice: Invoice }) {
  const f = useFormat();
  const q = useQuery({
    queryKey: ['dunning-letters', { invoice: invoice.id }],
    queryFn: () =>
      data(api.GET('/v1/dunning/letters', { params: { query: { invoice: invoice.id, limit: 50 } } })),
  });
  return (
    <QueryView query={q}>
      {(page) => (
        <Section title="inv.page.letters" empty="inv.page.noLetters" items={page.items}>
          {(items) => (
            <Table.ScrollContainer minWidth={240}>
              <Table verticalSpacing={2} fz="sm" data-testid="invoice-letters">
                <Head labels={['inv.page.date', 'inv.page.level', 'inv.page.channel', 'inv.status']} />
                <Table.Tbody>
                  {items.map((l) => (
                    <Table.Tr key={l.id ?? l.asOf}>
                      <Table.Td>{f.date(l.asOf)}</Table.Td>
                      <Table.Td>{l.level}</Table.Td>
                      <Table.Td>{l.channel}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={l.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Section>
      )}
    </QueryView>
  );
}

export function DisputesSection({ invoice }: { invoice: Invoice }) {
  const f = useFormat();
  const q = useQuery({
    queryKey: ['disputes', { invoice: invoice.id }],
    queryFn: () => data(api.GET('/v1/disputes', { params: { query: { invoice: invoice.id, limit: 50 } } })),
  });
  return (
    <QueryView query={q}>
      {(page) => (
        <Section title="inv.page.disputes" empty="inv.page.noDisputes" items={page.items}>
          {(items) => (
            <Table.ScrollContainer minWidth={240}>
              <Table verticalSpacing={2} fz="sm" data-testid="invoice-disputes">
                <Head labels={['inv.page.date', 'inv.page.reason', 'inv.page.amount', 'inv.status']} />
                <Table.Tbody>
                  {items.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td>{f.date(d.openedAt.slice(0, 10))}</Table.Td>
                      <Table.Td>{d.reason}</Table.Td>
                      <Table.Td className="num">{f.money(d.amount, d.currency)}</Table.Td>
                      <Table.Td>
                        <StatusBadge status={d.status} />
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Section>
      )}
    </QueryView>
  );
}
