/**
 * Outbound webhooks (admin; docs/webhooks.md): the endpoints with their state — a disabled one
 * says why and since when, and can be switched on again — add one (its signing secret is shown
 * once, here, with a copy button; so is a rotated one), send a test event, rotate the secret,
 * delete; below, the delivery log of the chosen endpoint (WebhookDeliveries). `?endpoint=<id>`
 * (the bell's link for a disabled endpoint) chooses the endpoint. The API decides every rule
 * (https only, private addresses, a sealed secret needs CASHLOOP_SECRET_KEY): its refusals are shown.
 */
import {
  Alert,
  Badge,
  Button,
  Code,
  CopyButton,
  Group,
  MultiSelect,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import type { components, operations } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { SettingsCard } from './SettingsCard';
import { WebhookDeliveries } from './WebhookDeliveries';

type Endpoint = components['schemas']['WebhookEndpoint'];
type EventType =
  operations['createWebhookEndpoint']['requestBody']['content']['application/json']['eventTypes'][number];
export const ENDPOINTS_KEY = ['webhooks', 'endpoints'] as const;

/** A secret the API showed once (on creation or rotation), for the endpoint it belongs to. */
interface ShownSecret {
  readonly url: string;
  readonly secret: string;
}

export function WebhooksSection() {
  const t = useT();
  const endpoints = useQuery({
    queryKey: ENDPOINTS_KEY,
    queryFn: () => data(api.GET('/v1/webhooks/endpoints')),
  });
  const [secret, setSecret] = useState<ShownSecret | null>(null);
  const { endpoint: chosen } = useSearch({ from: '/app/settings' });
  return (
    <Stack gap="md">
      <SettingsCard title={t('settings.section.webhooks')} hint={t('settings.webhooks.hint')}>
        <NewEndpointForm onCreated={setSecret} />
        {secret && <SecretNotice shown={secret} onDone={() => setSecret(null)} />}
        <QueryView query={endpoints}>
          {(answer) =>
            answer.items.length === 0 ? (
              <EmptyState title={t('settings.webhooks.empty')} />
            ) : (
              <EndpointsTable items={answer.items} chosen={chosen} onSecret={setSecret} />
            )
          }
        </QueryView>
      </SettingsCard>
      {chosen && <WebhookDeliveries endpointId={chosen} />}
    </Stack>
  );
}

function SecretNotice({ shown, onDone }: { shown: ShownSecret; onDone: () => void }) {
  const t = useT();
  return (
    <Alert
      color="green"
      title={t('settings.webhooks.secretTitle', { url: shown.url })}
      role="status"
      // As for a new API key: the light alert's green title is 3:1 on its background; the text colour is AA.
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
    >
      <Text size="sm">{t('settings.webhooks.secretHint')}</Text>
      <Group gap="xs" mt={6} wrap="nowrap">
        <Code data-testid="webhook-secret" style={{ overflowWrap: 'anywhere' }}>
          {shown.secret}
        </Code>
        <CopyButton value={shown.secret}>
          {({ copied, copy }) => (
            <Button size="compact-xs" variant="light" onClick={copy}>
              {copied ? t('settings.webhooks.copied') : t('settings.webhooks.copy')}
            </Button>
          )}
        </CopyButton>
        <Button size="compact-xs" variant="subtle" onClick={onDone}>
          {t('settings.webhooks.secretDone')}
        </Button>
      </Group>
    </Alert>
  );
}

function NewEndpointForm({ onCreated }: { onCreated: (s: ShownSecret) => void }) {
  const t = useT();
  const qc = useQueryClient();
  const types = useQuery({
    queryKey: ['webhooks', 'event-types'],
    queryFn: () => data(api.GET('/v1/webhooks/event-types')),
  });
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  // The choices are the API's own list (GET /v1/webhooks/event-types).
  const [eventTypes, setEventTypes] = useState<EventType[]>([]);
  const create = useMutation({
    mutationFn: () => data(api.POST('/v1/webhooks/endpoints', { body: { url, description, eventTypes } })),
    onSuccess: (created) => {
      onCreated({ url: created.url, secret: created.secret });
      setUrl('');
      setDescription('');
      setEventTypes([]);
      void qc.invalidateQueries({ queryKey: ENDPOINTS_KEY });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const options = (types.data?.items ?? []).map((i) => ({
    value: i.type,
    label: `${i.type} — ${i.summary}`,
  }));
  return (
    <form onSubmit={submit} aria-label={t('settings.webhooks.new')}>
      <ProblemAlert error={create.error} fields={['url', 'description', 'eventTypes']} />
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          label={t('settings.webhooks.url')}
          placeholder="https://erp.example.com/hooks/cashloop"
          value={url}
          onChange={(e) => setUrl(e.currentTarget.value)}
          error={fieldError(create.error, 'url')}
          style={{ flex: '2 1 280px' }}
          required
        />
        <TextInput
          label={t('settings.webhooks.description')}
          value={description}
          onChange={(e) => setDescription(e.currentTarget.value)}
          error={fieldError(create.error, 'description')}
          style={{ flex: '1 1 180px' }}
        />
        <MultiSelect
          label={t('settings.webhooks.events')}
          data={options}
          value={eventTypes}
          onChange={(v) => setEventTypes(v as EventType[])}
          error={fieldError(create.error, 'eventTypes')}
          searchable
          data-testid="webhook-events"
          style={{ flex: '2 1 280px' }}
        />
        <Button type="submit" loading={create.isPending}>
          {t('settings.webhooks.add')}
        </Button>
      </Group>
    </form>
  );
}

function EndpointsTable({
  items,
  chosen,
  onSecret,
}: {
  items: readonly Endpoint[];
  chosen: string | undefined;
  onSecret: (s: ShownSecret) => void;
}) {
  const t = useT();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table data-testid="webhook-endpoints">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('settings.webhooks.url')}</Table.Th>
            <Table.Th>{t('settings.webhooks.events')}</Table.Th>
            <Table.Th>{t('settings.webhooks.state')}</Table.Th>
            <Table.Th>{t('settings.webhooks.enabled')}</Table.Th>
            <Table.Th>{t('settings.webhooks.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((e) => (
            <EndpointRow
              key={e.endpointId}
              endpoint={e}
              chosen={e.endpointId === chosen}
              onSecret={onSecret}
            />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function EndpointState({ endpoint: e }: { endpoint: Endpoint }) {
  const t = useT();
  const f = useFormat();
  if (e.status === 'disabled')
    return (
      <Text size="sm" c="red.9">
        {t('settings.webhooks.disabledSince', { at: e.disabledAt ? f.instant(e.disabledAt) : '—' })}
        {e.disabledReason ? `: ${e.disabledReason}` : ''}
      </Text>
    );
  if (e.consecutiveFailures > 0)
    return (
      <Text size="sm" c="red.9">
        {t('settings.webhooks.failing', {
          n: e.consecutiveFailures,
          since: e.failingSince ? f.instant(e.failingSince) : '—',
        })}
      </Text>
    );
  return (
    <Badge color="green" variant="dot" w="max-content">
      {t('settings.webhooks.healthy')}
    </Badge>
  );
}

function useEndpointActions(e: Endpoint, onSecret: (s: ShownSecret) => void) {
  const qc = useQueryClient();
  const path = { params: { path: { id: e.endpointId } } };
  const refresh = () => void qc.invalidateQueries({ queryKey: ['webhooks'] });
  return {
    toggle: useMutation({
      mutationFn: (enabled: boolean) =>
        data(api.PATCH('/v1/webhooks/endpoints/{id}', { ...path, body: { enabled } })),
      onSuccess: refresh,
    }),
    ping: useMutation({
      mutationFn: () => data(api.POST('/v1/webhooks/endpoints/{id}/ping', path)),
      onSuccess: refresh,
    }),
    rotate: useMutation({
      mutationFn: () => data(api.POST('/v1/webhooks/endpoints/{id}/rotate-secret', path)),
      onSuccess: (r) => {
        onSecret({ url: r.url, secret: r.secret });
        refresh();
      },
    }),
    remove: useMutation({
      mutationFn: () => data(api.DELETE('/v1/webhooks/endpoints/{id}', path)),
      onSuccess: refresh,
    }),
  };
}

function EndpointRow({
  endpoint: e,
  chosen,
  onSecret,
}: {
  endpoint: Endpoint;
  chosen: boolean;
  onSecret: (s: ShownSecret) => void;
}) {
  const t = useT();
  const navigate = useNavigate();
  const a = useEndpointActions(e, onSecret);
  const error = a.toggle.error ?? a.ping.error ?? a.rotate.error ?? a.remove.error;
  const pinged = a.ping.data;
  const choose = () =>
    void navigate({
      to: '/settings',
      search: { section: 'webhooks', endpoint: chosen ? undefined : e.endpointId },
    });
  return (
    <Table.Tr data-endpoint-url={e.url}>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>
        <Text size="sm">{e.url}</Text>
        {e.description && (
          <Text size="xs" c="dimmed">
            {e.description}
          </Text>
        )}
        <ProblemAlert error={error} fields={[]} />
      </Table.Td>
      <Table.Td>
        <Text size="xs">{e.eventTypes.join(', ')}</Text>
      </Table.Td>
      <Table.Td>
        <EndpointState endpoint={e} />
        {pinged && (
          <Text size="xs" {...(pinged.status === 'succeeded' ? {} : { c: 'red.9' })} role="status">
            {t('settings.webhooks.pinged', {
              status: pinged.status,
              code: String(pinged.attempts.at(-1)?.statusCode ?? pinged.attempts.at(-1)?.error ?? '—'),
            })}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Switch
          aria-label={t('settings.webhooks.toggle', { url: e.url })}
          checked={e.status === 'enabled'}
          disabled={a.toggle.isPending}
          onChange={(ev) => a.toggle.mutate(ev.currentTarget.checked)}
        />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button
            size="compact-xs"
            variant={chosen ? 'filled' : 'light'}
            onClick={choose}
            aria-pressed={chosen}
          >
            {t('settings.webhooks.deliveries')}
          </Button>
          <Button
            size="compact-xs"
            variant="light"
            loading={a.ping.isPending}
            onClick={() => a.ping.mutate()}
          >
            {t('settings.webhooks.ping')}
          </Button>
          <Button
            size="compact-xs"
            variant="light"
            loading={a.rotate.isPending}
            onClick={() =>
              window.confirm(t('settings.webhooks.confirmRotate', { url: e.url })) && a.rotate.mutate()
            }
          >
            {t('settings.webhooks.rotate')}
          </Button>
          <Button
            size="compact-xs"
            color="red"
            variant="light"
            loading={a.remove.isPending}
            aria-label={t('settings.webhooks.deleteNamed', { url: e.url })}
            onClick={() =>
              window.confirm(t('settings.webhooks.confirmDelete', { url: e.url })) && a.remove.mutate()
            }
          >
            {t('settings.webhooks.delete')}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
