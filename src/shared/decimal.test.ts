import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  decimalPlaces,
  formatRatio,
  formatScaled,
  parseDecimal,
  roundHalfAwayFromZero,
  roundRatio,
} from './decimal.ts';

describe('roundHalfAwayFromZero', () => {
  it('rounds exact halves away from zero, on both signs', () => {
    assert.equal(roundHalfAwayFromZero(5n, 2n), 3n); // 2.5 → 3
    assert.equal(roundHalfAwayFromZero(-5n, 2n), -3n); // −2.5 → −3
    assert.equal(roundHalfAwayFromZero(1n, 2n), 1n); // 0.5 → 1
    assert.equal(roundHalfAwayFromZero(-1n, 2n), -1n); // −0.5 → −1
    assert.equal(roundHalfAwayFromZero(15n, 10n), 2n); // 1.5 → 2
    assert.equal(roundHalfAwayFromZero(25n, 10n), 3n); // 2.5 → 3 (banker's rounding would give 2)
    assert.equal(roundHalfAwayFromZero(-25n, 10n), -3n);
  });

  it('rounds non-halves to the nearest integer', () => {
    assert.equal(roundHalfAwayFromZero(149n, 100n), 1n); // 1.49
    assert.equal(roundHalfAwayFromZero(151n, 100n), 2n); // 1.51
    assert.equal(roundHalfAwayFromZero(-149n, 100n), -1n);
    assert.equal(roundHalfAwayFromZero(-151n, 100n), -2n);
    assert.equal(roundHalfAwayFromZero(0n, 7n), 0n);
    assert.equal(roundHalfAwayFromZero(12n, 4n), 3n); // exact
  });

  it('refuses a denominator that is not positive', () => {
    assert.throws(() => roundHalfAwayFromZero(1n, 0n));
    assert.throws(() => roundHalfAwayFromZero(1n, -2n));
  });

  it('is odd-symmetric and within half a unit of the exact quotient', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        (n, d) => {
          const q = roundHalfAwayFromZero(n, d);
          assert.equal(roundHalfAwayFromZero(-n, d), -q);
          // |q − n/d| ≤ 1/2  ⇔  |2qd − 2n| ≤ d
          const diff = 2n * q * d - 2n * n;
          assert.ok((diff < 0n ? -diff : diff) <= d);
        },
      ),
    );
  });
});

describe('parseDecimal and formatting', () => {
  it('parses plain decimals exactly and refuses the rest', () => {
    assert.deepEqual(parseDecimal('12.50'), { num: 1250n, den: 100n });
    assert.deepEqual(parseDecimal('-3'), { num: -3n, den: 1n });
    assert.deepEqual(parseDecimal('+0.125'), { num: 125n, den: 1000n });
    for (const bad of ['', '1e2', '1,5', '.5', '5.', 'NaN']) assert.equal(parseDecimal(bad), null, bad);
    assert.equal(decimalPlaces('12.505'), 3);
    assert.equal(decimalPlaces('12'), 0);
  });

  it('rounds and formats ratios half away from zero', () => {
    assert.equal(roundRatio({ num: 53973n, den: 10n }), 5397n); // 5397.3
    assert.equal(formatRatio({ num: 1n, den: 8n }, 2), '0.13'); // 0.125 → 0.13
    assert.equal(formatRatio({ num: -1n, den: 8n }, 2), '-0.13');
    assert.equal(formatScaled(12345n, 2), '123.45');
    assert.equal(formatScaled(-5n, 2), '-0.05');
    assert.equal(formatScaled(7n, 0), '7');
  });
});
