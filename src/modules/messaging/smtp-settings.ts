/**
 * A tenant's own SMTP server: what the settings show of it (never the password, only whether one
 * is set), how a change applies (left out = keep, null = remove, a value = replace; the password
 * likewise), and how the audit trail shows a change of the password (markers, never values).
 */

import { validationFailed } from '../../shared/errors.ts';
import type { SecretKeyring, SecretScope } from '../../shared/secret-box.ts';
import { sealSecret, secretKeyMissing } from '../../shared/secret-box.ts';
import type { SmtpServerInput } from './messaging.input.ts';
import type { SmtpRow } from './templates.repository.ts';

export type SmtpSecurity = 'none' | 'starttls' | 'tls';

export interface SmtpServerView {
  readonly host: string;
  readonly port: number;
  readonly security: SmtpSecurity;
  readonly user: string | null;
  /** Whether a password is stored; the password itself is never shown. */
  readonly passwordSet: boolean;
}

export const smtpPasswordScope = (tenantId: string): SecretScope => ({ tenantId, purpose: 'smtp.password' });

export function smtpView(row: SmtpRow | null): SmtpServerView | null {
  if (!row) return null;
  return {
    host: row.host,
    port: row.port,
    security: row.security as SmtpSecurity,
    user: row.username,
    passwordSet: row.passwordSealed !== null,
  };
}

/**
 * The row after a change: `undefined` keeps the server as it is, null removes it; a server given
 * keeps the stored password unless `password` is given (sealed with the current key) or null.
 * Storing a password without a key is refused (`secret_key_missing`), never stored in clear.
 */
export function nextSmtpRow(
  before: SmtpRow | null,
  input: SmtpServerInput | null | undefined,
  tenantId: string,
  at: Date,
  secrets: SecretKeyring | null,
): SmtpRow | null {
  if (input === undefined) return before;
  if (input === null) return null;
  const user = input.user ?? null;
  let passwordSealed = input.password === undefined ? (before?.passwordSealed ?? null) : null;
  if (typeof input.password === 'string') {
    if (!secrets) throw secretKeyMissing('the SMTP password (smtp.password)');
    passwordSealed = sealSecret(secrets, smtpPasswordScope(tenantId), input.password);
  }
  if (user === null && passwordSealed !== null && input.password !== undefined)
    throw validationFailed('smtp.user: a password needs a user name', [
      { field: 'smtp.user', message: 'required with a password' },
    ]);
  if (user === null) passwordSealed = null;
  return {
    tenantId,
    host: input.host,
    port: input.port,
    security: input.security,
    username: user,
    passwordSealed,
    updatedAt: at,
  };
}

/** The audit view of the SMTP server: its fields, and the password as a marker only. */
export function smtpAuditFields(
  row: SmtpRow | null,
  passwordMarker: '(set)' | '(changed)' | null,
): Record<string, unknown> {
  return {
    smtpHost: row?.host ?? null,
    smtpPort: row?.port ?? null,
    smtpSecurity: row?.security ?? null,
    smtpUser: row?.username ?? null,
    smtpPassword: passwordMarker,
  };
}

/** `(set)` before when one was stored; after: `(changed)` when replaced, `(set)` when new or kept. */
export function passwordMarkers(
  before: SmtpRow | null,
  after: SmtpRow | null,
): readonly ['(set)' | null, '(set)' | '(changed)' | null] {
  const was = before?.passwordSealed ? '(set)' : null;
  if (!after?.passwordSealed) return [was, null];
  if (after.passwordSealed === before?.passwordSealed) return [was, '(set)'];
  return [was, was ? '(changed)' : '(set)'];
}
