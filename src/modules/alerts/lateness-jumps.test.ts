import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { hundredthsText, judgeLatenessJumps, toHundredths } from './lateness-jumps.ts';

const map = (entries: [string, number][]) => new Map(entries);

describe('predicted lateness jumps', () => {
  it('takes a first prediction as the baseline and tells nothing', () => {
    const r = judgeLatenessJumps(map([]), map([['c1', 2500]]), 10);
    assert.deepEqual(r.jumps, []);
    assert.deepEqual([...r.baselines], [['c1', 2500]]);
  });
  it('tells a rise of exactly the minimum, not a hundredth less, and moves the baseline only on a jump', () => {
    const base = map([
      ['exact', 300],
      ['short', 300],
    ]);
    const r = judgeLatenessJumps(
      base,
      map([
        ['exact', 1300],
        ['short', 1299],
      ]),
      10,
    );
    assert.deepEqual(r.jumps, [{ customerId: 'exact', fromHundredths: 300, toHundredths: 1300 }]);
    assert.deepEqual([...r.baselines], [['exact', 1300]]);
  });
  it('measures a rise from the lowest point since the last jump (a slow creep adds up)', () => {
    let base = map([['c', 500]]);
    const seen: number[] = [];
    for (const now of [200, 600, 900, 1199, 1200]) {
      const r = judgeLatenessJumps(base, map([['c', now]]), 10);
      seen.push(r.jumps.length);
      base = new Map([...base, ...r.baselines]);
    }
    assert.deepEqual(seen, [0, 0, 0, 0, 1], 'from the low of 2.00 days, 12.00 is the jump');
    assert.equal(base.get('c'), 1200);
  });
  it('keeps the baseline of a customer without a prediction', () => {
    const r = judgeLatenessJumps(map([['gone', 900]]), map([]), 5);
    assert.deepEqual([r.jumps, [...r.baselines]], [[], []]);
  });
  it('never tells twice in a row for the same level (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5000, max: 5000 }),
        fc.integer({ min: -5000, max: 50000 }),
        fc.integer({ min: 1, max: 60 }),
        (b, now, min) => {
          const first = judgeLatenessJumps(map([['c', b]]), map([['c', now]]), min);
          const base = new Map([['c', b], ...first.baselines]);
          const again = judgeLatenessJumps(base, map([['c', now]]), min);
          assert.equal(again.jumps.length, 0);
          assert.equal(first.jumps.length, now - b >= min * 100 ? 1 : 0);
        },
      ),
    );
  });
  it('writes hundredths as a decimal and rounds predictions half away from zero', () => {
    assert.deepEqual(
      [hundredthsText(1250), hundredthsText(-5), hundredthsText(0)],
      ['12.50', '-0.05', '0.00'],
    );
    assert.deepEqual([toHundredths(12.345), toHundredths(-0.005), toHundredths(3)], [1235, -1, 300]);
  });
});
