/**
 * Invoices and credit notes: drafts, issue (gapless number, due date from terms, RF reference,
 * journal entry), void (reversal), credit notes and write-offs. Each use case is one transaction.
 */
import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';
import { creditorReferenceForNumber as referenceFor } from '../../shared/creditor-reference.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { groupBy } from '../../shared/group-by.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import { allocate, money, parseAmount } from '../../shared/money.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import {
  type CustomerRow,
  customerRefs,
  findCustomersByIdOrExternalId,
  getCustomerRowOrThrow,
} from '../customers/index.ts';
import { baseShare, JournalEntryBuilder, type JournalEntryDraft, toBase } from '../ledger/index.ts';
import { takeNextNumber, takeNextNumbers } from '../numbering/index.ts';
import { getTenantOrThrow, type Tenant } from '../tenants/index.ts';
import { discountFor, dueDateFor, parsePaymentTerms } from '../terms/index.ts';
import type { SettlementAdjustmentKind } from './adjustment-kinds.ts';
import { assertCanApply, type ClosingEvent, isOverdue, statusFor } from './invoice-status.ts';
import { computeTotals } from './invoice-totals.ts';
import {
  type CreateInvoiceInput,
  type CreditInvoiceInput,
  createInvoiceInput,
  creditInvoiceInput,
  type WriteOffInvoiceInput,
  writeOffInvoiceInput,
} from './invoices.input.ts';
import * as repo from './invoices.repository.ts';
import type { BillTo } from './invoices.tables.ts';
import type { IssueOverride, IssuingInvoice } from './issue-guard.ts';

export type InvoiceRow = repo.InvoiceRow;
export type { BillTo } from './invoices.tables.ts';
export type NewAdjustmentRow = repo.NewAdjustmentRow;

/** How an issue may go: `creditOverride` lets invoices out that the credit check would refuse. */
export interface IssueOptions {
  creditOverride?: IssueOverride | undefined;
}

/** Create a draft (or, with `issue: true`, create and issue in the same transaction). */
export async function createInvoice(
  deps: CoreDeps,
  tenantId: string,
  raw: CreateInvoiceInput,
  options: IssueOptions = {},
): Promise<InvoiceRow> {
  return withTransaction(deps.db, (tx) => createInvoiceInTx(tx, deps, tenantId, raw, options));
}

/** createInvoice in the caller's transaction `tx` (see http/idempotency.ts: a request and its stored response commit together). */
export async function createInvoiceInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  raw: CreateInvoiceInput,
  options: IssueOptions = {},
): Promise<InvoiceRow> {
  const [row] = await createInvoicesInTx(tx, deps, tenantId, [createInvoiceInput.parse(raw)], options);
  if (!row) throw new Error('createInvoices returned nothing');
  return row;
}

/**
 * Create (and, per input, issue) many invoices in one transaction — a billing run. Each step is one
 * query for all of them (customers, numbers per series, invoices, lines, journal entries), so a
 * batch of thousands issues at thousands per second. Any bad invoice rejects the whole batch, and
 * the error names it (`invoices[3].customer`) — a credit refusal too (see credit-issue.service.ts).
 */
export async function createInvoices(
  deps: CoreDeps,
  tenantId: string,
  raws: readonly CreateInvoiceInput[],
  options: IssueOptions = {},
): Promise<InvoiceRow[]> {
  return withTransaction(deps.db, (tx) => createInvoicesInTx(tx, deps, tenantId, raws, options));
}

/** createInvoices in the caller's transaction `tx` (see http/idempotency.ts: a request and its stored response commit together). */
export async function createInvoicesInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  raws: readonly CreateInvoiceInput[],
  options: IssueOptions = {},
): Promise<InvoiceRow[]> {
  const inputs = raws.map((raw, i) => parseBatchItem(raw, i, raws.length));
  if (inputs.length === 0) return [];
  const tenant = await getTenantOrThrow(tx, tenantId);
  const customers = await customersByKey(
    tx,
    tenantId,
    inputs.map((i) => i.customer),
  );
  const drafts = inputs.map((input, i) => {
    const customer = customers.get(input.customer);
    if (!customer) {
      const where = raws.length > 1 ? `invoices[${i}].customer` : 'customer';
      throw new AppError('not_found', `customer ${input.customer} not found`, [
        { field: where, message: 'unknown customer' },
      ]);
    }
    return { ...draftOf(tenant, customer, input), customer };
  });
  const today = todayUtc(deps.clock.now());
  const numbers = await numbersForIssue(tx, tenantId, drafts, today);
  const now = deps.clock.now();
  const issuing = drafts.flatMap((d, i) =>
    d.issue
      ? [
          issuingOf(
            d.row,
            d.customer,
            numbers.get(d.row.invoiceId) ?? '',
            raws.length > 1 ? `invoices[${i}]` : 'override',
          ),
        ]
      : [],
  );
  await deps.issueGuard(
    tx,
    { tenantId, baseCurrency: tenant.baseCurrency, asOf: today, now, override: options.creditOverride },
    issuing,
  );
  const rows = drafts.map((d) =>
    d.issue ? issuedRow(d, numbers.get(d.row.invoiceId) ?? '', today, now, tenant.letterheadVersion) : d.row,
  );
  await repo.insertInvoices(
    tx,
    rows,
    drafts.flatMap((d) => d.lines),
  );
  const entries = drafts.flatMap((d, i) => {
    const row = rows[i];
    if (!d.issue || !row?.number || !row.issueDate || row.totalMinor === 0n) return [];
    return [issueEntry(tenant, { ...row, fxRate: row.fxRate ?? '1' }, row.number, row.issueDate, d.lines)];
  });
  await deps.ledger.postMany(tx, tenantId, entries);
  if (issuing.length > 0) await announceIssued(tx, deps, tenantId);
  return repo.findInvoicesByIds(
    tx,
    tenantId,
    rows.map((r) => r.invoiceId),
  );
}

function parseBatchItem(raw: CreateInvoiceInput, index: number, count: number): CreateInvoiceInput {
  const result = createInvoiceInput.safeParse(raw);
  if (result.success) return result.data;
  if (count === 1) throw result.error;
  throw validationFailed(
    `invoice ${index + 1} of ${count} is invalid`,
    result.error.issues.map((issue) => ({
      field: ['invoices', index, ...issue.path]
        .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
        .join('')
        .slice(1),
      message: issue.message,
    })),
  );
}

async function customersByKey(tx: Tx, tenantId: string, keys: readonly string[]) {
  const rows = await findCustomersByIdOrExternalId(tx, tenantId, [...new Set(keys)]);
  const byKey = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    byKey.set(row.externalId, row);
    byKey.set(row.customerId, row);
  }
  return byKey;
}

interface Draft {
  row: repo.NewInvoiceRow & {
    invoiceId: string;
    totalMinor: bigint;
    taxMinor: bigint;
    customerId: string;
    currency: string;
  };
  lines: (repo.NewInvoiceLineRow & { netMinor: bigint; description: string })[];
  issue: boolean;
  issueDate: CalendarDate | undefined;
  billTo: BillTo;
}

function draftOf(tenant: Tenant, customer: CustomerRow, input: CreateInvoiceInput): Draft {
  const currency = input.currency ?? customer.currency;
  const fxRate = fxRateFor(tenant, currency, input.fxRate);
  const totals = computeTotals(input.lines, currency);
  const invoiceId = newId();
  return {
    issue: input.issue === true,
    issueDate: input.issueDate,
    billTo: billToOf(customer),
    row: {
      tenantId: tenant.tenantId,
      invoiceId,
      kind: 'invoice',
      series: input.series ?? 'INV',
      customerId: customer.customerId,
      status: 'draft',
      issueDate: input.issueDate ?? null,
      paymentTerms: input.paymentTerms ?? customer.paymentTerms,
      currency,
      fxRate,
      netMinor: totals.netMinor,
      taxMinor: totals.taxMinor,
      totalMinor: totals.totalMinor,
      openMinor: 0n,
      poNumber: input.poNumber ?? null,
      description: input.description ?? null,
    },
    lines: totals.lines.map((l, i) => ({
      tenantId: tenant.tenantId,
      invoiceId,
      lineNo: i + 1,
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPct: l.discountPct ?? '0',
      taxRate: l.taxRate ?? '0',
      netMinor: l.netMinor,
    })),
  };
}

/** What the credit check needs of an invoice being issued (zero invoices extend no credit). */
function issuingOf(
  row: Pick<InvoiceRow, 'invoiceId' | 'currency' | 'totalMinor' | 'fxRate'> | Draft['row'],
  customer: Pick<CustomerRow, 'customerId' | 'externalId' | 'currency' | 'creditLimitMinor'>,
  number: string,
  field: string,
): IssuingInvoice {
  return {
    invoiceId: row.invoiceId,
    number,
    customerId: customer.customerId,
    customerExternalId: customer.externalId,
    customerCurrency: customer.currency,
    creditLimitMinor: customer.creditLimitMinor,
    currency: row.currency,
    fxRate: row.fxRate ?? '1',
    totalMinor: row.totalMinor ?? 0n,
    field,
  };
}

/**
 * Numbers for the drafts to issue, taken per series and issue year (a yearly series restarts each
 * year) in one statement each, in input order.
 */
async function numbersForIssue(
  tx: Tx,
  tenantId: string,
  drafts: readonly Draft[],
  today: CalendarDate,
): Promise<Map<string, string>> {
  const numbers = new Map<string, string>();
  const bySeries = groupBy(
    drafts.filter((d) => d.issue),
    (d) => `${d.row.series ?? 'INV'}\u0000${(d.issueDate ?? today).slice(0, 4)}`,
  );
  for (const list of bySeries.values()) {
    const first = list[0];
    if (!first) continue;
    const series = first.row.series ?? 'INV';
    const taken = await takeNextNumbers(tx, tenantId, series, list.length, first.issueDate ?? today);
    for (const [i, d] of list.entries()) numbers.set(d.row.invoiceId, taken[i] ?? '');
  }
  return numbers;
}

/**
 * The row of a draft issued as `number` on its issue date (default today): terms, due date, RF
 * reference, and what its document shows: the letterhead version and the customer as of now.
 */
function issuedRow(
  d: Draft,
  number: string,
  today: CalendarDate,
  now: Date,
  letterheadVersion: number,
): Draft['row'] {
  const date = d.issueDate ?? today;
  const terms = parsePaymentTerms(d.row.paymentTerms ?? 'NET30');
  const discount = discountFor(terms, date);
  return {
    ...d.row,
    number,
    status: 'issued',
    issueDate: date,
    dueDate: dueDateFor(terms, date),
    discountDate: discount?.deadline ?? null,
    discountPct: discount?.pct ?? null,
    openMinor: d.row.totalMinor,
    paymentReference: referenceFor(number),
    issuedAt: now,
    letterheadVersion,
    billTo: d.billTo,
  };
}

/** The customer as an issued document names it. */
function billToOf(customer: CustomerRow): BillTo {
  return {
    name: customer.name,
    legalName: customer.legalName,
    billingAddress: customer.billingAddress,
    country: customer.country,
    taxId: customer.taxId,
    language: customer.language,
  };
}

function fxRateFor(tenant: Tenant, currency: string, given: string | undefined): string {
  if (currency === tenant.baseCurrency) {
    if (given !== undefined && given !== '1')
      throw validationFailed('fxRate must be 1 (or omitted) in the base currency', [
        { field: 'fxRate', message: 'must be 1' },
      ]);
    return '1';
  }
  if (given === undefined) {
    throw validationFailed(
      `an invoice in ${currency} needs fxRate (${tenant.baseCurrency} per ${currency})`,
      [{ field: 'fxRate', message: 'required for a foreign currency' }],
    );
  }
  return given;
}

/** Issue a draft: take the next number, fix dates and the RF reference, post the entry. */
export async function issueInvoice(
  deps: CoreDeps,
  tenantId: string,
  idOrNumber: string,
  issueDate?: CalendarDate,
  options: IssueOptions = {},
): Promise<InvoiceRow> {
  return withTransaction(deps.db, (tx) =>
    issueInvoiceInTx(tx, deps, tenantId, idOrNumber, issueDate, options),
  );
}

/** issueInvoice in the caller's transaction `tx`. */
export async function issueInvoiceInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  idOrNumber: string,
  issueDate?: CalendarDate,
  options: IssueOptions = {},
): Promise<InvoiceRow> {
  const invoice = await lockOne(tx, tenantId, idOrNumber);
  return issueInTx(tx, deps, tenantId, invoice, issueDate, options);
}

async function issueInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  invoice: InvoiceRow,
  issueDate: CalendarDate | undefined,
  options: IssueOptions,
): Promise<InvoiceRow> {
  assertCanApply('issue', invoice.status, invoice.number);
  const tenant = await getTenantOrThrow(tx, tenantId);
  const date = issueDate ?? invoice.issueDate ?? todayUtc(deps.clock.now());
  const number = await takeNextNumber(tx, tenantId, invoice.series, date);
  const customer = await getCustomerRowOrThrow(tx, tenantId, invoice.customerId);
  await deps.issueGuard(
    tx,
    {
      tenantId,
      baseCurrency: tenant.baseCurrency,
      asOf: todayUtc(deps.clock.now()),
      now: deps.clock.now(),
      override: options.creditOverride,
    },
    [issuingOf(invoice, customer, number, 'override')],
  );
  const terms = parsePaymentTerms(invoice.paymentTerms);
  const discount = discountFor(terms, date);
  const lines = await repo.linesOf(tx, tenantId, invoice.invoiceId);
  // A zero invoice (free of charge, 100 % discount) moves no money: it takes its number, posts nothing.
  if (invoice.totalMinor !== 0n)
    await deps.ledger.post(tx, tenantId, issueEntry(tenant, invoice, number, date, lines));
  await repo.updateInvoice(tx, tenantId, invoice.invoiceId, {
    number,
    status: 'issued',
    issueDate: date,
    dueDate: dueDateFor(terms, date),
    discountDate: discount?.deadline ?? null,
    discountPct: discount?.pct ?? null,
    openMinor: invoice.totalMinor,
    paymentReference: referenceFor(number),
    issuedAt: deps.clock.now(),
    letterheadVersion: tenant.letterheadVersion,
    billTo: billToOf(customer),
  });
  await announceIssued(tx, deps, tenantId);
  return getInvoiceRowOrThrow(tx, tenantId, invoice.invoiceId);
}

/**
 * Documents were issued in `tx`: have them delivered right after the commit (the `invoices.deliver`
 * job, queued in the same transaction, where the process runs a scheduler; else its sweep).
 */
async function announceIssued(tx: Tx, deps: TxDeps, tenantId: string): Promise<void> {
  await deps.jobs?.enqueue(tx, 'invoices.deliver', { tenantId });
}

/** Dr AR (total) / Cr revenue (net, per line) / Cr tax payable; base amounts at the fixed rate. */
function issueEntry(
  tenant: Tenant,
  inv: Pick<InvoiceRow, 'currency' | 'fxRate' | 'totalMinor' | 'taxMinor' | 'invoiceId' | 'customerId'>,
  number: string,
  date: CalendarDate,
  lines: readonly Pick<repo.InvoiceLineRow, 'netMinor' | 'description'>[],
) {
  const base = (m: bigint) => toBase(m, inv.currency, tenant.baseCurrency, inv.fxRate);
  const totalBase = base(inv.totalMinor);
  const taxBase = base(inv.taxMinor);
  const lineBases = allocate(
    totalBase - taxBase,
    lines.map((l) => (l.netMinor < 0n ? -l.netMinor : l.netMinor)),
  );
  const entry = new JournalEntryBuilder('invoice.issued', date, `Invoice ${number}`)
    .from('invoice', inv.invoiceId)
    .debit('ar_control', money(inv.totalMinor, inv.currency), totalBase, {
      customerId: inv.customerId,
      invoiceId: inv.invoiceId,
    });
  lines.forEach((l, i) => {
    entry.credit('revenue', money(l.netMinor, inv.currency), lineBases[i] ?? 0n, {
      memo: l.description.slice(0, 200),
    });
  });
  return entry.credit('tax_payable', money(inv.taxMinor, inv.currency), taxBase).build();
}

/** Void: a draft simply; an issued invoice nothing has touched, by reversing its issue entry. */
export async function voidInvoice(
  deps: CoreDeps,
  tenantId: string,
  idOrNumber: string,
  date?: CalendarDate,
  reason?: string,
): Promise<InvoiceRow> {
  return withTransaction(deps.db, (tx) => voidInvoiceInTx(tx, deps, tenantId, idOrNumber, date, reason));
}

/** voidInvoice in the caller's transaction `tx`. */
export async function voidInvoiceInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  idOrNumber: string,
  date?: CalendarDate,
  reason?: string,
): Promise<InvoiceRow> {
  const invoice = await lockOne(tx, tenantId, idOrNumber);
  assertCanApply('void', invoice.status, invoice.number);
  if (invoice.status === 'issued' && invoice.openMinor !== invoice.totalMinor)
    throw new AppError(
      'invalid_state',
      `invoice ${invoice.number} has payments or credits; unapply them first`,
    );
  // A zero invoice posted nothing at issue, so there is nothing to reverse.
  if (invoice.status === 'issued' && invoice.totalMinor !== 0n) {
    const issued = await deps.ledger.findEntryIdBySource(
      tx,
      tenantId,
      'invoice',
      invoice.invoiceId,
      'invoice.issued',
    );
    await deps.ledger.reverse(
      tx,
      tenantId,
      issued,
      date ?? todayUtc(deps.clock.now()),
      'invoice.voided',
      reason ? `void: ${reason}` : undefined,
    );
  }
  await repo.updateInvoice(tx, tenantId, invoice.invoiceId, {
    status: 'void',
    openMinor: 0n,
    closedAt: deps.clock.now(),
  });
  return getInvoiceRowOrThrow(tx, tenantId, invoice.invoiceId);
}

/**
 * Credit note against an invoice, for at most its open amount: a document of its own (CN series)
 * that reduces the invoice's open amount. Net and tax are credited in the invoice's proportions.
 */
export async function creditInvoice(
  deps: CoreDeps,
  tenantId: string,
  idOrNumber: string,
  raw: CreditInvoiceInput,
) {
  return withTransaction(deps.db, (tx) => creditInvoiceInTx(tx, deps, tenantId, idOrNumber, raw));
}

/** creditInvoice in the caller's transaction `tx`. */
export async function creditInvoiceInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  idOrNumber: string,
  raw: CreditInvoiceInput,
) {
  const input = creditInvoiceInput.parse(raw);
  const invoice = await lockOne(tx, tenantId, idOrNumber);
  assertCanApply('credit', invoice.status, invoice.number);
  const amount = amountWithinOpen(invoice, input.amount);
  const date = input.date ?? todayUtc(deps.clock.now());
  const tenant = await getTenantOrThrow(tx, tenantId);
  const [netMinor = 0n, taxMinor = 0n] = allocate(amount, [invoice.netMinor, invoice.taxMinor]);
  const number = await takeNextNumber(tx, tenantId, 'CN', date);
  const customer = await getCustomerRowOrThrow(tx, tenantId, invoice.customerId);
  const creditNoteId = newId();
  await repo.insertInvoice(
    tx,
    {
      tenantId,
      invoiceId: creditNoteId,
      kind: 'credit_note',
      number,
      series: 'CN',
      customerId: invoice.customerId,
      status: 'issued',
      issueDate: date,
      dueDate: date,
      paymentTerms: 'DUE_ON_RECEIPT',
      currency: invoice.currency,
      fxRate: invoice.fxRate,
      netMinor,
      taxMinor,
      totalMinor: amount,
      openMinor: 0n,
      description: input.reason,
      creditedInvoiceId: invoice.invoiceId,
      issuedAt: deps.clock.now(),
      letterheadVersion: tenant.letterheadVersion,
      billTo: billToOf(customer),
    },
    [
      {
        tenantId,
        invoiceId: creditNoteId,
        lineNo: 1,
        description: `Credit for ${invoice.number}: ${input.reason}`.slice(0, 500),
        quantity: '1',
        unitPrice: '0',
        netMinor,
      },
    ],
  );
  const arBase = await invoiceBaseShare(deps, tx, tenant, invoice, amount);
  const taxBase = toBase(taxMinor, invoice.currency, tenant.baseCurrency, invoice.fxRate);
  const entry = new JournalEntryBuilder(
    'credit_note.issued',
    date,
    `Credit note ${number} for ${invoice.number}`,
  )
    .from('credit_note', creditNoteId)
    .debit('revenue', money(netMinor, invoice.currency), arBase - taxBase)
    .debit('tax_payable', money(taxMinor, invoice.currency), taxBase)
    .credit('ar_control', money(amount, invoice.currency), arBase, {
      customerId: invoice.customerId,
      invoiceId: invoice.invoiceId,
    })
    .build();
  const entryId = await deps.ledger.post(tx, tenantId, entry);
  await repo.insertAdjustment(tx, {
    tenantId,
    adjustmentId: newId(),
    invoiceId: invoice.invoiceId,
    kind: 'credit_note',
    amountMinor: amount,
    creditNoteId,
    reason: input.reason,
    entryId,
  });
  await reduceOpen(deps, tx, invoice, amount, 'credit');
  await announceIssued(tx, deps, tenantId);
  return {
    invoice: await getInvoiceRowOrThrow(tx, tenantId, invoice.invoiceId),
    creditNote: await getInvoiceRowOrThrow(tx, tenantId, creditNoteId),
  };
}

/** Write off (part of) an invoice's open amount to bad debt. */
export async function writeOffInvoice(
  deps: CoreDeps,
  tenantId: string,
  idOrNumber: string,
  raw: WriteOffInvoiceInput,
): Promise<InvoiceRow> {
  return withTransaction(deps.db, (tx) => writeOffInvoiceInTx(tx, deps, tenantId, idOrNumber, raw));
}

/** writeOffInvoice in the caller's transaction `tx`. */
export async function writeOffInvoiceInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  idOrNumber: string,
  raw: WriteOffInvoiceInput,
): Promise<InvoiceRow> {
  const input = writeOffInvoiceInput.parse(raw);
  const invoice = await lockOne(tx, tenantId, idOrNumber);
  assertCanApply('write_off', invoice.status, invoice.number);
  const amount = amountWithinOpen(invoice, input.amount);
  await postAdjustment(deps, tx, invoice, {
    kind: 'write_off',
    amountMinor: amount,
    reason: input.reason,
    date: input.date ?? todayUtc(deps.clock.now()),
  });
  return getInvoiceRowOrThrow(tx, tenantId, invoice.invoiceId);
}

export type { SettlementAdjustmentKind } from './adjustment-kinds.ts';

/** The account each adjustment that closes the gap between a payment and an invoice is charged to. */
const ADJUSTMENT_ACCOUNT = {
  write_off: 'bad_debt',
  discount: 'discounts_allowed',
  bank_charge: 'bank_charges',
} as const;

export interface SettlementAdjustment {
  readonly kind: SettlementAdjustmentKind;
  readonly amountMinor: bigint;
  readonly reason: string;
  readonly date: CalendarDate;
  /** The receipt whose application it belongs to: unapplying that application takes it back. */
  readonly receiptId?: string;
}

/**
 * Settle part of an invoice's open amount that the customer rightly did not pay: an early-payment
 * discount (to discounts allowed) or bank charges deducted on the way (to bank charges).
 */
export function adjustInvoice(
  deps: CoreDeps,
  tenantId: string,
  idOrNumber: string,
  adjustment: SettlementAdjustment,
): Promise<InvoiceRow> {
  return withTransaction(deps.db, (tx) => adjustInvoiceInTx(tx, deps, tenantId, idOrNumber, adjustment));
}

/** `adjustInvoice` in the caller's transaction (a payment booked with its discount or charges). */
export async function adjustInvoiceInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  idOrNumber: string,
  adjustment: SettlementAdjustment,
): Promise<InvoiceRow> {
  const invoice = await lockOne(tx, tenantId, idOrNumber);
  assertCanApply('write_off', invoice.status, invoice.number);
  if (adjustment.amountMinor <= 0n || adjustment.amountMinor > invoice.openMinor)
    throw new AppError(
      'over_allocation',
      `adjustment must be within the open amount of invoice ${invoice.number}`,
      [{ field: 'amount', message: 'between 0 and the open amount' }],
    );
  await postAdjustment(deps, tx, invoice, adjustment);
  return getInvoiceRowOrThrow(tx, tenantId, invoice.invoiceId);
}

/** Dr the adjustment's account / Cr AR of the invoice: a write-off, a discount or bank charges. */
export function adjustmentEntry(
  invoice: Pick<InvoiceRow, 'invoiceId' | 'customerId' | 'currency' | 'number'>,
  adj: { kind: keyof typeof ADJUSTMENT_ACCOUNT; amountMinor: bigint; reason: string; date: CalendarDate },
  arBase: bigint,
): JournalEntryDraft {
  const label =
    adj.kind === 'write_off' ? 'Write-off' : adj.kind === 'discount' ? 'Discount' : 'Bank charges';
  return new JournalEntryBuilder(
    `invoice.${adj.kind === 'write_off' ? 'written_off' : adj.kind}`,
    adj.date,
    `${label} on ${invoice.number}: ${adj.reason}`,
  )
    .from('invoice', invoice.invoiceId)
    .debit(ADJUSTMENT_ACCOUNT[adj.kind], money(adj.amountMinor, invoice.currency), arBase)
    .credit('ar_control', money(adj.amountMinor, invoice.currency), arBase, {
      customerId: invoice.customerId,
      invoiceId: invoice.invoiceId,
    })
    .build();
}

async function postAdjustment(
  deps: TxDeps,
  tx: Tx,
  invoice: InvoiceRow,
  adj: {
    kind: keyof typeof ADJUSTMENT_ACCOUNT;
    amountMinor: bigint;
    reason: string;
    date: CalendarDate;
    receiptId?: string;
  },
): Promise<void> {
  const tenant = await getTenantOrThrow(tx, invoice.tenantId);
  const amount = adj.amountMinor;
  const arBase = await invoiceBaseShare(deps, tx, tenant, invoice, amount);
  const entry = adjustmentEntry(invoice, adj, arBase);
  const entryId = await deps.ledger.post(tx, invoice.tenantId, entry);
  await repo.insertAdjustment(tx, {
    tenantId: invoice.tenantId,
    adjustmentId: newId(),
    invoiceId: invoice.invoiceId,
    kind: adj.kind,
    amountMinor: amount,
    reason: adj.reason,
    entryId,
    receiptId: adj.receiptId ?? null,
  });
  await reduceOpen(deps, tx, invoice, amount, adj.kind === 'write_off' ? 'write_off' : 'payment');
}

/**
 * Take back the discounts and bank charges booked with a receipt's application (when it is
 * unapplied): each entry is reversed, and the amount is open on its invoice again. Returns how
 * many were taken back. Runs in the caller's transaction.
 */
export async function reverseReceiptAdjustments(
  deps: TxDeps,
  tx: Tx,
  tenantId: string,
  receiptId: string,
  date: CalendarDate,
): Promise<number> {
  const adjustments = await repo.activeAdjustmentsOfReceipt(tx, tenantId, receiptId);
  const invoices = new Map(
    (await repo.lockInvoices(tx, tenantId, [...new Set(adjustments.map((a) => a.invoiceId))])).map((i) => [
      i.invoiceId,
      i,
    ]),
  );
  for (const adj of adjustments) {
    const invoice = invoices.get(adj.invoiceId);
    if (!invoice) throw notFound('invoice', adj.invoiceId);
    assertCanApply('unapply', invoice.status, invoice.number);
    const reason = `${adj.kind.replace('_', ' ')} taken back with the application it belonged to`;
    const reversal = await deps.ledger.reverse(
      tx,
      tenantId,
      adj.entryId,
      date,
      'invoice.adjustment_reversed',
      reason,
    );
    await repo.markAdjustmentReversed(tx, tenantId, adj.adjustmentId, reversal, deps.clock.now());
    await reduceOpen(deps, tx, invoice, -adj.amountMinor, 'payment');
    invoices.set(invoice.invoiceId, { ...invoice, openMinor: invoice.openMinor + adj.amountMinor });
  }
  return adjustments.length;
}

function amountWithinOpen(invoice: InvoiceRow, amount: string | undefined): bigint {
  const value = amount === undefined ? invoice.openMinor : parseAmount(amount, invoice.currency, 'amount');
  if (value <= 0n)
    throw validationFailed('amount must be positive', [{ field: 'amount', message: 'must be positive' }]);
  if (value > invoice.openMinor) {
    throw new AppError('over_allocation', `amount exceeds the open amount of invoice ${invoice.number}`, [
      { field: 'amount', message: `at most the open amount` },
    ]);
  }
  return value;
}

/** Base-currency share of `amount` of an invoice's AR balance (exact: the last share takes the rest). */
export async function invoiceBaseShare(
  deps: TxDeps,
  tx: Tx,
  tenant: Tenant,
  invoice: InvoiceRow,
  amount: bigint,
): Promise<bigint> {
  if (invoice.currency === tenant.baseCurrency) return amount;
  const remainingBase = await deps.ledger.arBaseBalance(tx, tenant.tenantId, {
    invoiceId: invoice.invoiceId,
  });
  return baseShare(remainingBase, invoice.openMinor, amount);
}

/** Lower (or, negative `delta`, raise) an invoice's open amount and set its status. */
export async function reduceOpen(
  deps: TxDeps,
  tx: Tx,
  invoice: InvoiceRow,
  amount: bigint,
  event: ClosingEvent,
): Promise<void> {
  const openMinor = invoice.openMinor - amount;
  const status = statusFor(openMinor, invoice.totalMinor, event);
  await repo.updateInvoice(tx, invoice.tenantId, invoice.invoiceId, {
    openMinor,
    status,
    closedAt: openMinor === 0n ? deps.clock.now() : null,
  });
}

async function lockOne(tx: Tx, tenantId: string, idOrNumber: string): Promise<InvoiceRow> {
  const found = await getInvoiceRowOrThrow(tx, tenantId, idOrNumber);
  const [locked] = await repo.lockInvoices(tx, tenantId, [found.invoiceId]);
  if (!locked) throw notFound('invoice', idOrNumber);
  return locked;
}

/** Lock several invoices (stable order, no deadlocks) for an allocation. */
export function lockInvoicesForUpdate(tx: Tx, tenantId: string, invoiceIds: readonly string[]) {
  return repo.lockInvoices(tx, tenantId, invoiceIds);
}

/** Number, customer, currency, status and amounts of invoices to settle, locked. */
export function lockInvoiceBalancesForUpdate(tx: Tx, tenantId: string, invoiceIds: readonly string[]) {
  return repo.lockInvoiceBalances(tx, tenantId, invoiceIds);
}

/** Look an invoice up by id (UUID) or number. */
export async function getInvoiceRowOrThrow(
  q: Queryable,
  tenantId: string,
  idOrNumber: string,
): Promise<InvoiceRow> {
  const row =
    (isUuid(idOrNumber) ? await repo.findInvoice(q, tenantId, idOrNumber) : null) ??
    (await repo.findInvoiceByNumber(q, tenantId, idOrNumber));
  if (!row) throw notFound('invoice', idOrNumber);
  return row;
}

export async function getInvoiceDetail(q: Queryable, tenantId: string, idOrNumber: string) {
  const invoice = await getInvoiceRowOrThrow(q, tenantId, idOrNumber);
  // One after the other: `q` may be a transaction, which runs one query at a time.
  const lines = await repo.linesOf(q, tenantId, invoice.invoiceId);
  const adjustments = await repo.adjustmentsOf(q, tenantId, invoice.invoiceId);
  return { invoice, lines, adjustments };
}

export interface InvoiceListQuery {
  status?: string;
  customer?: string;
  currency?: string;
  kind?: 'invoice' | 'credit_note';
  cursor?: string;
  limit: number;
  asOf: CalendarDate;
}

/** A page of invoices in creation order; `status: 'overdue'` is derived from due date and `asOf`. */
export async function listInvoices(q: Queryable, tenantId: string, query: InvoiceListQuery) {
  const customerId = query.customer
    ? (await getCustomerRowOrThrow(q, tenantId, query.customer)).customerId
    : undefined;
  const rows = await repo.listInvoiceRows(q, tenantId, {
    ...(query.status === 'overdue'
      ? { overdueAsOf: query.asOf }
      : query.status
        ? { status: query.status }
        : {}),
    ...(customerId ? { customerId } : {}),
    ...(query.currency ? { currency: query.currency } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.cursor ? { afterId: query.cursor } : {}),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const byId = await customerRefs(
    q,
    tenantId,
    page.map((r) => r.customerId),
  );
  return {
    invoices: page.map((r) => ({
      ...r,
      customerExternalId: byId.get(r.customerId)?.externalId ?? null,
      overdue: isOverdue(r.status, r.openMinor, r.dueDate, query.asOf),
    })),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.invoiceId ?? null) : null,
  };
}

/** Issue date and total of each of `invoiceIds` (unknown ids are left out). */
export function getIssueDatesAndTotals(q: Queryable, tenantId: string, invoiceIds: readonly string[]) {
  return repo.findIssueDatesAndTotals(q, tenantId, invoiceIds);
}

/** Invoices by id in one query, in the order given (unknown ids are left out). */
export function getInvoicesByIds(q: Queryable, tenantId: string, invoiceIds: readonly string[]) {
  return repo.findInvoicesByIds(q, tenantId, invoiceIds);
}

/** The lines of many invoices in one query, by invoice id (for documents rendered in batches). */
export async function getLinesOfInvoices(
  q: Queryable,
  tenantId: string,
  invoiceIds: readonly string[],
): Promise<Map<string, repo.InvoiceLineRow[]>> {
  return groupBy(await repo.linesOfInvoices(q, tenantId, invoiceIds), (l) => l.invoiceId);
}

/** Record settlement adjustments of many invoices at once (the bulk receipts path), in `tx`. */
export function insertAdjustmentsInTx(tx: Tx, rows: readonly NewAdjustmentRow[]): Promise<void> {
  return repo.insertAdjustments(tx, rows);
}

/** Set the open amounts and statuses of many invoices in one statement (bulk settlement), in `tx`. */
export function setOpenAmountsInTx(
  tx: Tx,
  tenantId: string,
  updates: readonly { invoiceId: string; openMinor: bigint; status: string }[],
  closedAt: Date,
): Promise<void> {
  return repo.setOpenAmounts(tx, tenantId, updates, closedAt);
}
