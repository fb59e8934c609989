import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { computeTotals, type LineInput, lineNetMinor, taxOn } from './invoice-totals.ts';

function line(quantity: string, unitPrice: string, taxRate = '0', discountPct?: string): LineInput {
  return { description: 'item', quantity, unitPrice, taxRate, ...(discountPct ? { discountPct } : {}) };
}

function fieldOf(error: unknown): string | undefined {
  return error instanceof AppError && error.code === 'validation_failed'
    ? error.details[0]?.field
    : undefined;
}

describe('lineNetMinor: quantity × price × (1 − discount), rounded half away from zero', () => {
  it('3 × 19.99 − 10% = 53.97', () => {
    // 3 × 19.99 = 59.97; × 0.90 = 53.973 → 53.97 EUR = 5397 cents.
    assert.equal(lineNetMinor(line('3', '19.99', '0', '10'), 'EUR'), 5397n);
  });

  it('rounds an exact half cent up, and works in 0- and 3-decimal currencies', () => {
    // 1 × 0.125 = 12.5 cents → 13.
    assert.equal(lineNetMinor(line('1', '0.125'), 'EUR'), 13n);
    // 1.5 × 0.333 = 0.4995 EUR = 49.95 cents → 50.
    assert.equal(lineNetMinor(line('1.5', '0.333'), 'EUR'), 50n);
    // 3 × 333.5 = 1000.5 JPY → 1001 (JPY has no minor unit).
    assert.equal(lineNetMinor(line('3', '333.5'), 'JPY'), 1001n);
    // 1 × 1.2345 KWD = 1234.5 fils → 1235.
    assert.equal(lineNetMinor(line('1', '1.2345'), 'KWD'), 1235n);
    // A 100% discount leaves nothing.
    assert.equal(lineNetMinor(line('2', '10.00', '0', '100'), 'EUR'), 0n);
  });

  it('names the field of a bad quantity, price or discount', () => {
    assert.throws(
      () => lineNetMinor(line('abc', '1'), 'EUR', 'lines[2]'),
      (e) => fieldOf(e) === 'lines[2].quantity',
    );
    assert.throws(
      () => lineNetMinor(line('1', '1,5'), 'EUR', 'lines[0]'),
      (e) => fieldOf(e) === 'lines[0].unitPrice',
    );
    assert.throws(
      () => lineNetMinor(line('1', '1', '0', '100.01'), 'EUR', 'lines[1]'),
      (e) => fieldOf(e) === 'lines[1].discountPct',
    );
  });
});

describe('taxOn', () => {
  it('takes the percentage and rounds half away from zero', () => {
    assert.equal(taxOn(10000n, '19'), 1900n); // 100.00 × 19% = 19.00
    assert.equal(taxOn(50n, '19'), 10n); // 0.50 × 19% = 0.095 → 0.10
    assert.equal(taxOn(1234n, '7'), 86n); // 12.34 × 7% = 0.8638 → 0.86
    assert.equal(taxOn(1000n, '7.7'), 77n); // 10.00 × 7.7% = 0.77
    assert.throws(() => taxOn(100n, '101'), AppError);
  });
});

describe('computeTotals: tax once per rate on the sum of the line nets', () => {
  it('one line with a discount', () => {
    // net 53.97 (see above); 19% of 53.97 = 10.2543 → 10.25; total 64.22.
    const t = computeTotals([line('3', '19.99', '19', '10')], 'EUR');
    assert.equal(t.netMinor, 5397n);
    assert.equal(t.taxMinor, 1025n);
    assert.equal(t.totalMinor, 6422n);
    assert.deepEqual(t.taxes, [{ rate: '19', netMinor: 5397n, taxMinor: 1025n }]);
  });

  it('mixed rates 19% and 7%', () => {
    // Lines: 2 × 50.00 @19% = 100.00; 1 × 12.34 @7% = 12.34; 1 × 0.99 @19% = 0.99.
    // 19%: Σ nets 100.99 → 19.1881 → 19.19.   7%: 12.34 → 0.8638 → 0.86.
    // Net 113.33, tax 20.05, total 133.38.
    const t = computeTotals(
      [line('2', '50.00', '19'), line('1', '12.34', '7'), line('1', '0.99', '19')],
      'EUR',
    );
    assert.deepEqual(
      t.lines.map((l) => l.netMinor),
      [10000n, 1234n, 99n],
    );
    assert.deepEqual(t.taxes, [
      { rate: '19', netMinor: 10099n, taxMinor: 1919n },
      { rate: '7', netMinor: 1234n, taxMinor: 86n },
    ]);
    assert.equal(t.netMinor, 11333n);
    assert.equal(t.taxMinor, 2005n);
    assert.equal(t.totalMinor, 13338n);
  });

  it('rounds tax per rate, not per line', () => {
    // Three lines of 0.50 @19%. Per line: 0.095 → 0.10 each, 0.30 in all.
    // Per rate (the documented rule): 1.50 × 19% = 0.285 → 0.29.
    const t = computeTotals(
      [line('1', '0.50', '19'), line('1', '0.50', '19'), line('1', '0.50', '19')],
      'EUR',
    );
    assert.equal(t.taxMinor, 29n);
    assert.equal(t.totalMinor, 179n);
  });

  it('treats 19, 19.0 and 19.00 as one rate', () => {
    // 10.00 + 20.00 + 30.00 = 60.00 @19% = 11.40.
    const t = computeTotals(
      [line('1', '10', '19'), line('1', '20', '19.0'), line('1', '30', '19.00')],
      'EUR',
    );
    assert.deepEqual(t.taxes, [{ rate: '19', netMinor: 6000n, taxMinor: 1140n }]);
  });

  it('works in JPY and KWD', () => {
    // JPY: 3 × 333.5 = 1000.5 → 1001; 10% = 100.1 → 100; total 1101.
    const jpy = computeTotals([line('3', '333.5', '10')], 'JPY');
    assert.deepEqual([jpy.netMinor, jpy.taxMinor, jpy.totalMinor], [1001n, 100n, 1101n]);
    // KWD: 1.2345 → 1235 fils; 5% = 61.75 → 62; total 1297.
    const kwd = computeTotals([line('1', '1.2345', '5')], 'KWD');
    assert.deepEqual([kwd.netMinor, kwd.taxMinor, kwd.totalMinor], [1235n, 62n, 1297n]);
  });

  it('refuses an invoice without lines and names the bad line', () => {
    assert.throws(
      () => computeTotals([], 'EUR'),
      (e) => fieldOf(e) === 'lines',
    );
    assert.throws(
      () => computeTotals([line('1', '1'), line('x', '1')], 'EUR'),
      (e) => fieldOf(e) === 'lines[1].quantity',
    );
  });
});

describe('amount limit: a line (quantity × price) and the total stay within MAX_AMOUNT_MINOR', () => {
  it('refuses a line whose quantity × price exceeds 100 billion EUR, naming the line', () => {
    // Each factor is small; their product (10^6 × 10^6 = 10^12 EUR) is beyond 10^11 EUR.
    assert.throws(
      () => computeTotals([line('1000000', '1000000')], 'EUR'),
      (e: unknown) => fieldOf(e) === 'lines[0].unitPrice',
    );
  });

  it('refuses a total beyond the limit although each line is within it', () => {
    const big = line('1', '60000000000');
    assert.throws(
      () => computeTotals([big, big], 'EUR'),
      (e: unknown) => fieldOf(e) === 'lines',
    );
  });

  it('accepts exactly the limit', () => {
    assert.equal(computeTotals([line('1', '100000000000')], 'EUR').totalMinor, 10n ** 13n);
  });
});
