/**
 * A form's problem+json error: `detail` (and messages naming no field of the form) above the
 * form; the fields show their own message with `error={fieldError(error, 'email')}`.
 */
import { Alert, List } from '@mantine/core';
import { ApiError } from '../api/problem';
import { useT } from '../i18n/i18n';

/** The API's message for `field` when `error` is a problem naming it. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldError(field) : undefined;
}

export function ProblemAlert({
  error,
  fields,
  title,
}: {
  error: unknown;
  fields: readonly string[];
  title?: string;
}) {
  const t = useT();
  if (!error) return null;
  const detail =
    error instanceof ApiError ? (error.status === 0 ? t('state.networkError') : error.detail) : String(error);
  const others = error instanceof ApiError ? error.otherErrors(fields) : [];
  return (
    <Alert color="red" title={title ?? t('state.error')} role="alert">
      {detail}
      {others.length > 0 && (
        <List size="sm" mt={4}>
          {others.map((message) => (
            <List.Item key={message}>{message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
