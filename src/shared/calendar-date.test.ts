import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  addDays,
  assertAsOfNotFuture,
  daysBetween,
  endOfMonth,
  isAcceptedDate,
  isCalendarDate,
  todayUtc,
} from './calendar-date.ts';
import { AppError } from './errors.ts';

describe('isCalendarDate', () => {
  it('knows leap years: divisible by 4, except centuries, except every 400th year', () => {
    assert.equal(isCalendarDate('2024-02-29'), true);
    assert.equal(isCalendarDate('2023-02-29'), false);
    assert.equal(isCalendarDate('2000-02-29'), true);
    assert.equal(isCalendarDate('1900-02-29'), false);
    assert.equal(isCalendarDate('2100-02-29'), false);
  });

  it('refuses impossible and malformed dates', () => {
    for (const text of [
      '2024-04-31',
      '2024-13-01',
      '2024-00-10',
      '2024-1-5',
      '24-01-05',
      '2024-01-05T00:00',
    ]) {
      assert.equal(isCalendarDate(text), false, text);
    }
  });
});

describe('endOfMonth', () => {
  it('gives the last day of the month, February by leap year', () => {
    assert.equal(endOfMonth('2024-02-10'), '2024-02-29');
    assert.equal(endOfMonth('2023-02-10'), '2023-02-28');
    assert.equal(endOfMonth('2000-02-01'), '2000-02-29');
    assert.equal(endOfMonth('1900-02-01'), '1900-02-28');
    assert.equal(endOfMonth('2024-04-30'), '2024-04-30');
    assert.equal(endOfMonth('2024-12-01'), '2024-12-31');
    assert.equal(endOfMonth('2025-01-31'), '2025-01-31');
  });
});

describe('addDays and daysBetween', () => {
  it('crosses month, year and leap-day boundaries', () => {
    assert.equal(addDays('2024-02-28', 1), '2024-02-29');
    assert.equal(addDays('2023-02-28', 1), '2023-03-01');
    assert.equal(addDays('2024-12-31', 1), '2025-01-01');
    assert.equal(addDays('2024-03-01', -1), '2024-02-29');
    assert.equal(addDays('2024-01-31', 30), '2024-03-01'); // 29 days of Feb 2024 + 1
  });

  it('ignores daylight-saving changes (UTC arithmetic)', () => {
    // Europe switches to summer time on 2024-03-31; a day is still a day.
    assert.equal(addDays('2024-03-30', 2), '2024-04-01');
    assert.equal(daysBetween('2024-03-30', '2024-04-01'), 2);
  });

  it('counts 366 days in a leap year and signs the direction', () => {
    assert.equal(daysBetween('2024-01-01', '2025-01-01'), 366);
    assert.equal(daysBetween('2023-01-01', '2024-01-01'), 365);
    assert.equal(daysBetween('2024-03-15', '2024-03-01'), -14);
  });

  it('refuses malformed dates', () => {
    assert.throws(() => addDays('2023-02-29', 1));
    assert.throws(() => endOfMonth('31.01.2024'));
  });

  it('takes today from a UTC instant', () => {
    assert.equal(todayUtc(new Date('2024-02-29T23:59:59Z')), '2024-02-29');
  });
});

it('isCalendarDate agrees with the calendar of Date for every day-month pair of 1899–2101', () => {
  const viaDate = (t: string) => {
    const d = new Date(`${t}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === t;
  };
  for (let y = 1899; y <= 2101; y++)
    for (let m = 0; m <= 13; m++)
      for (let d = 0; d <= 32; d++) {
        const text = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
        assert.equal(isCalendarDate(text), viaDate(text), text);
      }
});

describe('isAcceptedDate: real dates from 1900-01-01 to 2199-12-31', () => {
  it('accepts the bounds and refuses year 0001, 1899 and 9999', () => {
    assert.equal(isAcceptedDate('1900-01-01'), true);
    assert.equal(isAcceptedDate('2199-12-31'), true);
    assert.equal(isAcceptedDate('2026-02-28'), true);
    for (const d of ['0001-01-01', '1899-12-31', '2200-01-01', '9999-12-31', '2026-02-30'])
      assert.equal(isAcceptedDate(d), false, d);
  });
});

describe('assertAsOfNotFuture: state-changing runs act on today or earlier', () => {
  const now = new Date('2026-03-31T12:00:00Z');
  it('accepts past dates, today, and the date already begun east of UTC', () => {
    assert.equal(assertAsOfNotFuture('2026-03-31', now), '2026-03-31');
    assert.equal(assertAsOfNotFuture('1999-12-31', now), '1999-12-31');
    // 12:00 UTC is 02:00 on April 1 in UTC+14 (Kiribati): a run for that local date is fine.
    assert.equal(assertAsOfNotFuture('2026-04-01', now), '2026-04-01');
  });
  it('refuses a later date, naming the field', () => {
    for (const asOf of ['2026-04-02', '2099-03-31'])
      assert.throws(
        () => assertAsOfNotFuture(asOf, now),
        (e: unknown) =>
          e instanceof AppError && e.code === 'validation_failed' && e.details[0]?.field === 'asOf',
      );
  });
});
