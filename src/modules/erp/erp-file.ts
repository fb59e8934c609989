/**
 * The host ERP's AR figures as of a day, read from CSV: open items (`customer_ref`,
 * `document_number`, `date`, `amount`, `currency`) or per-customer balances (`customer_ref`,
 * `balance`, `currency`). The header decides which. Comma or semicolon separated (whichever the
 * header holds); amounts signed, with a decimal point or a decimal comma, no thousands separators.
 * Every bad field is reported with its line and column, and nothing is kept of a bad file.
 */
import { parseCsv, recordsAsObjects } from '../../shared/csv.ts';
import { type ErrorDetail, validationFailed } from '../../shared/errors.ts';
import { amountProblem, parseAmount } from '../../shared/money.ts';

export interface ErpItem {
  readonly line: number;
  readonly customerRef: string;
  /** Empty for a balance row. */
  readonly documentNumber: string;
  readonly date: string | null;
  readonly currency: string;
  readonly amountMinor: bigint;
}

export interface ErpFile {
  readonly kind: 'open_items' | 'balances';
  readonly items: readonly ErpItem[];
}

const OPEN_ITEM_COLUMNS = ['customer_ref', 'document_number', 'date', 'amount', 'currency'] as const;
const BALANCE_COLUMNS = ['customer_ref', 'balance', 'currency'] as const;

export function parseErpFile(text: string): ErpFile {
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const delimiter = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const table = parseCsv(text, { delimiter });
  const header = table.header.map((h) => h.trim().toLowerCase());
  const kind = header.includes('document_number') ? 'open_items' : 'balances';
  const required = kind === 'open_items' ? OPEN_ITEM_COLUMNS : BALANCE_COLUMNS;
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw validationFailed(
      `the ERP file's header lacks ${missing.join(', ')} (open items need ${OPEN_ITEM_COLUMNS.join(', ')}; balances need ${BALANCE_COLUMNS.join(', ')})`,
      missing.map((c) => ({ line: 1, field: c, message: 'column missing' })),
    );
  const errors: ErrorDetail[] = [];
  const items = table.rows.flatMap((row) => {
    const item = readItem(recordsAsObjects(header, row), row.line, kind, errors);
    return item ? [item] : [];
  });
  if (errors.length > 0)
    throw validationFailed(`the ERP file has ${errors.length} bad field(s); nothing was read`, errors);
  if (items.length === 0)
    throw validationFailed('the ERP file has no rows', [{ line: 2, message: 'no data rows' }]);
  return { kind, items };
}

function readItem(
  r: Record<string, string>,
  line: number,
  kind: ErpFile['kind'],
  errors: ErrorDetail[],
): ErpItem | null {
  const bad = (field: string, message: string) => errors.push({ line, field, message });
  const customerRef = (r.customer_ref ?? '').trim();
  const currency = (r.currency ?? '').trim().toUpperCase();
  const documentNumber = (r.document_number ?? '').trim();
  const date = kind === 'open_items' ? (r.date ?? '').trim() : null;
  const amountField = kind === 'open_items' ? 'amount' : 'balance';
  const rawAmount = (r[amountField] ?? '').trim();
  const amountText = rawAmount.includes('.') ? rawAmount : rawAmount.replace(',', '.');
  const before = errors.length;
  if (customerRef === '') bad('customer_ref', 'empty');
  if (kind === 'open_items' && documentNumber === '') bad('document_number', 'empty');
  if (date !== null && !isIsoDate(date)) bad('date', `"${date}" is not a date (YYYY-MM-DD)`);
  const amountError = amountProblem(amountText, currency);
  if (amountError?.startsWith('unknown currency'))
    bad('currency', `"${r.currency ?? ''}" is not an ISO 4217 code`);
  else if (amountError) bad(amountField, amountError);
  if (errors.length > before) return null;
  return {
    line,
    customerRef,
    documentNumber,
    date,
    currency,
    amountMinor: parseAmount(amountText, currency, amountField),
  };
}

function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}
