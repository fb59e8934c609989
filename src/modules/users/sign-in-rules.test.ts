import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AFTER_SUCCESS,
  afterFailure,
  DEFAULT_SESSION_POLICY,
  isLocked,
  isSessionExpired,
  LOCKOUT,
  type LockState,
  secondsUntilUnlocked,
  sessionExpiresAt,
  shouldTouch,
} from './sign-in-rules.ts';

const at = (iso: string) => new Date(iso);
const MIN = 60_000;

test('the fifth failure in a row locks for 15 minutes; the first four do not', () => {
  let state: LockState = AFTER_SUCCESS;
  const now = at('2026-03-31T12:00:00Z');
  for (let i = 1; i < LOCKOUT.maxFailures; i++) {
    state = afterFailure(state, now);
    assert.equal(state.failedSignIns, i);
    assert.equal(isLocked(state, now), false);
  }
  state = afterFailure(state, now);
  assert.equal(isLocked(state, now), true);
  assert.deepEqual(state.lockedUntil, at('2026-03-31T12:15:00Z'));
  assert.equal(secondsUntilUnlocked(state, now), 15 * 60);
  assert.equal(isLocked(state, new Date(now.getTime() + 15 * MIN - 1)), true);
  assert.equal(isLocked(state, new Date(now.getTime() + 15 * MIN)), false, 'unlocked at the minute');
});

test('after the lock lifts, counting starts again from one', () => {
  const locked: LockState = { failedSignIns: 0, lockedUntil: at('2026-03-31T12:15:00Z') };
  const next = afterFailure(locked, at('2026-03-31T12:20:00Z'));
  assert.deepEqual(next, { failedSignIns: 1, lockedUntil: null });
});

test('a success clears the count (failures must be in a row)', () => {
  const now = at('2026-03-31T12:00:00Z');
  let state = afterFailure(afterFailure(afterFailure(afterFailure(AFTER_SUCCESS, now), now), now), now);
  assert.equal(state.failedSignIns, 4);
  state = AFTER_SUCCESS;
  state = afterFailure(state, now);
  assert.equal(isLocked(state, now), false);
  assert.equal(state.failedSignIns, 1);
});

test('Retry-After rounds up and is at least one second', () => {
  const state: LockState = { failedSignIns: 0, lockedUntil: at('2026-03-31T12:15:00.200Z') };
  assert.equal(secondsUntilUnlocked(state, at('2026-03-31T12:15:00Z')), 1);
  assert.equal(secondsUntilUnlocked(state, at('2026-03-31T12:14:00Z')), 61);
});

test('a session ends 8 h after its last use, sliding, but never after 24 h', () => {
  const createdAt = at('2026-03-31T08:00:00Z');
  const policy = DEFAULT_SESSION_POLICY;
  assert.deepEqual(
    sessionExpiresAt({ createdAt, lastSeenAt: createdAt }, policy),
    at('2026-03-31T16:00:00Z'),
  );
  const usedAt3pm = { createdAt, lastSeenAt: at('2026-03-31T15:00:00Z') };
  assert.deepEqual(sessionExpiresAt(usedAt3pm, policy), at('2026-03-31T23:00:00Z'));
  assert.equal(isSessionExpired(usedAt3pm, policy, at('2026-03-31T22:59:59Z')), false);
  assert.equal(isSessionExpired(usedAt3pm, policy, at('2026-03-31T23:00:00Z')), true);
  const usedLate = { createdAt, lastSeenAt: at('2026-04-01T06:00:00Z') };
  assert.deepEqual(sessionExpiresAt(usedLate, policy), at('2026-04-01T08:00:00Z'), 'absolute limit wins');
  assert.equal(isSessionExpired(usedLate, policy, at('2026-04-01T08:00:00Z')), true);
});

test('other limits apply as configured', () => {
  const createdAt = at('2026-03-31T08:00:00Z');
  const policy = { idleMinutes: 30, absoluteMinutes: 120 };
  assert.deepEqual(
    sessionExpiresAt({ createdAt, lastSeenAt: createdAt }, policy),
    at('2026-03-31T08:30:00Z'),
  );
  assert.deepEqual(
    sessionExpiresAt({ createdAt, lastSeenAt: at('2026-03-31T09:45:00Z') }, policy),
    at('2026-03-31T10:00:00Z'),
  );
});

test('last use is stored at most once a minute', () => {
  const session = { createdAt: at('2026-03-31T08:00:00Z'), lastSeenAt: at('2026-03-31T08:00:00Z') };
  assert.equal(shouldTouch(session, at('2026-03-31T08:00:59Z')), false);
  assert.equal(shouldTouch(session, at('2026-03-31T08:01:00Z')), true);
});
