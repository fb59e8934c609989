/**
 * One user's sessions for an admin (GET /v1/users/{userId}/sessions): end one
 * (POST …/sessions/{sessionId}/revoke) or all at once (POST …/sessions/revoke), each after a
 * confirmation. Ending the admin's own current session signs the admin out, as the API says.
 */
import { Alert, Button, Group, Stack } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useT } from '../../i18n/i18n';
import { SessionsTable } from './SessionsTable';

export function UserSessionsPanel({ userId, email }: { userId: string; email: string }) {
  const t = useT();
  const qc = useQueryClient();
  const key = ['users', userId, 'sessions'];
  const path = { params: { path: { userId } } };
  const sessions = useQuery({
    queryKey: key,
    queryFn: () => data(api.GET('/v1/users/{userId}/sessions', path)),
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: key });
  const endAll = useMutation({
    mutationFn: () => data(api.POST('/v1/users/{userId}/sessions/revoke', path)),
    onSettled: refresh,
  });
  const endOne = useMutation({
    mutationFn: (sessionId: string) =>
      data(
        api.POST('/v1/users/{userId}/sessions/{sessionId}/revoke', {
          params: { path: { userId, sessionId } },
        }),
      ),
    onSettled: refresh,
  });
  const count = sessions.data?.items.length ?? 0;
  return (
    <Stack gap="xs" data-testid={`user-sessions-${email}`}>
      <ProblemAlert error={endAll.error ?? endOne.error} fields={[]} />
      {endAll.data && (
        <Alert color="green">{t('sessions.endedAll', { count: endAll.data.revoked, email })}</Alert>
      )}
      <QueryView query={sessions}>
        {(answer) => (
          <SessionsTable
            items={answer.items}
            testId="user-sessions-table"
            ending={endOne.isPending ? endOne.variables : undefined}
            onEnd={(s) => {
              if (window.confirm(t('sessions.confirmEndOne', { email }))) endOne.mutate(s.id);
            }}
          />
        )}
      </QueryView>
      <Group>
        <Button
          size="xs"
          color="red"
          variant="light"
          disabled={count === 0}
          loading={endAll.isPending}
          onClick={() => {
            if (window.confirm(t('sessions.confirmEndAll', { count, email }))) endAll.mutate();
          }}
        >
          {t('sessions.endAll')}
        </Button>
      </Group>
    </Stack>
  );
}
