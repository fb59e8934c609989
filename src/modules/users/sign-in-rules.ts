/**
 * The pure rules of signing in: lock-out after failed attempts, and when a session ends. Times are
 * passed in (the caller's Clock), so the rules are tested at any instant.
 */

/** Lock-out: this many failed sign-ins in a row lock the user for `lockMinutes`. */
export const LOCKOUT = { maxFailures: 5, lockMinutes: 15 } as const;

export interface SessionPolicy {
  /** A session not used for this long ends (sliding: each use moves it). */
  readonly idleMinutes: number;
  /** A session ends this long after sign-in, used or not. */
  readonly absoluteMinutes: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 8 * 60, absoluteMinutes: 24 * 60 };

/** A use refreshes `last_seen_at` only when the stored one is older than this (one write a minute). */
export const LAST_SEEN_GRANULARITY_MS = 60_000;

const MINUTE_MS = 60_000;

export interface LockState {
  readonly failedSignIns: number;
  readonly lockedUntil: Date | null;
}

/** True while a lock set earlier still holds at `now`. */
export function isLocked(state: LockState, now: Date): boolean {
  return state.lockedUntil !== null && state.lockedUntil.getTime() > now.getTime();
}

/**
 * The state after one more failed sign-in at `now`: the count rises; the fifth failure in a row
 * locks until now + 15 min and restarts the count (the next failure after the lock counts 1).
 */
export function afterFailure(state: LockState, now: Date): LockState {
  const failures = (isLocked(state, now) ? 0 : state.failedSignIns) + 1;
  if (failures < LOCKOUT.maxFailures) return { failedSignIns: failures, lockedUntil: null };
  return { failedSignIns: 0, lockedUntil: new Date(now.getTime() + LOCKOUT.lockMinutes * MINUTE_MS) };
}

/** The state after a successful sign-in: nothing counted, nothing locked. */
export const AFTER_SUCCESS: LockState = { failedSignIns: 0, lockedUntil: null };

/** Whole seconds until the lock lifts (at least 1), for `Retry-After`. */
export function secondsUntilUnlocked(state: LockState, now: Date): number {
  if (!state.lockedUntil) return 0;
  return Math.max(1, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000));
}

export interface SessionTimes {
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
}

/** When the session ends if it is not used again: the earlier of the idle and the absolute limit. */
export function sessionExpiresAt(session: SessionTimes, policy: SessionPolicy): Date {
  const idle = session.lastSeenAt.getTime() + policy.idleMinutes * MINUTE_MS;
  const absolute = session.createdAt.getTime() + policy.absoluteMinutes * MINUTE_MS;
  return new Date(Math.min(idle, absolute));
}

/** True when the session has ended by time at `now` (revocation is checked separately). */
export function isSessionExpired(session: SessionTimes, policy: SessionPolicy, now: Date): boolean {
  return now.getTime() >= sessionExpiresAt(session, policy).getTime();
}

/** True when a use at `now` should store a new `last_seen_at`. */
export function shouldTouch(session: SessionTimes, now: Date): boolean {
  return now.getTime() - session.lastSeenAt.getTime() >= LAST_SEEN_GRANULARITY_MS;
}
