/**
 * AppError: the one exception type that crosses module boundaries.
 *
 * Every error a user can cause carries a stable `code` from the closed union below, a message
 * that a person can act on, and optional `details` (which field, which CSV line). Transports map
 * the code once: `http/problem.ts` to an HTTP status, `cli/exit-codes.ts` to an exit code.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'not_found'
  | 'conflict'
  | 'invalid_state'
  | 'unauthorized'
  | 'api_key_expired'
  | 'portal_link_invalid'
  | 'forbidden'
  | 'invalid_credentials'
  | 'account_locked'
  | 'csrf_failed'
  | 'password_change_required'
  | 'idempotency_mismatch'
  | 'idempotency_in_progress'
  | 'import_rejected'
  | 'data_dir_locked'
  | 'unbalanced_entry'
  | 'over_allocation'
  | 'insufficient_funds'
  | 'approval_own_request'
  | 'approval_level'
  | 'approval_sod_conflict'
  | 'approval_expired'
  | 'approval_not_pending'
  | 'secret_key_missing'
  | 'provider_failed'
  | 'signature_invalid';

export interface ErrorDetail {
  /** Field path (e.g. `lines[2].quantity`, `total`). */
  readonly field?: string;
  /** 1-based line number in an imported file (the header is line 1). */
  readonly line?: number;
  readonly message: string;
}

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly ErrorDetail[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Sign-in refused while a lock-out holds; `retryAfterSeconds` until it lifts (HTTP `Retry-After`). */
export class AccountLockedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      'account_locked',
      `too many failed sign-ins: this account is locked; try again in ${Math.ceil(retryAfterSeconds / 60)} min`,
    );
  }
}

export function notFound(what: string, id: string): AppError {
  return new AppError('not_found', `${what} ${id} not found`);
}

export function invalidState(message: string): AppError {
  return new AppError('invalid_state', message);
}

export function validationFailed(message: string, details: readonly ErrorDetail[] = []): AppError {
  return new AppError('validation_failed', message, details);
}

export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${String(value)}`);
}
