/**
 * Search parameters stay strings both ways: `?overdue=true&amountMin=100` reaches each page's
 * `validateSearch` as the strings typed, and a string is written as it is. The router's default
 * JSON-parses values (`true` became a boolean the validators dropped, so deep links from the
 * overview lost their filter) and writes strings such as "true" quoted (`%22true%22`).
 * The readers below are what every page's `validateSearch` uses on those strings.
 */
export function parsePlainSearch(searchStr: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(searchStr));
}

export function stringifyPlainSearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** A non-empty string parameter, else undefined. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The parameter when it is one of `values`, else undefined. */
export const oneOf = <T extends string>(v: unknown, values: readonly T[]): T | undefined =>
  typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : undefined;
