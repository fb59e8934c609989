/**
 * API keys (admin): the tenant's keys (never the secret) with their role, scope, expiry
 * (expired keys marked) and last use, create one — with a scope below its role and an expiry date, both
 * optional as the API allows; its key is shown once, here, with a copy button — and revoke one.
 * Which scope a role may have is the API's rule: a refused one comes back as a 422 on `scope`.
 */
import { Alert, Badge, Button, Code, CopyButton, Group, Select, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import type { components, operations } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { SettingsCard } from './SettingsCard';

type ApiKey = components['schemas']['ApiKey'];
type CreateBody = operations['createApiKey']['requestBody']['content']['application/json'];
type Role = CreateBody['role'];
type Scope = NonNullable<CreateBody['scope']>;

const ROLES: readonly Role[] = ['admin', 'credit_manager', 'accountant', 'collector', 'viewer'];
/** The levels the API's schema enumerates for `scope`, weakest first, each with what it covers. */
const SCOPES: Record<Scope, MessageKey> = {
  read: 'settings.apiKeys.scope.read',
  collect: 'settings.apiKeys.scope.collect',
  write: 'settings.apiKeys.scope.write',
  credit: 'settings.apiKeys.scope.credit',
  admin: 'settings.apiKeys.scope.admin',
};
const ALL = 'all';

export function ApiKeysSection() {
  const t = useT();
  const qc = useQueryClient();
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => data(api.GET('/v1/api-keys')) });
  const revoke = useMutation({
    mutationFn: (id: string) => data(api.POST('/v1/api-keys/{id}/revoke', { params: { path: { id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['api-keys'] }),
  });
  const now = Date.now();
  return (
    <SettingsCard title={t('settings.section.apiKeys')} hint={t('settings.apiKeys.hint')}>
      <CreateKeyForm />
      <ProblemAlert error={revoke.error} fields={[]} />
      <QueryView query={keys}>
        {(answer) => (
          <Table.ScrollContainer minWidth={860}>
            <Table striped data-testid="api-keys-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.apiKeys.prefix')}</Table.Th>
                  <Table.Th>{t('settings.apiKeys.label')}</Table.Th>
                  <Table.Th>{t('settings.apiKeys.role')}</Table.Th>
                  <Table.Th>{t('settings.apiKeys.scope')}</Table.Th>
                  <Table.Th>{t('settings.apiKeys.expires')}</Table.Th>
                  <Table.Th>{t('settings.apiKeys.lastUsed')}</Table.Th>
                  <Table.Th>{t('settings.apiKeys.created')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {answer.items.map((k) => (
                  <KeyRow
                    key={k.id}
                    apiKey={k}
                    now={now}
                    revoking={revoke.isPending && revoke.variables === k.id}
                    onRevoke={() => {
                      if (window.confirm(t('settings.apiKeys.confirmRevoke', { prefix: k.prefix })))
                        revoke.mutate(k.id);
                    }}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryView>
    </SettingsCard>
  );
}

function KeyRow({
  apiKey: k,
  now,
  revoking,
  onRevoke,
}: {
  apiKey: ApiKey;
  now: number;
  revoking: boolean;
  onRevoke: () => void;
}) {
  const t = useT();
  const f = useFormat();
  const expired = k.expiresAt !== null && new Date(k.expiresAt).getTime() <= now;
  return (
    <Table.Tr data-key-prefix={k.prefix}>
      <Table.Td>
        <Code>{k.prefix}…</Code>
      </Table.Td>
      <Table.Td>{k.label ?? '—'}</Table.Td>
      <Table.Td>{t(`app.role.${k.role}` as MessageKey)}</Table.Td>
      <Table.Td>
        {k.scope ? t(`settings.apiKeys.scopeName.${k.scope}` as MessageKey) : t('settings.apiKeys.scopeAll')}
      </Table.Td>
      <Table.Td>
        {k.expiresAt ? f.instant(k.expiresAt) : t('settings.apiKeys.noExpiry')}{' '}
        {expired && !k.revokedAt && (
          <Badge size="sm" color="orange" variant="dot">
            {t('settings.apiKeys.expired')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td>{k.lastUsedAt ? f.instant(k.lastUsedAt) : t('settings.apiKeys.neverUsed')}</Table.Td>
      <Table.Td>{f.date(k.createdAt.slice(0, 10))}</Table.Td>
      <Table.Td>
        {k.revokedAt ? (
          t('settings.apiKeys.revokedOn', { date: f.date(k.revokedAt.slice(0, 10)) })
        ) : (
          <Button
            size="compact-xs"
            color="red"
            variant="light"
            loading={revoking}
            onClick={onRevoke}
            aria-label={t('settings.apiKeys.revokeNamed', { prefix: k.prefix })}
          >
            {t('settings.apiKeys.revoke')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** The first instant after the chosen day in the browser's time zone: the key works through that day. */
function endOfDay(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y ?? 0, (m ?? 1) - 1, (d ?? 1) + 1).toISOString();
}

function CreateKeyForm() {
  const t = useT();
  const qc = useQueryClient();
  const [role, setRole] = useState<Role>('viewer');
  const [label, setLabel] = useState('');
  const [scope, setScope] = useState<Scope | typeof ALL>(ALL);
  const [validThrough, setValidThrough] = useState('');
  const create = useMutation({
    mutationFn: () =>
      data(
        api.POST('/v1/api-keys', {
          body: {
            role,
            ...(label.trim() ? { label: label.trim() } : {}),
            ...(scope !== ALL ? { scope } : {}),
            ...(validThrough ? { expiresAt: endOfDay(validThrough) } : {}),
          },
        }),
      ),
    onSuccess: () => {
      setLabel('');
      void qc.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  const scopeOptions = [
    { value: ALL, label: t('settings.apiKeys.scopeAll') },
    ...(Object.keys(SCOPES) as Scope[]).map((s) => ({
      value: s,
      label: t(`settings.apiKeys.scopeName.${s}`),
    })),
  ];
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.apiKeys.create')}>
      <ProblemAlert error={create.error} fields={['role', 'label', 'scope', 'expiresAt']} />
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
        <Select
          size="xs"
          label={t('settings.apiKeys.scope')}
          data={scopeOptions}
          value={scope}
          allowDeselect={false}
          onChange={(v) => v && setScope(v as Scope | typeof ALL)}
          error={fieldError(create.error, 'scope')}
        />
        <TextInput
          size="xs"
          type="date"
          label={t('settings.apiKeys.validThrough')}
          value={validThrough}
          onChange={(e) => setValidThrough(e.currentTarget.value)}
          error={fieldError(create.error, 'expiresAt')}
        />
        <Button type="submit" size="xs" mt={22} loading={create.isPending}>
          {t('settings.apiKeys.create')}
        </Button>
      </Group>
      <Text size="xs" c="dimmed" mt={4} data-testid="scope-covers">
        {scope === ALL ? t('settings.apiKeys.scopeAllCovers') : t(SCOPES[scope])}{' '}
        {validThrough ? t('settings.apiKeys.validThroughHint') : t('settings.apiKeys.noExpiryHint')}
      </Text>
      {create.data?.key && <NewKey apiKey={create.data.key} />}
    </form>
  );
}

function NewKey({ apiKey }: { apiKey: string }) {
  const t = useT();
  return (
    <Alert
      color="green"
      mt="xs"
      title={t('settings.apiKeys.createdTitle')}
      // The light alert's green title is 3:1 on its background; the text colour is AA.
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
      data-testid="new-api-key"
    >
      <Group gap="xs" wrap="wrap">
        <Text size="sm">{t('settings.apiKeys.createdHint')}</Text>
        <Code>{apiKey}</Code>
        <CopyButton value={apiKey}>
          {({ copied, copy }) => (
            <Button size="compact-xs" variant="light" color={copied ? 'teal' : 'blue'} onClick={copy}>
              {copied ? t('settings.apiKeys.copied') : t('settings.apiKeys.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
    </Alert>
  );
}
