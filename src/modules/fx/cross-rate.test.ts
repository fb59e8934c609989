import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseDecimal } from '../../shared/decimal.ts';
import { rateFrom, type StoredQuote } from './cross-rate.ts';

const q = (reference: string, currency: string, rate: string, rateDate = '2026-12-04'): StoredQuote => ({
  reference,
  currency,
  rate,
  rateDate,
  source: 'ecb',
});

describe('rateFrom', () => {
  it('gives base per unit: the inverse of a quote per base, a cross rate through the euro', () => {
    assert.equal(rateFrom([q('EUR', 'USD', '1.25')], 'USD', 'EUR')?.rate, '0.8000000000');
    assert.equal(rateFrom([q('EUR', 'USD', '1.25')], 'EUR', 'USD')?.rate, '1.2500000000');
    // A CHF-based tenant's invoice in USD: CHF per USD = 0.9312 / 1.0543.
    const cross = rateFrom([q('EUR', 'USD', '1.0543'), q('EUR', 'CHF', '0.9312')], 'USD', 'CHF');
    assert.deepEqual(cross, { rate: '0.8832400645', rateDate: '2026-12-04', via: 'EUR', source: 'ecb' });
  });

  it('takes the candidate whose older quote is latest, dating it by that older quote', () => {
    const quotes = [
      q('EUR', 'USD', '1.05', '2026-12-04'),
      q('EUR', 'GBP', '0.83', '2026-11-20'),
      q('GBP', 'USD', '1.27', '2026-12-01'),
    ];
    assert.deepEqual(rateFrom(quotes, 'USD', 'GBP'), {
      rate: '0.7874015748',
      rateDate: '2026-12-01',
      via: 'direct',
      source: 'ecb',
    });
  });

  it('is null when nothing links the two, and for the base itself', () => {
    assert.equal(rateFrom([q('EUR', 'USD', '1.05')], 'JPY', 'EUR'), null);
    assert.equal(rateFrom([q('EUR', 'USD', '1.05')], 'EUR', 'EUR'), null);
  });

  it('rounds a cross rate to 10 decimals, within half a unit of the exact quotient (property)', () => {
    const rate = fc.tuple(fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: 0, max: 6 }));
    fc.assert(
      fc.property(rate, rate, ([a, ap], [b, bp]) => {
        const text = (n: number, p: number) =>
          p === 0 ? String(n) : `${String(n).slice(0, -p) || '0'}.${String(n).padStart(p, '0').slice(-p)}`;
        const [base, cur] = [text(a, ap), text(b, bp)];
        const got = rateFrom([q('EUR', 'CHF', base), q('EUR', 'USD', cur)], 'USD', 'CHF');
        const r = parseDecimal(got?.rate ?? 'x');
        const x = parseDecimal(base);
        const y = parseDecimal(cur);
        if (!r || !x || !y) return false;
        // |r − x/y| ≤ ½·10⁻¹⁰  ⇔  |2·10¹⁰·(r.num·x.den·y.num − x.num·y.den·r.den)| ≤ r.den·x.den·y.num
        const diff = r.num * x.den * y.num - x.num * y.den * r.den;
        const abs = diff < 0n ? -diff : diff;
        return 2n * 10n ** 10n * abs <= r.den * x.den * y.num;
      }),
    );
  });
});
