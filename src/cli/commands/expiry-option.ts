import { validationFailed } from '../../shared/errors.ts';

const DAY_MS = 86_400_000;

/**
 * `--expires` as an ISO instant for the API key input: `90d` (days from now), `2027-01-31` (the
 * key works through that day, UTC: it expires at the next midnight UTC) or an ISO 8601 instant
 * with offset. Anything else is `validation_failed` naming `expires`.
 */
export function expiryOption(text: string, now: Date): string {
  const days = /^(\d{1,5})d$/.exec(text);
  if (days) return new Date(now.getTime() + Number(days[1]) * DAY_MS).toISOString();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const start = Date.parse(`${text}T00:00:00Z`);
    if (!Number.isNaN(start) && new Date(start).toISOString().startsWith(text))
      return new Date(start + DAY_MS).toISOString();
  }
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:\d{2})$/.test(text) && !Number.isNaN(Date.parse(text)))
    return new Date(Date.parse(text)).toISOString();
  throw validationFailed(`--expires must be a number of days (90d), a date (2027-01-31) or an ISO instant`, [
    { field: 'expires', message: `not understood: ${text}` },
  ]);
}
