/**
 * Loading, empty and error states that say what to do. Every page uses these (never its own
 * spinner or error text), so the app behaves the same everywhere:
 * `<QueryView query={q}>{(data) => …}</QueryView>` covers loading and error for one query.
 */
import { Alert, Button, Center, Group, Loader, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api/problem';
import { useT } from '../i18n/i18n';

export function LoadingState({ label }: { label?: string }) {
  const t = useT();
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="xs">
        <Loader size="sm" />
        <Text size="sm" c="dimmed">
          {label ?? t('state.loading')}
        </Text>
      </Group>
    </Center>
  );
}

/** Nothing to show, with what to do about it (`hint`) and an optional action. */
export function EmptyState({ title, hint, action }: { title?: string; hint?: string; action?: ReactNode }) {
  const t = useT();
  return (
    <Stack align="center" gap={4} py="lg" data-testid="empty-state">
      <Text fw={600}>{title ?? t('state.empty')}</Text>
      {hint && (
        <Text size="sm" c="dimmed" ta="center">
          {hint}
        </Text>
      )}
      {action}
    </Stack>
  );
}

/** An error in words: the API's `detail` for a problem, a hint for a network failure, and "Try again" where asking again may answer otherwise (`isRetryable`). */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const t = useT();
  if (error instanceof ApiError && error.status === 403) return <ForbiddenState />;
  const message =
    error instanceof ApiError
      ? error.status === 0
        ? t('state.networkError')
        : error.detail
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <Alert color="red" title={t('state.error')} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{message}</Text>
        {onRetry && isRetryable(error) && (
          <Button size="xs" variant="light" color="red" onClick={onRetry}>
            {t('state.retry')}
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

/** What the user's role may not see or do: no failure, so grey, and nothing to try again. */
export function ForbiddenState() {
  const t = useT();
  return (
    <Alert color="gray" title={t('state.forbiddenTitle')} role="alert">
      <Text size="sm">{t('state.forbidden')}</Text>
    </Alert>
  );
}

/**
 * Whether asking again may answer otherwise: no answer at all (network), the server's own failure
 * (5xx), a timeout or a rate limit. A refusal of the request itself (400–404, 409, 422) stays a
 * refusal; the page's controls, not "Try again", change it.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status >= 500 || error.status === 408 || error.status === 429;
}

/** Loading and error of one query handled; `children` renders the data. */
export function QueryView<T>({
  query,
  children,
}: {
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending) return <LoadingState />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return children(query.data);
}
