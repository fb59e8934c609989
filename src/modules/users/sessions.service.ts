/**
 * Signing in and out, and recognising a session cookie. The cookie carries a random token; only
 * its SHA-256 is stored, so a leaked database holds no usable session. The CSRF token is derived
 * from the session token (a keyed hash a page can read but a cross-site request cannot know).
 *
 * Sign-in answers the same `invalid_credentials` for an unknown e-mail, a wrong password and a
 * disabled user, and an unknown e-mail costs one scrypt verification like a known one.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { withTransaction } from '../../db/client.ts';
import { currentOrigin } from '../../shared/acting-as.ts';
import { AccountLockedError, AppError, validationFailed } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { emailKey } from './email-key.ts';
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from './password-hash.ts';
import {
  auditLocked,
  auditSessionsEnded,
  auditSignedIn,
  auditSignInFailed,
  type SignInFailure,
} from './session-audit.ts';
import {
  AFTER_SUCCESS,
  afterFailure,
  isLocked,
  isSessionExpired,
  type SessionPolicy,
  secondsUntilUnlocked,
  sessionExpiresAt,
  shouldTouch,
} from './sign-in-rules.ts';
import {
  type ChangePasswordInput,
  changePasswordInput,
  type SignInInput,
  signInInput,
} from './users.input.ts';
import * as repo from './users.repository.ts';
import { publicUser, type UsersDeps } from './users.service.ts';
import type { SessionPrincipal, SignInOrigin, StoredUser } from './users.types.ts';

export interface SessionDeps extends UsersDeps {
  readonly sessionPolicy: SessionPolicy;
  /**
   * Called once per tenant a sign-in attempt recorded something in, after it committed (whether
   * the attempt succeeded or not): asks for the monitoring scan (wired in src/http/app.ts, which
   * runs it after the answer, coalesced per tenant). Not awaited — a sign-in never pays for a
   * scan; must not throw, so that monitoring never changes a sign-in's answer.
   */
  readonly afterSignIn?: (tenantId: string) => void;
}

const TOKEN_PREFIX = 'cls_';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The CSRF token of a session token (stable for the session's life; reveals nothing of it). */
export function csrfTokenFor(sessionToken: string): string {
  return createHash('sha256').update(`cashloop-csrf\0${sessionToken}`).digest('base64url');
}

/** True when `presented` is the session's CSRF token (constant-time). */
export function csrfTokenMatches(sessionToken: string, presented: string): boolean {
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function invalidCredentials(): AppError {
  return new AppError('invalid_credentials', 'wrong e-mail or password');
}

/**
 * Sign in: on success a new session and its clear token (for the cookie, never stored). Wrong or
 * unknown → `invalid_credentials`; the fifth failure in a row locks the user for 15 minutes, and
 * while locked even the right password is refused with `account_locked`. Every attempt is in the
 * audit trail (session-audit.ts), committed before the answer, failures included.
 */
export async function signIn(
  deps: SessionDeps,
  raw: SignInInput,
  origin: SignInOrigin,
): Promise<{ token: string; principal: SessionPrincipal }> {
  const input = signInInput.parse(raw);
  const touched = new Set<string>();
  try {
    return await attemptSignIn(deps, input, origin, touched);
  } finally {
    for (const tenantId of touched) deps.afterSignIn?.(tenantId);
  }
}

async function attemptSignIn(
  deps: SessionDeps,
  input: SignInInput,
  origin: SignInOrigin,
  touched: Set<string>,
): Promise<{ token: string; principal: SessionPrincipal }> {
  const key = emailKey(input.email);
  const candidates = await repo.findUsersByEmailKey(deps.db, key, input.tenantId ?? null);
  if (candidates.length === 0) {
    await verifyAgainstNothing(input.password);
    await recordUnknownEmail(deps, input.tenantId ?? null, key, origin, touched);
    throw invalidCredentials();
  }
  const now = deps.clock.now();
  let locked: StoredUser | null = null;
  for (const user of candidates) {
    touched.add(user.tenantId);
    if (isLocked(user, now)) {
      locked ??= user;
      await recordRefusal(deps, user, 'account_locked', origin);
      continue;
    }
    const matches = await verifyPassword(input.password, user.passwordHash);
    if (matches && !user.disabled) return openSession(deps, user, input.password, origin);
    if (user.disabled) await recordRefusal(deps, user, 'user_disabled', origin);
    else await recordFailure(deps, user, now, { reason: 'wrong_password', origin });
  }
  if (locked) throw new AccountLockedError(secondsUntilUnlocked(locked, now));
  throw invalidCredentials();
}

/**
 * An e-mail that names no user is recorded in the tenant asked for (if it has users), else in the
 * installation's only tenant with users; with several and none named there is no tenant to tell.
 */
async function recordUnknownEmail(
  deps: SessionDeps,
  tenantId: string | null,
  key: string,
  origin: SignInOrigin,
  touched: Set<string>,
): Promise<void> {
  const tenant =
    tenantId && (await repo.tenantHasUsers(deps.db, tenantId))
      ? tenantId
      : await repo.soleUserTenant(deps.db);
  if (!tenant) return;
  await withTransaction(deps.db, (tx) =>
    auditSignInFailed(tx, tenant, { userId: null, emailKey: key, reason: 'unknown_email', origin }),
  );
  touched.add(tenant);
}

/** A refusal that does not count towards the lock-out (locked already, or disabled): recorded only. */
async function recordRefusal(
  deps: SessionDeps,
  user: StoredUser,
  reason: SignInFailure,
  origin: SignInOrigin,
): Promise<void> {
  await withTransaction(deps.db, (tx) =>
    auditSignInFailed(tx, user.tenantId, {
      userId: user.userId,
      emailKey: emailKey(user.email),
      reason,
      origin,
    }),
  );
}

/**
 * Count a failed sign-in; the one that locks says so (423) rather than "wrong password", and ends
 * the user's sessions (someone is guessing the password: a session opened with it must not live on).
 * The failure's audit record commits before the error is thrown.
 */
async function recordFailure(
  deps: SessionDeps,
  user: StoredUser,
  now: Date,
  attempt: { reason: SignInFailure; origin: SignInOrigin },
): Promise<void> {
  const next = afterFailure(user, now);
  const locks = isLocked(next, now);
  await withTransaction(deps.db, async (tx) => {
    await repo.storeLockState(tx, user.tenantId, user.userId, next);
    await auditSignInFailed(tx, user.tenantId, {
      userId: user.userId,
      emailKey: emailKey(user.email),
      ...attempt,
    });
    if (!locks || !next.lockedUntil) return;
    const revoked = await repo.revokeUserSessions(
      tx,
      user.tenantId,
      user.userId,
      now,
      'locked after failed sign-ins',
    );
    await auditLocked(tx, user, next.lockedUntil, revoked);
  });
  if (locks) throw new AccountLockedError(secondsUntilUnlocked(next, now));
}

async function openSession(
  deps: SessionDeps,
  user: StoredUser,
  password: string,
  origin: SignInOrigin,
): Promise<{ token: string; principal: SessionPrincipal }> {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const sessionId = newId();
  const now = deps.clock.now();
  const rehash = needsRehash(user.passwordHash) ? await hashPassword(password) : null;
  await withTransaction(deps.db, async (tx) => {
    await repo.storeLockState(tx, user.tenantId, user.userId, AFTER_SUCCESS);
    if (rehash) await repo.updateUserRow(tx, user.tenantId, user.userId, { passwordHash: rehash });
    await repo.insertSession(tx, {
      tenantId: user.tenantId,
      sessionId,
      userId: user.userId,
      tokenHash: sha256(token),
      createdAt: now,
      lastSeenAt: now,
      ip: origin.ip?.slice(0, 100) ?? null,
      userAgent: origin.userAgent?.slice(0, 500) ?? null,
    });
    await auditSignedIn(tx, user, sessionId, origin);
  });
  const expiresAt = sessionExpiresAt({ createdAt: now, lastSeenAt: now }, deps.sessionPolicy);
  const principal = {
    user: publicUser({ ...user, lockedUntil: null }),
    sessionId,
    expiresAt,
    csrfToken: csrfTokenFor(token),
  };
  return { token, principal };
}

/**
 * The principal of a session token, or null when the token is unknown, revoked, expired (idle or
 * absolute) or its user disabled. A use moves the idle limit (stored at most once a minute).
 */
export async function authenticateSession(
  deps: SessionDeps,
  token: string,
): Promise<SessionPrincipal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const found = await repo.findLiveSession(deps.db, sha256(token));
  if (!found || found.user.disabled) return null;
  const now = deps.clock.now();
  if (isSessionExpired(found.session, deps.sessionPolicy, now)) return null;
  let seen = found.session;
  if (shouldTouch(seen, now)) {
    await repo.touchSession(deps.db, seen.tenantId, seen.sessionId, now);
    seen = { ...seen, lastSeenAt: now };
  }
  return {
    user: publicUser(found.user),
    sessionId: seen.sessionId,
    expiresAt: sessionExpiresAt(seen, deps.sessionPolicy),
    csrfToken: csrfTokenFor(token),
  };
}

/** Sign out: the session is revoked (its cookie no longer works anywhere). */
export async function signOut(
  deps: UsersDeps,
  who: { tenantId: string; userId: string; sessionId: string },
): Promise<void> {
  await withTransaction(deps.db, async (tx) => {
    await repo.revokeSessionRow(tx, who.tenantId, who.sessionId, deps.clock.now(), 'signed out');
    await auditSessionsEnded(tx, who.tenantId, {
      kind: 'session.signed_out',
      userId: who.userId,
      sessionId: who.sessionId,
      count: 1,
      reason: 'signed out',
    });
  });
}

/** The running request's address and user agent, as a sign-in's origin. */
function requestOrigin(): SignInOrigin {
  const origin = currentOrigin();
  return { ip: origin.ip, userAgent: origin.channel === 'http' ? origin.agent : null };
}

/**
 * Change one's own password: the current one must match (a wrong one counts as a failed sign-in,
 * so an open session cannot be used to guess it); the user's other sessions end.
 */
export async function changePassword(
  deps: SessionDeps,
  who: { tenantId: string; userId: string; sessionId: string | null },
  raw: ChangePasswordInput,
): Promise<void> {
  const input = changePasswordInput.parse(raw);
  const user = await repo.findUser(deps.db, who.tenantId, who.userId);
  if (!user) throw invalidCredentials();
  const now = deps.clock.now();
  if (isLocked(user, now)) throw new AccountLockedError(secondsUntilUnlocked(user, now));
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    await recordFailure(deps, user, now, { reason: 'wrong_current_password', origin: requestOrigin() });
    throw validationFailed('the current password is wrong', [
      { field: 'currentPassword', message: 'wrong password' },
    ]);
  }
  if (input.newPassword === input.currentPassword)
    throw validationFailed('the new password must differ from the current one', [
      { field: 'newPassword', message: 'same as the current password' },
    ]);
  const passwordHash = await hashPassword(input.newPassword);
  await withTransaction(deps.db, async (tx) => {
    await repo.updateUserRow(tx, who.tenantId, who.userId, {
      passwordHash,
      mustChangePassword: false,
      passwordChangedAt: now,
    });
    await repo.storeLockState(tx, who.tenantId, who.userId, AFTER_SUCCESS);
    const revoked = await repo.revokeUserSessions(
      tx,
      who.tenantId,
      who.userId,
      now,
      'password changed',
      who.sessionId,
    );
    await recordAudit(tx, who.tenantId, {
      kind: 'user.password_changed',
      objectType: 'user',
      objectId: who.userId,
      details: { sessionsRevoked: revoked, ...requestOrigin() },
    });
  });
}
