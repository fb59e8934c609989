/**
 * CalendarDate: a business date as 'YYYY-MM-DD', with no time zone. Arithmetic is done in UTC
 * so that adding days never shifts across a daylight-saving change.
 */
import { validationFailed } from './errors.ts';

export type CalendarDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real date 'YYYY-MM-DD' (leap years included); no Date object, imports call it per cell. */
export function isCalendarDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** The first and last business date cashloop accepts as input (documented in docs/api.md). */
export const MIN_ACCEPTED_DATE: CalendarDate = '1900-01-01';
export const MAX_ACCEPTED_DATE: CalendarDate = '2199-12-31';
export const ACCEPTED_DATE_MESSAGE = `must be a date YYYY-MM-DD from ${MIN_ACCEPTED_DATE} to ${MAX_ACCEPTED_DATE}`;

/**
 * True for a real date within MIN_ACCEPTED_DATE..MAX_ACCEPTED_DATE: every date that enters
 * (API, CLI, imports, bank files) is checked with this. `isAcceptedDate('0001-01-01') === false`.
 */
export function isAcceptedDate(text: string): boolean {
  return isCalendarDate(text) && text >= MIN_ACCEPTED_DATE && text <= MAX_ACCEPTED_DATE;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function toUtc(date: CalendarDate): Date {
  if (!isCalendarDate(date)) throw new Error(`invalid date ${date}`);
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(d: Date): CalendarDate {
  return d.toISOString().slice(0, 10);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const d = toUtc(date);
  d.setUTCDate(d.getUTCDate() + days);
  return fromUtc(d);
}

/** Last day of the month `date` falls in. `endOfMonth('2024-02-10') === '2024-02-29'`. */
export function endOfMonth(date: CalendarDate): CalendarDate {
  const d = toUtc(date);
  return fromUtc(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)));
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

export function todayUtc(now: Date): CalendarDate {
  return fromUtc(now);
}

/** UTC+14 (Line Islands): the time zone where a date begins first. */
const EARLIEST_ZONE_OFFSET_MS = 14 * 3_600_000;

/**
 * Refuse an as-of date after today for a run that changes state (settles promises, records dunning
 * letters, sets holds): such a run would act on a day that has not come. "Today" is the latest
 * date anywhere at `now` (UTC+14), so a run for a tenant's local business date is never refused.
 * Read-only reports may look ahead and do not call this. Returns `asOf`.
 * `assertAsOfNotFuture('2099-01-01', new Date('2026-03-31T12:00:00Z'))` throws naming `asOf`.
 */
export function assertAsOfNotFuture(asOf: CalendarDate, now: Date, field = 'asOf'): CalendarDate {
  const today = todayUtc(new Date(now.getTime() + EARLIEST_ZONE_OFFSET_MS));
  if (asOf <= today) return asOf;
  const message = `must not be after today (${today}): a run that changes state cannot act on a future date`;
  throw validationFailed(`${field} ${asOf}: ${message}`, [{ field, message }]);
}
