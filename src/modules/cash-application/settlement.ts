/**
 * How a payment settles a set of open items, and how strongly the amount confirms that set: the
 * open amount exactly, less an early-payment discount taken within its window, short by bank
 * charges within the currency's tolerance, or a partial or over-payment (no evidence).
 */
import type { SettlementAdjustmentKind } from '../invoices/index.ts';
import type { StatedDeduction } from './deductions.ts';
import { bankChargeToleranceMinor, type EngineConfig } from './engine-config.ts';
import type { BankLine, OpenInvoice } from './match-context.ts';
import type { Deduction } from './proposal.ts';

export interface Allocation {
  readonly invoiceId: string;
  readonly number: string;
  readonly amountMinor: bigint;
}

/** A settlement adjustment a proposal carries (its kinds are the invoices module's one list). */
export interface Adjustment {
  readonly kind: SettlementAdjustmentKind;
  readonly invoiceId: string;
  readonly amountMinor: bigint;
}

export interface Settlement {
  readonly allocations: readonly Allocation[];
  readonly adjustments: readonly Adjustment[];
  readonly unappliedMinor: bigint;
  /** Why the amount fits, in words a clerk reads. */
  readonly fit: string;
  /** The amount's evidence for these items (`EngineConfig.amount`). */
  readonly fitEvidence: number;
  /** The payer said why it paid less: the difference stays open as a deduction to clear. */
  readonly deduction?: Deduction;
}

/** Discount (minor units) the payer may deduct from `inv` when paying on `date`, else 0. */
export function discountAllowed(inv: OpenInvoice, date: string): bigint {
  if (!inv.discountPct || !inv.discountDate || date > inv.discountDate) return 0n;
  const [whole = '0', frac = ''] = inv.discountPct.split('.');
  const scale = 10n ** BigInt(frac.length);
  const pct = BigInt(whole + frac);
  const num = inv.totalMinor * pct;
  const den = 100n * scale;
  return (num + den / 2n) / den;
}

/**
 * Settle `items` (in order, oldest first) with the line's amount. Tried in turn: exact, over-paid,
 * less the discounts, less what the payer said it deducted (`stated`, from the text of a line
 * that references the items), short by bank charges, and else a partial payment oldest first.
 */
export function settle(
  line: BankLine,
  items: readonly OpenInvoice[],
  config: EngineConfig,
  stated: readonly StatedDeduction[] = [],
): Settlement {
  const open = items.reduce((s, i) => s + i.openMinor, 0n);
  const paid = line.amountMinor;
  if (paid === open) return exactly(items, config);
  if (paid > open) return overpaid(items, paid - open, config);
  const short = open - paid;
  return (
    lessDiscounts(line, items, short, config) ??
    lessStated(items, short, config, stated) ??
    lessBankCharges(line, items, short, config) ??
    partially(items, paid, config)
  );
}

/**
 * Short by what the payer said it deducted: an amount with a reason equal to the shortfall, or a
 * credit note netted (its amount is the shortfall). The items are paid in full but the largest,
 * which keeps the difference open — a deduction to clear (booking opens a dispute on it).
 */
function lessStated(
  items: readonly OpenInvoice[],
  short: bigint,
  config: EngineConfig,
  stated: readonly StatedDeduction[],
): Settlement | null {
  const said =
    stated.find((d) => d.kind === 'short_payment' && d.amountMinor === short) ??
    stated.find((d) => d.kind === 'credit_note');
  const carrier = [...items].sort((a, b) => (a.openMinor > b.openMinor ? -1 : 1))[0];
  if (!said || !carrier || carrier.openMinor <= short) return null;
  const netted = said.kind === 'credit_note';
  return {
    allocations: allocate(
      items,
      items.map((i) => (i === carrier ? i.openMinor - short : i.openMinor)),
    ),
    adjustments: [],
    unappliedMinor: 0n,
    fit: netted
      ? `short by ${short} minor units: the payer netted ${said.reason}; the difference stays open on ${carrier.number}`
      : `short by ${short} minor units, as the payer says ("${said.reason}"); the difference stays open on ${carrier.number}`,
    fitEvidence: netted ? config.amount.creditNoteNetted : config.amount.statedDeduction,
    deduction: { kind: said.kind, invoiceId: carrier.invoiceId, amountMinor: short, reason: said.reason },
  };
}

function allocate(items: readonly OpenInvoice[], amounts: readonly bigint[]): Allocation[] {
  return items.map((inv, i) => ({
    invoiceId: inv.invoiceId,
    number: inv.number,
    amountMinor: amounts[i] ?? 0n,
  }));
}

function exactly(items: readonly OpenInvoice[], config: EngineConfig): Settlement {
  return {
    allocations: allocate(
      items,
      items.map((i) => i.openMinor),
    ),
    adjustments: [],
    unappliedMinor: 0n,
    fit: 'the amount equals the open amount',
    fitEvidence: config.amount.exact,
  };
}

function overpaid(items: readonly OpenInvoice[], excessMinor: bigint, config: EngineConfig): Settlement {
  return {
    allocations: allocate(
      items,
      items.map((i) => i.openMinor),
    ),
    adjustments: [],
    unappliedMinor: excessMinor,
    fit: 'over-payment: the excess stays as unapplied cash on the customer',
    fitEvidence: config.amount.partialOrOver,
  };
}

/** The discount an item still carries on `date` (none once partly paid). */
function discountOf(inv: OpenInvoice, date: string): bigint {
  return inv.openMinor === inv.totalMinor ? discountAllowed(inv, date) : 0n;
}

/** Short by the items' discounts (± the rounding allowance, put on the last discount). */
function lessDiscounts(
  line: BankLine,
  items: readonly OpenInvoice[],
  short: bigint,
  config: EngineConfig,
): Settlement | null {
  const discount = items.reduce((s, i) => s + discountOf(i, line.bookingDate), 0n);
  const rounding = config.amount.discountRoundingMinor;
  if (discount <= 0n || short < discount - rounding || short > discount + rounding) return null;
  const adjustments = items.flatMap((i) => {
    const d = discountOf(i, line.bookingDate);
    return d > 0n ? [{ kind: 'discount' as const, invoiceId: i.invoiceId, amountMinor: d }] : [];
  });
  const last = adjustments.at(-1);
  if (last && short !== discount)
    adjustments[adjustments.length - 1] = { ...last, amountMinor: last.amountMinor + short - discount };
  const adjustmentOf = (id: string) => adjustments.find((a) => a.invoiceId === id)?.amountMinor ?? 0n;
  return {
    allocations: allocate(
      items,
      items.map((i) => i.openMinor - adjustmentOf(i.invoiceId)),
    ),
    adjustments,
    unappliedMinor: 0n,
    fit: 'early-payment discount taken within its window',
    fitEvidence: config.amount.discount,
  };
}

/** Short by at most the currency's bank-charge tolerance: the last item carries the charges. */
function lessBankCharges(
  line: BankLine,
  items: readonly OpenInvoice[],
  short: bigint,
  config: EngineConfig,
): Settlement | null {
  if (short > bankChargeToleranceMinor(config, line.currency)) return null;
  const lastItem = items.at(-1);
  return {
    allocations: allocate(
      items,
      items.map((i, k) => (k === items.length - 1 ? i.openMinor - short : i.openMinor)),
    ),
    adjustments: lastItem ? [{ kind: 'bank_charge', invoiceId: lastItem.invoiceId, amountMinor: short }] : [],
    unappliedMinor: 0n,
    fit: `short by ${short} minor units: bank charges within the tolerance`,
    fitEvidence: config.amount.bankCharges,
  };
}

/** A partial payment: oldest first, the rest stays open. */
function partially(items: readonly OpenInvoice[], paid: bigint, config: EngineConfig): Settlement {
  let left = paid;
  const amounts = items.map((i) => {
    const take = left < i.openMinor ? left : i.openMinor;
    left -= take;
    return take;
  });
  return {
    allocations: allocate(items, amounts).filter((a) => a.amountMinor > 0n),
    adjustments: [],
    unappliedMinor: 0n,
    fit: 'partial payment: the rest stays open',
    fitEvidence: config.amount.partialOrOver,
  };
}
