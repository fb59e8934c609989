/**
 * The messages that failed (GET /v1/messages?status=failed, newest first): where the Overview's
 * "Failed messages" card leads. Anyone may look; retrying (POST /v1/messages/{id}/retry) takes
 * `write`, so only roles that may retry see the button. The API decides either way.
 */
import { Button, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, QueryView } from '../../components/states';
import { useT } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { SettingsCard } from './SettingsCard';

const SHOWN = 50;

export function FailedMessagesCard() {
  const t = useT();
  const can = useCan();
  const qc = useQueryClient();
  const failed = useQuery({
    queryKey: ['messages', 'failed'],
    queryFn: () => data(api.GET('/v1/messages', { params: { query: { status: 'failed', limit: SHOWN } } })),
  });
  const retry = useMutation({
    mutationFn: (id: string) => data(api.POST('/v1/messages/{id}/retry', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['messages', 'failed'] }),
  });
  return (
    <SettingsCard title={t('settings.failedMessages.title')} hint={t('settings.failedMessages.hint')}>
      <ProblemAlert error={retry.error} fields={[]} />
      <QueryView query={failed}>
        {(page) =>
          page.items.length === 0 ? (
            <EmptyState hint={t('settings.failedMessages.none')} />
          ) : (
            <Table.ScrollContainer minWidth={480}>
              <Table data-testid="failed-messages">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('settings.failedMessages.to')}</Table.Th>
                    <Table.Th>{t('settings.failedMessages.subject')}</Table.Th>
                    <Table.Th>{t('settings.failedMessages.error')}</Table.Th>
                    {can('write') && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {page.items.map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td>{m.to.join(', ')}</Table.Td>
                      <Table.Td>{m.subject}</Table.Td>
                      <Table.Td>
                        <Text size="xs">{m.lastError ?? '—'}</Text>
                      </Table.Td>
                      {can('write') && (
                        <Table.Td>
                          <Button
                            size="compact-xs"
                            variant="light"
                            loading={retry.isPending}
                            onClick={() => retry.mutate(m.id)}
                          >
                            {t('settings.failedMessages.retry')}
                          </Button>
                        </Table.Td>
                      )}
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
