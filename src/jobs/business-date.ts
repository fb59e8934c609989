/** The business date an instant falls on in a time zone: what "today" means for a scheduled run. */
import type { CalendarDate } from '../shared/calendar-date.ts';
import { wallClockIn } from '../shared/zoned-time.ts';

/**
 * The calendar date of `at` in `timeZone` (IANA name).
 * `businessDateIn(new Date('2026-03-31T22:30:00Z'), 'Europe/Berlin') === '2026-04-01'`.
 */
export function businessDateIn(at: Date, timeZone: string): CalendarDate {
  return wallClockIn(at, timeZone).date;
}

/** A timestamp as the drivers return it (a Date from node-postgres, text from PGlite) as a Date. */
export function toInstant(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  const at = value instanceof Date ? value : new Date(String(value));
  return Number.isNaN(at.getTime()) ? null : at;
}
