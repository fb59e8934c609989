/**
 * Open items from another system: invoices that are already issued and still (partly) unpaid.
 * Each is stored with its own number and dates, and the opening balance is posted in one journal
 * entry per currency — Dr AR per invoice (its open amount) / Cr opening-balance clearing — so the
 * AR subledger ties out from the first import. A file with any bad row imports nothing.
 */

import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { refreshStatistics } from '../../db/statistics.ts';
import {
  ACCEPTED_DATE_MESSAGE,
  type CalendarDate,
  isAcceptedDate,
  todayUtc,
} from '../../shared/calendar-date.ts';
import { isValidCreditorReference, tryCreditorReferenceForNumber } from '../../shared/creditor-reference.ts';
import { isKnownCurrency } from '../../shared/currency.ts';
import { parseDecimal } from '../../shared/decimal.ts';
import { groupBy } from '../../shared/group-by.ts';
import { newId } from '../../shared/ids.ts';
import { amountProblem, formatAmount, tryParseAmount } from '../../shared/money.ts';
import { batchObjects, recordAudit } from '../audit/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { type CustomerImportRef, customersByExternalId } from '../customers/index.ts';
import {
  existingInvoiceNumbers,
  type ImportedOpenItem,
  insertImportedOpenItemsInTx,
} from '../invoices/index.ts';
import { JournalEntryBuilder, toBase } from '../ledger/index.ts';
import { reserveImportedNumbers } from '../numbering/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import { dueDateFor, tryParsePaymentTerms } from '../terms/index.ts';
import {
  type CsvRecord,
  fileSha256,
  ImportErrors,
  type ImportOptions,
  readCsvRecords,
  reportDuplicates,
} from './csv-import.ts';

export const INVOICE_COLUMNS = [
  'number',
  'customer_external_id',
  'issue_date',
  'due_date',
  'currency',
  'total',
  'open_amount',
  'payment_reference',
  'po_number',
  'description',
  'fx_rate',
] as const;

const REQUIRED = ['number', 'customer_external_id', 'issue_date', 'currency', 'total'] as const;

/** One open item as checked from its row; amounts in minor units of `currency`. */
export interface OpenItem {
  line: number;
  number: string;
  customerExternalId: string;
  issueDate: CalendarDate;
  dueDate: CalendarDate | null;
  currency: string;
  totalMinor: bigint;
  openMinor: bigint;
  fxRate: string | null;
  paymentReference: string | null;
  poNumber: string | null;
  description: string | null;
}

export interface InvoiceImportResult {
  rows: number;
  imported: number;
  dryRun: boolean;
  totals: { currency: string; count: number; total: string; open: string }[];
}

const WHAT = 'invoice import rejected';
const RATE = /^\d{1,12}(\.\d{1,10})?$/;

function checkText(r: CsvRecord, column: string, max: number, errors: ImportErrors): string | null {
  const value = r.cells[column];
  if (value === undefined) return null;
  if (value.length > max) {
    errors.add(r.line, column, `longer than ${max} characters`);
    return null;
  }
  return value;
}

function checkDate(r: CsvRecord, column: string, errors: ImportErrors): CalendarDate | null {
  const value = r.cells[column];
  if (value === undefined) return null;
  if (isAcceptedDate(value)) return value;
  errors.add(r.line, column, `"${value}" ${ACCEPTED_DATE_MESSAGE}`);
  return null;
}

function checkAmount(
  r: CsvRecord,
  column: string,
  currency: string | null,
  errors: ImportErrors,
): bigint | null {
  const value = r.cells[column];
  if (value === undefined || currency === null) return null;
  const amount = /^\d+(\.\d+)?$/.test(value) ? tryParseAmount(value, currency) : null;
  if (amount === null) {
    const beyond = /^\d+(\.\d+)?$/.test(value) ? amountProblem(value, currency) : null;
    errors.add(
      r.line,
      column,
      beyond ??
        `"${value}" is not a positive amount in ${currency} (use . and at most the currency's decimals)`,
    );
    return null;
  }
  return amount;
}

/** Check one row on its own (no database); problems go to `errors`, the item is null then. */
export function parseOpenItemRecord(
  r: CsvRecord,
  baseCurrency: string,
  errors: ImportErrors,
): OpenItem | null {
  const before = errors.count;
  for (const column of REQUIRED) if (r.cells[column] === undefined) errors.add(r.line, column, 'is required');
  const number = checkText(r, 'number', 100, errors);
  const customerExternalId = checkText(r, 'customer_external_id', 100, errors);
  const issueDate = checkDate(r, 'issue_date', errors);
  const dueDate = checkDate(r, 'due_date', errors);
  if (issueDate && dueDate && dueDate < issueDate)
    errors.add(r.line, 'due_date', `is before issue_date ${issueDate}`);
  const rawCurrency = r.cells.currency?.toUpperCase();
  let currency: string | null = null;
  if (rawCurrency !== undefined) {
    if (isKnownCurrency(rawCurrency)) currency = rawCurrency;
    else errors.add(r.line, 'currency', `"${r.cells.currency}" is not an ISO 4217 currency code`);
  }
  const totalMinor = checkAmount(r, 'total', currency, errors);
  if (totalMinor === 0n) errors.add(r.line, 'total', 'must be greater than 0');
  const openMinor =
    r.cells.open_amount === undefined ? totalMinor : checkAmount(r, 'open_amount', currency, errors);
  if (openMinor === 0n)
    errors.add(r.line, 'open_amount', 'must be greater than 0: only open items are imported');
  if (openMinor !== null && totalMinor !== null && openMinor > totalMinor)
    errors.add(r.line, 'open_amount', `${r.cells.open_amount} is more than the total ${r.cells.total}`);
  const fxRate = r.cells.fx_rate ?? null;
  if (fxRate !== null && (!RATE.test(fxRate) || parseDecimal(fxRate)?.num === 0n))
    errors.add(r.line, 'fx_rate', `"${fxRate}" is not a positive rate like 1.0842`);
  else if (currency !== null && currency !== baseCurrency && fxRate === null)
    errors.add(r.line, 'fx_rate', `is required for ${currency}: units of ${baseCurrency} per 1 ${currency}`);
  else if (
    currency === baseCurrency &&
    fxRate !== null &&
    parseDecimal(fxRate)?.num !== parseDecimal(fxRate)?.den
  )
    errors.add(r.line, 'fx_rate', `must be 1 (or blank) for the base currency ${baseCurrency}`);
  const paymentReference = checkText(r, 'payment_reference', 35, errors);
  if (paymentReference && /^rf/i.test(paymentReference) && !isValidCreditorReference(paymentReference))
    errors.add(
      r.line,
      'payment_reference',
      `"${paymentReference}" is not a valid RF creditor reference (check digits)`,
    );
  const poNumber = checkText(r, 'po_number', 100, errors);
  const description = checkText(r, 'description', 1000, errors);
  if (errors.count > before || !number || !customerExternalId || !issueDate || !currency) return null;
  if (totalMinor === null || openMinor === null) return null;
  return {
    line: r.line,
    number,
    customerExternalId,
    issueDate,
    dueDate,
    currency,
    totalMinor,
    openMinor,
    fxRate: currency === baseCurrency ? '1' : fxRate,
    paymentReference: paymentReference ? paymentReference.replace(/\s+/g, '').toUpperCase() : null,
    poNumber,
    description,
  };
}

function totalsOf(items: readonly OpenItem[]): InvoiceImportResult['totals'] {
  return [...groupBy(items, (i) => i.currency)]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, list]) => ({
      currency,
      count: list.length,
      total: formatAmount(
        list.reduce((s, i) => s + i.totalMinor, 0n),
        currency,
      ),
      open: formatAmount(
        list.reduce((s, i) => s + i.openMinor, 0n),
        currency,
      ),
    }));
}

/** The payment terms of each code, parsed once per import. */
function termsParser() {
  const parsed = new Map<string, ReturnType<typeof tryParsePaymentTerms>>();
  return (code: string) => {
    let terms = parsed.get(code);
    if (terms === undefined) {
      terms = tryParsePaymentTerms(code);
      parsed.set(code, terms);
    }
    return terms;
  };
}

/** The invoice row of a checked item for its customer. */
function importedRow(
  item: OpenItem,
  customer: CustomerImportRef,
  terms: ReturnType<typeof tryParsePaymentTerms>,
): ImportedOpenItem {
  return {
    invoiceId: newId(),
    number: item.number,
    customerId: customer.customer_id,
    status: item.openMinor === item.totalMinor ? 'issued' : 'partially_paid',
    issueDate: item.issueDate,
    dueDate: item.dueDate ?? (terms ? dueDateFor(terms, item.issueDate) : item.issueDate),
    paymentTerms: customer.payment_terms,
    currency: item.currency,
    fxRate: item.fxRate ?? '1',
    totalMinor: item.totalMinor,
    openMinor: item.openMinor,
    // Every open item carries a structured reference: the other system's, or the RF of its number.
    paymentReference: item.paymentReference ?? tryCreditorReferenceForNumber(item.number),
    poNumber: item.poNumber,
    description: item.description,
  };
}

/**
 * Check the items against the database — their customers exist, their numbers are new — and turn
 * them into invoice rows; problems go to `errors` (two bulk queries, none per row).
 */
async function openItemRows(
  q: Queryable,
  tenantId: string,
  items: readonly OpenItem[],
  errors: ImportErrors,
): Promise<ImportedOpenItem[]> {
  const externalIds = [...new Set(items.map((i) => i.customerExternalId))];
  const customers = new Map(
    (await customersByExternalId(q, tenantId, externalIds)).map((c) => [c.external_id, c]),
  );
  const taken = await existingInvoiceNumbers(
    q,
    tenantId,
    items.map((i) => i.number),
  );
  const termsOf = termsParser();
  const rows: ImportedOpenItem[] = [];
  for (const item of items) {
    const customer = customers.get(item.customerExternalId);
    if (!customer)
      errors.add(item.line, 'customer_external_id', `unknown customer ${item.customerExternalId}`);
    if (taken.has(item.number)) errors.add(item.line, 'number', `invoice ${item.number} already exists`);
    if (customer) rows.push(importedRow(item, customer, termsOf(customer.payment_terms)));
  }
  return rows;
}

/** The opening balance, one entry per currency: Dr AR per invoice (its open amount) / Cr clearing. */
function openingBalanceEntries(
  rows: readonly ImportedOpenItem[],
  baseCurrency: string,
  today: CalendarDate,
  batchId: string,
) {
  return [...groupBy(rows, (r) => r.currency)].map(([currency, list]) => {
    const entry = new JournalEntryBuilder(
      'open_items.imported',
      today,
      `Opening balance: ${list.length} open item(s) in ${currency}`,
    ).from('import', batchId);
    let open = 0n;
    let openBase = 0n;
    for (const r of list) {
      const base = toBase(r.openMinor, currency, baseCurrency, r.fxRate);
      entry.line('ar_control', currency, r.openMinor, base, {
        customerId: r.customerId,
        invoiceId: r.invoiceId,
      });
      open += r.openMinor;
      openBase += base;
    }
    return entry.line('opening_balance_clearing', currency, -open, -openBase).build();
  });
}

/** Store the rows, move the numbering series above them and post their opening balance, in `tx`. */
async function storeOpenItemsInTx(
  tx: Tx,
  deps: CoreDeps,
  tenant: { tenantId: string; baseCurrency: string },
  rows: readonly ImportedOpenItem[],
  opts: ImportOptions,
): Promise<void> {
  // Numbers in the form of a series of the tenant: the series continues above them. First, so the
  // counters' locks keep issuers from taking an imported number while the rows go in.
  await reserveImportedNumbers(
    tx,
    tenant.tenantId,
    rows.map((r) => r.number),
  );
  // Progress: the invoices are the first 80 % of the work, the journal the rest.
  await insertImportedOpenItemsInTx(tx, tenant.tenantId, rows, (inserted) =>
    opts.onProgress?.(Math.floor((inserted * 4) / 5), rows.length),
  );
  const today = todayUtc(deps.clock.now());
  const entries = openingBalanceEntries(rows, tenant.baseCurrency, today, newId());
  await deps.ledger.postMany(tx, tenant.tenantId, entries);
  await recordAudit(tx, tenant.tenantId, {
    kind: 'import.invoices',
    objectType: 'invoice',
    details: {
      ...batchObjects(rows.map((r) => r.invoiceId)),
      ...(opts.fileSha256 ? { fileSha256: opts.fileSha256 } : {}),
    },
  });
}

/**
 * Check open items against the database (customers exist, numbers are new) and, unless `dryRun`,
 * store them, post their opening balance, and move each numbering series whose form a number has
 * above the highest imported (so the next issued number follows the old system's).
 */
export async function importOpenItems(
  deps: CoreDeps,
  tenantId: string,
  items: readonly OpenItem[],
  opts: ImportOptions = {},
  errors = new ImportErrors(),
): Promise<InvoiceImportResult> {
  const tenant = await getTenantOrThrow(deps.db, tenantId);
  const rows = await openItemRows(deps.db, tenantId, items, errors);
  errors.throwIfAny(WHAT);
  const result = { rows: items.length, imported: items.length, totals: totalsOf(items) };
  if (opts.dryRun) return { ...result, imported: 0, dryRun: true };

  await withTransaction(deps.db, (tx) => storeOpenItemsInTx(tx, deps, tenant, rows, opts));
  await refreshStatistics(deps.db, ['invoices', 'journal_entries', 'journal_lines'], rows.length);
  opts.onProgress?.(rows.length, rows.length);
  return { ...result, dryRun: false };
}

/**
 * The part of an open-items import that needs no database: the header, repeated numbers and each
 * row on its own. Throws `import_rejected` for a bad header; row problems are left in `errors`.
 */
export function readOpenItems(
  text: string,
  baseCurrency: string,
): { items: OpenItem[]; errors: ImportErrors } {
  const records = readCsvRecords(text, { columns: INVOICE_COLUMNS, required: REQUIRED }, WHAT);
  const errors = new ImportErrors();
  reportDuplicates(records, 'number', errors);
  const items: OpenItem[] = [];
  for (const r of records) {
    const item = parseOpenItemRecord(r, baseCurrency, errors);
    if (item) items.push(item);
  }
  return { items, errors };
}

/** Check and import an open-items CSV; all rows or none. */
export async function importInvoicesCsv(
  deps: CoreDeps,
  tenantId: string,
  text: string,
  opts: ImportOptions = {},
): Promise<InvoiceImportResult> {
  const tenant = await getTenantOrThrow(deps.db, tenantId);
  const { items, errors } = readOpenItems(text, tenant.baseCurrency);
  return importOpenItems(deps, tenantId, items, { ...opts, fileSha256: fileSha256(text) }, errors);
}
