import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { baseShare, toBase } from './fx.ts';

describe('toBase', () => {
  it('converts at the document rate, and is the identity in the base currency', () => {
    // 100.00 USD × 0.9 EUR/USD = 90.00 EUR.
    assert.equal(toBase(10000n, 'USD', 'EUR', '0.9'), 9000n);
    // 333.33 USD × 1.1 = 366.663 → 366.66.
    assert.equal(toBase(33333n, 'USD', 'EUR', '1.1'), 36666n);
    assert.equal(toBase(12345n, 'EUR', 'EUR', '7'), 12345n);
  });
});

describe('baseShare', () => {
  it('takes a proportional share, rounded half away from zero', () => {
    // 100.00 of 333.33 USD carrying 366.66 EUR: 36666 × 10000 / 33333 = 10999.91 → 11000.
    assert.equal(baseShare(36666n, 33333n, 10000n), 11000n);
    // 1 of 3 carrying 10: 3.33 → 3; 1 of 2 carrying 5: 2.5 → 3.
    assert.equal(baseShare(10n, 3n, 1n), 3n);
    assert.equal(baseShare(5n, 2n, 1n), 3n);
  });

  it('gives the last settlement exactly what is left', () => {
    // 233.33 of the remaining 233.33 takes the remaining 256.66 whatever the rate says.
    assert.equal(baseShare(25666n, 23333n, 23333n), 25666n);
    assert.equal(baseShare(7n, 0n, 0n), 7n);
  });

  it('leaves no base residue over any split of a document', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 10n }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 20 }),
        (total, ratePermille, weights) => {
          // A document of `total` at rate ratePermille / 1000, settled in parts proportional to weights.
          const rate = `${Math.trunc(ratePermille / 1000)}.${String(ratePermille % 1000).padStart(3, '0')}`;
          const base = toBase(total, 'USD', 'EUR', rate);
          const sum = BigInt(weights.reduce((s, w) => s + w, 0));
          const parts = weights.map((w) => (total * BigInt(w)) / sum).filter((p) => p > 0n);
          const last = total - parts.reduce((s, p) => s + p, 0n);
          if (last > 0n) parts.push(last);
          let remaining = total;
          let remainingBase = base;
          let settledBase = 0n;
          for (const part of parts) {
            const share = baseShare(remainingBase, remaining, part);
            settledBase += share;
            remaining -= part;
            remainingBase -= share;
          }
          assert.equal(remaining, 0n);
          assert.equal(settledBase, base);
          assert.equal(remainingBase, 0n);
        },
      ),
    );
  });
});
