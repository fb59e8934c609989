import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays } from '../../shared/calendar-date.ts';
import {
  expectedReceipts,
  type ForecastOpenItem,
  type ForecastPromise,
  isoWeekOf,
  mondayOf,
} from './cash-forecast.ts';
import { bucketForecast } from './forecast-buckets.ts';
import type { PaymentDayEstimator } from './payment-day-estimator.ts';

/** Pays each customer's invoices a fixed number of days after the due date (the table below). */
function lateBy(days: Record<string, number>): PaymentDayEstimator {
  return {
    estimate(i) {
      const late = days[i.customerId] ?? 0;
      return {
        day: addDays(i.dueDate ?? i.issueDate, late),
        method: 'customer_history',
        daysLate: late,
        basedOn: 1,
      };
    },
  };
}

function item(
  over: Partial<ForecastOpenItem> & Pick<ForecastOpenItem, 'invoiceId' | 'openMinor'>,
): ForecastOpenItem {
  return {
    customerId: 'cust-1',
    currency: 'EUR',
    issueDate: '2026-11-01',
    dueDate: '2026-12-01',
    disputed: false,
    ...over,
  };
}

// As of Wednesday 2026-12-30: receipts from Thursday 2026-12-31, in ISO weeks 2026-W53 (Mon 28 Dec),
// 2027-W01 (Mon 4 Jan), 2027-W02 (Mon 11 Jan).
const FIRST_DAY = '2026-12-31';

describe('ISO weeks', () => {
  it('start on Monday and belong to the year of their Thursday, across a year end', () => {
    assert.equal(mondayOf('2027-01-01'), '2026-12-28');
    assert.equal(mondayOf('2027-01-03'), '2026-12-28'); // a Sunday closes its week
    assert.equal(mondayOf('2027-01-04'), '2027-01-04');
    assert.equal(isoWeekOf('2026-12-28'), '2026-W53'); // 2026 begins on a Thursday: 53 weeks
    assert.equal(isoWeekOf('2027-01-03'), '2026-W53');
    assert.equal(isoWeekOf('2027-01-04'), '2027-W01');
    assert.equal(isoWeekOf('2024-12-30'), '2025-W01'); // a Monday in December, already next year's week 1
    assert.equal(isoWeekOf('2021-01-03'), '2020-W53');
  });
});

describe('cash forecast', () => {
  const items = [
    item({ invoiceId: 'A', openMinor: 100_00n, dueDate: '2027-01-05' }), // due Tue of W01
    item({ invoiceId: 'B', openMinor: 50_00n, dueDate: '2026-12-01' }), // overdue: expected now
    item({ invoiceId: 'C', openMinor: 12_345n, currency: 'JPY', dueDate: '2027-01-10' }), // Sunday of W01
    item({ invoiceId: 'D', openMinor: 40_01n, dueDate: '2027-03-30' }), // after 3 weeks
    item({ invoiceId: 'E', openMinor: 70_00n, dueDate: '2027-01-05', disputed: true }),
    item({ invoiceId: 'F', openMinor: 80_00n, dueDate: '2027-01-20', customerId: 'cust-2' }),
  ];

  it('buckets each currency by ISO week, overdue into the first week, disputes apart, the rest later', () => {
    const expected = expectedReceipts(items, [], lateBy({ 'cust-2': 2 }), FIRST_DAY);
    const [eur, jpy] = bucketForecast(expected, items, FIRST_DAY, 3);
    assert.deepEqual(
      eur?.weeks.map((w) => [w.weekStart, w.isoWeek, w.expectedMinor, w.overdueMinor, w.invoices]),
      [
        ['2026-12-28', '2026-W53', 50_00n, 50_00n, 1],
        ['2027-01-04', '2027-W01', 100_00n, 0n, 1],
        ['2027-01-11', '2027-W02', 0n, 0n, 0],
      ],
    );
    // F is due Wednesday 20 January and its customer pays 2 days late: Friday 22, week 4, after the horizon.
    assert.deepEqual(eur?.later, {
      expectedMinor: 40_01n + 80_00n,
      promisedMinor: 0n,
      overdueMinor: 0n,
      invoices: 2,
    });
    assert.deepEqual(eur?.disputed, { amountMinor: 70_00n, invoices: 1 });
    assert.equal(eur?.openMinor, 340_01n);
    assert.deepEqual(
      eur?.days.map((d) => [d.day, d.expectedMinor]),
      [
        ['2026-12-31', 50_00n],
        ['2027-01-05', 100_00n],
      ],
    );
    assert.deepEqual(
      jpy?.weeks.map((w) => w.expectedMinor),
      [0n, 12_345n, 0n],
    );
  });

  it('lets a promise take its invoices’ open amounts on its day, oldest due first, the rest on their estimate', () => {
    const promise: ForecastPromise = {
      promiseId: 'P1',
      customerId: 'cust-1',
      currency: 'EUR',
      amountMinor: 120_00n,
      promisedOn: '2027-01-12',
      invoiceIds: ['F', 'A'],
    };
    const expected = expectedReceipts(items, [promise], lateBy({ 'cust-2': -10 }), FIRST_DAY);
    const [eur] = bucketForecast(expected, items, FIRST_DAY, 3);
    // A (due 5 Jan) gives all its 100.00, F (due 20 Jan) the other 20.00; F's 60.00 left is expected
    // 10 days early, Sunday 10 January.
    assert.deepEqual(
      eur?.weeks.map((w) => [w.expectedMinor, w.promisedMinor, w.invoices]),
      [
        [50_00n, 0n, 1],
        [60_00n, 0n, 1],
        [120_00n, 120_00n, 2],
      ],
    );
    const f = expected.receipts
      .filter((r) => r.invoiceId === 'F')
      .map((r) => [r.source, r.amountMinor, r.day]);
    assert.deepEqual(f, [
      ['promise', 20_00n, '2027-01-12'],
      ['customer_history', 60_00n, '2027-01-10'],
    ]);
  });

  it('never expects a disputed invoice, even under a promise; a promise past its day is expected now', () => {
    const promises: ForecastPromise[] = [
      {
        promiseId: 'P2',
        customerId: 'cust-1',
        currency: 'EUR',
        amountMinor: 500_00n,
        promisedOn: '2026-12-20',
        invoiceIds: ['E', 'B'],
      },
    ];
    const expected = expectedReceipts(items, promises, lateBy({}), FIRST_DAY);
    assert.deepEqual(
      expected.receipts
        .filter((r) => r.source === 'promise')
        .map((r) => [r.invoiceId, r.amountMinor, r.day, r.overdue]),
      [['B', 50_00n, FIRST_DAY, true]],
    );
    assert.equal(
      expected.receipts.some((r) => r.invoiceId === 'E'),
      false,
    );
    assert.deepEqual(
      expected.disputed.map((i) => i.invoiceId),
      ['E'],
    );
  });

  it('spreads a promise of the customer overall over its open invoices in the promise currency', () => {
    const promises: ForecastPromise[] = [
      {
        promiseId: 'P3',
        customerId: 'cust-1',
        currency: 'EUR',
        amountMinor: 160_00n,
        promisedOn: '2027-01-08',
        invoiceIds: [],
      },
    ];
    const expected = expectedReceipts(items, promises, lateBy({}), FIRST_DAY);
    const promised = expected.receipts
      .filter((r) => r.source === 'promise')
      .map((r) => [r.invoiceId, r.amountMinor]);
    // oldest due first: B (1 Dec) 50.00, A (5 Jan) 100.00, D (30 Mar) 10.00; not JPY C, disputed E nor cust-2's F
    assert.deepEqual(promised, [
      ['B', 50_00n],
      ['A', 100_00n],
      ['D', 10_00n],
    ]);
  });

  it('keeps every minor unit: per currency, weeks + later + disputed = open (property)', () => {
    const anItem = fc.record({
      invoiceId: fc.uuid(),
      customerId: fc.constantFrom('c1', 'c2', 'c3'),
      currency: fc.constantFrom('EUR', 'JPY', 'KWD'),
      issueDate: fc.constant('2026-10-01'),
      dueDate: fc.option(
        fc.integer({ min: -120, max: 200 }).map((d) => addDays(FIRST_DAY, d)),
        { nil: null },
      ),
      openMinor: fc.bigInt({ min: 1n, max: 10n ** 12n }),
      disputed: fc.boolean(),
    });
    const aPromise = fc.record({
      promiseId: fc.uuid(),
      customerId: fc.constantFrom('c1', 'c2', 'c3'),
      currency: fc.constantFrom('EUR', 'JPY', 'KWD'),
      amountMinor: fc.bigInt({ min: 1n, max: 10n ** 12n }),
      promisedOn: fc.integer({ min: -30, max: 120 }).map((d) => addDays(FIRST_DAY, d)),
      invoiceIds: fc.constant([] as string[]),
    });
    fc.assert(
      fc.property(
        fc.array(anItem, { maxLength: 30 }),
        fc.array(aPromise, { maxLength: 5 }),
        fc.integer({ min: 1, max: 26 }),
        (its, ps, weeks) => {
          const forecast = bucketForecast(
            expectedReceipts(its, ps, lateBy({ c2: 9, c3: -4 }), FIRST_DAY),
            its,
            FIRST_DAY,
            weeks,
          );
          for (const c of forecast) {
            const inWeeks = c.weeks.reduce((s, w) => s + w.expectedMinor, 0n);
            const inDays = c.days.reduce((s, d) => s + d.expectedMinor, 0n);
            assert.equal(inWeeks, inDays);
            assert.equal(inWeeks + c.later.expectedMinor + c.disputed.amountMinor, c.openMinor);
            assert.equal(c.weeks.length, weeks);
            for (const w of c.weeks.slice(1)) assert.equal(w.overdueMinor, 0n);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
