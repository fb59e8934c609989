/** The API's refusal above a portal form: its detail, and the messages that name no field of the form. */
import { Alert, List } from '@mantine/core';
import { PortalError } from './portal-api';
import { usePortalI18n } from './portal-i18n';

export function portalFieldError(error: unknown, field: string): string | undefined {
  return error instanceof PortalError ? error.fieldError(field) : undefined;
}

export function PortalProblem({ error, fields }: { error: unknown; fields: readonly string[] }) {
  const { t } = usePortalI18n();
  if (!error) return null;
  const problem = error instanceof PortalError ? error : null;
  const others = (problem?.errors ?? []).filter((e) => !e.field || !fields.includes(e.field));
  return (
    <Alert color="red" title={t('error')} role="alert">
      {problem?.status === 0 ? t('network') : (problem?.detail ?? String(error))}
      {others.length > 0 && (
        <List size="sm" mt={4}>
          {others.map((e) => (
            <List.Item key={`${e.field}:${e.message}`}>{e.message}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
