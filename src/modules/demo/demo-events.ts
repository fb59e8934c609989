/**
 * The vocabulary of the demo plan: planned invoices and receipts, the dated events that play them
 * through the services, and the small helpers that add events while keeping each invoice's open
 * amount, so no planned event ever over-allocates or over-credits.
 */
import { addDays, type CalendarDate, daysBetween } from '../../shared/calendar-date.ts';
import { hashString, type Random } from '../../shared/random.ts';
import { EUR_PER_UNIT, PARTIAL_CREDIT_REASONS } from './demo-catalog.ts';
import type { DemoCustomer, ReceiptMethod } from './demo-customers.ts';
import type { DemoLine } from './demo-lines.ts';

export interface PlannedInvoice {
  readonly key: number;
  readonly customer: DemoCustomer;
  readonly issueDate: CalendarDate;
  readonly dueDate: CalendarDate;
  readonly currency: string;
  readonly fxRate: string | null;
  readonly lines: DemoLine[];
  readonly poNumber: string | null;
  readonly totalMinor: bigint;
  /** The open amount once every planned event has happened. */
  openMinor: bigint;
}

export interface PlannedAllocation {
  readonly invoice: PlannedInvoice;
  readonly amountMinor: bigint;
}

export type ReferenceStyle = 'numbers' | 'creditor_reference' | 'free' | 'none';

export interface PlannedReceipt {
  readonly key: number;
  readonly customer: DemoCustomer;
  readonly method: ReceiptMethod;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly fxRate: string | null;
  readonly allocations: readonly PlannedAllocation[];
  readonly referenceStyle: ReferenceStyle;
}

export type DemoEvent =
  | { readonly kind: 'issue' | 'draft'; readonly date: CalendarDate; readonly invoice: PlannedInvoice }
  | { readonly kind: 'void'; readonly date: CalendarDate; readonly invoice: PlannedInvoice }
  | {
      readonly kind: 'credit' | 'write_off';
      readonly date: CalendarDate;
      readonly invoice: PlannedInvoice;
      /** null: the whole open amount. */
      readonly amountMinor: bigint | null;
      readonly reason: string;
    }
  | { readonly kind: 'receipt'; readonly date: CalendarDate; readonly receipt: PlannedReceipt }
  | {
      readonly kind: 'refund';
      readonly date: CalendarDate;
      readonly receipt: PlannedReceipt;
      readonly amountMinor: bigint;
    };

/** The state of a plan being made. */
export interface PlanContext {
  readonly rng: Random;
  readonly today: CalendarDate;
  readonly baseCurrency: string;
  readonly events: { event: DemoEvent; seq: number }[];
  /** Full payments of batch payers, grouped later into one receipt per customer and month. */
  readonly batched: { invoice: PlannedInvoice; date: CalendarDate; amountMinor: bigint }[];
  /** When each stopped customer stopped paying. */
  readonly stoppedSince: Map<string, CalendarDate>;
  receiptSeq: number;
}

/** Add an event; events of one day keep the order they were added in. */
export function push(ctx: PlanContext, event: DemoEvent) {
  ctx.events.push({ event, seq: ctx.events.length });
}

/**
 * Units of `base` per unit of `currency` on `date`, as a 6-decimal string (null in the base
 * currency): a reference level plus a slow wave and a little daily noise, the same for any seed.
 */
export function fxRateOn(currency: string, base: string, date: CalendarDate): string | null {
  if (currency === base) return null;
  const eur = (ccy: string) => {
    if (ccy === 'EUR') return 1;
    const level = EUR_PER_UNIT[ccy] ?? 1;
    const day = daysBetween('2020-01-01', date);
    const phase = (hashString(ccy) % 628) / 100;
    const noise = hashString(`${ccy}${date}`) / 4294967296 - 0.5;
    return level * (1 + 0.03 * Math.sin(day / 29 + phase) + 0.006 * noise);
  };
  return (eur(currency) / eur(base)).toFixed(6);
}

export function between(rng: Random, from: CalendarDate, to: CalendarDate): CalendarDate {
  const span = daysBetween(from, to);
  return span <= 0 ? from : addDays(from, rng.int(0, span));
}

export function percentOf(amount: bigint, pct: number): bigint {
  return (amount * BigInt(Math.round(pct * 100))) / 10000n;
}

/** A credit note for `pct` % of what is still open. */
export function credit(
  ctx: PlanContext,
  inv: PlannedInvoice,
  date: CalendarDate,
  pct: number,
  reason?: string,
) {
  const amount = percentOf(inv.openMinor, pct);
  if (amount <= 0n) return;
  push(ctx, {
    kind: 'credit',
    date,
    invoice: inv,
    amountMinor: amount,
    reason: reason ?? ctx.rng.pick(PARTIAL_CREDIT_REASONS),
  });
  inv.openMinor -= amount;
}

/** A receipt of `amountMinor` applied to `allocations` (none: a payment on account). */
export function receipt(
  ctx: PlanContext,
  customer: DemoCustomer,
  date: CalendarDate,
  amountMinor: bigint,
  allocations: readonly PlannedAllocation[],
): PlannedReceipt {
  const { rng } = ctx;
  const planned: PlannedReceipt = {
    key: ctx.receiptSeq++,
    customer,
    method: customer.method,
    amountMinor,
    currency: customer.currency,
    fxRate: fxRateOn(customer.currency, ctx.baseCurrency, date),
    allocations,
    referenceStyle:
      allocations.length === 0
        ? rng.pick(['free', 'none'] as const)
        : rng.weighted([
            ['numbers', 60],
            ['creditor_reference', 15],
            ['free', 15],
            ['none', 10],
          ] as const),
  };
  push(ctx, { kind: 'receipt', date, receipt: planned });
  return planned;
}

export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a < b ? a : b;
}

export function minBig(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
