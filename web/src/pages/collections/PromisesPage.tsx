/**
 * Promises to pay (GET /v1/promises): the ones due (open, promised on or before today — the
 * default view), or by status; `?view=kept&customer=C-1` is a deep link. An open promise can be
 * cancelled (collect).
 */
import { Badge, Button, Group, SegmentedControl, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { CursorList, useCursorList } from '../../components/CursorList';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { Can } from '../../session/session';
import { CollectionsLayout } from './CollectionsLayout';
import { localToday, PROMISE_VIEWS, type PromisesSearch } from './collections-search';
import { CustomerFilter } from './DisputesPage';
import { StatusBadge } from './StatusBadge';

type PromiseToPay = components['schemas']['Promise'];

/** The API query of a view: `due` is open and promised on or before today. */
function promiseQuery(view: PromisesSearch['view']) {
  if (view === 'all') return {};
  if (view === undefined || view === 'due') return { status: 'open' as const, promisedBy: localToday() };
  return { status: view };
}

export function PromisesPage() {
  const t = useT();
  const { view, customer } = useSearch({ from: '/app/collections/promises' });
  const navigate = useNavigate({ from: '/collections/promises' });
  const query = promiseQuery(view);
  const list = useCursorList(['promises', { ...query, customer }], (cursor) =>
    data(
      api.GET('/v1/promises', {
        params: {
          query: { limit: 50, ...query, ...(customer ? { customer } : {}), ...(cursor ? { cursor } : {}) },
        },
      }),
    ),
  );
  const set = (patch: Partial<PromisesSearch>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch }) });
  return (
    <CollectionsLayout tab="/collections/promises">
      <Stack gap="sm">
        <Group align="flex-end">
          <SegmentedControl
            size="xs"
            aria-label={t('collections.status')}
            value={view ?? 'due'}
            onChange={(v) => set({ view: v === 'due' ? undefined : (v as PromisesSearch['view']) })}
            data={[
              ...PROMISE_VIEWS.map((s) => ({ value: s, label: t(`collections.status.${s}`) })),
              { value: 'all', label: t('collections.all') },
            ]}
          />
          <CustomerFilter value={customer} onChange={(c) => set({ customer: c })} />
        </Group>
        <CursorList
          list={list}
          empty={
            view === undefined || view === 'due'
              ? t('collections.promises.emptyDue')
              : t('collections.promises.empty')
          }
        >
          {(items) => <PromiseTable items={items} />}
        </CursorList>
      </Stack>
    </CollectionsLayout>
  );
}

function PromiseTable({ items }: { items: PromiseToPay[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table data-testid="promises">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('collections.customer')}</Table.Th>
            <Table.Th>{t('collections.promises.invoices')}</Table.Th>
            <Table.Th className="num">{t('collections.amount')}</Table.Th>
            <Table.Th>{t('collections.promises.promisedOn')}</Table.Th>
            <Table.Th>{t('collections.promises.keepBy')}</Table.Th>
            <Table.Th>{t('collections.status')}</Table.Th>
            <Table.Th className="num">{t('collections.promises.paid')}</Table.Th>
            <Table.Th>{t('collections.by')}</Table.Th>
            <Can access="collect">
              <Table.Th>
                <VisuallyHidden>{t('collections.actions')}</VisuallyHidden>
              </Table.Th>
            </Can>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((p) => (
            <Table.Tr key={p.id} data-promise={p.id}>
              <Table.Td>
                {p.customerName ?? ''}{' '}
                <Badge variant="outline" size="xs">
                  {p.customerExternalId}
                </Badge>
              </Table.Td>
              <Table.Td>
                {p.invoiceNumbers.length === 0 ? (
                  <Text size="xs" c="dimmed">
                    {t('collections.promises.overall')}
                  </Text>
                ) : (
                  p.invoiceNumbers.join(', ')
                )}
              </Table.Td>
              <Table.Td className="num">{f.money(p.amount, p.currency)}</Table.Td>
              <Table.Td>{f.date(p.promisedOn)}</Table.Td>
              <Table.Td>{f.date(p.keepBy)}</Table.Td>
              <Table.Td>
                <StatusBadge status={p.status} />
              </Table.Td>
              <Table.Td className="num">{p.paid === null ? '' : f.money(p.paid, p.currency)}</Table.Td>
              <Table.Td>{p.createdBy.name}</Table.Td>
              <Can access="collect">
                <Table.Td>{p.status === 'open' && <CancelPromise promise={p} />}</Table.Td>
              </Can>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CancelPromise({ promise }: { promise: PromiseToPay }) {
  const t = useT();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () =>
      data(api.POST('/v1/promises/{id}/cancel', { params: { path: { id: promise.id } }, body: {} })),
    onSuccess: () =>
      Promise.all(['promises', 'worklist'].map((key) => qc.invalidateQueries({ queryKey: [key] }))),
  });
  return (
    <>
      <Button
        size="compact-xs"
        variant="subtle"
        color="red"
        loading={m.isPending}
        onClick={() => m.mutate()}
        aria-label={t('collections.promises.cancelFor', { customer: promise.customerName ?? '' })}
      >
        {t('collections.promises.cancel')}
      </Button>
      <ProblemAlert error={m.error} fields={[]} />
    </>
  );
}
