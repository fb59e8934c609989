import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kpiDecimal } from '../analytics/index.ts';
import { type KpiFigures, monthsOf, quarterKpis } from './kpi.service.ts';
import { NO_ACTIVITY } from './kpi-activity.service.ts';
import { NO_RETENTION } from './kpi-retention.service.ts';

const stock = (totalMinor: bigint, currentMinor = 0n) => ({ totalMinor, currentMinor, over90Minor: 0n });

/** A month of the CRF example: sales split evenly (the example gives only the quarter's sales). */
function month(end: string, ar: bigint, beginning: bigint, current = 0n): KpiFigures {
  return {
    end,
    days: 30,
    beginning: stock(beginning),
    ending: stock(ar, current),
    salesMinor: 47_881_064n / 3n + (end.endsWith('-31') ? 1n : 0n),
    badDebtMinor: 0n,
    activity: NO_ACTIVITY,
    retention: NO_RETENTION,
  };
}

describe('KPI report assembly', () => {
  it("a quarter of the CRF's worked example gives its DSO 30.41 and CEI 71.54", () => {
    // 47,881,064 = 15,960,355 + 15,960,354 + 15,960,355 (split so the quarter sums exactly).
    const q = quarterKpis(
      [
        { ...month('2026-01-31', 16_935_357n, 12_327_157n), salesMinor: 15_960_355n },
        { ...month('2026-02-28', 17_936_658n, 16_935_357n), salesMinor: 15_960_354n },
        { ...month('2026-03-31', 13_663_598n, 17_936_658n, 7_846_547n), salesMinor: 15_960_355n },
      ],
      NO_RETENTION,
    );
    assert.equal(q.figures.salesMinor, 47_881_064n);
    assert.equal(kpiDecimal(q.kpis.dso, 2), '30.41');
    assert.equal(kpiDecimal(q.kpis.cei, 2), '71.54');
  });

  it('measures a quarter’s best possible DSO in the same form as its DSO: all AR current → ADD 0, never below', () => {
    // The demo's first quarter: nothing owed at the end of January and February, everything
    // current at the end of March. The quarterly DSO averages the three month ends; a best
    // possible DSO of March's end alone over 90 days gave 69.95 against a DSO of 23.32 (ADD −46.63).
    const q = quarterKpis(
      [
        { ...month('2026-01-31', 0n, 0n), salesMinor: 0n },
        { ...month('2026-02-28', 0n, 0n), salesMinor: 0n },
        { ...month('2026-03-31', 214_646_914n, 0n, 214_646_914n), salesMinor: 276_186_334n },
      ],
      NO_RETENTION,
    );
    assert.equal(kpiDecimal(q.kpis.dso, 2), kpiDecimal(q.kpis.bestPossibleDso, 2));
    assert.equal(kpiDecimal(q.kpis.averageDaysDelinquent, 2), '0.00');
    // Half of each month end overdue: ADD is the overdue half of the DSO.
    const half = quarterKpis(
      [
        month('2026-01-31', 1_000n, 0n, 500n),
        month('2026-02-28', 2_000n, 1_000n, 1_000n),
        month('2026-03-31', 3_000n, 2_000n, 1_500n),
      ],
      NO_RETENTION,
    );
    assert.ok(half.kpis.averageDaysDelinquent !== null);
    assert.equal(kpiDecimal(half.kpis.averageDaysDelinquent, 4), kpiDecimal(half.kpis.bestPossibleDso, 4));
  });

  it('takes the months asked, oldest first, across a year end, and refuses the rest', () => {
    const today = '2026-02-10';
    assert.deepEqual(monthsOf({ from: '2025-11', to: '2026-02', currency: 'EUR', today }), [
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    const wrong: [string, string][] = [
      ['2026-1', '2026-02'],
      ['2026-02', '2026-01'],
      ['2026-01', '2026-03'],
      ['2023-01', '2026-01'],
      ['2026-13', '2026-01'],
    ];
    for (const [from, to] of wrong)
      assert.throws(() => monthsOf({ from, to, currency: 'EUR', today }), /month|before|after|at most/);
  });
});
