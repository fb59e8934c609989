import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { meanAbsoluteError, rocAuc } from './metrics.ts';

describe('prediction measures', () => {
  it('AUC is 1 for a perfect ranking, 0 for a reversed one, 0.5 when every score ties', () => {
    assert.equal(rocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true]), 1);
    assert.equal(rocAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true]), 0);
    assert.equal(rocAuc([0.5, 0.5, 0.5, 0.5], [false, true, false, true]), 0.5);
    assert.ok(Number.isNaN(rocAuc([0.1, 0.2], [true, true])));
  });

  it('AUC equals the share of positive–negative pairs ranked right (ties a half)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.boolean()), { minLength: 2, maxLength: 40 }),
        (pairs) => {
          const pos = pairs.filter(([, p]) => p).map(([s]) => s);
          const neg = pairs.filter(([, p]) => !p).map(([s]) => s);
          const auc = rocAuc(
            pairs.map(([s]) => s),
            pairs.map(([, p]) => p),
          );
          if (pos.length === 0 || neg.length === 0) return Number.isNaN(auc);
          let right = 0;
          for (const p of pos) for (const n of neg) right += p > n ? 1 : p === n ? 0.5 : 0;
          return Math.abs(auc - right / (pos.length * neg.length)) < 1e-12;
        },
      ),
    );
  });

  it('MAE is the mean of absolute differences and refuses lists of other lengths', () => {
    assert.equal(meanAbsoluteError([1, 5, -2], [2, 5, 2]), 5 / 3);
    assert.throws(() => meanAbsoluteError([1], [1, 2]), /same/);
  });
});
