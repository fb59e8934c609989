/**
 * Users (admin; GET/POST /v1/users, PATCH /v1/users/{userId}, POST …/reset-password): create a
 * user (a generated password is shown once), change a role, disable or re-enable, reset a
 * password (shown once), see and end a user's sessions (UserSessionsPanel). The API refuses what
 * would lock the tenant out, naming the field.
 */
import { Alert, Badge, Button, Code, Group, Select, Table, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, Fragment, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useT } from '../../i18n/i18n';
import { useSession } from '../../session/session';
import { SettingsCard } from './SettingsCard';
import { UserSessionsPanel } from './UserSessionsPanel';

type User = components['schemas']['User'];
type Role = User['role'];
const ROLES: readonly Role[] = ['admin', 'credit_manager', 'accountant', 'collector', 'viewer'];
/** Wide enough for the longest role name in either language ("Forderungsmanager") and the chevron. */
const ROLE_SELECT_MIN_WIDTH = 180;

export function UsersSection() {
  const t = useT();
  const users = useQuery({ queryKey: ['users'], queryFn: () => data(api.GET('/v1/users')) });
  const [shown, setShown] = useState<{ email: string; password: string } | null>(null);
  return (
    <SettingsCard title={t('settings.section.users')} hint={t('settings.users.hint')}>
      <CreateUserForm onPassword={setShown} />
      {shown && (
        <Alert
          color="green"
          title={t('settings.users.passwordTitle', { email: shown.email })}
          data-testid="user-password"
        >
          {t('settings.users.passwordHint')} <Code>{shown.password}</Code>
        </Alert>
      )}
      <QueryView query={users}>
        {(answer) => (
          <Table.ScrollContainer minWidth={900}>
            <Table striped data-testid="users-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('settings.users.email')}</Table.Th>
                  <Table.Th>{t('settings.users.name')}</Table.Th>
                  <Table.Th>{t('settings.users.role')}</Table.Th>
                  <Table.Th>{t('settings.users.status')}</Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {answer.items.map((u) => (
                  <UserRow key={u.userId} user={u} onPassword={setShown} />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryView>
    </SettingsCard>
  );
}

function UserRow({
  user,
  onPassword,
}: {
  user: User;
  onPassword: (p: { email: string; password: string }) => void;
}) {
  const t = useT();
  const qc = useQueryClient();
  const me = useSession().data?.user?.userId;
  const update = useMutation({
    mutationFn: (body: { role?: Role; disabled?: boolean }) =>
      data(api.PATCH('/v1/users/{userId}', { params: { path: { userId: user.userId } }, body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['users'] }),
  });
  const reset = useMutation({
    mutationFn: () =>
      data(api.POST('/v1/users/{userId}/reset-password', { params: { path: { userId: user.userId } } })),
    onSuccess: (r) => r.password && onPassword({ email: user.email, password: r.password }),
  });
  const [sessionsOpen, setSessionsOpen] = useState(false);
  return (
    <Fragment>
      <Table.Tr>
        <Table.Td>{user.email}</Table.Td>
        <Table.Td>{user.name}</Table.Td>
        <Table.Td>
          <Select
            size="xs"
            miw={ROLE_SELECT_MIN_WIDTH}
            aria-label={t('settings.users.roleOf', { email: user.email })}
            data={ROLES.map((r) => ({ value: r, label: t(`app.role.${r}`) }))}
            value={user.role}
            allowDeselect={false}
            disabled={user.userId === me}
            onChange={(v) => v && v !== user.role && update.mutate({ role: v as Role })}
            error={
              fieldError(update.error, 'role') ?? (update.error ? (update.error as Error).message : undefined)
            }
          />
        </Table.Td>
        <Table.Td>
          {user.disabled ? (
            <Badge color="gray" variant="dot" w="max-content">
              {t('settings.users.disabled')}
            </Badge>
          ) : user.lockedUntil ? (
            <Badge color="yellow" variant="dot" w="max-content">
              {t('settings.users.locked')}
            </Badge>
          ) : (
            <Badge color="green" variant="dot" w="max-content">
              {t('settings.users.active')}
            </Badge>
          )}
        </Table.Td>
        <Table.Td>
          <Group gap={4} wrap="nowrap">
            <Button
              size="compact-xs"
              variant="subtle"
              aria-expanded={sessionsOpen}
              aria-label={t('sessions.ofUser', { email: user.email })}
              onClick={() => setSessionsOpen((open) => !open)}
            >
              {t('sessions.show')}
            </Button>
            {user.userId !== me && (
              <>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  loading={update.isPending}
                  onClick={() => update.mutate({ disabled: !user.disabled })}
                >
                  {user.disabled ? t('settings.users.enable') : t('settings.users.disable')}
                </Button>
                <Button
                  size="compact-xs"
                  variant="subtle"
                  loading={reset.isPending}
                  onClick={() => reset.mutate()}
                >
                  {t('settings.users.resetPassword')}
                </Button>
              </>
            )}
          </Group>
        </Table.Td>
      </Table.Tr>
      {sessionsOpen && (
        <Table.Tr>
          <Table.Td colSpan={5}>
            <UserSessionsPanel userId={user.userId} email={user.email} />
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

const FIELDS = ['email', 'name', 'role'] as const;

function CreateUserForm({ onPassword }: { onPassword: (p: { email: string; password: string }) => void }) {
  const t = useT();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const create = useMutation({
    mutationFn: () =>
      data(
        api.POST('/v1/users', {
          body: { email: email.trim(), role, ...(name.trim() ? { name: name.trim() } : {}) },
        }),
      ),
    onSuccess: (u) => {
      if (u.password) onPassword({ email: u.email, password: u.password });
      setEmail('');
      setName('');
      void qc.invalidateQueries({ queryKey: ['users'] });
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <form onSubmit={submit} noValidate aria-label={t('settings.users.create')}>
      <ProblemAlert error={create.error} fields={FIELDS} />
      <Group align="flex-start" gap="xs">
        <TextInput
          size="xs"
          type="email"
          label={t('settings.users.email')}
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={fieldError(create.error, 'email')}
        />
        <TextInput
          size="xs"
          label={t('settings.users.name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(create.error, 'name')}
        />
        <Select
          size="xs"
          label={t('settings.users.role')}
          data={ROLES.map((r) => ({ value: r, label: t(`app.role.${r}`) }))}
          value={role}
          allowDeselect={false}
          onChange={(v) => v && setRole(v as Role)}
          error={fieldError(create.error, 'role')}
        />
        <Button type="submit" size="xs" mt={22} loading={create.isPending}>
          {t('settings.users.create')}
        </Button>
      </Group>
    </form>
  );
}
