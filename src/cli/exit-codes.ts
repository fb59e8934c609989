/** AppError code → process exit code: one exhaustive switch, documented in README. */
import { assertUnreachable, type ErrorCode } from '../shared/errors.ts';

export const EXIT_OK = 0;
/** A check ran and failed (e.g. `ledger reconcile` found a difference), or an unexpected error. */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export function exitCodeFor(code: ErrorCode): number {
  switch (code) {
    case 'validation_failed':
    case 'signature_invalid':
    case 'import_rejected':
    case 'idempotency_mismatch':
      return 3;
    case 'not_found':
      return 4;
    case 'conflict':
    case 'idempotency_in_progress':
    case 'invalid_state':
    case 'over_allocation':
    case 'insufficient_funds':
    case 'approval_expired':
    case 'approval_not_pending':
    case 'secret_key_missing':
      return 5;
    case 'data_dir_locked':
    case 'provider_failed':
      return 6;
    case 'unauthorized':
    case 'api_key_expired':
    case 'portal_link_invalid':
    case 'forbidden':
    case 'invalid_credentials':
    case 'account_locked':
    case 'csrf_failed':
    case 'password_change_required':
    case 'approval_own_request':
    case 'approval_level':
    case 'approval_sod_conflict':
      return 7;
    case 'unbalanced_entry':
      return 70;
    default:
      return assertUnreachable(code);
  }
}
