/**
 * What a wall clock in an IANA time zone shows at an instant: the calendar date, weekday and time
 * of day, daylight saving included (the runtime's time-zone data via `Intl`). One cached formatter
 * per zone. The scheduler's business date and monitoring's business hours both read it here.
 */
import type { CalendarDate } from './calendar-date.ts';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WallClock {
  readonly date: CalendarDate;
  readonly weekday: Weekday;
  /** Minutes since local midnight, 0–1439. */
  readonly minutes: number;
  /** `23:00`. */
  readonly hhmm: string;
}

const FORMATS = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let f = FORMATS.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    FORMATS.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone this runtime knows (`Europe/Berlin`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The wall clock of `timeZone` at `at`. Example: `wallClockIn(new Date('2026-03-29T21:00:00Z'),
 * 'Europe/Berlin')` → `{ date: '2026-03-29', weekday: 'sun', minutes: 1380, hhmm: '23:00' }`
 * (CEST: clocks went forward that morning). Throws a RangeError for an unknown zone.
 */
export function wallClockIn(at: Date, timeZone: string): WallClock {
  const parts = Object.fromEntries(
    formatFor(timeZone)
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const hour = Number(parts.hour) % 24;
  const hh = String(hour).padStart(2, '0');
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    weekday: (parts.weekday ?? '').toLowerCase().slice(0, 3) as Weekday,
    minutes: hour * 60 + Number(parts.minute),
    hhmm: `${hh}:${parts.minute}`,
  };
}
