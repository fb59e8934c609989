/**
 * Disputes (GET /v1/disputes): filter by status and customer (`?status=open&customer=C-1`); a row
 * opens the dispute in a drawer (`&dispute=<id>`, a deep link) with its notes and, by role, adding
 * a note and rejecting (collect) or resolving by a credit note (write).
 */
import { Anchor, Badge, Group, SegmentedControl, Stack, Table, TextInput } from '@mantine/core';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { CursorList, useCursorList } from '../../components/CursorList';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { CollectionsLayout } from './CollectionsLayout';
import { DISPUTE_STATUSES, type DisputesSearch } from './collections-search';
import { DisputeDrawer } from './DisputeDrawer';
import { StatusBadge } from './StatusBadge';

type Dispute = components['schemas']['Dispute'];

export function DisputesPage() {
  const t = useT();
  const search = useSearch({ from: '/app/collections/disputes' });
  const navigate = useNavigate({ from: '/collections/disputes' });
  const { status, customer } = search;
  const list = useCursorList(['disputes', { status, customer }], (cursor) =>
    data(
      api.GET('/v1/disputes', {
        params: {
          query: {
            limit: 50,
            ...(status ? { status } : {}),
            ...(customer ? { customer } : {}),
            ...(cursor ? { cursor } : {}),
          },
        },
      }),
    ),
  );
  const set = (patch: Partial<DisputesSearch>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch }) });
  return (
    <CollectionsLayout tab="/collections/disputes">
      <Stack gap="sm">
        <Group align="flex-end">
          <SegmentedControl
            size="xs"
            aria-label={t('collections.status')}
            value={status ?? 'all'}
            onChange={(v) => set({ status: v === 'all' ? undefined : (v as DisputesSearch['status']) })}
            data={[
              { value: 'all', label: t('collections.all') },
              ...DISPUTE_STATUSES.map((s) => ({ value: s, label: t(`collections.status.${s}`) })),
            ]}
          />
          <CustomerFilter value={customer} onChange={(c) => set({ customer: c })} />
        </Group>
        <CursorList list={list} empty={t('collections.disputes.empty')}>
          {(items) => <DisputeTable items={items} onOpen={(id) => set({ dispute: id })} />}
        </CursorList>
      </Stack>
      <DisputeDrawer disputeId={search.dispute} onClose={() => set({ dispute: undefined })} />
    </CollectionsLayout>
  );
}

/** A customer id or external id, applied on Enter or when the field is left (server-side filter). */
export function CustomerFilter({
  value,
  onChange,
}: {
  value: string | undefined;
  onChange: (customer: string | undefined) => void;
}) {
  const t = useT();
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const apply = () => onChange(text.trim() === '' ? undefined : text.trim());
  return (
    <TextInput
      size="xs"
      label={t('collections.customerFilter')}
      placeholder={t('collections.customerFilterHint')}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={apply}
      onKeyDown={(e) => e.key === 'Enter' && apply()}
    />
  );
}

function DisputeTable({ items, onOpen }: { items: Dispute[]; onOpen: (id: string) => void }) {
  const t = useT();
  const f = useFormat();
  return (
    <Table.ScrollContainer minWidth={840}>
      <Table data-testid="disputes">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('collections.opened')}</Table.Th>
            <Table.Th>{t('collections.customer')}</Table.Th>
            <Table.Th>{t('collections.invoice')}</Table.Th>
            <Table.Th>{t('collections.log.reason')}</Table.Th>
            <Table.Th className="num">{t('collections.amount')}</Table.Th>
            <Table.Th>{t('collections.status')}</Table.Th>
            <Table.Th>{t('collections.by')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td>{f.date(d.openedAt.slice(0, 10))}</Table.Td>
              <Table.Td>
                {d.customerName ?? ''}{' '}
                <Badge variant="outline" size="xs">
                  {d.customerExternalId}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Anchor component="button" type="button" size="sm" onClick={() => onOpen(d.id)}>
                  {d.invoiceNumber ?? d.invoiceId}
                </Anchor>
              </Table.Td>
              <Table.Td>{t(`collections.reason.${d.reason as ReasonKey}`)}</Table.Td>
              <Table.Td className="num">{f.money(d.amount, d.currency)}</Table.Td>
              <Table.Td>
                <StatusBadge status={d.status} />
              </Table.Td>
              <Table.Td>{d.openedBy.name}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export type ReasonKey =
  | 'pricing'
  | 'quantity'
  | 'quality'
  | 'not_received'
  | 'duplicate'
  | 'chargeback'
  | 'other';
