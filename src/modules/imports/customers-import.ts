import type { z } from 'zod';
import { withTransaction } from '../../db/client.ts';
import { refreshStatistics } from '../../db/statistics.ts';
import { batchObjects, recordAudit } from '../audit/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import {
  type CustomerInput,
  customerInput,
  existingExternalIds,
  upsertCustomer,
} from '../customers/index.ts';
import {
  type CsvRecord,
  fileSha256,
  ImportErrors,
  type ImportOptions,
  readCsvRecords,
} from './csv-import.ts';

export const CUSTOMER_COLUMNS = [
  'external_id',
  'name',
  'legal_name',
  'email',
  'country',
  'currency',
  'payment_terms',
  'credit_limit',
  'category',
  'subcategory',
  'tax_id',
  'bank_accounts',
  'parent_external_id',
  'language',
  'delivery',
] as const;

const COLUMN_OF_FIELD: Record<string, string> = {
  externalId: 'external_id',
  name: 'name',
  legalName: 'legal_name',
  emails: 'email',
  country: 'country',
  currency: 'currency',
  paymentTerms: 'payment_terms',
  creditLimit: 'credit_limit',
  category: 'category',
  subcategory: 'subcategory',
  taxId: 'tax_id',
  bankAccounts: 'bank_accounts',
  parentExternalId: 'parent_external_id',
  language: 'language',
  deliveryChannel: 'delivery',
};

export interface CustomerImportResult {
  rows: number;
  created: number;
  updated: number;
  dryRun: boolean;
}

export interface ParsedRow {
  line: number;
  input: CustomerInput;
}

const WHAT = 'customer import rejected';

/** Split a `;`-separated cell (IBANs, e-mail addresses) into its non-blank parts. */
function listCell(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** The API's customer input from one CSV row; blank cells are left out (unchanged on update). */
export function customerInputOfRecord(r: CsvRecord): Record<string, unknown> {
  const c = r.cells;
  const pairs: [string, unknown][] = [
    ['externalId', c.external_id],
    ['name', c.name],
    ['legalName', c.legal_name],
    ['emails', listCell(c.email)],
    ['country', c.country],
    ['currency', c.currency],
    ['paymentTerms', c.payment_terms],
    ['creditLimit', c.credit_limit],
    ['category', c.category],
    ['subcategory', c.subcategory],
    ['taxId', c.tax_id],
    ['bankAccounts', listCell(c.bank_accounts)],
    ['parentExternalId', c.parent_external_id],
    ['language', c.language],
    ['deliveryChannel', c.delivery],
  ];
  return Object.fromEntries(pairs.filter(([, v]) => v !== undefined));
}

/**
 * Each row in line order: its external id not repeated from an earlier line, its cells against the
 * customer input schema — until the listed problems are full, so that those listed are the first.
 */
function parseRows(records: readonly CsvRecord[], errors: ImportErrors): ParsedRow[] {
  const parsed: ParsedRow[] = [];
  const firstLine = new Map<string, number>();
  for (const r of records) {
    if (errors.full) {
      errors.stopAt(r.line);
      break;
    }
    reportRepeatedId(r, firstLine, errors);
    const result = customerInput.safeParse(customerInputOfRecord(r));
    if (result.success) parsed.push({ line: r.line, input: result.data });
    else reportIssues(r.line, result.error.issues, errors);
  }
  return parsed;
}

function reportRepeatedId(r: CsvRecord, firstLine: Map<string, number>, errors: ImportErrors): void {
  const id = r.cells.external_id;
  if (id === undefined) return;
  const first = firstLine.get(id);
  if (first === undefined) firstLine.set(id, r.line);
  else errors.add(r.line, 'external_id', `${id} already appears on line ${first}`);
}

/** The schema's issues of one row, the first one per column. */
function reportIssues(line: number, issues: readonly z.core.$ZodIssue[], errors: ImportErrors): void {
  const byColumn = new Map<string, string>();
  for (const issue of issues) {
    const field = String(issue.path[0] ?? '');
    const column = COLUMN_OF_FIELD[field] ?? (field || 'row');
    const index = typeof issue.path[1] === 'number' ? ` (item ${issue.path[1] + 1})` : '';
    if (!byColumn.has(column)) byColumn.set(column, `${issue.message}${index}`);
  }
  for (const [column, message] of byColumn) errors.add(line, column, message);
}

/** Every row that sets a credit limit is an error when the importer may not set limits. */
function refuseCreditLimits(records: readonly CsvRecord[], errors: ImportErrors): void {
  for (const r of records)
    if ((r.cells.credit_limit ?? '').trim() !== '')
      errors.add(
        r.line,
        'credit_limit',
        'setting a credit limit is a credit decision: import as a credit_manager or admin, or leave the cell blank',
      );
}

/**
 * Order rows so that every parent in the file comes before its children; report parents that are
 * neither in the file nor in the database, and cycles.
 */
export function parentsFirst(
  rows: readonly ParsedRow[],
  known: Set<string>,
  errors: ImportErrors,
): ParsedRow[] {
  const byId = new Map(rows.map((r) => [r.input.externalId, r]));
  const ordered: ParsedRow[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (row: ParsedRow, path: string[]): void => {
    const id = row.input.externalId;
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      errors.add(row.line, 'parent_external_id', `parent chain forms a cycle: ${[...path, id].join(' → ')}`);
      return;
    }
    state.set(id, 'visiting');
    const parentId = row.input.parentExternalId;
    if (parentId !== undefined) {
      const parent = byId.get(parentId);
      if (parent) visit(parent, [...path, id]);
      else if (!known.has(parentId))
        errors.add(
          row.line,
          'parent_external_id',
          `unknown customer ${parentId} (not in the file nor in cashloop)`,
        );
    }
    state.set(id, 'done');
    ordered.push(row);
  };
  for (const row of rows) visit(row, []);
  return ordered;
}

export interface CustomerImportOptions extends ImportOptions {
  /**
   * Whether the importer may set credit limits (a credit decision: the credit_manager and admin
   * roles). `refused` rejects a file whose `credit_limit` cells are not all blank, naming each such
   * line, and imports nothing. Default `allowed`: the callers today (the CLI) act as the
   * installation's administrator; a caller acting for a role passes that role's decision.
   */
  readonly creditLimits?: 'allowed' | 'refused';
}

/**
 * The part of a customers import that needs no database: the header, each row against the customer
 * input schema, repeated external ids and (when refused) credit limits. Throws `import_rejected`
 * for a bad header; row problems are left in `errors` for the caller to add its own and throw.
 */
export function readCustomerRows(
  text: string,
  opts: Pick<CustomerImportOptions, 'creditLimits'> = {},
): { rows: ParsedRow[]; errors: ImportErrors } {
  const records = readCsvRecords(
    text,
    { columns: CUSTOMER_COLUMNS, required: ['external_id', 'name'] },
    WHAT,
  );
  const errors = new ImportErrors();
  const rows = parseRows(records, errors);
  // A stop leaves the rows from its line on unread: the credit limits are checked on the same rows.
  const stop = errors.stoppedAt;
  const checked = stop === undefined ? records : records.filter((r) => r.line < stop);
  if (opts.creditLimits === 'refused') refuseCreditLimits(checked, errors);
  return { rows, errors };
}

/** External ids a file's rows name (their own and their parents'), to look up in the database. */
export function referencedExternalIds(rows: readonly ParsedRow[]): string[] {
  return [
    ...new Set(
      rows.flatMap((r) => [
        r.input.externalId,
        ...(r.input.parentExternalId ? [r.input.parentExternalId] : []),
      ]),
    ),
  ];
}

/** Check and import a customers CSV; all rows or none. */
export async function importCustomersCsv(
  deps: CoreDeps,
  tenantId: string,
  text: string,
  opts: CustomerImportOptions = {},
): Promise<CustomerImportResult> {
  const { rows, errors } = readCustomerRows(text, opts);
  // Rows after a stop were not read: their parents would look unknown.
  if (errors.stoppedAt !== undefined) errors.throwIfAny(WHAT);
  const known = await existingExternalIds(deps.db, tenantId, referencedExternalIds(rows));
  const ordered = parentsFirst(rows, known, errors);
  errors.throwIfAny(WHAT);

  const existing = rows.filter((r) => known.has(r.input.externalId)).length;
  const summary = { rows: rows.length, created: rows.length - existing, updated: existing };
  if (opts.dryRun) return { ...summary, dryRun: true };

  await withTransaction(deps.db, async (tx) => {
    let done = 0;
    const changed: string[] = [];
    for (const row of ordered) {
      try {
        changed.push((await upsertCustomer(tx, tenantId, row.input)).customer.id);
      } catch (error) {
        errors.add(row.line, undefined, error instanceof Error ? error.message : String(error));
        errors.throwIfAny(WHAT);
      }
      done += 1;
      opts.onProgress?.(done, ordered.length);
    }
    await recordAudit(tx, tenantId, {
      kind: 'import.customers',
      objectType: 'customer',
      details: { ...batchObjects(changed), ...summary, fileSha256: fileSha256(text) },
    });
  });
  await refreshStatistics(deps.db, ['customers', 'customer_bank_accounts'], ordered.length);
  return { ...summary, dryRun: false };
}
