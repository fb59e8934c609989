/**
 * The demo company's business over the last nine months, planned in memory as dated events:
 * invoices issued (and a few drafts and voids), receipts with their allocations, credit notes,
 * write-offs and refunds. Each customer pays after its profile (prompt … stopped), so that open
 * items fall into every aging bucket. The plan keeps each invoice's open amount, so no event ever
 * over-allocates or over-credits; demo.service.ts then plays the events through the services.
 */
import { addDays, type CalendarDate, daysBetween } from '../../shared/calendar-date.ts';
import type { Random } from '../../shared/random.ts';
import { computeTotals } from '../invoices/index.ts';
import { dueDateFor, parsePaymentTerms } from '../terms/index.ts';
import { FULL_CREDIT_REASONS } from './demo-catalog.ts';
import type { DemoCustomer } from './demo-customers.ts';
import {
  between,
  credit,
  type DemoEvent,
  fxRateOn,
  minDate,
  type PlanContext,
  type PlannedInvoice,
  push,
} from './demo-events.ts';
import { planInvoiceLines } from './demo-lines.ts';
import { payDateFor, payInvoice, planBatches, planUnidentified, planUnpaid } from './demo-payments.ts';

export type { DemoEvent, PlannedInvoice, PlannedReceipt } from './demo-events.ts';

/** How far back the invoices go. */
const HISTORY_DAYS = 270;

const KIND_ORDER: Readonly<Record<DemoEvent['kind'], number>> = {
  issue: 0,
  draft: 0,
  credit: 1,
  receipt: 2,
  write_off: 3,
  void: 4,
  refund: 5,
};

export interface DemoPlan {
  readonly invoices: readonly PlannedInvoice[];
  /** In the order they must happen: by date, then issue < credit < receipt < write-off. */
  readonly events: readonly DemoEvent[];
}

/** Plan `count` invoices over the last nine months and everything that happened to them. */
export function planActivity(
  rng: Random,
  customers: readonly DemoCustomer[],
  count: number,
  today: CalendarDate,
  baseCurrency: string,
): DemoPlan {
  const ctx: PlanContext = {
    rng,
    today,
    baseCurrency,
    events: [],
    batched: [],
    stoppedSince: new Map(
      customers
        .filter((c) => c.profile === 'stopped')
        .map((c) => [c.input.externalId, addDays(today, -rng.int(150, 200))]),
    ),
    receiptSeq: 0,
  };
  const weights = customers.map(
    (c) => [c, c.profile === 'stopped' ? Math.max(c.activity, 2) : c.activity] as const,
  );
  const invoices = Array.from({ length: count }, () => planInvoice(ctx, rng.weighted(weights)))
    .sort((a, b) => (a.issueDate < b.issueDate ? -1 : a.issueDate > b.issueDate ? 1 : 0))
    .map((inv, key) => ({ ...inv, key }));
  for (const invoice of invoices) planLife(ctx, invoice);
  planBatches(ctx);
  planUnidentified(ctx, customers);
  const events = ctx.events
    .sort(
      (a, b) =>
        (a.event.date < b.event.date ? -1 : a.event.date > b.event.date ? 1 : 0) ||
        KIND_ORDER[a.event.kind] - KIND_ORDER[b.event.kind] ||
        a.seq - b.seq,
    )
    .map((e) => e.event);
  return { invoices, events };
}

function planInvoice(ctx: PlanContext, customer: DemoCustomer): Omit<PlannedInvoice, 'key'> {
  const { rng } = ctx;
  const issueDate = weekday(addDays(ctx.today, -rng.int(1, HISTORY_DAYS)));
  const lines = planInvoiceLines(rng, customer, issueDate);
  const totalMinor = computeTotals(lines, customer.currency).totalMinor;
  return {
    customer,
    issueDate,
    dueDate: dueDateFor(parsePaymentTerms(customer.paymentTerms), issueDate),
    currency: customer.currency,
    fxRate: fxRateOn(customer.currency, ctx.baseCurrency, issueDate),
    lines,
    poNumber: customer.category !== 'Retail' && rng.chance(0.6) ? `PO-${rng.digits(6)}` : null,
    totalMinor,
    openMinor: totalMinor,
  };
}

/** Move a Saturday or Sunday back to the Friday before. */
function weekday(date: CalendarDate): CalendarDate {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow === 6 ? addDays(date, -1) : dow === 0 ? addDays(date, -2) : date;
}

/** Everything that happens to one invoice after it is planned. */
function planLife(ctx: PlanContext, inv: PlannedInvoice) {
  const { rng, today } = ctx;
  if (daysBetween(inv.issueDate, today) <= 6 && rng.chance(0.15)) {
    push(ctx, { kind: 'draft', date: inv.issueDate, invoice: inv });
    inv.openMinor = 0n;
    return;
  }
  push(ctx, { kind: 'issue', date: inv.issueDate, invoice: inv });
  if (rng.chance(0.005)) {
    push(ctx, { kind: 'void', date: minDate(addDays(inv.issueDate, rng.int(0, 4)), today), invoice: inv });
    inv.openMinor = 0n;
    return;
  }
  if (rng.chance(0.01)) {
    const date = minDate(addDays(inv.issueDate, rng.int(2, 30)), today);
    push(ctx, {
      kind: 'credit',
      date,
      invoice: inv,
      amountMinor: null,
      reason: rng.pick(FULL_CREDIT_REASONS),
    });
    inv.openMinor = 0n;
    return;
  }
  const payDate = payDateFor(ctx, inv);
  const paid = payDate !== null && payDate <= today;
  if (rng.chance(0.025))
    credit(ctx, inv, between(rng, inv.issueDate, paid ? payDate : today), rng.int(5, 30));
  if (paid) payInvoice(ctx, inv, payDate);
  else planUnpaid(ctx, inv);
}
