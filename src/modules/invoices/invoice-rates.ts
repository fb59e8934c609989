/**
 * The exchange rate a new document in a foreign currency takes when none is given: the rate in
 * force on its issue date (today for a draft without one), from the imported rates (module fx),
 * at most MAX_RATE_AGE_DAYS old (fx `currentRate`). A draft keeps it as an estimate and takes the rate in force on
 * the day it is issued (`fx_rate_given` false until then); a given rate is kept as given.
 */
import type { Queryable } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { currentRate } from '../fx/index.ts';

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
