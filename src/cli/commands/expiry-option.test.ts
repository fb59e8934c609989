import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { expiryOption } from './expiry-option.ts';

const now = new Date('2026-03-31T12:00:00Z');

describe('--expires', () => {
  it('reads days from now, a last valid day (UTC) and an instant with its offset', () => {
    assert.equal(expiryOption('90d', now), '2026-06-29T12:00:00.000Z');
    assert.equal(expiryOption('2026-12-31', now), '2027-01-01T00:00:00.000Z');
    assert.equal(expiryOption('2026-04-01T09:00:00+02:00', now), '2026-04-01T07:00:00.000Z');
  });

  it('refuses what it cannot read, naming the option', () => {
    for (const text of ['next week', '2026-02-30', '90', '2026-04-01T09:00:00', '-5d'])
      assert.throws(
        () => expiryOption(text, now),
        (e: unknown) => e instanceof AppError && e.details[0]?.field === 'expires',
        text,
      );
  });
});
