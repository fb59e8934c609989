/**
 * A form's problem+json error: `detail` (and messages naming no field of the form) above the
 * form; the fields show their own message with `error={fieldError(error, 'email')}`. When the
 * fields say it all, the alert only says where to look and that nothing was saved.
 */
import { Alert, List } from '@mantine/core';
import { ApiError } from '../api/problem';
import { useT } from '../i18n/i18n';

/** The API's message for `field` when `error` is a problem naming it. */
export function fieldError(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldError(field) : undefined;
}

/**
 * A refused input (400, 422) whose every message stands next to a field of the form: the API's
 * `detail` then only repeats them ("the request body is not valid"), so the alert says where to look.
 */
function onlyFieldErrors(error: unknown, fields: readonly string[]): boolean {
  return (
    error instanceof ApiError &&
    (error.status === 400 || error.status === 422) &&
    error.errors.length > 0 &&
    error.otherErrors(fields).length === 0
  );
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
  if (onlyFieldErrors(error, fields))
    return (
      <Alert color="red" title={title ?? t('state.checkFields')} role="alert">
        {t('state.checkFieldsHint')}
      </Alert>
    );
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
