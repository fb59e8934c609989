/**
 * The demo company: a few hundred customers in ten countries and nine months of invoices,
 * receipts, credit notes, write-offs, voids and refunds, loaded into a tenant through the
 * ordinary services (so every ledger invariant holds) and the same for a given seed and `today`.
 *
 * The plan is made in memory first (demo-customers.ts, demo-plan.ts); here it is played in date
 * order in one transaction, each event with a clock fixed on its day so `issued_at`/`closed_at`
 * lie in the past too.
 */

import { type Tx, withTransaction } from '../../db/client.ts';
import { BULK_WRITE_ROWS, refreshStatistics } from '../../db/statistics.ts';
import { type CalendarDate, isCalendarDate } from '../../shared/calendar-date.ts';
import { fixedClock } from '../../shared/clock.ts';
import { assertUnreachable, validationFailed } from '../../shared/errors.ts';
import { yieldToEventLoop } from '../../shared/event-loop.ts';
import { formatAmount } from '../../shared/money.ts';
import { Random } from '../../shared/random.ts';
import { SYSTEM_ACTOR } from '../activities/index.ts';
import { approvalPolicyOf, setApprovalPolicy } from '../approvals/index.ts';
import { deliverInvoicesIssuedFrom } from '../communication/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { createCategoryInTx, createCustomerInTx } from '../customers/index.ts';
import type { CreateInvoiceInput } from '../invoices/index.ts';
import {
  createInvoicesInTx,
  creditInvoiceInTx,
  type InvoiceRow,
  voidInvoiceInTx,
  writeOffInvoiceInTx,
} from '../invoices/index.ts';
import { enablePortalInTx } from '../portal/index.ts';
import { recordReceiptInTx, refundReceiptInTx } from '../receipts/index.ts';
import { getTenantOrThrow, updateLetterheadInTx } from '../tenants/index.ts';
import { ensureDemoUsers } from '../users/index.ts';
import { CATEGORY_TREE } from './demo-catalog.ts';
import { DEMO_COMPANY } from './demo-company.ts';
import { planCustomers } from './demo-customers.ts';
import { type DemoEvent, type DemoPlan, type PlannedReceipt, planActivity } from './demo-plan.ts';
import { ensureDemoTargets } from './demo-targets.ts';

export const DEFAULT_DEMO_SEED = 20260101;

export interface DemoOptions {
  seed?: number;
  /** The day the demo ends; all dates lie on or before it. */
  today: CalendarDate;
  /** Each step in words; while events are played, also how many of how many are done. */
  onProgress?: (step: string, done?: number, total?: number) => void;
  /** Multiplies the counts (default 1: ≈300 customers, ≈4000 invoices). */
  scale?: number;
}

/** What was loaded: plain numbers and decimal strings, ready for JSON. */
export interface DemoSummary {
  seed: number;
  today: string;
  customers: number;
  /** Invoice documents (drafts and voided ones included; credit notes not). */
  invoices: number;
  drafts: number;
  voided: number;
  creditNotes: number;
  receipts: number;
  allocations: number;
  writeOffs: number;
  refunds: number;
  /** Issued invoices with an open amount, and those of them past their due date. */
  openItems: number;
  overdueItems: number;
  /** Σ open amounts of invoices per currency, as decimal strings. */
  openByCurrency: Record<string, string>;
  /** Σ unapplied cash of receipts per currency, as decimal strings. */
  unappliedByCurrency: Record<string, string>;
}

interface Loaded {
  readonly customerIds: Map<string, string>;
  readonly invoices: Map<number, InvoiceRow>;
  readonly receipts: Map<number, string>;
  readonly clocks: Map<CalendarDate, TxDeps>;
}

/**
 * Load the demo company into `tenantId` (expected empty), in one transaction. Deterministic for a
 * given seed and today.
 * `loadDemoData(deps, tenant.tenantId, { today: '2026-03-31', scale: 0.05 })`.
 */
export async function loadDemoData(
  deps: CoreDeps,
  tenantId: string,
  opts: DemoOptions,
): Promise<DemoSummary> {
  if (!isCalendarDate(opts.today))
    throw validationFailed(`today must be a date YYYY-MM-DD, got "${opts.today}"`, [
      { field: 'today', message: 'not a date' },
    ]);
  const summary = await withTransaction(deps.db, (tx) => loadInTx(tx, deps, tenantId, opts));
  await refreshStatistics(deps.db, DEMO_TABLES, BULK_WRITE_ROWS);
  // The demo's history is not emailed to its (fictitious) customers: only what is issued from now on.
  await deliverInvoicesIssuedFrom(deps.db, tenantId, deps.clock.now());
  // One user per role with the passwords the README lists (kept when the demo is loaded again).
  await ensureDemoUsers(deps, tenantId);
  await setApprovalPolicy(deps, tenantId, DEMO_APPROVAL_POLICY);
  await ensureDemoTargets(deps, tenantId);
  return summary;
}

/**
 * The demo company's approval policy (docs/approvals.md): write-offs from 500.00 and refunds from
 * 1,000.00 (EUR, USD) wait for a credit manager; changes of a customer's bank accounts for an admin.
 */
const DEMO_APPROVAL_POLICY = approvalPolicyOf({
  'invoice.write_off': { thresholds: { EUR: '500.00', USD: '500.00' } },
  'receipt.refund': { thresholds: { EUR: '1000.00', USD: '1000.00' } },
  'customer.bank_details': {},
});

/** The tables the demo company fills. */
const DEMO_TABLES = [
  'customers',
  'invoices',
  'invoice_lines',
  'invoice_adjustments',
  'receipts',
  'allocations',
  'receipt_disbursements',
  'journal_entries',
  'journal_lines',
];

/**
 * The load itself, in one transaction: the demo company is loaded entirely or not at all (an
 * interrupted first `npm start` leaves an empty installation that loads again), and it saves a
 * commit per event.
 */
async function loadInTx(tx: Tx, deps: TxDeps, tenantId: string, opts: DemoOptions): Promise<DemoSummary> {
  const seed = opts.seed ?? DEFAULT_DEMO_SEED;
  const scale = opts.scale ?? 1;
  const progress = opts.onProgress ?? (() => undefined);
  const tenant = await getTenantOrThrow(tx, tenantId);
  // The tenant becomes the demo company (a new letterhead version; an earlier one stays on record)
  // before its first invoice, so that every demo invoice prints a complete letterhead.
  const company = await updateLetterheadInTx(tx, deps, tenantId, {
    ...DEMO_COMPANY,
    address: { ...DEMO_COMPANY.address },
  });
  progress(`company ${company.legalName}`);
  // Its e-mails carry portal links, and a link can be made for any customer (docs/portal.md).
  await enablePortalInTx(tx, tenantId, deps.clock.now());
  const rng = new Random(seed);
  const customers = planCustomers(rng, Math.round(300 * scale), tenant.baseCurrency);
  const plan = planActivity(
    rng,
    customers,
    Math.max(60, Math.round(4000 * scale)),
    opts.today,
    tenant.baseCurrency,
  );
  const loaded: Loaded = {
    customerIds: new Map(),
    invoices: new Map(),
    receipts: new Map(),
    clocks: new Map(),
  };
  for (const top of CATEGORY_TREE) {
    await createCategoryInTx(tx, tenantId, top.name);
    for (const [sub] of top.subcategories) await createCategoryInTx(tx, tenantId, sub, top.name);
  }
  for (const c of customers) {
    const created = await createCustomerInTx(tx, tenantId, c.input);
    loaded.customerIds.set(c.input.externalId, created.id);
    if (loaded.customerIds.size % YIELD_EVERY === 0) await yieldToEventLoop();
  }
  progress(`customers ${customers.length}`);
  await playEvents(tx, deps, tenantId, plan, loaded, progress);
  return summarize(plan, seed, opts.today, customers.length);
}

async function playEvents(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  plan: DemoPlan,
  loaded: Loaded,
  progress: (step: string, done?: number, total?: number) => void,
) {
  const total = plan.invoices.length;
  // Every 2%: often enough for a progress bar, rarely enough to cost nothing.
  const every = Math.max(1, Math.round(plan.events.length / 50));
  let receipts = 0;
  let done = 0;
  const report = (count: number) => {
    const before = Math.floor(done / every);
    done += count;
    if (Math.floor(done / every) > before || done === plan.events.length)
      progress(`invoices ${loaded.invoices.size}/${total}, receipts ${receipts}`, done, plan.events.length);
  };
  const events = plan.events;
  for (let i = 0; i < events.length; ) {
    const event = events[i] as DemoEvent;
    const dated = depsOn(deps, loaded, event.date);
    if (event.kind === 'issue' || event.kind === 'draft') {
      // A day's invoices go out as one billing run (createInvoices), as a real biller sends them.
      const run: InvoiceEvent[] = [];
      while (i < events.length) {
        const next = events[i] as DemoEvent;
        if ((next.kind !== 'issue' && next.kind !== 'draft') || next.date !== event.date) break;
        run.push(next);
        i += 1;
      }
      await playInvoices(tx, dated, tenantId, run, loaded);
      report(run.length);
      await yieldToEventLoop();
      continue;
    }
    await playOne(tx, dated, tenantId, event, loaded);
    if (event.kind === 'receipt') receipts += 1;
    i += 1;
    report(1);
    // The server answers /v1/status (and a 503 elsewhere) while the demo loads at its first start.
    if (i % YIELD_EVERY === 0) await yieldToEventLoop();
  }
}

/** Events played between two turns of the event loop (each a few statements). */
const YIELD_EVERY = 10;

type InvoiceEvent = Extract<DemoEvent, { kind: 'issue' | 'draft' }>;

/**
 * The demo replays nine months as they happened, credit decisions included: an invoice over its
 * customer's credit limit went out on an override, recorded on the activity log like any other.
 */
const DEMO_CREDIT_OVERRIDE = {
  reason: 'demo data: history replayed as it happened',
  by: SYSTEM_ACTOR,
  role: 'admin',
} as const;

async function playInvoices(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  run: readonly InvoiceEvent[],
  loaded: Loaded,
) {
  const rows = await createInvoicesInTx(
    tx,
    deps,
    tenantId,
    run.map((event) => invoiceInputOf(event, loaded)),
    { creditOverride: DEMO_CREDIT_OVERRIDE },
  );
  run.forEach((event, i) => {
    const row = rows[i];
    if (!row) throw new Error(`demo: invoice ${event.invoice.key} was not created`);
    loaded.invoices.set(event.invoice.key, row);
  });
}

function invoiceInputOf(event: InvoiceEvent, loaded: Loaded): CreateInvoiceInput {
  const inv = event.invoice;
  return {
    customer: customerId(loaded, inv.customer.input.externalId),
    currency: inv.currency,
    ...(inv.fxRate ? { fxRate: inv.fxRate } : {}),
    ...(inv.poNumber ? { poNumber: inv.poNumber } : {}),
    ...(event.kind === 'issue' ? { issueDate: inv.issueDate, issue: true } : {}),
    lines: inv.lines,
  };
}

/** The deps with a clock fixed at noon UTC of `date`. */
function depsOn(deps: TxDeps, loaded: Loaded, date: CalendarDate): TxDeps {
  const found = loaded.clocks.get(date);
  if (found) return found;
  const dated = { ...deps, clock: fixedClock(`${date}T12:00:00Z`) };
  loaded.clocks.set(date, dated);
  return dated;
}

async function playOne(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  event: DemoEvent,
  loaded: Loaded,
): Promise<void> {
  switch (event.kind) {
    case 'issue':
    case 'draft':
      await playInvoices(tx, deps, tenantId, [event], loaded);
      return;
    case 'void':
      await voidInvoiceInTx(tx, deps, tenantId, invoiceId(loaded, event.invoice.key), event.date);
      return;
    case 'credit':
      await creditInvoiceInTx(tx, deps, tenantId, invoiceId(loaded, event.invoice.key), {
        reason: event.reason,
        date: event.date,
        ...(event.amountMinor !== null
          ? { amount: formatAmount(event.amountMinor, event.invoice.currency) }
          : {}),
      });
      return;
    case 'write_off':
      await writeOffInvoiceInTx(tx, deps, tenantId, invoiceId(loaded, event.invoice.key), {
        reason: event.reason,
        date: event.date,
        ...(event.amountMinor !== null
          ? { amount: formatAmount(event.amountMinor, event.invoice.currency) }
          : {}),
      });
      return;
    case 'receipt':
      await playReceipt(tx, deps, tenantId, event.receipt, event.date, loaded);
      return;
    case 'refund': {
      const receiptId = loaded.receipts.get(event.receipt.key);
      if (!receiptId) throw new Error(`demo: refund before its receipt ${event.receipt.key}`);
      await refundReceiptInTx(tx, deps, tenantId, receiptId, {
        amount: formatAmount(event.amountMinor, event.receipt.currency),
        date: event.date,
        reason: 'Duplicate payment refunded',
      });
      return;
    }
    default:
      assertUnreachable(event);
  }
}

async function playReceipt(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  planned: PlannedReceipt,
  date: CalendarDate,
  loaded: Loaded,
) {
  const rows = planned.allocations.map((a) => loaded.invoices.get(a.invoice.key));
  const reference = referenceFor(planned, rows);
  const bankMethod = planned.method === 'bank_transfer' || planned.method === 'direct_debit';
  const detail = await recordReceiptInTx(tx, deps, tenantId, {
    customer: customerId(loaded, planned.customer.input.externalId),
    method: planned.method,
    receivedOn: date,
    amount: formatAmount(planned.amountMinor, planned.currency),
    currency: planned.currency,
    ...(planned.fxRate ? { fxRate: planned.fxRate } : {}),
    payerName: planned.customer.payerName,
    ...(bankMethod && planned.customer.iban ? { payerIban: planned.customer.iban } : {}),
    ...(reference ? { reference } : {}),
    allocations: planned.allocations.map((a) => ({
      invoice: invoiceId(loaded, a.invoice.key),
      amount: formatAmount(a.amountMinor, planned.currency),
    })),
  });
  loaded.receipts.set(planned.key, detail.receipt.receiptId);
}

const FREE_REFERENCES = [
  'Payment',
  'Zahlung offene Posten',
  'Paiement facture',
  'Betaling',
  'Settlement',
  'Transfer',
];

function referenceFor(planned: PlannedReceipt, rows: readonly (InvoiceRow | undefined)[]): string | null {
  const numbers = rows.map((r) => r?.number ?? '').filter(Boolean);
  switch (planned.referenceStyle) {
    case 'numbers':
      return (numbers.length > 1 ? `Remittance ${numbers.join(' ')}` : `Invoice ${numbers[0] ?? ''}`).slice(
        0,
        500,
      );
    case 'creditor_reference':
      return (
        rows
          .map((r) => r?.paymentReference ?? '')
          .filter(Boolean)
          .join(' ')
          .slice(0, 500) || null
      );
    case 'free':
      return FREE_REFERENCES[planned.key % FREE_REFERENCES.length] ?? null;
    case 'none':
      return null;
    default:
      return assertUnreachable(planned.referenceStyle);
  }
}

function customerId(loaded: Loaded, externalId: string): string {
  const id = loaded.customerIds.get(externalId);
  if (!id) throw new Error(`demo: customer ${externalId} was not created`);
  return id;
}

function invoiceId(loaded: Loaded, key: number): string {
  const row = loaded.invoices.get(key);
  if (!row) throw new Error(`demo: invoice ${key} used before it was created`);
  return row.invoiceId;
}

function summarize(plan: DemoPlan, seed: number, today: CalendarDate, customers: number): DemoSummary {
  const count = (kind: DemoEvent['kind']) => plan.events.filter((e) => e.kind === kind).length;
  const open = plan.invoices.filter((i) => i.openMinor > 0n);
  const openBy = new Map<string, bigint>();
  for (const i of open) openBy.set(i.currency, (openBy.get(i.currency) ?? 0n) + i.openMinor);
  const unappliedBy = new Map<string, bigint>();
  for (const e of plan.events) {
    const delta =
      e.kind === 'receipt'
        ? e.receipt.amountMinor - e.receipt.allocations.reduce((s, a) => s + a.amountMinor, 0n)
        : e.kind === 'refund'
          ? -e.amountMinor
          : 0n;
    const currency = e.kind === 'receipt' || e.kind === 'refund' ? e.receipt.currency : null;
    if (currency) unappliedBy.set(currency, (unappliedBy.get(currency) ?? 0n) + delta);
  }
  return {
    seed,
    today,
    customers,
    invoices: plan.invoices.length,
    drafts: count('draft'),
    voided: count('void'),
    creditNotes: count('credit'),
    receipts: count('receipt'),
    allocations: plan.events.reduce(
      (s, e) => s + (e.kind === 'receipt' ? e.receipt.allocations.length : 0),
      0,
    ),
    writeOffs: count('write_off'),
    refunds: count('refund'),
    openItems: open.length,
    overdueItems: open.filter((i) => i.dueDate < today).length,
    openByCurrency: decimals(openBy),
    unappliedByCurrency: decimals(unappliedBy),
  };
}

function decimals(byCurrency: Map<string, bigint>): Record<string, string> {
  return Object.fromEntries(
    [...byCurrency]
      .filter(([, v]) => v !== 0n)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([ccy, v]) => [ccy, formatAmount(v, ccy)]),
  );
}
