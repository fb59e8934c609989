/**
 * Who may decide a waiting request, as pure rules: the checker is another person than the maker
 * (`maker_cannot_approve`, always on), holds the policy's level, and — for a write-off — has not
 * recorded or allocated cash of the same customer within the window
 * (`cash_poster_cannot_approve_write_off`). Each refusal is an AppError with its own code.
 */
import type { ActingAs } from '../../shared/acting-as.ts';
import { AppError } from '../../shared/errors.ts';
import type { ApproverLevel } from './approval-policy.ts';

/** The identity that counts as one person: the user, else the API key, else the name (CLI, system). */
export function personOf(a: Pick<ActingAs, 'keyId' | 'userId' | 'name'>): string {
  if (a.userId) return `user:${a.userId}`;
  if (a.keyId) return `key:${a.keyId}`;
  return `name:${a.name}`;
}

/** The same person: same user, same key, or (neither) the same name. */
export function samePerson(
  a: Pick<ActingAs, 'keyId' | 'userId' | 'name'>,
  b: Pick<ActingAs, 'keyId' | 'userId' | 'name'>,
) {
  return personOf(a) === personOf(b);
}

/** Throws `approval_own_request` when the checker made the request. */
export function assertNotMaker(maker: ActingAs, checker: ActingAs, requestId: string): void {
  if (samePerson(maker, checker))
    throw new AppError(
      'approval_own_request',
      `approval request ${requestId} was made by ${checker.name}: another person must decide it (rule maker_cannot_approve)`,
    );
}

/** Throws `approval_level` unless the checker's levels include the policy's `level`. */
export function assertHoldsLevel(levels: readonly string[], level: ApproverLevel, requestId: string): void {
  if (!levels.includes(level))
    throw new AppError(
      'approval_level',
      `deciding approval request ${requestId} needs the ${level} level (${LEVEL_ROLES[level]})`,
    );
}

const LEVEL_ROLES: Record<ApproverLevel, string> = {
  write: 'accountant, credit_manager or admin',
  credit: 'credit_manager or admin',
  admin: 'admin',
};

/** A receipt the checker recorded or allocated on the customer, within the rule's window. */
export interface CashPostingByChecker {
  readonly receiptId: string;
  readonly eventCode: string;
  readonly postedAt: Date;
  readonly postedByKeyId: string | null;
  readonly postedByUserId: string | null;
  readonly postedByName: string | null;
}

/**
 * The first of `postings` (receipts recorded or allocated on the write-off's customer within the
 * window) that the checker posted, or null. A posting by the system (no key, no user) is nobody's.
 */
export function conflictingPosting(
  checker: ActingAs,
  postings: readonly CashPostingByChecker[],
): CashPostingByChecker | null {
  return (
    postings.find(
      (p) =>
        (p.postedByUserId !== null && p.postedByUserId === checker.userId) ||
        (p.postedByKeyId !== null && p.postedByKeyId === checker.keyId),
    ) ?? null
  );
}

/** The refusal of a checker who posted cash of the customer (names the rule and the receipt). */
export function sodConflict(requestId: string, posting: CashPostingByChecker, windowDays: number): AppError {
  const what = posting.eventCode === 'receipt.recorded' ? 'recorded' : 'allocated';
  return new AppError(
    'approval_sod_conflict',
    `rule cash_poster_cannot_approve_write_off: the checker ${what} receipt ${posting.receiptId} of this customer on ${posting.postedAt.toISOString().slice(0, 10)} (within ${windowDays} days) and may not approve its write-off (request ${requestId})`,
    [{ field: 'receipt', message: posting.receiptId }],
  );
}
