/**
 * What the audit trail records of signing in and of sessions: `session.signed_in`,
 * `session.sign_in_failed`, `session.locked`, `session.signed_out`, `session.revoked` and
 * `user.password_changed`. Each names the client's address and user agent in `details` (besides the
 * record's origin), because the monitoring detectors compare them across sign-ins.
 */
import type { Tx } from '../../db/client.ts';
import { recordAudit } from '../audit/index.ts';
import type { SignInOrigin, StoredUser } from './users.types.ts';

/** Why a sign-in failed, as recorded. */
export type SignInFailure =
  | 'unknown_email'
  | 'wrong_password'
  | 'account_locked'
  | 'user_disabled'
  | 'wrong_current_password';

const AGENT_MAX = 300;

function originDetails(origin: SignInOrigin): Record<string, unknown> {
  return { ip: origin.ip?.slice(0, 100) ?? null, userAgent: origin.userAgent?.slice(0, AGENT_MAX) ?? null };
}

/** A session opened: the user is the actor (no request context knows them yet). */
export function auditSignedIn(tx: Tx, user: StoredUser, sessionId: string, origin: SignInOrigin) {
  return recordAudit(tx, user.tenantId, {
    kind: 'session.signed_in',
    objectType: 'session',
    objectId: sessionId,
    actor: { keyId: null, userId: user.userId, name: user.name },
    details: { userId: user.userId, ...originDetails(origin) },
  });
}

/**
 * A failed sign-in: `userId` null for an e-mail that names no user (then only the e-mail's key says
 * who was tried). The actor is whoever the context says: the system for the public sign-in.
 */
export function auditSignInFailed(
  tx: Tx,
  tenantId: string,
  attempt: { userId: string | null; emailKey: string; reason: SignInFailure; origin: SignInOrigin },
) {
  return recordAudit(tx, tenantId, {
    kind: 'session.sign_in_failed',
    objectType: 'user',
    objectId: attempt.userId,
    details: {
      userId: attempt.userId,
      emailKey: attempt.emailKey,
      failure: attempt.reason,
      ...originDetails(attempt.origin),
    },
  });
}

/** The user was locked out after failed sign-ins (and `revoked` sessions of theirs ended). */
export function auditLocked(tx: Tx, user: StoredUser, lockedUntil: Date, revoked: number) {
  return recordAudit(tx, user.tenantId, {
    kind: 'session.locked',
    objectType: 'user',
    objectId: user.userId,
    details: { userId: user.userId, lockedUntil: lockedUntil.toISOString(), sessionsRevoked: revoked },
  });
}

/** Sessions ended: one (`sessionId`) or `count` of the user's, and why. */
export function auditSessionsEnded(
  tx: Tx,
  tenantId: string,
  ended: {
    kind: 'session.signed_out' | 'session.revoked';
    userId: string;
    sessionId?: string;
    count: number;
    reason: string;
  },
) {
  return recordAudit(tx, tenantId, {
    kind: ended.kind,
    objectType: ended.sessionId ? 'session' : 'user',
    objectId: ended.sessionId ?? ended.userId,
    details: { userId: ended.userId, sessionsEnded: ended.count, why: ended.reason },
  });
}
