/**
 * The rate in force between a currency and the base currency, from published quotes. A quote says
 * that on its day one `reference` buys `rate` `currency`. Base per unit of currency is then:
 * - quoted against the base itself (1 base = x currency): 1 / x;
 * - the base quoted against the currency (1 currency = x base): x;
 * - both quoted against a third reference R (the ECB's euro, R = EUR): q(base) / q(currency),
 *   with R itself at 1.
 * Of the candidates, the one whose older quote is the latest wins (a direct quote on a tie). The
 * rate is rounded half away from zero to 10 decimals, the precision documents carry (`fxRate`).
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { formatRatio, parseDecimal, type Ratio } from '../../shared/decimal.ts';

/** Decimals of a rate in force (the invoice's and receipt's `fxRate` takes at most 10). */
export const RATE_DECIMALS = 10;

export interface StoredQuote {
  readonly rateDate: CalendarDate;
  readonly reference: string;
  readonly currency: string;
  readonly rate: string;
  readonly source: string;
}

export interface RateInForce {
  /** Units of base currency per unit of `currency`, 10 decimals. */
  readonly rate: string;
  /** The day of the older quote it was computed from. */
  readonly rateDate: CalendarDate;
  /** How: `direct`, or the third currency both were quoted against (`EUR`). */
  readonly via: string;
  readonly source: string;
}

function ratioOf(text: string): Ratio {
  const r = parseDecimal(text);
  if (!r || r.num <= 0n) throw new Error(`stored rate "${text}" is not positive`);
  return r;
}

function inverse(r: Ratio): Ratio {
  return { num: r.den, den: r.num };
}

function divide(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.den, den: a.den * b.num };
}

interface Candidate {
  readonly value: Ratio;
  readonly rateDate: CalendarDate;
  readonly via: string;
  readonly source: string;
}

function directCandidates(quotes: readonly StoredQuote[], currency: string, base: string): Candidate[] {
  const out: Candidate[] = [];
  for (const q of quotes) {
    if (q.reference === base && q.currency === currency)
      out.push({ value: inverse(ratioOf(q.rate)), rateDate: q.rateDate, via: 'direct', source: q.source });
    if (q.reference === currency && q.currency === base)
      out.push({ value: ratioOf(q.rate), rateDate: q.rateDate, via: 'direct', source: q.source });
  }
  return out;
}

function crossCandidates(quotes: readonly StoredQuote[], currency: string, base: string): Candidate[] {
  const out: Candidate[] = [];
  const references = new Set(quotes.map((q) => q.reference).filter((r) => r !== currency && r !== base));
  for (const reference of references) {
    const of = (c: string) => quotes.find((q) => q.reference === reference && q.currency === c);
    const [qBase, qCurrency] = [of(base), of(currency)];
    if (!qBase || !qCurrency) continue;
    out.push({
      value: divide(ratioOf(qBase.rate), ratioOf(qCurrency.rate)),
      rateDate: qBase.rateDate < qCurrency.rateDate ? qBase.rateDate : qCurrency.rateDate,
      via: reference,
      source: qBase.source === qCurrency.source ? qBase.source : `${qBase.source}+${qCurrency.source}`,
    });
  }
  return out;
}

/**
 * The rate in force from each reference's latest quote per currency on or before the day (the
 * caller selects them), or null when no pair of quotes links the two currencies.
 * `rateFrom([{reference:'EUR',currency:'USD',rate:'1.25',…}], 'USD', 'EUR').rate === '0.8000000000'`.
 */
export function rateFrom(quotes: readonly StoredQuote[], currency: string, base: string): RateInForce | null {
  if (currency === base) return null;
  const candidates = [
    ...directCandidates(quotes, currency, base),
    ...crossCandidates(quotes, currency, base),
  ];
  let best: Candidate | null = null;
  for (const c of candidates) if (!best || c.rateDate > best.rateDate) best = c;
  if (!best) return null;
  return {
    rate: formatRatio(best.value, RATE_DECIMALS),
    rateDate: best.rateDate,
    via: best.via,
    source: best.source,
  };
}
