/**
 * Exchange rates: imported from the ECB's files or CSV, and the rate in force on a day, which
 * documents in a foreign currency take when no rate is given (docs/fx.md).
 */
import { type Db, type Queryable, withTransaction } from '../../db/client.ts';
import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';
import { type AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import { type RateInForce, rateFrom, type StoredQuote } from './cross-rate.ts';
import { findQuotes, latestQuotes, type RateFilter, type SaveCounts, saveQuotes } from './fx.repository.ts';
import { detectRateFormat, type RateFileFormat, readRateFile } from './rate-files.ts';

/** A rate older than this many days is not taken on its own (weekends and holidays fit in it). */
export const MAX_RATE_AGE_DAYS = 10;

export interface RateImportResult extends SaveCounts {
  readonly format: RateFileFormat;
  readonly quotes: number;
  readonly firstDate: CalendarDate;
  readonly lastDate: CalendarDate;
  readonly currencies: readonly string[];
}

export interface RateImportOptions {
  readonly format?: RateFileFormat | undefined;
  /** Where the file came from, kept with each rate (`ecb`, `csv`, a URL). */
  readonly source?: string | undefined;
}

/** Reads a rate file and stores its quotes in one transaction; a bad file changes nothing. */
export async function importRates(
  db: Db,
  tenantId: string,
  text: string,
  options: RateImportOptions = {},
): Promise<RateImportResult> {
  const format = options.format ?? detectRateFormat(text);
  const quotes = readRateFile(text, format);
  const counts = await withTransaction(db, (tx) =>
    saveQuotes(tx, tenantId, quotes, options.source ?? (format === 'ecb-xml' ? 'ecb' : 'csv')),
  );
  const dates = quotes.map((q) => q.date).sort();
  return {
    format,
    quotes: quotes.length,
    firstDate: dates[0] ?? '',
    lastDate: dates[dates.length - 1] ?? '',
    currencies: [...new Set(quotes.map((q) => q.currency))].sort(),
    ...counts,
  };
}

/**
 * The rate in force on `date` (base per unit of `currency`) from the latest quotes on or before
 * it, however old; null when no quotes link the two currencies.
 */
export async function rateInForce(
  q: Queryable,
  tenantId: string,
  currency: string,
  base: string,
  date: CalendarDate,
): Promise<RateInForce | null> {
  if (currency === base) return null;
  const quotes = await latestQuotes(q, tenantId, [currency, base], date);
  return rateFrom(quotes, currency, base);
}

/** `rateInForce` when its quotes are at most MAX_RATE_AGE_DAYS old on `date`, else null. */
export async function currentRate(
  q: Queryable,
  tenantId: string,
  currency: string,
  base: string,
  date: CalendarDate,
): Promise<RateInForce | null> {
  const rate = await rateInForce(q, tenantId, currency, base, date);
  return rate && rate.rateDate >= addDays(date, -MAX_RATE_AGE_DAYS) ? rate : null;
}

/** The error for a foreign-currency document with no rate given and none in force. */
export function missingRate(
  baseCurrency: string,
  currency: string,
  date: CalendarDate,
  what: string,
): AppError {
  return validationFailed(
    `${what} in ${currency} needs fxRate (${baseCurrency} per ${currency}): no exchange rate linking ${currency} and ${baseCurrency} was imported for the ${MAX_RATE_AGE_DAYS} days up to ${date} (POST /v1/fx/rates, cashloop fx import)`,
    [{ field: 'fxRate', message: 'required for a foreign currency (no rate in force)' }],
  );
}

export interface DocumentRateRequest {
  readonly currency: string;
  readonly baseCurrency: string;
  /** The document's day: issued, received, booked. */
  readonly date: CalendarDate;
  /** The rate the document was given, if any: kept as given. */
  readonly given?: string | null | undefined;
  /** What the document is, for the error: `an invoice`, `a receipt`. */
  readonly what: string;
}

/**
 * The rate a document in a foreign currency is booked at: the one given, else the rate in force
 * on its day (`currentRate`); neither is a validation error naming `fxRate`. '1' in the base currency.
 */
export async function documentRate(q: Queryable, tenantId: string, r: DocumentRateRequest): Promise<string> {
  if (r.currency === r.baseCurrency) return '1';
  if (r.given) return r.given;
  const rate = await currentRate(q, tenantId, r.currency, r.baseCurrency, r.date);
  if (!rate) throw missingRate(r.baseCurrency, r.currency, r.date, r.what);
  return rate.rate;
}

export function listRates(q: Queryable, tenantId: string, filter: RateFilter): Promise<StoredQuote[]> {
  return findQuotes(q, tenantId, filter);
}

export interface RateInForceView extends RateInForce {
  readonly currency: string;
  readonly baseCurrency: string;
  readonly date: CalendarDate;
  /** Older than MAX_RATE_AGE_DAYS on `date`: documents do not take it on their own. */
  readonly stale: boolean;
}

/** The rate in force on `date` between `currency` and the tenant's base currency; 404 when none. */
export async function rateInForceView(
  q: Queryable,
  tenantId: string,
  currency: string,
  date: CalendarDate,
): Promise<RateInForceView> {
  const { baseCurrency } = await getTenantOrThrow(q, tenantId);
  if (currency === baseCurrency)
    return {
      currency,
      baseCurrency,
      date,
      rate: '1',
      rateDate: date,
      via: 'direct',
      source: 'base',
      stale: false,
    };
  const rate = await rateInForce(q, tenantId, currency, baseCurrency, date);
  if (!rate) throw notFound(`exchange rate ${currency}/${baseCurrency} on or before`, date);
  return { currency, baseCurrency, date, ...rate, stale: rate.rateDate < addDays(date, -MAX_RATE_AGE_DAYS) };
}
