import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { RateInForce } from '../fx/index.ts';
import { toBase } from '../ledger/index.ts';
import { type ExposureItem, exposureOf, isMonthEnd, maturityOf } from './exposure.ts';

const rate = (r: string): RateInForce => ({ rate: r, rateDate: '2026-11-30', via: 'direct', source: 'ecb' });
const item = (over: Partial<ExposureItem>): ExposureItem => ({
  currency: 'USD',
  kind: 'invoice',
  dueDate: '2026-11-30',
  amountMinor: 100n,
  baseMinor: 90n,
  ...over,
});

describe('FX exposure', () => {
  it('buckets by due date against the day: due that day is not overdue, 30/31, 90/91 days apart', () => {
    const asOf = '2026-11-30';
    const bucket = (dueDate: string) => maturityOf({ kind: 'invoice', dueDate }, asOf);
    assert.equal(bucket('2026-11-29'), 'overdue');
    assert.equal(bucket('2026-11-30'), 'due_0_30');
    assert.equal(bucket('2026-12-30'), 'due_0_30');
    assert.equal(bucket('2026-12-31'), 'due_31_60');
    assert.equal(bucket('2027-02-28'), 'due_61_90');
    assert.equal(bucket('2027-03-01'), 'due_over_90');
    assert.equal(maturityOf({ kind: 'unapplied', dueDate: null }, asOf), 'unapplied');
  });

  it('revalues each item on its own, so buckets add up to the currency to the cent', () => {
    // 3 × 0.01 USD at 0.5: each 0.005 → 0.01 (half away from zero) = 0.03, not round(0.015) = 0.02.
    const items = [1, 2, 3].map((d) => item({ dueDate: `2026-12-0${d}`, amountMinor: 1n, baseMinor: 1n }));
    const [usd] = exposureOf(items, new Map([['USD', rate('0.5')]]), 'EUR', '2026-11-30');
    assert.equal(usd?.revaluedBaseMinor, 3n);
    assert.equal(usd?.differenceMinor, 0n);
  });

  it('leaves the revalued amounts null for a currency without a rate, and keeps its carrying amounts', () => {
    const [jpy] = exposureOf(
      [item({ currency: 'JPY', amountMinor: 1000n, baseMinor: 650n })],
      new Map(),
      'EUR',
      '2026-11-30',
    );
    assert.deepEqual(
      [jpy?.carryingBaseMinor, jpy?.revaluedBaseMinor, jpy?.differenceMinor],
      [650n, null, null],
    );
  });

  it('sums of the buckets equal the currency’s figures, and the difference is revalued − carrying (property)', () => {
    const arbItem = fc.record({
      currency: fc.constantFrom('USD', 'GBP'),
      kind: fc.constantFrom('invoice' as const, 'unapplied' as const),
      dueDate: fc
        .integer({ min: -200, max: 200 })
        .map((d) => new Date(Date.UTC(2026, 10, 30 + d)).toISOString().slice(0, 10)),
      amountMinor: fc.bigInt({ min: -10_000_000n, max: 10_000_000n }),
      baseMinor: fc.bigInt({ min: -10_000_000n, max: 10_000_000n }),
    });
    fc.assert(
      fc.property(fc.array(arbItem, { maxLength: 40 }), (items) => {
        const rates = new Map([
          ['USD', rate('0.9523809524')],
          ['GBP', rate('1.1494252874')],
        ]);
        for (const c of exposureOf(items, rates, 'EUR', '2026-11-30')) {
          const sum = (k: 'amountMinor' | 'carryingBaseMinor' | 'revaluedBaseMinor') =>
            c.buckets.reduce((s, b) => s + (b[k] ?? 0n), 0n);
          assert.equal(sum('amountMinor'), c.amountMinor);
          assert.equal(sum('carryingBaseMinor'), c.carryingBaseMinor);
          assert.equal(sum('revaluedBaseMinor'), c.revaluedBaseMinor);
          const own = items.filter((i) => i.currency === c.currency);
          const revalued = own.reduce(
            (s, i) => s + toBase(i.amountMinor, c.currency, 'EUR', c.rate?.rate ?? '1'),
            0n,
          );
          assert.equal(c.revaluedBaseMinor, revalued);
          assert.equal(c.differenceMinor, revalued - c.carryingBaseMinor);
        }
      }),
    );
  });

  it('knows a month end, also in February of a leap year', () => {
    assert.equal(isMonthEnd('2028-02-29'), true);
    assert.equal(isMonthEnd('2027-02-28'), true);
    assert.equal(isMonthEnd('2028-02-28'), false);
    assert.equal(isMonthEnd('2026-11-30'), true);
  });
});
