/** SQL on the fx module's table. */
import { sql } from 'drizzle-orm';
import { insertByUnnestReturning } from '../../db/bulk-insert.ts';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import type { StoredQuote } from './cross-rate.ts';
import type { RateQuote } from './rate-files.ts';

export interface SaveCounts {
  readonly inserted: number;
  readonly changed: number;
  readonly unchanged: number;
}

/** Stores the quotes: new ones inserted, a different rate for a stored day replaced, same ones left. */
export async function saveQuotes(
  tx: Tx,
  tenantId: string,
  quotes: readonly RateQuote[],
  source: string,
): Promise<SaveCounts> {
  const returned = await insertByUnnestReturning<RateQuote, { inserted: boolean }>(
    tx,
    'fx_rates',
    [
      { name: 'tenant_id', type: 'uuid', value: () => tenantId },
      { name: 'rate_date', type: 'date', value: (q) => q.date },
      { name: 'reference_currency', type: 'text', value: (q) => q.reference },
      { name: 'currency', type: 'text', value: (q) => q.currency },
      { name: 'rate', type: 'numeric', value: (q) => q.rate },
      { name: 'source', type: 'text', value: () => source },
    ],
    quotes,
    sql`on conflict (tenant_id, reference_currency, currency, rate_date) do update
          set rate = excluded.rate, source = excluded.source, imported_at = now()
          where fx_rates.rate <> excluded.rate
        returning (xmax = 0) as inserted`,
  );
  const inserted = returned.filter((r) => r.inserted).length;
  return { inserted, changed: returned.length - inserted, unchanged: quotes.length - returned.length };
}

interface QuoteRow {
  rate_date: string;
  reference_currency: string;
  currency: string;
  rate: string;
  source: string;
}

const toStored = (r: QuoteRow): StoredQuote => ({
  rateDate: r.rate_date,
  reference: r.reference_currency,
  currency: r.currency,
  rate: r.rate,
  source: r.source,
});

/**
 * Per reference, the latest quote on or before `date` of each of `currencies`. Every step is an
 * index seek on the primary key (tenant, reference, currency, day): the tenant's few references by
 * a loose index scan, then one `limit 1` per reference and currency. A `distinct on` over the
 * quotes read every day of the history up to `date` (15–40 ms over the ECB's 27 years, on each
 * foreign-currency document and bank line).
 */
export async function latestQuotes(
  q: Queryable,
  tenantId: string,
  currencies: readonly string[],
  date: CalendarDate,
): Promise<StoredQuote[]> {
  const rows = await queryRows<QuoteRow>(
    q,
    sql`with recursive refs(ref) as (
          select min(reference_currency) from fx_rates where tenant_id = ${tenantId}
          union all
          select (select min(reference_currency) from fx_rates
                   where tenant_id = ${tenantId} and reference_currency > refs.ref)
            from refs where refs.ref is not null
        )
        select latest.*
          from refs
         cross join unnest(array[${sql.join(
           currencies.map((c) => sql`${c}`),
           sql`, `,
         )}]::text[]) as wanted(currency)
         cross join lateral (
               select rate_date::text, reference_currency, currency, rate::text, source
                 from fx_rates f
                where f.tenant_id = ${tenantId} and f.reference_currency = refs.ref
                  and f.currency = wanted.currency and f.rate_date <= ${date}
                order by f.rate_date desc
                limit 1) latest
         where refs.ref is not null`,
  );
  return rows.map(toStored);
}

export interface RateFilter {
  readonly currency?: string | undefined;
  readonly from?: CalendarDate | undefined;
  readonly to?: CalendarDate | undefined;
  readonly limit: number;
}

/** Stored quotes, newest day first, then by reference and currency. */
export async function findQuotes(q: Queryable, tenantId: string, f: RateFilter): Promise<StoredQuote[]> {
  const rows = await queryRows<QuoteRow>(
    q,
    sql`select rate_date::text, reference_currency, currency, rate::text, source
          from fx_rates
         where tenant_id = ${tenantId}
           ${f.currency ? sql`and (currency = ${f.currency} or reference_currency = ${f.currency})` : sql``}
           ${f.from ? sql`and rate_date >= ${f.from}` : sql``}
           ${f.to ? sql`and rate_date <= ${f.to}` : sql``}
         order by rate_date desc, reference_currency, currency
         limit ${f.limit}`,
  );
  return rows.map(toStored);
}
