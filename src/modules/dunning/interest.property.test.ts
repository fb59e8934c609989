/**
 * Interest against an independent day-by-day reference: for each day, the balance at the end of
 * that day × the rate in force / the year basis, added as exact fractions. Also: a period split in
 * two sums to the whole (so charging "since the last charge" never loses or repeats a day), one
 * rounding within half a minor unit, and paying more never costs more interest.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays, type CalendarDate, daysBetween } from '../../shared/calendar-date.ts';
import type { DayCount, InterestTerms } from './dunning.types.ts';
import { type BalanceChange, computeInterest } from './interest.ts';

const START = '2023-11-01';

/** Exact fraction [num, den] with plain bigint steps; den > 0. */
type Frac = [bigint, bigint];
const plus = ([a, b]: Frac, [c, d]: Frac): Frac => [a * d + c * b, b * d];
const sameValue = ([a, b]: Frac, [c, d]: Frac) => a * d === c * b;

function decimalFrac(text: string): Frac {
  const negative = text.startsWith('-');
  const [whole = '0', frac = ''] = text.replace('-', '').split('.');
  const num = BigInt(whole + frac);
  return [negative ? -num : num, 10n ** BigInt(frac.length)];
}

/** The reference: one term per day. */
function dayByDay(
  changes: BalanceChange[],
  from: CalendarDate,
  through: CalendarDate,
  terms: InterestTerms,
): Frac {
  let total: Frac = [0n, 1n];
  for (let d = from; d <= through; d = addDays(d, 1)) {
    const principal = changes.filter((c) => c.on <= d).reduce((s, c) => s + c.deltaMinor, 0n);
    const base = terms.baseRates.filter((r) => r.effectiveFrom <= d).at(-1);
    if (!base || principal <= 0n) continue;
    const [rn, rd] = plus(decimalFrac(base.ratePct), decimalFrac(terms.marginPct));
    if (rn <= 0n) continue;
    const year = Number(d.slice(0, 4));
    const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    const divisor = { 'act/365': 365n, 'act/360': 360n, 'act/act': leap ? 366n : 365n }[terms.dayCount];
    total = plus(total, [principal * rn, rd * 100n * divisor]);
  }
  return total;
}

const rateText = fc
  .tuple(fc.integer({ min: -200, max: 2000 }), fc.constantFrom(0, 1, 2, 3))
  .map(([cents, places]) => (places === 0 ? String(Math.trunc(cents / 100)) : (cents / 100).toFixed(places)));

const termsArb = fc.record({
  dayCount: fc.constantFrom<DayCount>('act/365', 'act/360', 'act/act'),
  marginPct: fc.constantFrom('0', '5', '8', '9', '0.5'),
  baseRates: fc
    .uniqueArray(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 4 })
    .chain((days) =>
      fc.tuple(
        ...days
          .sort((a, b) => a - b)
          .map((d) => rateText.map((ratePct) => ({ effectiveFrom: addDays(START, d), ratePct }))),
      ),
    ),
});

/** An issue on START, then payments (and an occasional unapply, a raise) on random days. */
const changesArb = fc
  .tuple(
    fc.bigInt({ min: 1n, max: 10n ** 9n }),
    fc.array(fc.tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: -40, max: 10 })), { maxLength: 8 }),
  )
  .map(([total, moves]): BalanceChange[] => [
    { on: START, deltaMinor: total },
    ...moves.map(([day, pct]) => ({ on: addDays(START, day), deltaMinor: (total * BigInt(pct)) / 100n })),
  ]);

const periodArb = fc
  .tuple(fc.integer({ min: 0, max: 220 }), fc.integer({ min: 0, max: 220 }))
  .map(([a, b]) => ({ from: addDays(START, Math.min(a, b)), through: addDays(START, Math.max(a, b)) }));

describe('computeInterest (properties)', () => {
  it('equals the day-by-day sum exactly and rounds it once within half a minor unit', () => {
    fc.assert(
      fc.property(changesArb, periodArb, termsArb, (changes, { from, through }, terms) => {
        const r = computeInterest(changes, from, through, terms);
        assert.ok(sameValue([r.exact.num, r.exact.den], dayByDay(changes, from, through, terms)));
        const twice = 2n * (r.interestMinor * r.exact.den - r.exact.num);
        assert.ok(twice <= r.exact.den && twice >= -r.exact.den, 'rounding off by more than half a unit');
        assert.equal(r.days, daysBetween(from, through) + 1);
      }),
      { numRuns: 300 },
    );
  });

  it('splits at any day into two periods that add up to the whole', () => {
    fc.assert(
      fc.property(
        changesArb,
        periodArb,
        termsArb,
        fc.integer({ min: 0, max: 220 }),
        (changes, p, terms, k) => {
          const length = daysBetween(p.from, p.through);
          const cut = addDays(p.from, k % (length + 1));
          const whole = computeInterest(changes, p.from, p.through, terms).exact;
          const first = computeInterest(changes, p.from, cut, terms).exact;
          const second = computeInterest(changes, addDays(cut, 1), p.through, terms).exact;
          assert.ok(
            sameValue([whole.num, whole.den], plus([first.num, first.den], [second.num, second.den])),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never charges more when more is paid, or paid earlier', () => {
    fc.assert(
      fc.property(
        changesArb,
        periodArb,
        termsArb,
        fc.integer({ min: 1, max: 200 }),
        fc.bigInt({ min: 1n, max: 10n ** 8n }),
        (changes, { from, through }, terms, day, amount) => {
          const paid = [...changes, { on: addDays(START, day), deltaMinor: -amount }];
          const before = computeInterest(changes, from, through, terms);
          const after = computeInterest(paid, from, through, terms);
          assert.ok(after.exact.num * before.exact.den <= before.exact.num * after.exact.den);
          assert.ok(after.interestMinor <= before.interestMinor);
        },
      ),
      { numRuns: 300 },
    );
  });
});
