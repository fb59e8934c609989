/**
 * Fast date arithmetic for the planner's hot loops over 100,000 invoices: the same results as
 * `addDays` / `daysBetween` of shared/calendar-date.ts, through day numbers (days since
 * 1970-01-01) memoised per date string — a run touches a few hundred distinct dates, each parsed
 * and formatted once.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';

const toNumber = new Map<CalendarDate, number>();
const toDate = new Map<number, CalendarDate>();
const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a valid 'YYYY-MM-DD' date. */
export function dayNumber(date: CalendarDate): number {
  const cached = toNumber.get(date);
  if (cached !== undefined) return cached;
  const m = ISO_DATE.exec(date);
  const n = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY : Number.NaN;
  if (!Number.isInteger(n) || dateOfDay(n) !== date) throw new Error(`invalid date ${date}`);
  toNumber.set(date, n);
  return n;
}

/** The 'YYYY-MM-DD' date of a day number. */
export function dateOfDay(n: number): CalendarDate {
  const cached = toDate.get(n);
  if (cached !== undefined) return cached;
  const date = new Date(n * MS_PER_DAY).toISOString().slice(0, 10);
  toDate.set(n, date);
  return date;
}

/** `plusDays('2026-02-27', 2) === '2026-03-01'`. */
export function plusDays(date: CalendarDate, days: number): CalendarDate {
  return dateOfDay(dayNumber(date) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysFrom(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}
