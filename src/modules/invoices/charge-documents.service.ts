/**
 * Charge documents: open items that carry what a process charges the customer on top of its
 * invoices — dunning fees and late-payment interest — issued inside the caller's transaction.
 *
 * Each is an issued invoice of its own series (e.g. `DUN-000001`, gapless), without tax, due on its
 * issue date, with `source` naming the process. Its journal entry debits AR of the customer and the
 * document and credits each line's income account, so it ages, can be paid, allocated and
 * reconciled like any invoice, and the AR subledger still equals the control account.
 */
import type { Tx } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { makeCreditorReference } from '../../shared/creditor-reference.ts';
import { groupBy } from '../../shared/group-by.ts';
import { allocate, formatAmount, money } from '../../shared/money.ts';
import type { CoreDeps } from '../core-deps.ts';
import type { AccountRole } from '../ledger/index.ts';
import { JournalEntryBuilder, type JournalEntryDraft, toBase } from '../ledger/index.ts';
import { ensureSeries, takeNextNumbers } from '../numbering/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import * as repo from './invoices.repository.ts';

export interface ChargeLine {
  readonly description: string;
  /** Positive, in the document's currency. */
  readonly amountMinor: bigint;
  /** The income account the line credits. */
  readonly incomeRole: AccountRole;
}

export interface ChargeDocument {
  /** Chosen by the caller, so it can link the document before it exists. */
  readonly invoiceId: string;
  readonly customerId: string;
  readonly currency: string;
  /** Base currency per unit of `currency` ('1' in the base currency). */
  readonly fxRate: string;
  readonly issueDate: CalendarDate;
  readonly description: string;
  readonly lines: readonly ChargeLine[];
}

export interface ChargeSeries {
  /** Series key, e.g. `DUN`; created with `prefix` when the tenant has none. */
  readonly series: string;
  readonly prefix: string;
  /** What created the documents, e.g. `dunning` (stored as the invoice's `source`). */
  readonly source: string;
}

/**
 * Issue `docs` in `tx`: numbers of `series` in input order, the invoices with their lines, and one
 * balanced entry each (Dr AR / Cr the lines' income accounts, event `invoice.issued`, so a charge
 * can be voided, credited or written off like any invoice). Returns the numbers by invoice id.
 */
export async function issueChargeDocuments(
  deps: CoreDeps,
  tx: Tx,
  tenantId: string,
  series: ChargeSeries,
  docs: readonly ChargeDocument[],
): Promise<Map<string, string>> {
  if (docs.length === 0) return new Map();
  const tenant = await getTenantOrThrow(tx, tenantId);
  const roles = [...new Set(docs.flatMap((d) => d.lines.map((l) => l.incomeRole)))];
  const codes = await deps.ledger.ensureAccounts(tx, tenantId, ['ar_control', ...roles]);
  await ensureSeries(tx, tenantId, series.series, series.prefix);
  const numbers = await chargeNumbers(tx, tenantId, series.series, docs);
  const now = deps.clock.now();
  const rows = docs.map((d, i) => ({
    ...invoiceRow(series, d, numbers[i] ?? '', now),
    letterheadVersion: tenant.letterheadVersion,
  }));
  const lines = docs.flatMap((d) => lineRows(tenantId, d));
  await repo.insertIssuedByUnnest(tx, tenantId, rows, lines);
  const entries = docs.map((d, i) =>
    chargeEntry(d, numbers[i] ?? '', tenant.baseCurrency, (role) => codes.get(role) ?? ''),
  );
  await deps.ledger.postMany(tx, tenantId, entries);
  return new Map(docs.map((d, i) => [d.invoiceId, numbers[i] ?? '']));
}

/** Numbers in input order, taken per issue year (a yearly series restarts each year). */
async function chargeNumbers(
  tx: Tx,
  tenantId: string,
  series: string,
  docs: readonly ChargeDocument[],
): Promise<string[]> {
  const numbers = new Map<ChargeDocument, string>();
  for (const list of groupBy(docs, (d) => d.issueDate.slice(0, 4)).values()) {
    const taken = await takeNextNumbers(tx, tenantId, series, list.length, list[0]?.issueDate ?? '');
    for (const [i, d] of list.entries()) numbers.set(d, taken[i] ?? '');
  }
  return docs.map((d) => numbers.get(d) ?? '');
}

function totalOf(doc: ChargeDocument): bigint {
  return doc.lines.reduce((s, l) => s + l.amountMinor, 0n);
}

function invoiceRow(
  series: ChargeSeries,
  d: ChargeDocument,
  number: string,
  now: Date,
): Omit<repo.IssuedDocumentRow, 'letterheadVersion'> {
  const total = totalOf(d);
  if (total <= 0n || d.lines.some((l) => l.amountMinor <= 0n))
    throw new Error('a charge document needs positive lines');
  return {
    invoiceId: d.invoiceId,
    number,
    series: series.series,
    customerId: d.customerId,
    issueDate: d.issueDate,
    dueDate: d.issueDate,
    paymentTerms: 'DUE_ON_RECEIPT',
    currency: d.currency,
    fxRate: d.fxRate,
    netMinor: total,
    taxMinor: 0n,
    totalMinor: total,
    openMinor: total,
    paymentReference: makeCreditorReference(number.replace(/[^A-Za-z0-9]/g, '').slice(-21)),
    description: d.description.slice(0, 1000),
    source: series.source,
    issuedAt: now,
  };
}

function lineRows(tenantId: string, d: ChargeDocument): repo.InvoiceLineRow[] {
  return d.lines.map((l, i) => ({
    tenantId,
    invoiceId: d.invoiceId,
    lineNo: i + 1,
    description: l.description.slice(0, 500),
    quantity: '1',
    unitPrice: formatAmount(l.amountMinor, d.currency),
    discountPct: '0',
    taxRate: '0',
    netMinor: l.amountMinor,
    vatCategory: null,
    vatExemptionReason: null,
  }));
}

/** Dr AR (total) / Cr each line's income account; base amounts split without losing a unit. */
function chargeEntry(
  d: ChargeDocument,
  number: string,
  baseCurrency: string,
  codeOf: (role: AccountRole) => string,
): JournalEntryDraft {
  const total = totalOf(d);
  const totalBase = toBase(total, d.currency, baseCurrency, d.fxRate);
  const lineBases = allocate(
    totalBase,
    d.lines.map((l) => l.amountMinor),
  );
  const entry = new JournalEntryBuilder(
    'invoice.issued',
    d.issueDate,
    `${d.description} ${number}`.slice(0, 300),
  )
    .from('invoice', d.invoiceId)
    .debit('ar_control', money(total, d.currency), totalBase, {
      customerId: d.customerId,
      invoiceId: d.invoiceId,
      accountCode: codeOf('ar_control'),
    });
  d.lines.forEach((l, i) => {
    entry.credit(l.incomeRole, money(l.amountMinor, d.currency), lineBases[i] ?? 0n, {
      accountCode: codeOf(l.incomeRole),
      memo: l.description.slice(0, 200),
    });
  });
  return entry.build();
}
