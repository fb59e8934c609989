/**
 * My sessions (every role; GET /v1/session/sessions): where and when the signed-in user is signed
 * in, this session marked, and "sign out all other sessions" (POST /v1/session/sign-out-others)
 * after a confirmation. The API decides which sessions still work; the page only shows them.
 */
import { Alert, Button, Group } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useT } from '../../i18n/i18n';
import { SessionsTable } from './SessionsTable';
import { SettingsCard } from './SettingsCard';

const KEY = ['session', 'sessions'];

export function MySessionsSection() {
  const t = useT();
  const qc = useQueryClient();
  const sessions = useQuery({ queryKey: KEY, queryFn: () => data(api.GET('/v1/session/sessions')) });
  const others = sessions.data?.items.filter((s) => !s.current).length ?? 0;
  const signOutOthers = useMutation({
    mutationFn: () => data(api.POST('/v1/session/sign-out-others')),
    onSettled: () => void qc.invalidateQueries({ queryKey: KEY }),
  });
  return (
    <SettingsCard title={t('settings.section.sessions')} hint={t('sessions.hint')}>
      <ProblemAlert error={signOutOthers.error} fields={[]} />
      {signOutOthers.data && (
        <Alert color="green" data-testid="signed-out-others">
          {t('sessions.signedOutOthers', { count: signOutOthers.data.revoked })}
        </Alert>
      )}
      <QueryView query={sessions}>
        {(answer) => <SessionsTable items={answer.items} testId="my-sessions-table" />}
      </QueryView>
      <Group>
        <Button
          size="xs"
          color="red"
          variant="light"
          disabled={others === 0}
          loading={signOutOthers.isPending}
          onClick={() => {
            if (window.confirm(t('sessions.confirmSignOutOthers', { count: others }))) signOutOthers.mutate();
          }}
        >
          {t('sessions.signOutOthers')}
        </Button>
      </Group>
    </SettingsCard>
  );
}
