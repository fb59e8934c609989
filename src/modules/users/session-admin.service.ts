/**
 * Sessions as their owner and the administrator see them: the live sessions of a user (where and
 * with what they signed in, last use, when each ends), and revoking one, all, or all but the
 * caller's own. A revoked session's cookie answers 401 at its next request.
 */
import { withTransaction } from '../../db/client.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { auditSessionsEnded } from './session-audit.ts';
import type { SessionDeps } from './sessions.service.ts';
import { isSessionExpired, sessionExpiresAt } from './sign-in-rules.ts';
import * as repo from './users.repository.ts';
import { getUserOrThrow } from './users.service.ts';

/** A live session as listed (never its token). */
export interface SessionView {
  readonly sessionId: string;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
  readonly ip: string | null;
  readonly userAgent: string | null;
}

/** The user's sessions that still work (unrevoked and not expired), latest use first. */
export async function listUserSessions(
  deps: SessionDeps,
  tenantId: string,
  userId: string,
): Promise<SessionView[]> {
  await getUserOrThrow(deps.db, tenantId, userId);
  const now = deps.clock.now();
  const rows = await repo.selectUnrevokedSessions(deps.db, tenantId, userId);
  return rows
    .filter((s) => !isSessionExpired(s, deps.sessionPolicy, now))
    .map((s) => ({
      sessionId: s.sessionId,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      expiresAt: sessionExpiresAt(s, deps.sessionPolicy),
      ip: s.ip,
      userAgent: s.userAgent,
    }));
}

/** An admin ends one session of a user; 404 when the user has no live session with that id. */
export async function revokeUserSession(
  deps: SessionDeps,
  key: { tenantId: string; userId: string; sessionId: string },
): Promise<void> {
  await getUserOrThrow(deps.db, key.tenantId, key.userId);
  if (!isUuid(key.sessionId)) throw notFound('session', key.sessionId);
  await withTransaction(deps.db, async (tx) => {
    const done = await repo.revokeUserSessionRow(tx, key, deps.clock.now(), 'revoked by an admin');
    if (!done) throw notFound('live session', key.sessionId);
    await auditSessionsEnded(tx, key.tenantId, {
      kind: 'session.revoked',
      userId: key.userId,
      sessionId: key.sessionId,
      count: 1,
      reason: 'revoked by an admin',
    });
  });
}

/** An admin ends every session of a user; the number ended. */
export async function revokeAllUserSessions(
  deps: SessionDeps,
  tenantId: string,
  userId: string,
): Promise<number> {
  await getUserOrThrow(deps.db, tenantId, userId);
  return withTransaction(deps.db, async (tx) => {
    const count = await repo.revokeUserSessions(
      tx,
      tenantId,
      userId,
      deps.clock.now(),
      'revoked by an admin',
    );
    await auditSessionsEnded(tx, tenantId, {
      kind: 'session.revoked',
      userId,
      count,
      reason: 'revoked by an admin',
    });
    return count;
  });
}

/** A user ends their other sessions (a lost laptop, a shared computer); the number ended. */
export async function signOutOtherSessions(
  deps: SessionDeps,
  who: { tenantId: string; userId: string; sessionId: string | null },
): Promise<number> {
  if (who.sessionId === null)
    throw new AppError(
      'invalid_state',
      'an API key has no sessions: sign in as a user to end your other sessions',
    );
  const { tenantId, userId, sessionId } = who;
  return withTransaction(deps.db, async (tx) => {
    const reason = 'signed out elsewhere';
    const count = await repo.revokeUserSessions(tx, tenantId, userId, deps.clock.now(), reason, sessionId);
    await auditSessionsEnded(tx, tenantId, { kind: 'session.revoked', userId, count, reason });
    return count;
  });
}
