/** Exposure and revaluations as JSON (API and CLI alike): money as decimal strings in major units. */
import { formatAmount } from '../../shared/money.ts';
import type { CurrencyExposure, CurrencyRevaluation } from './exposure.ts';
import type { FxExposure, Revaluation } from './revaluation.service.ts';

const amounts = (
  currency: string,
  base: string,
  f: Omit<CurrencyExposure, 'currency' | 'rate' | 'buckets'>,
) => ({
  items: f.items,
  amount: formatAmount(f.amountMinor, currency),
  carryingBase: formatAmount(f.carryingBaseMinor, base),
  revaluedBase: f.revaluedBaseMinor === null ? null : formatAmount(f.revaluedBaseMinor, base),
  difference: f.differenceMinor === null ? null : formatAmount(f.differenceMinor, base),
});

/** The exposure as the API and `cashloop fx exposure --json` give it: amounts as decimal strings. */
export function exposureJson(e: FxExposure) {
  return {
    asOf: e.asOf,
    baseCurrency: e.baseCurrency,
    currencies: e.currencies.map((c) => ({
      currency: c.currency,
      rate: c.rate && { rate: c.rate.rate, rateDate: c.rate.rateDate, via: c.rate.via },
      ...amounts(c.currency, e.baseCurrency, c),
      buckets: c.buckets.map((b) => ({ bucket: b.bucket, ...amounts(c.currency, e.baseCurrency, b) })),
    })),
  };
}

const currencyJson = (base: string) => (c: CurrencyRevaluation) => ({
  currency: c.currency,
  rate: c.rate,
  rateDate: c.rateDate,
  via: c.via,
  items: c.items,
  amount: formatAmount(BigInt(c.amountMinor), c.currency),
  carryingBase: formatAmount(BigInt(c.carryingBaseMinor), base),
  revaluedBase: formatAmount(BigInt(c.revaluedBaseMinor), base),
  difference: formatAmount(BigInt(c.differenceMinor), base),
});

/** A revaluation as the API and `cashloop fx revalue --json` give it. */
export function revaluationJson(r: Revaluation) {
  return {
    id: r.revaluationId,
    asOf: r.asOf,
    baseCurrency: r.baseCurrency,
    entryId: r.entryId,
    reversalEntryId: r.reversalEntryId,
    reversalDate: r.reversalDate,
    currencies: r.currencies.map(currencyJson(r.baseCurrency)),
    revaluedBy: r.revaluedBy,
    createdAt: r.createdAt.toISOString(),
  };
}
