/**
 * Bank statements exported as CSV, read through named column-mapping profiles.
 *
 * A profile says how a bank writes its export: the field delimiter, the decimal separator, the
 * date layout, which header names hold which entry field, and how the sign of an amount is
 * written (a signed amount column, separate debit and credit columns, or an amount with a
 * debit/credit indicator column). Header names are compared without case, accents, umlauts
 * (`Währung` = `Waehrung`) or punctuation. The whole file is one statement without balances.
 * A row that cannot be read (a date or amount that does not parse, a required value missing)
 * rejects the file with a `StatementSyntaxError` naming the line and the column.
 */
import type { CalendarDate } from '../../../shared/calendar-date.ts';
import { parseCsv, recordsAsObjects } from '../../../shared/csv.ts';
import { isKnownCurrency } from '../../../shared/currency.ts';
import { AppError, validationFailed } from '../../../shared/errors.ts';
import { isValidIban, normalizeIban } from '../../../shared/iban.ts';
import {
  type ParsedEntry,
  type ParsedFile,
  type ParsedStatement,
  StatementSyntaxError,
} from '../statement.ts';
import { readAmount, readDate } from './csv-cells.ts';
import {
  type ColumnName,
  CSV_PROFILES,
  type CsvDateFormat,
  type CsvProfile,
  detectCsvProfile,
  normalizeHeader,
  profileByName,
  type SignRule,
} from './csv-profiles.ts';

/**
 * Parse a CSV bank export with a profile (or a profile name from `CSV_PROFILES`).
 * `opts.currency` is used when the file has no currency column (and wins over the profile's);
 * `opts.account` names the statement's account when the file does not.
 */
export function parseCsvStatement(
  text: string,
  profileOrName: CsvProfile | string,
  opts: { currency?: string; account?: string } = {},
): ParsedFile {
  const profile = typeof profileOrName === 'string' ? profileByName(profileOrName) : profileOrName;
  if (text.trim() === '') throw new StatementSyntaxError('the CSV file is empty', 1);
  const table = readTable(text, profile.delimiter);
  const headerLine = firstLine(text);
  const columns = columnsOf(table.header, profile, headerLine);
  const defaultCurrency = defaultCurrencyOf(profile, opts, columns, headerLine);
  const reader: RowReader = { profile, columns, defaultCurrency, header: table.header, warnings: [] };
  const rows = table.rows.map((row) => rowOf(reader, row));
  const entries = rows.map((row) => readEntry(reader, row));
  const accountText =
    opts.account ?? rows.map((row) => row.value(columns.account)).find((v) => v !== '') ?? null;
  return { format: 'csv', statements: [statementOf(entries, accountText, defaultCurrency, reader.warnings)] };
}

/** The header names a profile's columns are found under (null: the file does not have it). */
interface Columns {
  readonly bookingDate: string | null;
  readonly valueDate: string | null;
  readonly currency: string | null;
  readonly counterpartyName: string | null;
  readonly counterpartyIban: string | null;
  readonly counterpartyBic: string | null;
  readonly remittance: readonly string[];
  readonly bankReference: string | null;
  readonly endToEndId: string | null;
  readonly transactionCode: string | null;
  readonly account: string | null;
  readonly amount: string | null;
  readonly debit: string | null;
  readonly credit: string | null;
  readonly indicator: string | null;
}

/** What reading a row needs, and the warnings it collects. */
interface RowReader {
  readonly profile: CsvProfile;
  readonly columns: Columns;
  readonly defaultCurrency: string | null;
  readonly header: readonly string[];
  readonly warnings: string[];
}

/** One data row: its line, its trimmed values by header name, and a failure naming the cell. */
interface Row {
  readonly line: number;
  value(name: string | null): string;
  fail(name: string, message: string): never;
}

/** Finds each column of the profile in the header; a required one missing rejects the file. */
function columnsOf(header: readonly string[], profile: CsvProfile, headerLine: number): Columns {
  const index = new Map(header.map((name, i) => [normalizeHeader(name), i]));
  const find = (column: ColumnName | undefined, required: string | null): string | null => {
    if (column === undefined) return null;
    const names = typeof column === 'string' ? [column] : column;
    for (const name of names) {
      const i = index.get(normalizeHeader(name));
      if (i !== undefined) return header[i] ?? null;
    }
    if (!required) return null;
    throw new StatementSyntaxError(
      `the header has no ${required} column "${names.join('" or "')}" (profile ${profile.name})`,
      headerLine,
    );
  };
  const c = profile.columns;
  return {
    bookingDate: find(c.bookingDate, 'booking date'),
    valueDate: find(c.valueDate, null),
    currency: find(c.currency, null),
    counterpartyName: find(c.counterpartyName, null),
    counterpartyIban: find(c.counterpartyIban, null),
    counterpartyBic: find(c.counterpartyBic, null),
    remittance: (c.remittance ?? []).map((r) => find(r, null)).filter((r): r is string => r !== null),
    bankReference: find(c.bankReference, null),
    endToEndId: find(c.endToEndId, null),
    transactionCode: find(c.transactionCode, null),
    account: find(c.account, null),
    ...signColumns(profile.sign, find),
  };
}

function signColumns(
  sign: SignRule,
  find: (column: ColumnName, required: string) => string | null,
): Pick<Columns, 'amount' | 'debit' | 'credit' | 'indicator'> {
  if (sign.kind === 'signed')
    return { amount: find(sign.amount, 'amount'), debit: null, credit: null, indicator: null };
  if (sign.kind === 'debit-credit')
    return {
      amount: null,
      debit: find(sign.debit, 'debit amount'),
      credit: find(sign.credit, 'credit amount'),
      indicator: null,
    };
  return {
    amount: find(sign.amount, 'amount'),
    debit: null,
    credit: null,
    indicator: find(sign.indicator, 'debit/credit indicator'),
  };
}

/** The currency of rows without one: the caller's, else the profile's; one of them or a column is needed. */
function defaultCurrencyOf(
  profile: CsvProfile,
  opts: { currency?: string },
  columns: Columns,
  headerLine: number,
): string | null {
  const currency = opts.currency ?? profile.currency ?? null;
  if (currency !== null && !isKnownCurrency(currency))
    throw validationFailed(`unknown currency ${currency}`, [
      { field: 'currency', message: 'unknown currency' },
    ]);
  if (!columns.currency && currency === null)
    throw new StatementSyntaxError(
      `the file has no currency column; pass the statement currency (profile ${profile.name})`,
      headerLine,
    );
  return currency;
}

function rowOf(reader: RowReader, row: { line: number; values: string[] }): Row {
  const record = recordsAsObjects([...reader.header], row);
  return {
    line: row.line,
    value: (name) => (name === null ? '' : (record[name] ?? '').trim()),
    fail: (name, message) => {
      throw new StatementSyntaxError(
        `column "${name}": ${message}`,
        row.line,
        reader.header.indexOf(name) + 1 || null,
      );
    },
  };
}

/** One entry: its dates, currency and signed amount (each checked, naming the cell), and its texts. */
function readEntry(reader: RowReader, row: Row): ParsedEntry {
  const { columns, profile } = reader;
  const bookingDate = dateIn(row, columns.bookingDate, profile.dateFormat, true) ?? '';
  const valueDate = dateIn(row, columns.valueDate, profile.dateFormat, false);
  const currency = currencyIn(row, reader);
  const amount =
    profile.sign.kind === 'debit-credit'
      ? debitOrCredit(row, columns, currency, profile.decimalSeparator)
      : signedAmount(row, columns, profile.sign, currency, profile.decimalSeparator);
  if (!amount.exact)
    reader.warnings.push(`line ${row.line}: amount has more decimals than ${currency}; rounded`);
  const ibanText = row.value(columns.counterpartyIban);
  const iban = ibanText && isValidIban(ibanText) ? normalizeIban(ibanText) : null;
  const bic = row.value(columns.counterpartyBic).toUpperCase();
  return {
    bankReference: row.value(columns.bankReference) || null,
    bookingDate,
    valueDate,
    amountMinor: amount.minor,
    currency,
    transactionCode: row.value(columns.transactionCode) || null,
    counterparty: {
      name: row.value(columns.counterpartyName) || null,
      iban,
      accountNumber: iban ? null : ibanText || null,
      bic: /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic) ? bic : null,
    },
    ultimateParty: null,
    remittance: columns.remittance
      .map((name) => row.value(name).replace(/\s+/g, ' '))
      .filter((v) => v !== ''),
    structuredReferences: [],
    endToEndId: endToEnd(row.value(columns.endToEndId)),
    reversal: false,
    line: row.line,
  };
}

/** A date cell in the profile's layout; an impossible date (a 30 February) rejects the file. */
function dateIn(
  row: Row,
  name: string | null,
  format: CsvDateFormat,
  required: boolean,
): CalendarDate | null {
  if (name === null) return null;
  const raw = row.value(name);
  if (raw === '') return required ? row.fail(name, 'a date is required') : null;
  return readDate(raw, format) ?? row.fail(name, `${JSON.stringify(raw)} is not a date ${format}`);
}

function currencyIn(row: Row, reader: RowReader): string {
  const column = reader.columns.currency;
  const currency = (column ? row.value(column).toUpperCase() : '') || reader.defaultCurrency || '';
  if (isKnownCurrency(currency)) return currency;
  return row.fail(
    column ?? 'currency',
    currency ? `unknown currency ${JSON.stringify(currency)}` : 'a currency is required',
  );
}

type Amount = { minor: bigint; exact: boolean };

function amountIn(row: Row, name: string, currency: string, separator: '.' | ','): Amount | null {
  const raw = row.value(name);
  if (raw === '') return null;
  return readAmount(raw, currency, separator) ?? row.fail(name, `${JSON.stringify(raw)} is not an amount`);
}

/** Separate debit and credit columns: exactly one holds a non-zero amount; debits are negative. */
function debitOrCredit(row: Row, columns: Columns, currency: string, separator: '.' | ','): Amount {
  const debitName = columns.debit ?? '';
  const creditName = columns.credit ?? '';
  const debit = amountIn(row, debitName, currency, separator);
  const credit = amountIn(row, creditName, currency, separator);
  if (debit && credit && debit.minor !== 0n && credit.minor !== 0n)
    row.fail(debitName, `both "${debitName}" and "${creditName}" hold an amount`);
  const used =
    (debit && debit.minor !== 0n ? debit : credit && credit.minor !== 0n ? credit : (debit ?? credit)) ??
    row.fail(creditName, `"${debitName}" or "${creditName}" must hold an amount`);
  const abs = used.minor < 0n ? -used.minor : used.minor;
  return { minor: used === debit ? -abs : abs, exact: used.exact };
}

/** One amount column, signed, or unsigned with an indicator column saying which way it went. */
function signedAmount(
  row: Row,
  columns: Columns,
  sign: Exclude<SignRule, { kind: 'debit-credit' }>,
  currency: string,
  separator: '.' | ',',
): Amount {
  const amountName = columns.amount ?? '';
  const amount =
    amountIn(row, amountName, currency, separator) ?? row.fail(amountName, 'an amount is required');
  if (sign.kind === 'signed') return amount;
  const indicatorName = columns.indicator ?? '';
  const indicator = row.value(indicatorName).toLowerCase();
  const abs = amount.minor < 0n ? -amount.minor : amount.minor;
  if (sign.debitValues.some((v) => v.toLowerCase() === indicator)) return { ...amount, minor: -abs };
  if (sign.creditValues.some((v) => v.toLowerCase() === indicator)) return { ...amount, minor: abs };
  return row.fail(
    indicatorName,
    `${JSON.stringify(row.value(indicatorName))} is neither ${[...sign.debitValues, ...sign.creditValues].join(' nor ')}`,
  );
}

/** The file as one statement without balances, over the dates of its entries. */
function statementOf(
  entries: readonly ParsedEntry[],
  accountText: string | null,
  defaultCurrency: string | null,
  warnings: string[],
): ParsedStatement {
  const currencies = [...new Set(entries.map((e) => e.currency))];
  if (currencies.length > 1) warnings.push(`entries in several currencies: ${currencies.join(', ')}`);
  const dates = entries.map((e) => e.bookingDate).sort();
  return {
    format: 'csv',
    statementId: null,
    account: accountOf(accountText),
    currency: currencies[0] ?? defaultCurrency ?? '',
    openingBalance: null,
    closingBalance: null,
    fromDate: dates[0] ?? null,
    toDate: dates.at(-1) ?? null,
    entries: [...entries],
    warnings,
  };
}

function readTable(text: string, delimiter: string) {
  try {
    return parseCsv(text, { delimiter });
  } catch (e) {
    if (e instanceof AppError) {
      const detail = e.details[0];
      throw new StatementSyntaxError(detail?.message ?? e.message, detail?.line ?? null);
    }
    throw e;
  }
}

/** Line of the header: the first line that is not blank. */
function firstLine(text: string): number {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const i = lines.findIndex((l) => l.trim() !== '');
  return i < 0 ? 1 : i + 1;
}

function endToEnd(value: string): string | null {
  return value && value.toUpperCase() !== 'NOTPROVIDED' ? value : null;
}

function accountOf(text: string | null): ParsedStatement['account'] {
  const account = { iban: null, accountNumber: null, bic: null, name: null };
  if (!text) return account;
  return isValidIban(text) ? { ...account, iban: normalizeIban(text) } : { ...account, accountNumber: text };
}

export { CSV_PROFILES, type CsvDateFormat, type CsvProfile, detectCsvProfile };
