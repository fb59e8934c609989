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
import { AccountLockedError, AppError, validationFailed } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { emailKey } from './email-key.ts';
import { hashPassword, needsRehash, verifyAgainstNothing, verifyPassword } from './password-hash.ts';
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
 * while locked even the right password is refused with `account_locked`.
 */
export async function signIn(
  deps: SessionDeps,
  raw: SignInInput,
  origin: SignInOrigin,
): Promise<{ token: string; principal: SessionPrincipal }> {
  const input = signInInput.parse(raw);
  const candidates = await repo.findUsersByEmailKey(deps.db, emailKey(input.email), input.tenantId ?? null);
  if (candidates.length === 0) {
    await verifyAgainstNothing(input.password);
    throw invalidCredentials();
  }
  const now = deps.clock.now();
  let locked: StoredUser | null = null;
  for (const user of candidates) {
    if (isLocked(user, now)) {
      locked ??= user;
      continue;
    }
    const matches = await verifyPassword(input.password, user.passwordHash);
    if (matches && !user.disabled) return openSession(deps, user, input.password, origin);
    if (!user.disabled) await recordFailure(deps, user, now);
  }
  if (locked) throw new AccountLockedError(secondsUntilUnlocked(locked, now));
  throw invalidCredentials();
}

/**
 * Count a failed sign-in; the one that locks says so (423) rather than "wrong password", and ends
 * the user's sessions (someone is guessing the password: a session opened with it must not live on).
 */
async function recordFailure(deps: SessionDeps, user: StoredUser, now: Date): Promise<void> {
  const next = afterFailure(user, now);
  const locks = isLocked(next, now);
  await withTransaction(deps.db, async (tx) => {
    await repo.storeLockState(tx, user.tenantId, user.userId, next);
    if (locks)
      await repo.revokeUserSessions(tx, user.tenantId, user.userId, now, 'locked after failed sign-ins');
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
export async function signOut(deps: UsersDeps, tenantId: string, sessionId: string): Promise<void> {
  await repo.revokeSessionRow(deps.db, tenantId, sessionId, deps.clock.now(), 'signed out');
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
    await recordFailure(deps, user, now);
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
    await repo.revokeUserSessions(tx, who.tenantId, who.userId, now, 'password changed', who.sessionId);
  });
}
