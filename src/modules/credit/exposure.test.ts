import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { convertWeighted, type ExposurePart, exposureIn } from './exposure.ts';

function part(
  currency: string,
  open: bigint,
  unapplied: bigint,
  rate: string,
  latest: string | null = rate,
): ExposurePart {
  // amount × rate of a single document at `rate`, exact, as SQL's numeric would give it.
  const scale = (m: bigint) => {
    const [w = '0', f = ''] = rate.split('.');
    const product = m * BigInt(w + f);
    const digits = f.length;
    if (digits === 0) return product.toString();
    const s = product.toString().padStart(digits + 1, '0');
    return `${s.slice(0, -digits)}.${s.slice(-digits)}`;
  };
  return {
    currency,
    openMinor: open,
    unappliedMinor: unapplied,
    openWeighted: scale(open),
    unappliedWeighted: scale(unapplied),
    latestRate: latest,
  };
}

describe('exposureIn', () => {
  it('counts the customer currency at face value: open − unapplied + orders', () => {
    // 5,000.00 open − 1,200.00 unapplied + 300.00 orders = 4,100.00
    const e = exposureIn('EUR', 'EUR', [part('EUR', 500000n, 120000n, '1')], 30000n);
    assert.equal(e.openInvoicesMinor, 500000n);
    assert.equal(e.unappliedMinor, 120000n);
    assert.equal(e.totalMinor, 410000n);
    assert.deepEqual(e.unconverted, []);
  });

  it('converts another currency through the base at the document rates', () => {
    // EUR customer, EUR base: USD 500.00 at 0.9 EUR/USD = EUR 450.00, added to EUR 1,000.00.
    const e = exposureIn('EUR', 'EUR', [part('EUR', 100000n, 0n, '1'), part('USD', 50000n, 0n, '0.9')]);
    assert.equal(e.totalMinor, 145000n);
    // USD customer in an EUR tenant, latest USD rate 0.8: EUR 400.00 → USD 500.00; JPY 10,000 at
    // 0.0064 EUR/JPY = EUR 64.00 → USD 80.00. Total USD 200.00 + 500.00 + 80.00 = USD 780.00.
    const usd = exposureIn('USD', 'EUR', [
      part('USD', 20000n, 0n, '0.8'),
      part('EUR', 40000n, 0n, '1'),
      part('JPY', 10000n, 0n, '0.0064'),
    ]);
    assert.equal(usd.totalMinor, 78000n);
  });

  it('names what it cannot convert (no document in the customer currency to take a rate from)', () => {
    const e = exposureIn('USD', 'EUR', [part('EUR', 40000n, 0n, '1')]);
    assert.equal(e.totalMinor, 0n);
    assert.deepEqual(e.unconverted, ['EUR']);
  });

  it('rounds half away from zero once per currency', () => {
    // 3 × 0.333 = 0.999 EUR-cents → 1 cent; 0.5 cent → 1 cent.
    assert.equal(convertWeighted('0.999', 'USD', 'EUR', '1'), 1n);
    assert.equal(convertWeighted('0.5', 'USD', 'EUR', '1'), 1n);
    assert.equal(convertWeighted('0.4999', 'USD', 'EUR', '1'), 0n);
    // JPY (0 decimals) into EUR (2): 1,000 JPY × 0.0064 = 6.4 "JPY-minor × EUR" → 640 EUR cents.
    assert.equal(convertWeighted('6.4', 'JPY', 'EUR', '1'), 640n);
  });

  it('property: in the base currency, converting equals summing each document at its own rate', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.bigInt({ min: 1n, max: 10n ** 10n }), fc.integer({ min: 1, max: 99999 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (docs) => {
          // Each document: amount (USD cents) at rate r/10000 EUR per USD. Exact Σ as a decimal.
          const sumTimes10000 = docs.reduce((s, [m, r]) => s + m * BigInt(r), 0n);
          const weighted = `${sumTimes10000 / 10000n}.${(sumTimes10000 % 10000n).toString().padStart(4, '0')}`;
          const got = convertWeighted(weighted, 'USD', 'EUR', '1');
          const expected = (sumTimes10000 * 2n + 10000n) / 20000n; // half up for positives
          return got === expected;
        },
      ),
    );
  });
});
