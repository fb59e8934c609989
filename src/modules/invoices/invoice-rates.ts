/**
 * The exchange rate a new document in a foreign currency takes when none is given: the rate in
 * force on its issue date (today for a draft without one), from the imported rates (module fx),
 * at most MAX_RATE_AGE_DAYS old. A draft keeps it as an estimate and takes the rate in force on
 * the day it is issued (`fx_rate_given` false until then); a given rate is kept as given.
 */
import type { Queryable } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import { currentRate, MAX_RATE_AGE_DAYS } from '../fx/index.ts';

/** What the rates in force were asked for: a document's currency and day. */
export interface RateRequest {
  readonly currency: string;
  readonly date: CalendarDate;
}

const keyOf = (r: RateRequest) => `${r.currency} ${r.date}`;

/** The rates in force for `requests` (one query per distinct currency and day), null where none. */
export async function ratesInForce(
  q: Queryable,
  tenantId: string,
  baseCurrency: string,
  requests: readonly RateRequest[],
): Promise<(r: RateRequest) => string | null> {
  const found = new Map<string, string | null>();
  for (const r of requests) {
    if (r.currency === baseCurrency || found.has(keyOf(r))) continue;
    found.set(keyOf(r), (await currentRate(q, tenantId, r.currency, baseCurrency, r.date))?.rate ?? null);
  }
  return (r) => found.get(keyOf(r)) ?? null;
}

/** The rate in force on `date`, or a validation error that says how to give one. */
export async function rateInForceOrThrow(
  q: Queryable,
  tenantId: string,
  baseCurrency: string,
  currency: string,
  date: CalendarDate,
  what = 'an invoice',
): Promise<string> {
  const rate = await currentRate(q, tenantId, currency, baseCurrency, date);
  if (!rate) throw missingRate(baseCurrency, currency, date, what);
  return rate.rate;
}

/** The error for a foreign-currency document with no rate given and none in force. */
export function missingRate(baseCurrency: string, currency: string, date: CalendarDate, what: string) {
  return validationFailed(
    `${what} in ${currency} needs fxRate (${baseCurrency} per ${currency}): no exchange rate linking ${currency} and ${baseCurrency} was imported for the ${MAX_RATE_AGE_DAYS} days up to ${date} (POST /v1/fx/rates, cashloop fx import)`,
    [{ field: 'fxRate', message: 'required for a foreign currency (no rate in force)' }],
  );
}
