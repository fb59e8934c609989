/**
 * Online payment (docs/payments.md): the Stripe account (GET/PUT /v1/payments/stripe/settings,
 * admin) — the secret key and webhook signing secret are set, replaced or removed but never shown
 * back, only whether they are set — the webhook URL to register in Stripe, and the events Stripe
 * reported (GET /v1/payments/events, every role) with what cashloop did with each.
 */
import {
  Badge,
  Button,
  CopyButton,
  Group,
  PasswordInput,
  SegmentedControl,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { CursorList, useCursorList } from '../../components/CursorList';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useCan } from '../../session/session';
import { SettingsCard } from './SettingsCard';

type StripeSettings = components['schemas']['StripeSettings'];
type PaymentEvent = components['schemas']['PaymentEvent'];
type SecretField = 'secretKey' | 'webhookSecret';
/** What the form does with a stored secret: keep it, replace it with what is typed, or remove it. */
type SecretChoice = 'keep' | 'replace' | 'remove';

export function PaymentsSection() {
  const t = useT();
  const can = useCan();
  return (
    <Stack gap="md">
      {can('admin') ? (
        <StripeSettingsCard />
      ) : (
        <SettingsCard title={t('pay.settings.title')} hint={t('pay.settings.hint')}>
          <Text size="sm">{t('pay.settings.adminOnly')}</Text>
        </SettingsCard>
      )}
      <PaymentEventsCard />
    </Stack>
  );
}

function StripeSettingsCard() {
  const t = useT();
  const settings = useQuery({
    queryKey: ['payments', 'stripe-settings'],
    queryFn: () => data(api.GET('/v1/payments/stripe/settings')),
  });
  return (
    <SettingsCard title={t('pay.settings.title')} hint={t('pay.settings.hint')}>
      <QueryView query={settings}>
        {(s) => (
          <Stack gap="sm">
            <WebhookUrl settings={s} />
            <StripeSettingsForm settings={s} />
          </Stack>
        )}
      </QueryView>
    </SettingsCard>
  );
}

/** The URL Stripe must post to: this server's origin and the tenant's webhook path. */
function WebhookUrl({ settings }: { settings: StripeSettings }) {
  const t = useT();
  const url = `${window.location.origin}${settings.webhookPath}`;
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <TextInput
        style={{ flex: 1, minWidth: 0 }}
        size="xs"
        readOnly
        label={t('pay.settings.webhookUrl')}
        description={t('pay.settings.webhookUrlHint')}
        value={url}
        data-testid="stripe-webhook-url"
      />
      <CopyButton value={url}>
        {({ copied, copy }) => (
          <Button size="xs" variant="default" onClick={copy}>
            {copied ? t('pay.copied') : t('pay.copy')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

interface FormState {
  secretKey: string;
  webhookSecret: string;
  choice: Record<SecretField, SecretChoice>;
  apiBaseUrl: string;
}

/** The PUT body: a secret kept is left out, a removed one is null, a replaced one is what was typed. */
function settingsBody(f: FormState) {
  const secret = (field: SecretField) => {
    const choice = f.choice[field];
    if (choice === 'remove') return { [field]: null };
    if (choice === 'replace') return { [field]: f[field].trim() };
    return {};
  };
  return { ...secret('secretKey'), ...secret('webhookSecret'), apiBaseUrl: f.apiBaseUrl.trim() };
}

/** A fresh form for what is stored: nothing typed; a secret set is kept, one not set is asked for. */
function initialForm(settings: StripeSettings): FormState {
  return {
    secretKey: '',
    webhookSecret: '',
    apiBaseUrl: settings.apiBaseUrl,
    choice: {
      secretKey: settings.secretKeySet ? 'keep' : 'replace',
      webhookSecret: settings.webhookSecretSet ? 'keep' : 'replace',
    },
  };
}

function StripeSettingsForm({ settings }: { settings: StripeSettings }) {
  const t = useT();
  const qc = useQueryClient();
  const [form, setForm] = useState<FormState>(() => initialForm(settings));
  const save = useMutation({
    mutationFn: () => data(api.PUT('/v1/payments/stripe/settings', { body: settingsBody(form) })),
    onSuccess: (s) => {
      qc.setQueryData(['payments', 'stripe-settings'], s);
      // The secrets typed are gone from the page once stored.
      setForm(initialForm(s));
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('pay.settings.title')} data-testid="stripe-settings">
      <Stack gap="xs">
        <ProblemAlert error={save.error} fields={['secretKey', 'webhookSecret', 'apiBaseUrl']} />
        {(['secretKey', 'webhookSecret'] as const).map((field) => (
          <SecretInput
            key={field}
            field={field}
            isSet={field === 'secretKey' ? settings.secretKeySet : settings.webhookSecretSet}
            form={form}
            setForm={setForm}
            error={fieldError(save.error, field)}
          />
        ))}
        <TextInput
          size="xs"
          label={t('pay.settings.apiBaseUrl')}
          description={t('pay.settings.apiBaseUrlHint')}
          value={form.apiBaseUrl}
          onChange={(e) => {
            const apiBaseUrl = e.currentTarget.value;
            setForm((f) => ({ ...f, apiBaseUrl }));
          }}
          error={fieldError(save.error, 'apiBaseUrl')}
        />
        <Group gap="sm">
          <Button type="submit" size="xs" loading={save.isPending}>
            {t('settings.save')}
          </Button>
          {save.isSuccess && <span role="status">{t('settings.savedPlain')}</span>}
        </Group>
      </Stack>
    </form>
  );
}

const SECRET_LABELS: Record<SecretField, { label: MessageKey; hint: MessageKey }> = {
  secretKey: { label: 'pay.settings.secretKey', hint: 'pay.settings.secretKeyHint' },
  webhookSecret: { label: 'pay.settings.webhookSecret', hint: 'pay.settings.webhookSecretHint' },
};

/** One write-only secret: whether it is set, and keep / replace / remove when it is. */
function SecretInput({
  field,
  isSet,
  form,
  setForm,
  error,
}: {
  field: SecretField;
  isSet: boolean;
  form: FormState;
  setForm: (update: (f: FormState) => FormState) => void;
  error: string | undefined;
}) {
  const t = useT();
  const choice = form.choice[field];
  const choose = (next: SecretChoice) => setForm((f) => ({ ...f, choice: { ...f.choice, [field]: next } }));
  const label = t(SECRET_LABELS[field].label);
  return (
    <Stack gap={4} data-testid={`secret-${field}`}>
      <Group gap="xs">
        <Text size="sm" fw={500}>
          {label}
        </Text>
        <Badge size="sm" variant="dot" color={isSet ? 'green' : 'gray'}>
          {isSet ? t('pay.settings.set') : t('pay.settings.notSet')}
        </Badge>
      </Group>
      {isSet && (
        <SegmentedControl
          size="xs"
          w="fit-content"
          aria-label={label}
          value={choice}
          onChange={(v) => choose(v as SecretChoice)}
          data={(['keep', 'replace', 'remove'] as const).map((c) => ({
            value: c,
            label: t(`pay.settings.${c}` as MessageKey),
          }))}
        />
      )}
      {choice === 'replace' && (
        <PasswordInput
          size="xs"
          aria-label={label}
          description={t(SECRET_LABELS[field].hint)}
          autoComplete="off"
          value={form[field]}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setForm((f) => ({ ...f, [field]: value }));
          }}
          error={error}
        />
      )}
      {choice === 'remove' && (
        <Text size="xs" c="red">
          {t('pay.settings.willRemove')}
        </Text>
      )}
      {choice === 'keep' && error && (
        <Text size="xs" c="red">
          {error}
        </Text>
      )}
    </Stack>
  );
}

const EVENT_COLORS: Record<PaymentEvent['status'], string> = {
  received: 'yellow',
  booked: 'green',
  recorded: 'blue',
  pending: 'orange',
  ignored: 'gray',
};

function PaymentEventsCard() {
  const t = useT();
  const f = useFormat();
  const list = useCursorList(['payments', 'events'], (cursor) =>
    data(api.GET('/v1/payments/events', { params: { query: { limit: 50, ...(cursor ? { cursor } : {}) } } })),
  );
  return (
    <SettingsCard title={t('pay.events.title')} hint={t('pay.events.hint')}>
      <CursorList list={list} empty={t('pay.events.empty')}>
        {(items) => (
          <Table.ScrollContainer
            minWidth={640}
            type="native"
            tabIndex={0}
            role="region"
            aria-label={t('pay.events.title')}
          >
            <Table data-testid="payment-events">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('pay.events.received')}</Table.Th>
                  <Table.Th>{t('pay.events.type')}</Table.Th>
                  <Table.Th>{t('pay.events.status')}</Table.Th>
                  <Table.Th>{t('pay.events.object')}</Table.Th>
                  <Table.Th>{t('pay.events.note')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((e) => (
                  <Table.Tr key={e.eventId}>
                    <Table.Td>{f.instant(e.receivedAt)}</Table.Td>
                    <Table.Td>{e.type}</Table.Td>
                    <Table.Td>
                      <Badge size="sm" variant="dot" color={EVENT_COLORS[e.status]}>
                        {t(`pay.events.status.${e.status}` as MessageKey)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{e.objectId ?? '—'}</Table.Td>
                    <Table.Td>{e.note ?? '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </CursorList>
    </SettingsCard>
  );
}
