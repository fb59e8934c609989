/** Wall-clock weekday and time of an instant in a time zone (IANA), for business-hours rules. */
import { type Weekday, wallClockIn } from '../../shared/zoned-time.ts';

export { isTimeZone, WEEKDAYS, type Weekday } from '../../shared/zoned-time.ts';

export interface LocalTime {
  readonly weekday: Weekday;
  /** Minutes since local midnight, 0–1439. */
  readonly minutes: number;
  /** `2026-03-29 23:00` in the zone, for evidence. */
  readonly text: string;
}

/** `localTime(new Date('2026-03-29T21:00:00Z'), 'Europe/Berlin')` → Sunday 23:00 (CEST, after the DST change). */
export function localTime(at: Date, timeZone: string): LocalTime {
  const c = wallClockIn(at, timeZone);
  return { weekday: c.weekday, minutes: c.minutes, text: `${c.date} ${c.hhmm}` };
}

/** `HH:MM` → minutes since midnight (`24:00` is 1440, the end of the day). */
export function minutesOf(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}
