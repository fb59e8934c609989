/**
 * Create invoices: one draft, or a billing run of many created (and, per input, issued) in one
 * transaction with one query per step.
 */

import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';
import { creditorReferenceForNumber as referenceFor } from '../../shared/creditor-reference.ts';
import { AppError, validationFailed } from '../../shared/errors.ts';
import { groupBy } from '../../shared/group-by.ts';
import { newId } from '../../shared/ids.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { type CustomerRow, findCustomersByIdOrExternalId } from '../customers/index.ts';
import { missingRate } from '../fx/index.ts';
import { takeNextNumbers } from '../numbering/index.ts';
import { getTenantOrThrow, type Tenant } from '../tenants/index.ts';
import { discountFor, dueDateFor, parsePaymentTerms } from '../terms/index.ts';
import { auditCreatedInvoices } from './invoice-audit.ts';
import {
  announceIssued,
  billToOf,
  type IssueOptions,
  issueEntry,
  issuingOf,
} from './invoice-issue.service.ts';
import type { InvoiceRow } from './invoice-queries.service.ts';
import { type RateRequest, ratesInForce } from './invoice-rates.ts';
import { computeTotals } from './invoice-totals.ts';
import { type CreateInvoiceInput, createInvoiceInput } from './invoices.input.ts';
import * as repo from './invoices.repository.ts';
import type { BillTo } from './invoices.tables.ts';
import { assertVatCategories } from './vat-category.ts';

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
  const today = todayUtc(deps.clock.now());
  const rateInForce = await ratesForInputs(tx, tenant, inputs, customers, today);
  const drafts = inputs.map((input, i) => {
    const customer = customers.get(input.customer);
    if (!customer) {
      const where = raws.length > 1 ? `invoices[${i}].customer` : 'customer';
      throw new AppError('not_found', `customer ${input.customer} not found`, [
        { field: where, message: 'unknown customer' },
      ]);
    }
    return { ...draftOf(tenant, customer, input, rateInForce, today), customer };
  });
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
  const created = await repo.findInvoicesByIds(
    tx,
    tenantId,
    rows.map((r) => r.invoiceId),
  );
  await auditCreatedInvoices(tx, tenantId, created);
  return created;
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

/** Customers by id and by external id, in one query. */
export async function customersByKey(tx: Queryable, tenantId: string, keys: readonly string[]) {
  const rows = await findCustomersByIdOrExternalId(tx, tenantId, [...new Set(keys)]);
  const byKey = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    byKey.set(row.externalId, row);
    byKey.set(row.customerId, row);
  }
  return byKey;
}

export interface Draft {
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

/** The row and lines of a draft of `input` for `customer` (totals computed; nothing written). */
export function draftOf(
  tenant: Tenant,
  customer: CustomerRow,
  input: CreateInvoiceInput,
  rateInForce: (r: RateRequest) => string | null,
  today: CalendarDate,
): Draft {
  const currency = input.currency ?? customer.currency;
  const date = input.issueDate ?? today;
  const fxRate = fxRateFor(tenant, currency, input.fxRate, rateInForce({ currency, date }), date);
  const totals = computeTotals(input.lines, currency);
  assertVatCategories(input.lines);
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
      fxRateGiven: input.fxRate !== undefined || currency === tenant.baseCurrency,
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
      vatCategory: l.vatCategory ?? null,
      vatExemptionReason: l.vatExemptionReason ?? null,
    })),
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
    fxRateGiven: true,
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

/** The rates in force the inputs without a given rate need (each in its currency, on its day). */
function ratesForInputs(
  q: Queryable,
  tenant: Tenant,
  inputs: readonly CreateInvoiceInput[],
  customers: ReadonlyMap<string, CustomerRow>,
  today: CalendarDate,
): Promise<(r: RateRequest) => string | null> {
  const requests = inputs.flatMap((input) => {
    const currency = input.currency ?? customers.get(input.customer)?.currency;
    return currency && input.fxRate === undefined ? [{ currency, date: input.issueDate ?? today }] : [];
  });
  return ratesInForce(q, tenant.tenantId, tenant.baseCurrency, requests);
}

/** The given rate; in a foreign currency without one, the rate in force on the document's day. */
function fxRateFor(
  tenant: Tenant,
  currency: string,
  given: string | undefined,
  inForce: string | null,
  date: CalendarDate,
): string {
  if (currency === tenant.baseCurrency) {
    if (given !== undefined && given !== '1')
      throw validationFailed('fxRate must be 1 (or omitted) in the base currency', [
        { field: 'fxRate', message: 'must be 1' },
      ]);
    return '1';
  }
  if (given !== undefined) return given;
  if (inForce === null) throw missingRate(tenant.baseCurrency, currency, date, 'an invoice');
  return inForce;
}
