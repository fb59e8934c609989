/**
 * The form of a series' numbers, as pure functions: a pattern such as `INV-{seq}` or
 * `INV-{YYYY}-{seq}` (text, an optional year part, and the sequence zero-padded to `digits`).
 * A number is in a series' form only when formatting its parts gives it back exactly, so
 * `INV-42` or `INV-0000042` (for 6 digits) never collide with a number the series issues.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';

export const SEQ = '{seq}';
export const YEAR = '{YYYY}';

/** What formats a series' numbers. */
export interface SeriesForm {
  readonly pattern: string;
  readonly digits: number;
}

/** A number split into its counter (`year` 0 when the series has no year part) and value. */
export interface SeriesPosition {
  readonly year: number;
  readonly value: bigint;
}

/** `formatNumber('INV-', 6, 42n) === 'INV-000042'`. */
export function formatNumber(prefix: string, padding: number, value: bigint): string {
  return `${prefix}${value.toString().padStart(padding, '0')}`;
}

/** True when the series restarts at 1 each calendar year. */
export function isYearly(pattern: string): boolean {
  return pattern.includes(YEAR);
}

/** The counter year of a document dated `on`: its year for a yearly series, else 0. */
export function counterYear(pattern: string, on: CalendarDate): number {
  return isYearly(pattern) ? Number(on.slice(0, 4)) : 0;
}

/** `formatSeriesNumber({ pattern: 'INV-{YYYY}-{seq}', digits: 4 }, 2026, 7n) === 'INV-2026-0007'`. */
export function formatSeriesNumber(form: SeriesForm, year: number, value: bigint): string {
  return form.pattern
    .replace(YEAR, String(year).padStart(4, '0'))
    .replace(SEQ, value.toString().padStart(form.digits, '0'));
}

/** The text before the first placeholder, e.g. `INV-` of `INV-{YYYY}-{seq}`. */
export function prefixOf(pattern: string): string {
  const cut = [pattern.indexOf(SEQ), pattern.indexOf(YEAR)].filter((i) => i >= 0);
  return pattern.slice(0, Math.min(...cut));
}

/** Why `pattern` cannot number documents, or null when it can. */
export function patternProblem(pattern: string): string | null {
  if (pattern.split(SEQ).length !== 2) return 'must contain {seq} exactly once';
  if (pattern.split(YEAR).length > 2) return 'may contain {YYYY} at most once';
  const literal = pattern.replace(SEQ, '').replace(YEAR, '');
  if (/[{}]/.test(literal)) return 'knows only the placeholders {seq} and {YYYY}';
  if (/[\s\p{Cc}]/u.test(literal)) return 'must not contain spaces or control characters';
  const [before = '', after = ''] = pattern.replace(YEAR, '0000').split(SEQ);
  if (/\d$/.test(before) || /^\d/.test(after))
    return 'needs a non-digit next to {seq}, or numbers become ambiguous';
  return null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads numbers of the series' own form; returns null for any other number. */
export function seriesNumberReader(form: SeriesForm): (number: string) => SeriesPosition | null {
  const yearFirst = form.pattern.indexOf(YEAR) >= 0 && form.pattern.indexOf(YEAR) < form.pattern.indexOf(SEQ);
  const source = form.pattern
    .split(/(\{seq\}|\{YYYY\})/)
    .map((part) =>
      part === SEQ ? `(\\d{${form.digits},})` : part === YEAR ? '(\\d{4})' : escapeRegExp(part),
    )
    .join('');
  const re = new RegExp(`^${source}$`);
  return (number) => {
    const m = re.exec(number);
    if (!m) return null;
    const [a = '', b = ''] = [m[1], m[2]];
    const yearly = isYearly(form.pattern);
    const year = yearly ? Number(yearFirst ? a : b) : 0;
    const value = BigInt(yearly && yearFirst ? b : a);
    if (value < 1n || formatSeriesNumber(form, year, value) !== number) return null;
    return { year, value };
  };
}
