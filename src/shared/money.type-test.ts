/**
 * Type tests, checked by `tsc --noEmit` (never run): Money is bigint minor units and never mixes
 * with `number`. Each `@ts-expect-error` fails the type check if the line below it compiles.
 */
import { formatAmount, type Money, money, parseAmount } from './money.ts';

const price: Money = money(1250n, 'EUR');

// @ts-expect-error amountMinor is a bigint: a number is not assignable to it.
export const fromNumber: Money = { amountMinor: 1250, currency: 'EUR' };

// @ts-expect-error money() takes bigint minor units, not a number.
export const viaFactory: Money = money(12.5, 'EUR');

// @ts-expect-error parseAmount takes a decimal string, never a number.
export const parsedFromNumber: bigint = parseAmount(12.5, 'EUR');

// @ts-expect-error a bigint amount is not a number.
export const asNumber: number = price.amountMinor;

// @ts-expect-error bigint and number do not mix in arithmetic.
export const mixed = price.amountMinor + 1;

// @ts-expect-error formatAmount takes minor units as a bigint.
export const formattedFromNumber: string = formatAmount(1250, 'EUR');

/** The well-typed forms of the same operations. */
export const ok: readonly [bigint, bigint, string] = [
  price.amountMinor + 1n,
  parseAmount('12.50', 'EUR'),
  formatAmount(price.amountMinor, 'EUR'),
];
