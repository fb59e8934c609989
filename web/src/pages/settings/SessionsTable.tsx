/**
 * A user's sessions as the API lists them (GET /v1/session/sessions, GET /v1/users/{id}/sessions):
 * the device (the user agent in a few words, in full as a tooltip), IP, sign-in, last use, when it
 * ends; the current one marked. `onEnd` adds an "End" button per session (admin), asking first.
 */
import { Badge, Button, Table, Text, Tooltip } from '@mantine/core';
import type { components } from '../../api/schema';
import { useFormat } from '../../format/use-format';
import { summariseUserAgent } from '../../format/user-agent';
import { useT } from '../../i18n/i18n';

export type UserSession = components['schemas']['UserSession'];

export function SessionsTable({
  items,
  testId,
  onEnd,
  ending,
}: {
  items: readonly UserSession[];
  testId: string;
  onEnd?: (session: UserSession) => void;
  /** The id of the session being ended (its button spins). */
  ending?: string | undefined;
}) {
  const t = useT();
  const f = useFormat();
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        {t('sessions.none')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table striped data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('sessions.device')}</Table.Th>
            <Table.Th>{t('sessions.ip')}</Table.Th>
            <Table.Th>{t('sessions.signedIn')}</Table.Th>
            <Table.Th>{t('sessions.lastUsed')}</Table.Th>
            <Table.Th>{t('sessions.expires')}</Table.Th>
            {onEnd && <Table.Th />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((s) => (
            <Table.Tr key={s.id} data-current={s.current || undefined}>
              <Table.Td>
                <Device userAgent={s.userAgent} />{' '}
                {s.current && (
                  <Badge size="sm" variant="dot" color="green">
                    {t('sessions.current')}
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{s.ip ?? '—'}</Table.Td>
              <Table.Td>{f.instant(s.createdAt)}</Table.Td>
              <Table.Td>{f.instant(s.lastSeenAt)}</Table.Td>
              <Table.Td>{f.instant(s.expiresAt)}</Table.Td>
              {onEnd && (
                <Table.Td>
                  <Button
                    size="compact-xs"
                    color="red"
                    variant="light"
                    loading={ending === s.id}
                    onClick={() => onEnd(s)}
                  >
                    {t('sessions.end')}
                  </Button>
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Device({ userAgent }: { userAgent: string | null }) {
  const t = useT();
  const summary = summariseUserAgent(userAgent);
  if (!summary || !userAgent) return <>{t('sessions.unknownDevice')}</>;
  const text = summary.system
    ? t('sessions.browserOn', { browser: summary.browser, system: summary.system })
    : summary.browser;
  return (
    <Tooltip label={userAgent} multiline maw={420}>
      <Text span size="sm" tabIndex={0}>
        {text}
      </Text>
    </Tooltip>
  );
}
