import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { AppError } from './errors.ts';
import {
  add,
  allocate,
  convert,
  formatAmount,
  MAX_AMOUNT_MINOR,
  money,
  negate,
  parseAmount,
  subtract,
  tryParseAmount,
} from './money.ts';

describe('parseAmount', () => {
  it('reads major units into minor units by the exponent of the currency', () => {
    // JPY has no minor unit, EUR has 2 decimals, KWD has 3 (ISO 4217).
    assert.equal(parseAmount('1500', 'JPY'), 1500n);
    assert.equal(parseAmount('12.50', 'EUR'), 1250n);
    assert.equal(parseAmount('12.5', 'EUR'), 1250n);
    assert.equal(parseAmount('12', 'EUR'), 1200n);
    assert.equal(parseAmount('0.01', 'EUR'), 1n);
    assert.equal(parseAmount('1.234', 'KWD'), 1234n);
    assert.equal(parseAmount('1.2', 'KWD'), 1200n);
    assert.equal(parseAmount('-3.05', 'EUR'), -305n);
    assert.equal(parseAmount(' 7.00 ', 'EUR'), 700n);
  });

  it('rejects more decimals than the currency has', () => {
    for (const [text, currency] of [
      ['1500.5', 'JPY'],
      ['1500.0', 'JPY'],
      ['12.505', 'EUR'],
      ['12.500', 'EUR'],
      ['1.2345', 'KWD'],
    ] as const) {
      assert.equal(tryParseAmount(text, currency), null, `${text} ${currency}`);
      assert.throws(
        () => parseAmount(text, currency, 'total'),
        (e: unknown) =>
          e instanceof AppError && e.code === 'validation_failed' && e.details[0]?.field === 'total',
        `${text} ${currency}`,
      );
    }
  });

  it('rejects malformed text and unknown currencies', () => {
    for (const text of ['', 'abc', '1,50', '1e3', '12.', '.5', '1.2.3', '--1']) {
      assert.equal(tryParseAmount(text, 'EUR'), null, text);
    }
    assert.throws(() => parseAmount('1.00', 'XXX'), AppError);
  });

  it('accepts up to MAX_AMOUNT_MINOR (10^13 minor units) and refuses beyond, naming the field', () => {
    // 10^13 minor units: 100 billion EUR, 10 trillion JPY, 10 billion KWD.
    assert.equal(MAX_AMOUNT_MINOR, 10_000_000_000_000n);
    assert.equal(parseAmount('100000000000.00', 'EUR'), MAX_AMOUNT_MINOR);
    assert.equal(parseAmount('-100000000000', 'EUR'), -MAX_AMOUNT_MINOR);
    assert.equal(parseAmount('10000000000000', 'JPY'), MAX_AMOUNT_MINOR);
    assert.equal(parseAmount('10000000000.000', 'KWD'), MAX_AMOUNT_MINOR);
    for (const [text, currency] of [
      ['100000000000.01', 'EUR'],
      ['92233720368547758.07', 'EUR'],
      ['-100000000000.01', 'EUR'],
      ['10000000000001', 'JPY'],
      ['10000000000.001', 'KWD'],
    ] as const) {
      assert.equal(tryParseAmount(text, currency), null, `${text} ${currency}`);
      assert.throws(
        () => parseAmount(text, currency, 'amount'),
        (e: unknown) =>
          e instanceof AppError &&
          e.details[0]?.field === 'amount' &&
          /exceeds the maximum/.test(e.details[0]?.message ?? ''),
        `${text} ${currency}`,
      );
    }
  });
});

describe('formatAmount', () => {
  it('writes exactly the exponent of decimals, negatives and zero included', () => {
    assert.equal(formatAmount(1250n, 'EUR'), '12.50');
    assert.equal(formatAmount(-5n, 'EUR'), '-0.05');
    assert.equal(formatAmount(-123456n, 'EUR'), '-1234.56');
    assert.equal(formatAmount(0n, 'EUR'), '0.00');
    assert.equal(formatAmount(0n, 'JPY'), '0');
    assert.equal(formatAmount(-7n, 'JPY'), '-7');
    assert.equal(formatAmount(1n, 'KWD'), '0.001');
    assert.equal(formatAmount(-1234n, 'KWD'), '-1.234');
  });

  it('round-trips with parseAmount', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -MAX_AMOUNT_MINOR, max: MAX_AMOUNT_MINOR }),
        fc.constantFrom('JPY', 'EUR', 'KWD'),
        (v, c) => assert.equal(parseAmount(formatAmount(v, c), c), v),
      ),
    );
  });
});

describe('Money arithmetic', () => {
  it('adds, subtracts and negates within one currency and refuses to mix currencies', () => {
    assert.deepEqual(add(money(150n, 'EUR'), money(50n, 'EUR')), money(200n, 'EUR'));
    assert.deepEqual(subtract(money(150n, 'EUR'), money(200n, 'EUR')), money(-50n, 'EUR'));
    assert.deepEqual(negate(money(150n, 'EUR')), money(-150n, 'EUR'));
    assert.throws(() => add(money(1n, 'EUR'), money(1n, 'USD')));
  });
});

describe('allocate', () => {
  it('gives the remainder to the largest fractional shares, first index on ties', () => {
    // 100 / 3 = 33.33 each: one unit left over, all fractions equal → the first part takes it.
    assert.deepEqual(allocate(100n, [1n, 1n, 1n]), [34n, 33n, 33n]);
    // 5 × 3/6 = 2.5 (frac .5), 5 × 2/6 = 1.67 (frac .67), 5 × 1/6 = 0.83 (frac .83):
    // floors 2 + 1 + 0 = 3, two units left → to the .83 and the .67 parts.
    assert.deepEqual(allocate(5n, [3n, 2n, 1n]), [2n, 2n, 1n]);
    // Negative totals mirror positive ones.
    assert.deepEqual(allocate(-100n, [1n, 1n, 1n]), [-34n, -33n, -33n]);
    // All weights zero: everything goes to the first part, nothing is lost.
    assert.deepEqual(allocate(7n, [0n, 0n]), [7n, 0n]);
  });

  it('never loses a unit and keeps each part within 1 of its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }),
        fc.array(fc.bigInt({ min: 0n, max: 10n ** 9n }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          const sum = weights.reduce((s, w) => s + w, 0n);
          assert.equal(parts.length, weights.length);
          assert.equal(
            parts.reduce((s, p) => s + p, 0n),
            total,
          );
          if (sum === 0n) return;
          parts.forEach((part, i) => {
            // |part − total × w / sum| < 1  ⇔  |part × sum − total × w| < sum
            const diff = part * sum - total * (weights[i] ?? 0n);
            assert.ok((diff < 0n ? -diff : diff) < sum, `part ${i} = ${part} is 1 or more off its share`);
          });
        },
      ),
    );
  });
});

describe('convert', () => {
  it('converts at an exact rate and rounds half away from zero', () => {
    // 100.00 USD × 0.9 = 90.00 EUR.
    assert.equal(convert(10000n, 'USD', 'EUR', '0.9'), 9000n);
    // 0.05 USD × 0.5 = 0.025 EUR → 0.03 (half away from zero); −0.05 → −0.03.
    assert.equal(convert(5n, 'USD', 'EUR', '0.5'), 3n);
    assert.equal(convert(-5n, 'USD', 'EUR', '0.5'), -3n);
    // 0.07 USD × 0.5 = 0.035 → 0.04; 0.03 × 0.5 = 0.015 → 0.02; 0.01 × 0.4 = 0.004 → 0.00.
    assert.equal(convert(7n, 'USD', 'EUR', '0.5'), 4n);
    assert.equal(convert(3n, 'USD', 'EUR', '0.5'), 2n);
    assert.equal(convert(1n, 'USD', 'EUR', '0.4'), 0n);
  });

  it('shifts by the difference of exponents', () => {
    // 1,000 JPY × 0.00615 EUR/JPY = 6.15 EUR = 615 cents.
    assert.equal(convert(1000n, 'JPY', 'EUR', '0.00615'), 615n);
    // 1 JPY × 0.00615 = 0.00615 EUR → 0.01 (615 / 100000 of a cent rounds up from .615).
    assert.equal(convert(1n, 'JPY', 'EUR', '0.00615'), 1n);
    // 1.005 KWD × 1 = 1.005 EUR → 1.01 (exactly half a cent, away from zero).
    assert.equal(convert(1005n, 'KWD', 'EUR', '1'), 101n);
    // 10.00 EUR × 162.345 JPY/EUR = 1623.45 JPY → 1623.
    assert.equal(convert(1000n, 'EUR', 'JPY', '162.345'), 1623n);
    // 0.50 EUR × 1 = 0.5 JPY → 1.
    assert.equal(convert(50n, 'EUR', 'JPY', '1'), 1n);
  });

  it('refuses a zero, negative or malformed rate', () => {
    for (const rate of ['0', '-1.1', 'abc', '']) {
      assert.throws(
        () => convert(100n, 'USD', 'EUR', rate),
        (e: unknown) => e instanceof AppError && e.code === 'validation_failed',
        rate,
      );
    }
  });
});
