/**
 * Invoice totals, exact, in minor units.
 *
 * The rounding rule (EN 16931 compatible): each line's net amount = quantity × unit price ×
 * (1 − line discount %) rounded half away from zero to the currency's minor unit; tax is computed
 * once per tax rate on the sum of the line nets at that rate, rounded the same way; the invoice
 * total = Σ line nets + Σ taxes. No other rounding happens anywhere. Each line net (quantity ×
 * price) and the total must stay within MAX_AMOUNT_MINOR (`shared/money.ts`).
 */
import { exponentOf } from '../../shared/currency.ts';
import { formatRatio, mul, parseDecimal, type Ratio, ratio, roundRatio } from '../../shared/decimal.ts';
import { validationFailed } from '../../shared/errors.ts';
import { assertWithinAmountLimit } from '../../shared/money.ts';
import type { VatCategory } from './vat-category.ts';

export interface LineInput {
  readonly description: string;
  /** Decimal string, e.g. "3" or "1.5". */
  readonly quantity: string;
  /** Decimal string in major units; may have up to 4 decimals more than the currency. */
  readonly unitPrice: string;
  /** Percent, decimal string, 0–100. */
  readonly discountPct?: string | undefined;
  /** Percent, decimal string, e.g. "19" or "7.7". */
  readonly taxRate?: string | undefined;
  /** EN 16931 VAT category and exemption reason (`vat-category.ts`); they do not change the amounts. */
  readonly vatCategory?: VatCategory | null | undefined;
  readonly vatExemptionReason?: string | null | undefined;
}

export interface ComputedLine extends LineInput {
  readonly netMinor: bigint;
}

export interface TaxBreakdown {
  readonly rate: string;
  readonly netMinor: bigint;
  readonly taxMinor: bigint;
}

export interface InvoiceTotals {
  readonly lines: readonly ComputedLine[];
  readonly taxes: readonly TaxBreakdown[];
  readonly netMinor: bigint;
  readonly taxMinor: bigint;
  readonly totalMinor: bigint;
}

function decimalOrThrow(text: string, field: string): Ratio {
  const value = parseDecimal(text);
  if (!value)
    throw validationFailed(`${field} "${text}" is not a decimal number`, [
      { field, message: 'not a decimal number' },
    ]);
  return value;
}

function percentOrThrow(text: string | undefined, field: string): Ratio {
  const pct = decimalOrThrow(text ?? '0', field);
  if (pct.num < 0n || pct.num > 100n * pct.den)
    throw validationFailed(`${field} must be between 0 and 100`, [{ field, message: 'must be 0–100' }]);
  return pct;
}

/** Net amount of one line in minor units. `lineNetMinor({quantity:'3', unitPrice:'19.99', discountPct:'10'}, 'EUR') === 5397n`. */
export function lineNetMinor(line: LineInput, currency: string, field = 'line'): bigint {
  const qty = decimalOrThrow(line.quantity, `${field}.quantity`);
  const price = decimalOrThrow(line.unitPrice, `${field}.unitPrice`);
  const discount = percentOrThrow(line.discountPct, `${field}.discountPct`);
  const keep = ratio(100n * discount.den - discount.num, 100n * discount.den);
  const minorUnits = ratio(10n ** BigInt(exponentOf(currency)));
  const netMinor = roundRatio(mul(mul(mul(qty, price), keep), minorUnits));
  return assertWithinAmountLimit(netMinor, currency, `${field}.unitPrice`);
}

/** Tax on a net amount at a percentage rate. `taxMinor(10000n, '19') === 1900n`. */
export function taxOn(netMinor: bigint, rate: string): bigint {
  const r = percentOrThrow(rate, 'taxRate');
  return roundRatio(mul(ratio(netMinor), ratio(r.num, r.den * 100n)));
}

function normalizeRate(rate: string | undefined): string {
  const r = parseDecimal(rate ?? '0');
  if (!r)
    throw validationFailed(`tax rate "${rate}" is not a decimal`, [
      { field: 'taxRate', message: 'not a decimal' },
    ]);
  return formatRatio(r, 4).replace(/\.?0+$/, '') || '0';
}

export function computeTotals(lines: readonly LineInput[], currency: string): InvoiceTotals {
  if (lines.length === 0)
    throw validationFailed('an invoice needs at least one line', [{ field: 'lines', message: 'empty' }]);
  const computed = lines.map((l, i) => ({ ...l, netMinor: lineNetMinor(l, currency, `lines[${i}]`) }));
  const byRate = new Map<string, bigint>();
  for (const l of computed) {
    const key = normalizeRate(l.taxRate);
    byRate.set(key, (byRate.get(key) ?? 0n) + l.netMinor);
  }
  const taxes = [...byRate].map(([rate, netMinor]) => ({ rate, netMinor, taxMinor: taxOn(netMinor, rate) }));
  const netMinor = computed.reduce((s, l) => s + l.netMinor, 0n);
  const taxMinor = taxes.reduce((s, t) => s + t.taxMinor, 0n);
  const totalMinor = assertWithinAmountLimit(netMinor + taxMinor, currency, 'lines');
  return { lines: computed, taxes, netMinor, taxMinor, totalMinor };
}
