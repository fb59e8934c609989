/**
 * Base-currency amounts of documents in foreign currency, exact to the minor unit.
 * A document's rate is fixed when it is created; partial settlements take a proportional share of
 * what is left, and the last settlement takes exactly the rest, so no base residue remains.
 */
import { roundHalfAwayFromZero } from '../../shared/decimal.ts';
import { convert } from '../../shared/money.ts';

/** `toBase(10000n, 'USD', 'EUR', '0.9') === 9000n`; identity in the base currency. */
export function toBase(amountMinor: bigint, currency: string, baseCurrency: string, rate: string): bigint {
  return currency === baseCurrency ? amountMinor : convert(amountMinor, currency, baseCurrency, rate);
}

/** Base share of settling `amountMinor` out of `remainingMinor` that carries `remainingBaseMinor`. */
export function baseShare(remainingBaseMinor: bigint, remainingMinor: bigint, amountMinor: bigint): bigint {
  if (amountMinor === remainingMinor || remainingMinor === 0n) return remainingBaseMinor;
  return roundHalfAwayFromZero(remainingBaseMinor * amountMinor, remainingMinor);
}
