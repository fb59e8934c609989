import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InterestTerms } from './dunning.types.ts';
import { annualRatePct, computeInterest } from './interest.ts';
import { interestPeriod } from './letter-charges.ts';

/** 12.62 % = base rate 3.62 % + 9 points (German B2B statutory interest in 2024). */
const STATUTORY: InterestTerms = {
  dayCount: 'act/365',
  marginPct: '9',
  baseRates: [{ effectiveFrom: '2020-01-01', ratePct: '3.62' }],
};
const TEN_THOUSAND = 1_000_000n; // 10,000.00 EUR in cents

describe('computeInterest', () => {
  it('10,000.00 EUR at 12.62 % for 31 days act/365 = 107.18 EUR', () => {
    // 1,000,000 × 12.62 / 100 × 31 / 365 = 10,718.36 cents → 10,718 = 107.18.
    const r = computeInterest(
      [{ on: '2025-12-01', deltaMinor: TEN_THOUSAND }],
      '2026-01-01',
      '2026-01-31',
      STATUTORY,
    );
    assert.equal(r.interestMinor, 10_718n);
    assert.equal(r.days, 31);
    assert.deepEqual(
      r.segments.map((s) => [s.from, s.through, s.days, s.principalMinor, s.ratePct, s.divisor]),
      [['2026-01-01', '2026-01-31', 31, TEN_THOUSAND, '12.62', 365]],
    );
  });

  it('lowers the principal from the day of a partial payment', () => {
    // Due 01-31; 4,000.00 paid on 02-16; charged 02-01 … 03-03 (31 days, February 2026 has 28).
    // 02-01 … 02-15: 15 days on 10,000.00; 02-16 … 03-03: 16 days on 6,000.00.
    // (1,000,000 × 15 + 600,000 × 16) × 0.1262 / 365 = 3,104,520 / 365 = 8,505.53 → 85.06 EUR.
    const changes = [
      { on: '2026-01-01', deltaMinor: TEN_THOUSAND },
      { on: '2026-02-16', deltaMinor: -400_000n },
    ];
    const r = computeInterest(changes, '2026-02-01', '2026-03-03', STATUTORY);
    assert.equal(r.interestMinor, 8_506n);
    assert.deepEqual(
      r.segments.map((s) => [s.days, s.principalMinor]),
      [
        [15, TEN_THOUSAND],
        [16, 600_000n],
      ],
    );
    // The exact sum is kept unrounded: 3,104,520 / 365 reduced.
    assert.equal(r.exact.num * 365n, r.exact.den * 3_104_520n);
  });

  it('raises the principal again when a payment is unapplied', () => {
    // Paid in full 01-11, unapplied 01-21: 10 + 11 days on 10,000.00, 10 days on nothing.
    // 1,000,000 × 0.1262 × 21 / 365 = 7,260.82 → 72.61 EUR.
    const changes = [
      { on: '2025-12-01', deltaMinor: TEN_THOUSAND },
      { on: '2026-01-11', deltaMinor: -TEN_THOUSAND },
      { on: '2026-01-21', deltaMinor: TEN_THOUSAND },
    ];
    assert.equal(computeInterest(changes, '2026-01-01', '2026-01-31', STATUTORY).interestMinor, 7_261n);
  });

  it('counts act/360 and act/act as asked', () => {
    const open = [{ on: '2023-01-01', deltaMinor: TEN_THOUSAND }];
    // act/360: 1,000,000 × 0.1262 × 31 / 360 = 10,867.22 → 108.67.
    const d360 = computeInterest(open, '2026-01-01', '2026-01-31', { ...STATUTORY, dayCount: 'act/360' });
    assert.equal(d360.interestMinor, 10_867n);
    // act/act over New Year 2024 (a leap year): 15 days of 2023 over 365, 15 days of 2024 over 366:
    // 126,200 × (15/365 + 15/366) = 5,186.30 + 5,172.13 = 10,358.43 → 103.58.
    const act = computeInterest(open, '2023-12-17', '2024-01-15', { ...STATUTORY, dayCount: 'act/act' });
    assert.equal(act.interestMinor, 10_358n);
    assert.deepEqual(
      act.segments.map((s) => [s.days, s.divisor]),
      [
        [15, 365],
        [15, 366],
      ],
    );
  });

  it('follows base-rate changes from their effective date', () => {
    const terms: InterestTerms = {
      ...STATUTORY,
      baseRates: [
        { effectiveFrom: '2026-01-01', ratePct: '3.62' },
        { effectiveFrom: '2026-07-01', ratePct: '3.37' },
      ],
    };
    // 06-21 … 06-30 at 12.62 %, 07-01 … 07-10 at 12.37 %:
    // 1,000,000 × (12.62 × 10 + 12.37 × 10) / 100 / 365 = 2,499,000 / 365 = 6,846.58 → 68.47.
    const r = computeInterest(
      [{ on: '2026-01-01', deltaMinor: TEN_THOUSAND }],
      '2026-06-21',
      '2026-07-10',
      terms,
    );
    assert.equal(r.interestMinor, 6_847n);
    assert.deepEqual(
      r.segments.map((s) => s.ratePct),
      ['12.62', '12.37'],
    );
  });

  it('never charges a negative rate, nor before the first base rate', () => {
    const negative: InterestTerms = {
      ...STATUTORY,
      marginPct: '0.5',
      baseRates: [{ effectiveFrom: '2020-01-01', ratePct: '-0.88' }],
    };
    assert.deepEqual(annualRatePct(negative, '2021-01-01'), { num: 0n, den: 1n });
    const open = [{ on: '2020-06-01', deltaMinor: TEN_THOUSAND }];
    assert.equal(computeInterest(open, '2021-01-01', '2021-12-31', negative).interestMinor, 0n);
    assert.equal(annualRatePct(STATUTORY, '2019-12-31'), null);
    assert.equal(computeInterest(open, '2019-12-01', '2019-12-31', STATUTORY).interestMinor, 0n);
  });

  it('rounds the exact sum once, half away from zero', () => {
    // 1.80 at 100 % for one day act/360 = 180 / 360 = 0.5 cent → 1 cent.
    const terms: InterestTerms = {
      dayCount: 'act/360',
      marginPct: '0',
      baseRates: [{ effectiveFrom: '2020-01-01', ratePct: '100' }],
    };
    const r = computeInterest([{ on: '2026-01-01', deltaMinor: 180n }], '2026-01-02', '2026-01-02', terms);
    assert.deepEqual([r.exact.num, r.exact.den, r.interestMinor], [1n, 2n, 1n]);
    // 1.79 for one day: 0.497… → 0.
    assert.equal(
      computeInterest([{ on: '2026-01-01', deltaMinor: 179n }], '2026-01-02', '2026-01-02', terms)
        .interestMinor,
      0n,
    );
  });
});

describe('interestPeriod', () => {
  it('starts the day after the due date, or the day after interest was last charged, through asOf', () => {
    assert.deepEqual(interestPeriod({ dueDate: '2026-01-31', interestThrough: null }, '2026-03-03'), {
      from: '2026-02-01',
      through: '2026-03-03',
    });
    assert.deepEqual(interestPeriod({ dueDate: '2026-01-31', interestThrough: '2026-02-21' }, '2026-03-03'), {
      from: '2026-02-22',
      through: '2026-03-03',
    });
    // Charged through asOf already, or not yet past due: nothing.
    assert.equal(
      interestPeriod({ dueDate: '2026-01-31', interestThrough: '2026-03-03' }, '2026-03-03'),
      null,
    );
    assert.equal(interestPeriod({ dueDate: '2026-03-03', interestThrough: null }, '2026-03-03'), null);
  });
});
