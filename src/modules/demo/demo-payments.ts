/**
 * How the demo customers pay: when (after their profile), in full or in part, with a cash
 * discount, short or twice, alone or in a monthly remittance; and payments on account.
 */
import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';
import { discountFor, parsePaymentTerms } from '../terms/index.ts';
import { CASH_DISCOUNT_REASON, DISPUTE_SETTLED_REASON, SHORT_PAY_REASON } from './demo-catalog.ts';
import type { DemoCustomer } from './demo-customers.ts';
import {
  between,
  credit,
  minBig,
  minDate,
  type PlanContext,
  type PlannedInvoice,
  percentOf,
  push,
  receipt,
} from './demo-events.ts';

/** When the customer pays this invoice in full, or null if it never does. */
export function payDateFor(ctx: PlanContext, inv: PlannedInvoice): CalendarDate | null {
  const { rng } = ctx;
  const c = inv.customer;
  const stopped = ctx.stoppedSince.get(c.input.externalId);
  if (stopped && inv.issueDate >= stopped) return null;
  if (c.method === 'card' || c.paymentTerms === 'DUE_ON_RECEIPT')
    return addDays(inv.issueDate, rng.int(0, 3));
  const discount = discountFor(parsePaymentTerms(c.paymentTerms), inv.issueDate);
  if (discount && (c.profile === 'prompt' || rng.chance(0.3)))
    return between(rng, addDays(inv.issueDate, 2), discount.deadline);
  const delay = {
    prompt: () => rng.int(-8, 1),
    normal: () => rng.int(-4, 12),
    late: () => rng.int(6, 40),
    chronic: () => rng.int(30, 125),
    disputer: () => rng.int(0, 30),
    stopped: () => rng.int(5, 30),
  }[c.profile]();
  const date = addDays(inv.dueDate, delay);
  return date < inv.issueDate ? addDays(inv.issueDate, rng.int(1, 4)) : date;
}

export function payInvoice(ctx: PlanContext, inv: PlannedInvoice, date: CalendarDate) {
  const { rng } = ctx;
  const c = inv.customer;
  const discount = discountFor(parsePaymentTerms(c.paymentTerms), inv.issueDate);
  if (discount && date <= discount.deadline && rng.chance(0.25))
    credit(ctx, inv, date, Number(discount.pct), `${CASH_DISCOUNT_REASON} ${discount.pct}%`);
  if (c.profile === 'disputer' && rng.chance(0.35)) return disputed(ctx, inv, date);
  if (rng.chance(0.03)) {
    const short = minBig(BigInt(rng.int(150, 2500)), inv.openMinor / 20n);
    if (short > 0n) {
      receipt(ctx, inv.customer, date, inv.openMinor - short, [
        { invoice: inv, amountMinor: inv.openMinor - short },
      ]);
      push(ctx, { kind: 'write_off', date, invoice: inv, amountMinor: short, reason: SHORT_PAY_REASON });
      inv.openMinor = 0n;
      return;
    }
  }
  if (rng.chance(0.02)) return overpaid(ctx, inv, date);
  if (c.batchPayer && c.method === 'bank_transfer') {
    ctx.batched.push({ invoice: inv, date, amountMinor: inv.openMinor });
    inv.openMinor = 0n;
    return;
  }
  receipt(ctx, c, date, inv.openMinor, [{ invoice: inv, amountMinor: inv.openMinor }]);
  inv.openMinor = 0n;
}

/** A disputed invoice: part paid; the rest credited when the dispute is settled, or still open. */
function disputed(ctx: PlanContext, inv: PlannedInvoice, date: CalendarDate) {
  const { rng, today } = ctx;
  const part = percentOf(inv.openMinor, rng.int(50, 90));
  if (part <= 0n) return;
  receipt(ctx, inv.customer, date, part, [{ invoice: inv, amountMinor: part }]);
  inv.openMinor -= part;
  const settled = addDays(date, rng.int(15, 60));
  if (settled <= today && rng.chance(0.5)) credit(ctx, inv, settled, 100, DISPUTE_SETTLED_REASON);
}

/** Paid too much (rounded up) or twice: the excess stays as unapplied cash, sometimes refunded. */
function overpaid(ctx: PlanContext, inv: PlannedInvoice, date: CalendarDate) {
  const { rng, today } = ctx;
  const amount = inv.openMinor;
  const twice = rng.chance(0.4);
  const extra = twice ? amount : (amount / 10000n + 1n) * 10000n - amount || 10000n;
  receipt(ctx, inv.customer, date, amount + (twice ? 0n : extra), [{ invoice: inv, amountMinor: amount }]);
  inv.openMinor = 0n;
  const duplicateDate = minDate(addDays(date, rng.int(1, 6)), today);
  const unallocated = twice ? receipt(ctx, inv.customer, duplicateDate, amount, []) : null;
  const refundDate = addDays(duplicateDate, rng.int(10, 40));
  if (unallocated && refundDate <= today && rng.chance(0.6))
    push(ctx, { kind: 'refund', date: refundDate, receipt: unallocated, amountMinor: amount });
}

/** Not paid (yet): sometimes an instalment arrived. */
export function planUnpaid(ctx: PlanContext, inv: PlannedInvoice) {
  const { rng, today } = ctx;
  if (inv.dueDate < addDays(today, -10) && rng.chance(0.18)) {
    const part = percentOf(inv.openMinor, rng.int(20, 60));
    if (part > 0n) {
      receipt(ctx, inv.customer, between(rng, inv.dueDate, today), part, [
        { invoice: inv, amountMinor: part },
      ]);
      inv.openMinor -= part;
    }
  }
}

/** One transfer per batch payer and month, paying every invoice it settled that month. */
export function planBatches(ctx: PlanContext) {
  const groups = new Map<string, typeof ctx.batched>();
  for (const b of ctx.batched) {
    const key = `${b.invoice.customer.input.externalId}|${b.date.slice(0, 7)}`;
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  for (const group of groups.values()) {
    const first = group[0];
    if (!first) continue;
    const date = group.reduce((d, b) => (b.date > d ? b.date : d), first.date);
    const total = group.reduce((s, b) => s + b.amountMinor, 0n);
    receipt(
      ctx,
      first.invoice.customer,
      date,
      total,
      group.map((b) => ({ invoice: b.invoice, amountMinor: b.amountMinor })),
    );
  }
}

/** A few payments on account that name no invoice: unapplied cash waiting for cash application. */
export function planUnidentified(ctx: PlanContext, customers: readonly DemoCustomer[]) {
  const { rng, today } = ctx;
  const count = Math.max(1, Math.round(customers.length / 25));
  for (let i = 0; i < count; i++) {
    const customer = rng.pick(customers.filter((c) => c.profile !== 'stopped'));
    const amount = BigInt(rng.int(5, 80)) * 5000n;
    receipt(ctx, customer, addDays(today, -rng.int(0, 45)), amount, []);
  }
}
