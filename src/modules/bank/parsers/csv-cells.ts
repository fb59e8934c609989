/** The cells of a CSV bank export: dates in a profile's layout and amounts as banks write them. */
import { type CalendarDate, isAcceptedDate } from '../../../shared/calendar-date.ts';
import { parseBankAmount } from '../statement.ts';
import type { CsvDateFormat } from './csv-profiles.ts';

/** A date in the profile's layout (two-digit years are 20xx); null when it is none, a 30 February included. */
export function readDate(text: string, format: CsvDateFormat): CalendarDate | null {
  const patterns: Record<CsvDateFormat, [RegExp, number, number, number]> = {
    'YYYY-MM-DD': [/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/, 1, 2, 3],
    'DD.MM.YYYY': [/^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$/, 3, 2, 1],
    YYYYMMDD: [/^(\d{4})(\d{2})(\d{2})$/, 1, 2, 3],
    'DD/MM/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, 3, 2, 1],
    'MM/DD/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, 3, 1, 2],
    'DD-MM-YYYY': [/^(\d{1,2})-(\d{1,2})-(\d{4})$/, 3, 2, 1],
  };
  const [re, y, m, d] = patterns[format];
  const match = re.exec(text);
  if (!match) return null;
  const yearText = match[y] ?? '';
  const year = yearText.length === 2 ? `20${yearText}` : yearText;
  const date = `${year}-${(match[m] ?? '').padStart(2, '0')}-${(match[d] ?? '').padStart(2, '0')}`;
  return isAcceptedDate(date) ? date : null;
}

/**
 * `'1.234,56'` (',' decimals), `'-12.50'`, `'12,50-'`, `'(12.50)'`, `'+3'`, `'1 234,56'`, `"1'234.56"`.
 * Grouping characters are only accepted in groups of three digits. Null when not an amount.
 */
export function readAmount(
  raw: string,
  currency: string,
  decimalSeparator: '.' | ',',
): { minor: bigint; exact: boolean } | null {
  let text = raw.replace(/[\s\u00A0\u202F']/g, '');
  let negative = false;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) {
    negative = true;
    text = paren[1] ?? '';
  }
  if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1);
  }
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.startsWith('+')) text = text.slice(1);
  const grouping = decimalSeparator === ',' ? '.' : ',';
  const [whole = '', ...fractions] = text.split(decimalSeparator);
  if (fractions.length > 1) return null;
  if (whole.includes(grouping) && !new RegExp(`^\\d{1,3}(\\${grouping}\\d{3})+$`).test(whole)) return null;
  const parsed = parseBankAmount(text, currency, decimalSeparator);
  if (!parsed || text.includes('-')) return null;
  return { minor: negative ? -parsed.minor : parsed.minor, exact: parsed.exact };
}
