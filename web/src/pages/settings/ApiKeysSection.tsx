/**
 * API keys (admin): the tenant's keys (never the secret), create one — its key is shown once,
 * here, to copy — and revoke one at once.
 */
import { Alert, Button, Code, Group, Select, Table, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { SettingsCard } from './SettingsCard';

const ROLES = ['admin', 'credit_manager', 'accountant', 'collector', 'viewer'] as const;
type Role = (typeof ROLES)[number];

export function ApiKeysSection() {
  const t = useT();
  const f = useFormat();
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => data(api.GET('/v1/api-keys')) });
  const revoke = useMutation({
    mutationFn: (id: string) => data(api.POST('/v1/api-keys/{id}/revoke', { params: { path: { id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  return (
    <SettingsCard title={t('settings.section.apiKeys')} hint={t('settings.apiKeys.hint')}>
      <CreateKeyForm />
      <ProblemAlert error={revoke.error} fields={[]} />
      <QueryView query={keys}>
        {(answer) => (
          <Table striped data-testid="api-keys-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('settings.apiKeys.prefix')}</Table.Th>
                <Table.Th>{t('settings.apiKeys.label')}</Table.Th>
                <Table.Th>{t('settings.apiKeys.role')}</Table.Th>
                <Table.Th>{t('settings.apiKeys.created')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {answer.items.map((k) => (
                <Table.Tr key={k.id}>
                  <Table.Td>
                    <Code>{k.prefix}…</Code>
                  </Table.Td>
                  <Table.Td>{k.label ?? '—'}</Table.Td>
                  <Table.Td>{t(`app.role.${k.role}` as MessageKey)}</Table.Td>
                  <Table.Td>{f.date(k.createdAt.slice(0, 10))}</Table.Td>
                  <Table.Td>
                    {k.revokedAt ? (
                      t('settings.apiKeys.revokedOn', { date: f.date(k.revokedAt.slice(0, 10)) })
                    ) : (
                      <Button
                        size="compact-xs"
                        color="red"
                        variant="light"
                        loading={revoke.isPending && revoke.variables === k.id}
                        onClick={() => {
                          if (window.confirm(t('settings.apiKeys.confirmRevoke', { prefix: k.prefix })))
                            revoke.mutate(k.id);
                        }}
                        aria-label={t('settings.apiKeys.revokeNamed', { prefix: k.prefix })}
                      >
                        {t('settings.apiKeys.revoke')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </QueryView>
    </SettingsCard>
  );
}

function CreateKeyForm() {
  const t = useT();
  const qc = useQueryClient();
  const [role, setRole] = useState<Role>('viewer');
  const [label, setLabel] = useState('');
  const create = useMutation({
    mutationFn: () =>
      data(api.POST('/v1/api-keys', { body: { role, ...(label.trim() ? { label: label.trim() } : {}) } })),
    onSuccess: () => {
      setLabel('');
      void qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.apiKeys.create')}>
      <ProblemAlert error={create.error} fields={['role', 'label']} />
      <Group align="flex-start" gap="xs">
        <TextInput
          size="xs"
          label={t('settings.apiKeys.label')}
          value={label}
          onChange={(e) => setLabel(e.currentTarget.value)}
          error={fieldError(create.error, 'label')}
        />
        <Select
          size="xs"
          label={t('settings.apiKeys.role')}
          data={ROLES.map((r) => ({ value: r, label: t(`app.role.${r}`) }))}
          value={role}
          allowDeselect={false}
          onChange={(v) => v && setRole(v as Role)}
          error={fieldError(create.error, 'role')}
        />
        <Button type="submit" size="xs" mt={22} loading={create.isPending}>
          {t('settings.apiKeys.create')}
        </Button>
      </Group>
      {create.data?.key && (
        <Alert color="green" mt="xs" title={t('settings.apiKeys.createdTitle')} data-testid="new-api-key">
          {t('settings.apiKeys.createdHint')} <Code>{create.data.key}</Code>
        </Alert>
      )}
    </form>
  );
}
