/**
 * Active credit holds (GET /v1/credit/holds), manual or automatic (`?kind=`). A credit manager
 * releases one here; the API refuses to release an automatic hold while its rule still holds,
 * and says why.
 */
import { Badge, Button, SegmentedControl, Stack, Table, VisuallyHidden } from '@mantine/core';
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
import { HOLD_KINDS, type HoldsSearch } from './collections-search';
import { StatusBadge } from './StatusBadge';

type CreditHold = components['schemas']['CreditHold'];

export function HoldsPage() {
  const t = useT();
  const { kind } = useSearch({ from: '/app/collections/holds' });
  const navigate = useNavigate({ from: '/collections/holds' });
  const list = useCursorList(['credit', 'holds', { kind }], (cursor) =>
    data(
      api.GET('/v1/credit/holds', {
        params: { query: { limit: 50, ...(kind ? { kind } : {}), ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
  return (
    <CollectionsLayout tab="/collections/holds">
      <Stack gap="sm">
        <SegmentedControl
          size="xs"
          w="fit-content"
          aria-label={t('collections.holds.kind')}
          value={kind ?? 'all'}
          onChange={(v) =>
            void navigate({ search: { kind: v === 'all' ? undefined : (v as HoldsSearch['kind']) } })
          }
          data={[
            { value: 'all', label: t('collections.all') },
            ...HOLD_KINDS.map((k) => ({ value: k, label: t(`collections.status.${k}`) })),
          ]}
        />
        <CursorList list={list} empty={t('collections.holds.empty')}>
          {(items) => <HoldTable items={items} />}
        </CursorList>
      </Stack>
    </CollectionsLayout>
  );
}

function HoldTable({ items }: { items: CreditHold[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table data-testid="holds">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('collections.customer')}</Table.Th>
            <Table.Th>{t('collections.holds.kind')}</Table.Th>
            <Table.Th>{t('collections.holds.why')}</Table.Th>
            <Table.Th>{t('collections.holds.since')}</Table.Th>
            <Table.Th>{t('collections.by')}</Table.Th>
            <Can access="credit">
              <Table.Th>
                <VisuallyHidden>{t('collections.actions')}</VisuallyHidden>
              </Table.Th>
            </Can>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((h) => (
            <Table.Tr key={h.id}>
              <Table.Td>
                {h.customerName ?? ''}{' '}
                <Badge variant="outline" size="xs">
                  {h.customerExternalId}
                </Badge>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={h.kind} />
              </Table.Td>
              <Table.Td>
                {[
                  ...h.reasons.map((r) =>
                    t(r === 'over_limit' ? 'collections.holds.overLimit' : 'collections.holds.overdue'),
                  ),
                  h.note,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Table.Td>
              <Table.Td>{f.date(h.setOn)}</Table.Td>
              <Table.Td>{h.setBy.name}</Table.Td>
              <Can access="credit">
                <Table.Td>
                  <ReleaseHold hold={h} />
                </Table.Td>
              </Can>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ReleaseHold({ hold }: { hold: CreditHold }) {
  const t = useT();
  const qc = useQueryClient();
  const m = useMutation({
    mutationFn: () =>
      data(
        api.POST('/v1/credit/customers/{id}/release', {
          params: { path: { id: hold.customerId } },
          body: {},
        }),
      ),
    onSuccess: () =>
      Promise.all(['credit', 'worklist'].map((key) => qc.invalidateQueries({ queryKey: [key] }))),
  });
  return (
    <>
      <Button
        size="compact-xs"
        variant="subtle"
        loading={m.isPending}
        onClick={() => m.mutate()}
        aria-label={t('collections.holds.releaseFor', { customer: hold.customerName ?? '' })}
      >
        {t('collections.holds.release')}
      </Button>
      <ProblemAlert error={m.error} fields={[]} />
    </>
  );
}
