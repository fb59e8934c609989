/**
 * While the server starts (the first start loads the demo company for a minute or two), every API
 * route answers 503 `not_ready`: the app polls GET /v1/status and shows the progress until ready.
 * A `not_ready` answer later (a restart) invalidates the status, which shows this screen again.
 */
import { Center, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, data } from '../api/client';
import type { components } from '../api/schema';
import { useFormat } from '../format/use-format';
import { useT } from '../i18n/i18n';

const POLL_MS = 1000;

export const statusQuery = queryOptions({
  queryKey: ['status'],
  queryFn: () => data(api.GET('/v1/status')),
  refetchInterval: (query) => (query.state.data?.state === 'ready' ? false : POLL_MS),
  retry: true,
  retryDelay: POLL_MS,
  staleTime: Number.POSITIVE_INFINITY,
});

export function StartupGate({ children }: { children: ReactNode }) {
  const status = useQuery(statusQuery);
  if (status.data?.state === 'ready') return children;
  return <StartupScreen status={status.data} unreachable={status.failureCount > 0} />;
}

type Status = components['schemas']['ServerStatus'];

function StartupScreen({ status, unreachable }: { status: Status | undefined; unreachable: boolean }) {
  const t = useT();
  const f = useFormat();
  const state = status?.state ?? 'starting';
  const percent = status && status.total > 0 ? (100 * status.done) / status.total : null;
  return (
    <Center mih="100vh" component="main">
      <Paper withBorder p="lg" w={440}>
        <Stack gap="sm" aria-live="polite">
          <Title order={1} size="h3">
            {t('startup.title')}
          </Title>
          <Text size="sm">
            {state === 'loading_demo' ? t('startup.loading_demo') : t('startup.starting')}
          </Text>
          {status?.step && (
            <Text size="sm" c="dimmed" data-testid="startup-step">
              {status.step}
            </Text>
          )}
          <Progress value={percent ?? 100} animated={percent === null} aria-label={t('startup.title')} />
          {status && status.total > 0 && (
            <Text size="xs" c="dimmed">
              {t('startup.progress', { done: f.count(status.done), total: f.count(status.total) })}
            </Text>
          )}
          {unreachable && (
            <Text size="xs" c="orange">
              {t('startup.unreachable')}
            </Text>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
