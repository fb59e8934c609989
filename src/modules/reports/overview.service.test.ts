import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dsoOf, monthEndsUpTo, percentOf } from './overview.service.ts';

describe('overview figures', () => {
  it('DSO is AR ÷ sales × 90, one decimal half up, null without sales', () => {
    assert.equal(dsoOf(500n, 900n), 50);
    assert.equal(dsoOf(38025n, 18025n), 189.9); // 189.861…
    assert.equal(dsoOf(1n, 1800n), 0.1); // 0.05 rounds half up
    assert.equal(dsoOf(1n, 2000n), 0); // 0.045
    assert.equal(dsoOf(100n, 0n), null);
    assert.equal(dsoOf(100n, -5n), null);
  });
  it('month ends run back from the as-of date, oldest first', () => {
    assert.deepEqual(monthEndsUpTo('2026-03-15', 3), ['2025-12-31', '2026-01-31', '2026-02-28']);
    assert.deepEqual(monthEndsUpTo('2024-02-29', 2), ['2024-01-31', '2024-02-29']);
  });
  it('per cent has one decimal and is null of nothing', () => {
    assert.equal(percentOf(8025n, 38025n), 21.1);
    assert.equal(percentOf(1n, 3n), 33.3);
    assert.equal(percentOf(2n, 3n), 66.7);
    assert.equal(percentOf(0n, 0n), null);
  });
});
