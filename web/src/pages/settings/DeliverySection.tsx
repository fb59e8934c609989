/**
 * Delivery and messaging: whether invoices are emailed when issued and statements every month
 * (GET/PATCH /v1/delivery/settings), and the sender of every message (GET/PUT
 * /v1/messaging/settings). Everyone sees them; an admin changes them.
 */
import { Button, Group, SimpleGrid, Stack, Switch, Table, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useCan } from '../../session/session';
import { FailedMessagesCard } from './FailedMessagesCard';
import { SettingsCard } from './SettingsCard';

type MessagingSettings = components['schemas']['MessagingSettings'];

export function DeliverySection() {
  return (
    <Stack gap="md">
      <DeliveryCard />
      <MessagingCard />
      <FailedMessagesCard />
    </Stack>
  );
}

function DeliveryCard() {
  const t = useT();
  const can = useCan();
  const qc = useQueryClient();
  const settings = useQuery({
    queryKey: ['delivery', 'settings'],
    queryFn: () => data(api.GET('/v1/delivery/settings')),
  });
  const save = useMutation({
    mutationFn: (body: { autoDeliverInvoices?: boolean; monthlyStatements?: boolean }) =>
      data(api.PATCH('/v1/delivery/settings', { body })),
    onSuccess: (s) => qc.setQueryData(['delivery', 'settings'], s),
  });
  return (
    <SettingsCard title={t('settings.section.delivery')} hint={t('settings.delivery.hint')}>
      <ProblemAlert error={save.error} fields={[]} />
      <QueryView query={settings}>
        {(s) => (
          <Stack gap="xs">
            <Switch
              label={t('settings.delivery.autoDeliverInvoices')}
              checked={s.autoDeliverInvoices}
              disabled={!can('admin') || save.isPending}
              onChange={(e) => save.mutate({ autoDeliverInvoices: e.currentTarget.checked })}
            />
            <Switch
              label={t('settings.delivery.monthlyStatements')}
              checked={s.monthlyStatements}
              disabled={!can('admin') || save.isPending}
              onChange={(e) => save.mutate({ monthlyStatements: e.currentTarget.checked })}
            />
          </Stack>
        )}
      </QueryView>
    </SettingsCard>
  );
}

const MESSAGING_FIELDS = [
  'defaultLanguage',
  'companyName',
  'fromName',
  'fromAddress',
  'replyTo',
  'bcc',
] as const;

function MessagingCard() {
  const t = useT();
  const can = useCan();
  const settings = useQuery({
    queryKey: ['messaging', 'settings'],
    queryFn: () => data(api.GET('/v1/messaging/settings')),
  });
  return (
    <SettingsCard title={t('settings.messaging.title')} hint={t('settings.messaging.hint')}>
      <QueryView query={settings}>
        {(s) =>
          can('admin') ? (
            <MessagingForm settings={s} />
          ) : (
            <Table.ScrollContainer minWidth={240}>
              <Table>
                <Table.Tbody>
                  {MESSAGING_FIELDS.map((f) => (
                    <Table.Tr key={f}>
                      <Table.Th w={220}>{t(`settings.messaging.${f}` as MessageKey)}</Table.Th>
                      <Table.Td>{s[f] ?? '—'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryView>
    </SettingsCard>
  );
}

function MessagingForm({ settings }: { settings: MessagingSettings }) {
  const t = useT();
  const qc = useQueryClient();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(MESSAGING_FIELDS.map((f) => [f, settings[f] ?? ''])),
  );
  const save = useMutation({
    mutationFn: () => {
      const orNull = (f: string) => (values[f]?.trim() ? (values[f] ?? '').trim() : null);
      return data(
        api.PUT('/v1/messaging/settings', {
          body: {
            defaultLanguage: (values.defaultLanguage ?? '').trim(),
            companyName: orNull('companyName'),
            fromName: orNull('fromName'),
            fromAddress: orNull('fromAddress'),
            replyTo: orNull('replyTo'),
            bcc: orNull('bcc'),
          },
        }),
      );
    },
    onSuccess: (s) => qc.setQueryData(['messaging', 'settings'], s),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.messaging.title')}>
      <ProblemAlert error={save.error} fields={MESSAGING_FIELDS} />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs">
        {MESSAGING_FIELDS.map((f) => (
          <TextInput
            key={f}
            size="xs"
            label={t(`settings.messaging.${f}` as MessageKey)}
            value={values[f] ?? ''}
            required={f === 'defaultLanguage'}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setValues((v) => ({ ...v, [f]: value }));
            }}
            error={fieldError(save.error, f)}
          />
        ))}
      </SimpleGrid>
      <Group mt="sm" gap="sm">
        <Button type="submit" size="xs" loading={save.isPending}>
          {t('settings.save')}
        </Button>
        {save.isSuccess && <span role="status">{t('settings.savedPlain')}</span>}
      </Group>
    </form>
  );
}
