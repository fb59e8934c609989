/**
 * My sessions (every role; GET /v1/session/sessions): where and when the signed-in user is signed
 * in, this session marked, and "sign out all other sessions" (POST /v1/session/sign-out-others)
 * after a confirmation. The API decides which sessions still work; the page only shows them.
 */
import { api, data } from '../../api/client';
import { useT } from '../../i18n/i18n';
import { SessionsManager } from './SessionsManager';
import { SettingsCard } from './SettingsCard';

export function MySessionsSection() {
  const t = useT();
  return (
    <SettingsCard title={t('settings.section.sessions')} hint={t('sessions.hint')}>
      <SessionsManager
        queryKey={['session', 'sessions']}
        load={() => data(api.GET('/v1/session/sessions'))}
        tableTestId="my-sessions-table"
        endMany={{
          label: t('sessions.signOutOthers'),
          count: (items) => items.filter((s) => !s.current).length,
          confirm: (count) => t('sessions.confirmSignOutOthers', { count }),
          run: () => data(api.POST('/v1/session/sign-out-others')),
          done: (revoked) => t('sessions.signedOutOthers', { count: revoked }),
          doneTestId: 'signed-out-others',
        }}
      />
    </SettingsCard>
  );
}
