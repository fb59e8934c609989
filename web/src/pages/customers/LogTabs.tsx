/**
 * What happened with the customer: the activity log (GET /v1/activities?customer=), disputes
 * (GET /v1/disputes?customer=), promises to pay (GET /v1/promises?customer=) and the messages sent
 * (GET /v1/messages?customer=), each server-paged, newest first as the API orders them.
 */
import { Badge, Table } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { CursorList, useCursorList } from '../../components/CursorList';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { StatusBadge } from '../collections/StatusBadge';

type Customer = components['schemas']['Customer'];

const page = (cursor?: string) => ({ limit: 50, ...(cursor ? { cursor } : {}) });
const when = (iso: string) => iso.slice(0, 10);

export function ActivityTab({ customer }: { customer: Customer }) {
  const t = useT();
  const f = useFormat();
  const list = useCursorList(['activities', { customer: customer.id }], (cursor) =>
    data(api.GET('/v1/activities', { params: { query: { customer: customer.id, ...page(cursor) } } })),
  );
  return (
    <CursorList list={list} empty={t('customer.activity.empty')}>
      {(items) => (
        <Table.ScrollContainer minWidth={480}>
          <Table striped verticalSpacing={4} data-testid="activities">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customer.when')}</Table.Th>
                <Table.Th>{t('customer.kind')}</Table.Th>
                <Table.Th>{t('customer.text')}</Table.Th>
                <Table.Th>{t('collections.by')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((a) => (
                <Table.Tr key={a.id}>
                  <Table.Td>{f.date(when(a.occurredAt))}</Table.Td>
                  <Table.Td>
                    <Badge size="xs" variant="outline">
                      {(a.event ?? a.kind).replaceAll('_', ' ')}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{a.text}</Table.Td>
                  <Table.Td>{a.author.name}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </CursorList>
  );
}

export function DisputesTab({ customer }: { customer: Customer }) {
  const t = useT();
  const f = useFormat();
  const list = useCursorList(['disputes', { customer: customer.id }], (cursor) =>
    data(api.GET('/v1/disputes', { params: { query: { customer: customer.id, ...page(cursor) } } })),
  );
  return (
    <CursorList list={list} empty={t('customer.disputes.empty')}>
      {(items) => (
        <Table.ScrollContainer minWidth={600}>
          <Table striped verticalSpacing={4} data-testid="disputes">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('collections.opened')}</Table.Th>
                <Table.Th>{t('customer.invoice')}</Table.Th>
                <Table.Th ta="right">{t('collections.amount')}</Table.Th>
                <Table.Th>{t('customer.reason')}</Table.Th>
                <Table.Th>{t('collections.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{f.date(when(d.openedAt))}</Table.Td>
                  <Table.Td>
                    <Link to="/invoices/$invoiceId" params={{ invoiceId: d.invoiceId }}>
                      {d.invoiceNumber ?? d.invoiceId.slice(0, 8)}
                    </Link>
                  </Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {f.money(d.amount, d.currency)}
                  </Table.Td>
                  <Table.Td>{d.reason.replaceAll('_', ' ')}</Table.Td>
                  <Table.Td>
                    <Link to="/collections/disputes" search={{ dispute: d.id }}>
                      <StatusBadge status={d.status} />
                    </Link>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </CursorList>
  );
}

export function PromisesTab({ customer }: { customer: Customer }) {
  const t = useT();
  const f = useFormat();
  const list = useCursorList(['promises', { customer: customer.id }], (cursor) =>
    data(api.GET('/v1/promises', { params: { query: { customer: customer.id, ...page(cursor) } } })),
  );
  return (
    <CursorList list={list} empty={t('customer.promises.empty')}>
      {(items) => (
        <Table.ScrollContainer minWidth={600}>
          <Table striped verticalSpacing={4} data-testid="promises">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customer.promises.made')}</Table.Th>
                <Table.Th>{t('customer.promises.promisedOn')}</Table.Th>
                <Table.Th ta="right">{t('collections.amount')}</Table.Th>
                <Table.Th>{t('customer.invoices')}</Table.Th>
                <Table.Th>{t('collections.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>{f.date(p.madeOn)}</Table.Td>
                  <Table.Td>{f.date(p.promisedOn)}</Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {f.money(p.amount, p.currency)}
                  </Table.Td>
                  <Table.Td>{p.invoiceNumbers.filter(Boolean).join(', ')}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={p.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </CursorList>
  );
}

export function MessagesTab({ customer }: { customer: Customer }) {
  const t = useT();
  const f = useFormat();
  const list = useCursorList(['messages', { customer: customer.id }], (cursor) =>
    data(api.GET('/v1/messages', { params: { query: { customer: customer.id, ...page(cursor) } } })),
  );
  return (
    <CursorList list={list} empty={t('customer.messages.empty')}>
      {(items) => (
        <Table.ScrollContainer minWidth={600}>
          <Table striped verticalSpacing={4} data-testid="messages">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customer.messages.queued')}</Table.Th>
                <Table.Th>{t('customer.kind')}</Table.Th>
                <Table.Th>{t('customer.messages.subject')}</Table.Th>
                <Table.Th>{t('customer.messages.to')}</Table.Th>
                <Table.Th>{t('collections.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((m) => (
                <Table.Tr key={m.id} data-kind={m.kind}>
                  <Table.Td>{f.date(when(m.queuedAt))}</Table.Td>
                  <Table.Td>{m.kind.replaceAll('_', ' ')}</Table.Td>
                  <Table.Td>{m.subject}</Table.Td>
                  <Table.Td>{m.to.join(', ')}</Table.Td>
                  <Table.Td>
                    <Badge
                      size="xs"
                      variant="dot"
                      color={m.status === 'failed' ? 'red' : m.status === 'sent' ? 'teal' : 'gray'}
                    >
                      {m.status}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </CursorList>
  );
}
