import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  averageDaysDelinquent,
  averageOf,
  averagePer,
  badDebtRatio,
  bestPossibleDso,
  collectionEffectivenessIndex,
  countbackDso,
  crfQuarterlyDso,
  kpiDecimal,
  percentage,
  receivablesTurnover,
  simpleDso,
} from './kpi-formulas.ts';

/** The CRF's worked example is in whole currency units; cashloop holds cents. Both must agree. */
const CENTS = 100n;

describe('KPI formulas: the published worked examples', () => {
  it('CRF quarterly DSO: (16,935,357 + 17,936,658 + 13,663,598) × 30 / 47,881,064 = 30.41', () => {
    for (const unit of [1n, CENTS]) {
      const dso = crfQuarterlyDso(
        [16_935_357n * unit, 17_936_658n * unit, 13_663_598n * unit],
        47_881_064n * unit,
      );
      assert.equal(kpiDecimal(dso, 2), '30.41');
    }
  });

  it('CRF CEI: 12,327,157 + 47,881,064/3 − 13,663,598 over 12,327,157 + 47,881,064/3 − 7,846,547 = 71.54', () => {
    for (const unit of [1n, CENTS]) {
      const cei = collectionEffectivenessIndex({
        beginningArMinor: 12_327_157n * unit,
        salesMinor: 47_881_064n * unit,
        endingArMinor: 13_663_598n * unit,
        endingCurrentArMinor: 7_846_547n * unit,
        months: 3,
      });
      assert.equal(kpiDecimal(cei, 2), '71.54');
    }
  });

  it('countback DSO: AR 212,000 against 100,000 / 80,000 / 70,000 → 30 + 30 + 32/70 × 30 = 73.7', () => {
    const months = [100_000n, 80_000n, 70_000n].map((s) => ({ salesMinor: s * CENTS, days: 30 }));
    const result = countbackDso(212_000n * CENTS, months);
    assert.equal(result.complete, true);
    assert.equal(kpiDecimal(result.days, 1), '73.7');
    // Exactly 60 + 96/7 days, no rounding inside.
    assert.equal(result.days.num * 7n, (60n * 7n + 96n) * result.days.den);
  });
});

describe('KPI formulas: edges', () => {
  it('a KPI without sales or receivables is undefined, never 0 or infinite', () => {
    assert.equal(crfQuarterlyDso([1n, 2n, 3n], 0n), null);
    assert.equal(simpleDso(100n, 0n, 30), null);
    assert.equal(percentage(5n, 0n), null);
    assert.equal(badDebtRatio(5n, -1n), null);
    assert.equal(receivablesTurnover(100n, { num: 0n, den: 1n }), null);
    assert.equal(averageOf([]), null);
    assert.equal(kpiDecimal(null, 2), null);
    assert.equal(
      collectionEffectivenessIndex({
        beginningArMinor: 0n,
        salesMinor: 0n,
        endingArMinor: 0n,
        endingCurrentArMinor: 0n,
      }),
      null,
    );
  });

  it('countback: AR beyond every month given says so; a month without sales adds its days', () => {
    const beyond = countbackDso(500n, [
      { salesMinor: 100n, days: 31 },
      { salesMinor: 100n, days: 30 },
    ]);
    assert.deepEqual([beyond.complete, kpiDecimal(beyond.days, 0)], [false, '61']);
    const quiet = countbackDso(150n, [
      { salesMinor: 0n, days: 31 },
      { salesMinor: 300n, days: 30 },
    ]);
    assert.deepEqual([quiet.complete, kpiDecimal(quiet.days, 1)], [true, '46.0']);
    assert.deepEqual(countbackDso(0n, [{ salesMinor: 100n, days: 31 }]).days, { num: 0n, den: 1n });
  });

  it('ADD = DSO − best possible DSO, exact', () => {
    const dso = simpleDso(900n, 1_000n, 90);
    const best = bestPossibleDso(300n, 1_000n, 90);
    assert.equal(kpiDecimal(averageDaysDelinquent(dso, best), 2), '54.00');
    assert.equal(averageDaysDelinquent(dso, null), null);
  });

  it('turnover and bad-debt ratio', () => {
    assert.equal(
      kpiDecimal(receivablesTurnover(1_200n, averageOf([100n, 200n, 300n]) ?? { num: 0n, den: 1n }), 2),
      '6.00',
    );
    assert.equal(kpiDecimal(badDebtRatio(3n, 1_000n), 2), '0.30');
  });

  it('averages: days per invoice, amount-weighted days, undefined over nothing', () => {
    // Paid after 25, 40 and 30 days: 95 ÷ 3 = 31.67; weighted by 1,000 / 3,000 / 200: 151,000 ÷ 4,200.
    assert.equal(kpiDecimal(averagePer(95n, 3n), 2), '31.67');
    assert.equal(kpiDecimal(averagePer(25n * 1_000n + 40n * 3_000n + 30n * 200n, 4_200n), 2), '35.95');
    assert.equal(averagePer(0n, 0n), null);
    assert.equal(averagePer(5n, -1n), null);
  });
});

const amount = fc.bigInt({ min: 0n, max: 10n ** 13n });
const positiveAmount = fc.bigInt({ min: 1n, max: 10n ** 13n });

describe('KPI formulas: properties', () => {
  it('best possible DSO ≤ DSO when the current AR is part of the total (ADD ≥ 0)', () => {
    fc.assert(
      fc.property(amount, amount, positiveAmount, fc.integer({ min: 1, max: 366 }), (a, b, sales, days) => {
        const [current, total] = a <= b ? [a, b] : [b, a];
        const add = averageDaysDelinquent(
          simpleDso(total, sales, days),
          bestPossibleDso(current, sales, days),
        );
        assert.ok(add !== null && add.num >= 0n);
      }),
    );
  });

  it('CEI is at most 100 when the ending current AR is part of the ending AR', () => {
    fc.assert(
      fc.property(
        amount,
        amount,
        amount,
        amount,
        fc.integer({ min: 1, max: 12 }),
        (beginning, sales, a, b, months) => {
          const [current, ending] = a <= b ? [a, b] : [b, a];
          const cei = collectionEffectivenessIndex({
            beginningArMinor: beginning,
            salesMinor: sales,
            endingArMinor: ending,
            endingCurrentArMinor: current,
            months,
          });
          if (cei !== null) assert.ok(cei.num <= 100n * cei.den);
        },
      ),
    );
  });

  it('countback of exactly the first k months of sales is exactly their days', () => {
    const month = fc.record({ salesMinor: positiveAmount, days: fc.integer({ min: 28, max: 31 }) });
    fc.assert(
      fc.property(fc.array(month, { minLength: 1, maxLength: 12 }), fc.nat(), (months, pick) => {
        const k = 1 + (pick % months.length);
        const ar = months.slice(0, k).reduce((s, m) => s + m.salesMinor, 0n);
        const days = months.slice(0, k).reduce((s, m) => s + m.days, 0);
        const result = countbackDso(ar, months);
        assert.equal(result.complete, true);
        assert.equal(result.days.num, BigInt(days) * result.days.den);
      }),
    );
  });

  it('the quarterly DSO does not depend on the unit the amounts are held in', () => {
    fc.assert(
      fc.property(amount, amount, amount, positiveAmount, (a, b, c, sales) => {
        const whole = crfQuarterlyDso([a, b, c], sales);
        const cents = crfQuarterlyDso([a * CENTS, b * CENTS, c * CENTS], sales * CENTS);
        assert.equal(kpiDecimal(whole, 4), kpiDecimal(cents, 4));
      }),
    );
  });
});
