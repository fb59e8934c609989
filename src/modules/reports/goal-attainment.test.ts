/**
 * The goal rule: the shown value (two decimals, half away from zero, as the KPI report shows it)
 * against the target in hundredths; on the target is met for at most and at least; no value is
 * not computable; a goal over each currency combined; the periods a check judges.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { kpiDecimal } from '../analytics/index.ts';
import { goalsDueOn } from './goal-attainment.service.ts';
import {
  combinedStatus,
  hundredthsOf,
  judgeGoal,
  kpiValueOf,
  lastClosedPeriod,
  periodEnd,
  periodsBetween,
  shownHundredths,
} from './goal-attainment.ts';
import { goalInput } from './goals.input.ts';
import type { KpiGoal } from './goals.service.ts';
import type { KpiValues } from './kpi.service.ts';

const r = (num: bigint, den = 1n) => ({ num, den });
const TRILLION = 10n ** 12n;
const BILLION = 10n ** 9n;

describe('judgeGoal', () => {
  it('counts exactly the target as met, for at most and for at least', () => {
    assert.deepEqual(judgeGoal(r(35n), 'at_most', 3500n), { valueHundredths: 3500n, status: 'met' });
    assert.deepEqual(judgeGoal(r(35n), 'at_least', 3500n), { valueHundredths: 3500n, status: 'met' });
  });

  it('misses by a hundredth either side', () => {
    assert.equal(judgeGoal(r(3501n, 100n), 'at_most', 3500n).status, 'missed');
    assert.equal(judgeGoal(r(3499n, 100n), 'at_most', 3500n).status, 'met');
    assert.equal(judgeGoal(r(8999n, 100n), 'at_least', 9000n).status, 'missed');
    assert.equal(judgeGoal(r(9001n, 100n), 'at_least', 9000n).status, 'met');
  });

  it('judges the value as shown: 35.004 shows as 35.00 and is met, 35.005 shows as 35.01 and is missed', () => {
    assert.equal(judgeGoal(r(35004n, 1000n), 'at_most', 3500n).status, 'met');
    assert.deepEqual(judgeGoal(r(35005n, 1000n), 'at_most', 3500n), {
      valueHundredths: 3501n,
      status: 'missed',
    });
    // 1001 / 30 = 33.3666… → 33.37
    assert.equal(shownHundredths(r(1001n, 30n)), 3337n);
  });

  it('has no status but not_computable without a value', () => {
    assert.deepEqual(judgeGoal(null, 'at_most', 3500n), { valueHundredths: null, status: 'not_computable' });
    assert.deepEqual(judgeGoal(null, 'at_least', 0n), { valueHundredths: null, status: 'not_computable' });
  });

  it('rounds as the report shows its KPIs (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -TRILLION, max: TRILLION }),
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        (num, den) => {
          const shown = shownHundredths(r(num, den));
          assert.equal(hundredthsOf(kpiDecimal(r(num, den), 2) ?? ''), shown);
          assert.equal(shownHundredths(r(-num, -den)), shown);
        },
      ),
    );
  });

  it('meets at most t exactly when it does not exceed t, and at least t exactly when it is not below (property)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -BILLION, max: BILLION }),
        fc.bigInt({ min: -BILLION, max: BILLION }),
        (v, t) => {
          const value = r(v, 100n);
          assert.equal(judgeGoal(value, 'at_most', t).status === 'met', v <= t);
          assert.equal(judgeGoal(value, 'at_least', t).status === 'met', v >= t);
        },
      ),
    );
  });
});

describe('hundredthsOf', () => {
  it('reads the target exactly', () => {
    assert.equal(hundredthsOf('35'), 3500n);
    assert.equal(hundredthsOf('90.5'), 9050n);
    assert.equal(hundredthsOf('0.07'), 7n);
    assert.equal(hundredthsOf('-1.5'), -150n);
  });
});

describe('kpiValueOf', () => {
  const kpis = { dso: r(31n), countbackDso: { days: r(40n), complete: false } } as unknown as KpiValues;
  it('takes the KPI named, and no value from a countback DSO that is only a lower bound', () => {
    assert.deepEqual(kpiValueOf(kpis, 'dso'), r(31n));
    assert.equal(kpiValueOf(kpis, 'countbackDso'), null);
    const complete = { ...kpis, countbackDso: { days: r(40n), complete: true } } as KpiValues;
    assert.deepEqual(kpiValueOf(complete, 'countbackDso'), r(40n));
  });
});

describe('combinedStatus', () => {
  it('is missed if any currency missed, met if one met and none missed, else not computable', () => {
    assert.equal(combinedStatus(['met', 'missed', 'not_computable']), 'missed');
    assert.equal(combinedStatus(['met', 'not_computable']), 'met');
    assert.equal(combinedStatus(['not_computable']), 'not_computable');
    assert.equal(combinedStatus([]), 'not_computable');
  });
});

describe('periods', () => {
  it('closes a period the day after its last day', () => {
    assert.equal(lastClosedPeriod('month', '2026-07-01'), '2026-06');
    assert.equal(lastClosedPeriod('month', '2026-06-30'), '2026-05');
    assert.equal(lastClosedPeriod('quarter', '2026-07-01'), '2026-Q2');
    assert.equal(lastClosedPeriod('quarter', '2026-06-30'), '2026-Q1');
    assert.equal(lastClosedPeriod('quarter', '2026-01-01'), '2025-Q4');
    assert.equal(periodEnd('quarter', '2024-Q1'), '2024-03-31');
    assert.equal(periodEnd('month', '2024-02'), '2024-02-29');
  });

  it('lists the periods between two, across a year end', () => {
    assert.deepEqual(periodsBetween('month', '2025-11', '2026-02'), [
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    assert.deepEqual(periodsBetween('quarter', '2025-Q4', '2026-Q2'), ['2025-Q4', '2026-Q1', '2026-Q2']);
    assert.deepEqual(periodsBetween('month', '2026-03', '2026-02'), []);
  });
});

describe('goalsDueOn', () => {
  const goal = (createdAt: string, validFrom: string | null = null): KpiGoal => ({
    goalId: 'g',
    name: 'DSO',
    kpi: 'dso',
    comparison: 'at_most',
    target: '35.00',
    targetHundredths: 3500n,
    periodKind: 'month',
    currency: 'EUR',
    validFrom,
    notifyRoles: ['admin'],
    createdAt: new Date(createdAt),
    updatedAt: new Date(createdAt),
  });

  it('judges the just-closed period of a goal that existed on its last day, from validFrom on', () => {
    assert.deepEqual(
      goalsDueOn([goal('2026-06-30T23:00:00Z')], '2026-07-01').map((d) => d.period),
      ['2026-06'],
    );
    assert.deepEqual(goalsDueOn([goal('2026-07-01T00:10:00Z')], '2026-07-01'), []);
    assert.deepEqual(goalsDueOn([goal('2026-01-01T00:00:00Z', '2026-07')], '2026-07-01'), []);
    assert.equal(goalsDueOn([goal('2026-01-01T00:00:00Z', '2026-06')], '2026-07-01').length, 1);
  });
});

describe('goalInput', () => {
  const base = { name: 'DSO', kpi: 'dso', comparison: 'at_most', target: '35', periodKind: 'month' };
  const fields = (raw: unknown) => {
    const parsed = goalInput.safeParse(raw);
    return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
  };

  it('takes a goal with its defaults: each currency, every period, admins and credit managers told', () => {
    const g = goalInput.parse(base);
    assert.equal(g.currency, null);
    assert.equal(g.validFrom, null);
    assert.deepEqual(g.notifyRoles, ['admin', 'credit_manager']);
  });

  it('refuses what the report does not compute, a float-like target and a period of the other kind', () => {
    assert.deepEqual(fields({ ...base, kpi: 'dsoo' }), ['kpi']);
    assert.deepEqual(fields({ ...base, target: '35.001' }), ['target']);
    assert.deepEqual(fields({ ...base, target: 35 }), ['target']);
    assert.deepEqual(fields({ ...base, target: '3.5e1' }), ['target']);
    assert.deepEqual(fields({ ...base, validFrom: '2026-Q1' }), ['validFrom']);
    assert.deepEqual(fields({ ...base, periodKind: 'quarter', validFrom: '2026-03' }), ['validFrom']);
    assert.deepEqual(fields({ ...base, periodKind: 'quarter', kpi: 'countbackDso' }), ['kpi']);
    assert.deepEqual(fields({ ...base, currency: 'XXY' }), ['currency']);
    assert.deepEqual(fields({ ...base, comparison: 'below' }), ['comparison']);
  });
});
