/**
 * One user's sessions for an admin (GET /v1/users/{userId}/sessions): end one
 * (POST …/sessions/{sessionId}/revoke) or all at once (POST …/sessions/revoke), each after a
 * confirmation. Ending the admin's own current session signs the admin out, as the API says.
 */
import { Stack } from '@mantine/core';
import { api, data } from '../../api/client';
import { useT } from '../../i18n/i18n';
import { SessionsManager } from './SessionsManager';

export function UserSessionsPanel({ userId, email }: { userId: string; email: string }) {
  const t = useT();
  const path = { params: { path: { userId } } };
  return (
    <Stack gap="xs" data-testid={`user-sessions-${email}`}>
      <SessionsManager
        queryKey={['users', userId, 'sessions']}
        load={() => data(api.GET('/v1/users/{userId}/sessions', path))}
        tableTestId="user-sessions-table"
        endMany={{
          label: t('sessions.endAll'),
          count: (items) => items.length,
          confirm: (count) => t('sessions.confirmEndAll', { count, email }),
          run: () => data(api.POST('/v1/users/{userId}/sessions/revoke', path)),
          done: (revoked) => t('sessions.endedAll', { count: revoked, email }),
        }}
        endOne={{
          confirm: t('sessions.confirmEndOne', { email }),
          run: (sessionId) =>
            data(
              api.POST('/v1/users/{userId}/sessions/{sessionId}/revoke', {
                params: { path: { userId, sessionId } },
              }),
            ),
        }}
      />
    </Stack>
  );
}
