/**
 * An endpoint's delivery log (GET /v1/webhooks/deliveries?endpointId=, newest first, filtered by
 * status, 50 at a time with "Load more"): each delivery's event, state, attempts and next try; opened,
 * its attempts (status code, time, the answer's first characters or the error) and the event's
 * data; a failed or succeeded one can be sent again (replay: a new delivery of the same event,
 * same webhook-id, so the receiver can tell it has it).
 */
import { Badge, Button, Code, Group, SegmentedControl, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { CursorList, useCursorList } from '../../components/CursorList';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { SettingsCard } from './SettingsCard';

type Delivery = components['schemas']['WebhookDelivery'];
type Status = Delivery['status'];
const STATUS_COLOR: Record<Status, string> = { pending: 'blue', succeeded: 'green', failed: 'red' };
const FILTERS = ['all', 'failed', 'pending', 'succeeded'] as const;
type Filter = (typeof FILTERS)[number];

export function WebhookDeliveries({ endpointId }: { endpointId: string }) {
  const t = useT();
  const [filter, setFilter] = useState<Filter>('all');
  const list = useCursorList(['webhooks', 'deliveries', endpointId, filter], (cursor) =>
    data(
      api.GET('/v1/webhooks/deliveries', {
        params: {
          query: {
            endpointId,
            limit: 50,
            ...(filter === 'all' ? {} : { status: filter }),
            ...(cursor ? { cursor } : {}),
          },
        },
      }),
    ),
  );
  return (
    <SettingsCard title={t('settings.webhooks.log')} hint={t('settings.webhooks.logHint')}>
      <SegmentedControl
        aria-label={t('settings.webhooks.filter')}
        value={filter}
        onChange={(v) => setFilter(v as Filter)}
        data={FILTERS.map((f) => ({ value: f, label: t(`settings.webhooks.filter.${f}`) }))}
      />
      <CursorList list={list} empty={t('settings.webhooks.noDeliveries')}>
        {(items) => <DeliveriesTable items={items} />}
      </CursorList>
    </SettingsCard>
  );
}

function DeliveriesTable({ items }: { items: readonly Delivery[] }) {
  const t = useT();
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table data-testid="webhook-deliveries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings.webhooks.event')}</Table.Th>
            <Table.Th>{t('settings.webhooks.state')}</Table.Th>
            <Table.Th>{t('settings.webhooks.attempts')}</Table.Th>
            <Table.Th>{t('settings.webhooks.lastAttempt')}</Table.Th>
            <Table.Th>{t('settings.webhooks.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((d) => (
            <Fragment key={d.deliveryId}>
              <DeliveryRow
                delivery={d}
                open={open === d.deliveryId}
                onToggle={() => setOpen(open === d.deliveryId ? null : d.deliveryId)}
              />
              {open === d.deliveryId && (
                <Table.Tr>
                  <Table.Td colSpan={5}>
                    <DeliveryDetail deliveryId={d.deliveryId} />
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function DeliveryRow({
  delivery: d,
  open,
  onToggle,
}: {
  delivery: Delivery;
  open: boolean;
  onToggle: () => void;
}) {
  const t = useT();
  const f = useFormat();
  const qc = useQueryClient();
  const replay = useMutation({
    mutationFn: () =>
      data(api.POST('/v1/webhooks/deliveries/{id}/replay', { params: { path: { id: d.deliveryId } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['webhooks', 'deliveries'] }),
  });
  return (
    <Table.Tr data-delivery-event={d.eventType}>
      <Table.Td>
        <Text size="sm">{d.eventType}</Text>
        <Text size="xs" c="dimmed">
          {d.eventId}
        </Text>
      </Table.Td>
      <Table.Td>
        <Badge color={STATUS_COLOR[d.status]} variant="dot" w="max-content">
          {t(`settings.webhooks.status.${d.status}`)}
        </Badge>
        {d.nextAttemptAt && (
          <Text size="xs" c="dimmed">
            {t('settings.webhooks.nextAttempt', { at: f.instant(d.nextAttemptAt) })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>{d.attempts}</Table.Td>
      <Table.Td>{d.lastAttemptAt ? f.instant(d.lastAttemptAt) : '—'}</Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button size="compact-xs" variant="light" onClick={onToggle} aria-expanded={open}>
            {t(open ? 'settings.webhooks.hide' : 'settings.webhooks.show')}
          </Button>
          {d.status !== 'pending' && (
            <Button
              size="compact-xs"
              variant="light"
              loading={replay.isPending}
              onClick={() => replay.mutate()}
            >
              {t('settings.webhooks.replay')}
            </Button>
          )}
        </Group>
        <ProblemAlert error={replay.error} fields={[]} />
        {replay.isSuccess && (
          <Text size="xs" role="status">
            {t('settings.webhooks.replayed')}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function DeliveryDetail({ deliveryId }: { deliveryId: string }) {
  const t = useT();
  const f = useFormat();
  const detail = useQuery({
    queryKey: ['webhooks', 'delivery', deliveryId],
    queryFn: () => data(api.GET('/v1/webhooks/deliveries/{id}', { params: { path: { id: deliveryId } } })),
  });
  return (
    <QueryView query={detail}>
      {(d) => (
        <Stack gap={6} data-testid="webhook-delivery-detail">
          {d.attempts.map((a) => (
            <Text key={a.attemptNo} size="sm">
              {t('settings.webhooks.attempt', {
                n: a.attemptNo,
                at: f.instant(a.startedAt),
                ms: a.durationMs,
                outcome: a.statusCode === null ? (a.error ?? '—') : `HTTP ${a.statusCode}`,
              })}
              {a.responseBody ? ` — ${a.responseBody.slice(0, 200)}` : ''}
            </Text>
          ))}
          {d.event && (
            <Code block style={{ maxHeight: 240, overflow: 'auto' }}>
              {JSON.stringify(d.event.data, null, 2)}
            </Code>
          )}
        </Stack>
      )}
    </QueryView>
  );
}
