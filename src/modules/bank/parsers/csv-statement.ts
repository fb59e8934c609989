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
import { type CalendarDate, isCalendarDate } from '../../../shared/calendar-date.ts';
import { parseCsv, recordsAsObjects } from '../../../shared/csv.ts';
import { isKnownCurrency } from '../../../shared/currency.ts';
import { AppError, validationFailed } from '../../../shared/errors.ts';
import { isValidIban, normalizeIban } from '../../../shared/iban.ts';
import {
  type ParsedEntry,
  type ParsedFile,
  type ParsedStatement,
  parseBankAmount,
  StatementSyntaxError,
} from '../statement.ts';

export type CsvDateFormat =
  | 'YYYY-MM-DD'
  | 'DD.MM.YYYY'
  | 'YYYYMMDD'
  | 'DD/MM/YYYY'
  | 'MM/DD/YYYY'
  | 'DD-MM-YYYY';

/** A header name, or several names a bank has used for the same column. */
export type ColumnName = string | readonly string[];

export type SignRule =
  /** One amount column; a minus sign (leading, trailing or parentheses) marks a debit. */
  | { readonly kind: 'signed'; readonly amount: ColumnName }
  /** Separate columns; a value in the debit column is money out whatever its sign. */
  | { readonly kind: 'debit-credit'; readonly debit: ColumnName; readonly credit: ColumnName }
  /** An unsigned amount and a column saying which way it went. Values compared without case. */
  | {
      readonly kind: 'indicator';
      readonly amount: ColumnName;
      readonly indicator: ColumnName;
      readonly debitValues: readonly string[];
      readonly creditValues: readonly string[];
    };

export interface CsvProfile {
  readonly name: string;
  readonly description: string;
  readonly delimiter: string;
  readonly decimalSeparator: '.' | ',';
  readonly dateFormat: CsvDateFormat;
  readonly sign: SignRule;
  /** Currency when the file has no currency column (and none is passed in the options). */
  readonly currency?: string;
  readonly columns: {
    readonly bookingDate: ColumnName;
    readonly valueDate?: ColumnName;
    readonly currency?: ColumnName;
    readonly counterpartyName?: ColumnName;
    readonly counterpartyIban?: ColumnName;
    readonly counterpartyBic?: ColumnName;
    /** Each listed column that has a value becomes one remittance string, in this order. */
    readonly remittance?: readonly ColumnName[];
    readonly bankReference?: ColumnName;
    readonly endToEndId?: ColumnName;
    readonly transactionCode?: ColumnName;
    /** The statement's own account (IBAN or number), when the export repeats it on every row. */
    readonly account?: ColumnName;
  };
}

export const CSV_PROFILES: Readonly<Record<string, CsvProfile>> = {
  generic: {
    name: 'generic',
    description: 'comma-separated, ISO dates, "." decimals, signed amount (credit > 0)',
    delimiter: ',',
    decimalSeparator: '.',
    dateFormat: 'YYYY-MM-DD',
    sign: { kind: 'signed', amount: 'amount' },
    columns: {
      bookingDate: 'booking_date',
      valueDate: 'value_date',
      currency: 'currency',
      counterpartyName: 'counterparty_name',
      counterpartyIban: 'counterparty_iban',
      counterpartyBic: 'counterparty_bic',
      remittance: ['remittance'],
      bankReference: 'bank_reference',
      endToEndId: 'end_to_end_id',
      transactionCode: 'transaction_code',
    },
  },
  'de-sparkasse': {
    name: 'de-sparkasse',
    description:
      'German savings banks (CSV-CAMT export): ";" separated, "," decimals, DD.MM.YYYY, signed Betrag',
    delimiter: ';',
    decimalSeparator: ',',
    dateFormat: 'DD.MM.YYYY',
    sign: { kind: 'signed', amount: 'Betrag' },
    columns: {
      account: 'Auftragskonto',
      bookingDate: 'Buchungstag',
      valueDate: 'Valutadatum',
      transactionCode: 'Buchungstext',
      remittance: ['Verwendungszweck'],
      endToEndId: ['Kundenreferenz (End-to-End)', 'Kundenreferenz'],
      counterpartyName: ['Beguenstigter/Zahlungspflichtiger', 'Begünstigter/Zahlungspflichtiger'],
      counterpartyIban: ['Kontonummer/IBAN', 'Kontonummer', 'IBAN'],
      counterpartyBic: ['BIC (SWIFT-Code)', 'BIC'],
      currency: 'Waehrung',
    },
  },
  'nl-ing': {
    name: 'nl-ing',
    description:
      'ING Netherlands: "," separated, Datum YYYYMMDD, "Af Bij" sign column, "Bedrag (EUR)" with "," decimals',
    delimiter: ',',
    decimalSeparator: ',',
    dateFormat: 'YYYYMMDD',
    currency: 'EUR',
    sign: {
      kind: 'indicator',
      amount: 'Bedrag (EUR)',
      indicator: 'Af Bij',
      debitValues: ['Af'],
      creditValues: ['Bij'],
    },
    columns: {
      bookingDate: 'Datum',
      account: 'Rekening',
      counterpartyName: 'Naam / Omschrijving',
      counterpartyIban: 'Tegenrekening',
      transactionCode: 'Code',
      remittance: ['Mededelingen'],
    },
  },
};

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
  const index = new Map(table.header.map((name, i) => [normalizeHeader(name), i]));
  const find = (column: ColumnName | undefined, required: string | null): string | null => {
    if (column === undefined) return null;
    const names = typeof column === 'string' ? [column] : column;
    for (const name of names) {
      const i = index.get(normalizeHeader(name));
      if (i !== undefined) return table.header[i] ?? null;
    }
    if (required) {
      throw new StatementSyntaxError(
        `the header has no ${required} column "${names.join('" or "')}" (profile ${profile.name})`,
        headerLine,
      );
    }
    return null;
  };
  const c = profile.columns;
  const col = {
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
  };
  const sign = profile.sign;
  const signCols =
    sign.kind === 'signed'
      ? { amount: find(sign.amount, 'amount'), debit: null, credit: null, indicator: null }
      : sign.kind === 'debit-credit'
        ? {
            amount: null,
            debit: find(sign.debit, 'debit amount'),
            credit: find(sign.credit, 'credit amount'),
            indicator: null,
          }
        : {
            amount: find(sign.amount, 'amount'),
            debit: null,
            credit: null,
            indicator: find(sign.indicator, 'debit/credit indicator'),
          };
  const defaultCurrency = opts.currency ?? profile.currency ?? null;
  if (defaultCurrency !== null && !isKnownCurrency(defaultCurrency)) {
    throw validationFailed(`unknown currency ${defaultCurrency}`, [
      { field: 'currency', message: 'unknown currency' },
    ]);
  }
  if (!col.currency && defaultCurrency === null) {
    throw new StatementSyntaxError(
      `the file has no currency column; pass the statement currency (profile ${profile.name})`,
      headerLine,
    );
  }

  const warnings: string[] = [];
  const entries: ParsedEntry[] = [];
  let accountText = opts.account ?? null;
  for (const row of table.rows) {
    const record = recordsAsObjects(table.header, row);
    const value = (name: string | null): string => (name === null ? '' : (record[name] ?? '').trim());
    const fail = (name: string, message: string): never => {
      throw new StatementSyntaxError(
        `column "${name}": ${message}`,
        row.line,
        table.header.indexOf(name) + 1 || null,
      );
    };
    const dateOf = (name: string | null, required: boolean): CalendarDate | null => {
      if (name === null) return null;
      const raw = value(name);
      if (raw === '') return required ? fail(name, 'a date is required') : null;
      return (
        readDate(raw, profile.dateFormat) ??
        fail(name, `${JSON.stringify(raw)} is not a date ${profile.dateFormat}`)
      );
    };
    const bookingDate = dateOf(col.bookingDate, true) ?? '';
    const valueDate = dateOf(col.valueDate, false);
    const currency = (col.currency ? value(col.currency).toUpperCase() : '') || defaultCurrency || '';
    if (!isKnownCurrency(currency)) {
      fail(
        col.currency ?? 'currency',
        currency ? `unknown currency ${JSON.stringify(currency)}` : 'a currency is required',
      );
    }
    const amountOf = (name: string): { minor: bigint; exact: boolean } | null => {
      const raw = value(name);
      if (raw === '') return null;
      return (
        readAmount(raw, currency, profile.decimalSeparator) ??
        fail(name, `${JSON.stringify(raw)} is not an amount`)
      );
    };
    let minor: bigint;
    let exact = true;
    if (sign.kind === 'debit-credit') {
      const debitName = signCols.debit ?? '';
      const creditName = signCols.credit ?? '';
      const debit = amountOf(debitName);
      const credit = amountOf(creditName);
      if (debit && credit && debit.minor !== 0n && credit.minor !== 0n) {
        fail(debitName, `both "${debitName}" and "${creditName}" hold an amount`);
      }
      const used =
        (debit && debit.minor !== 0n ? debit : credit && credit.minor !== 0n ? credit : (debit ?? credit)) ??
        fail(creditName, `"${debitName}" or "${creditName}" must hold an amount`);
      const abs = used.minor < 0n ? -used.minor : used.minor;
      minor = used === debit ? -abs : abs;
      exact = used.exact;
    } else {
      const amountName = signCols.amount ?? '';
      const amount = amountOf(amountName) ?? fail(amountName, 'an amount is required');
      minor = amount.minor;
      exact = amount.exact;
      if (sign.kind === 'indicator') {
        const indicatorName = signCols.indicator ?? '';
        const indicator = value(indicatorName).toLowerCase();
        const abs = minor < 0n ? -minor : minor;
        if (sign.debitValues.some((v) => v.toLowerCase() === indicator)) minor = -abs;
        else if (sign.creditValues.some((v) => v.toLowerCase() === indicator)) minor = abs;
        else {
          fail(
            indicatorName,
            `${JSON.stringify(value(indicatorName))} is neither ${[...sign.debitValues, ...sign.creditValues].join(' nor ')}`,
          );
        }
      }
    }
    if (!exact) warnings.push(`line ${row.line}: amount has more decimals than ${currency}; rounded`);
    const ibanText = value(col.counterpartyIban);
    const iban = ibanText && isValidIban(ibanText) ? normalizeIban(ibanText) : null;
    const bic = value(col.counterpartyBic).toUpperCase();
    accountText ??= value(col.account) || null;
    entries.push({
      bankReference: value(col.bankReference) || null,
      bookingDate,
      valueDate,
      amountMinor: minor,
      currency,
      transactionCode: value(col.transactionCode) || null,
      counterparty: {
        name: value(col.counterpartyName) || null,
        iban,
        accountNumber: iban ? null : ibanText || null,
        bic: /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/.test(bic) ? bic : null,
      },
      ultimateParty: null,
      remittance: col.remittance.map((name) => value(name).replace(/\s+/g, ' ')).filter((v) => v !== ''),
      structuredReferences: [],
      endToEndId: endToEnd(value(col.endToEndId)),
      reversal: false,
      line: row.line,
    });
  }

  const currencies = [...new Set(entries.map((e) => e.currency))];
  if (currencies.length > 1) warnings.push(`entries in several currencies: ${currencies.join(', ')}`);
  const dates = entries.map((e) => e.bookingDate).sort();
  const statement: ParsedStatement = {
    format: 'csv',
    statementId: null,
    account: accountOf(accountText),
    currency: currencies[0] ?? defaultCurrency ?? '',
    openingBalance: null,
    closingBalance: null,
    fromDate: dates[0] ?? null,
    toDate: dates.at(-1) ?? null,
    entries,
    warnings,
  };
  return { format: 'csv', statements: [statement] };
}

function profileByName(name: string): CsvProfile {
  const profile = Object.hasOwn(CSV_PROFILES, name) ? CSV_PROFILES[name] : undefined;
  if (!profile) {
    const message = `unknown CSV profile ${JSON.stringify(name)}; known: ${Object.keys(CSV_PROFILES).join(', ')}`;
    throw validationFailed(message, [{ field: 'profile', message }]);
  }
  return profile;
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

function normalizeHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '');
}

function readDate(text: string, format: CsvDateFormat): CalendarDate | null {
  const patterns: Record<CsvDateFormat, [RegExp, number, number, number]> = {
    'YYYY-MM-DD': [/^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/, 1, 2, 3],
    'DD.MM.YYYY': [/^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})$/, 3, 2, 1],
    YYYYMMDD: [/^(\d{4})(\d{2})(\d{2})$/, 1, 2, 3],
    'DD/MM/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, 3, 2, 1],
    'MM/DD/YYYY': [/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/, 3, 1, 2],
    'DD-MM-YYYY': [/^(\d{1,2})-(\d{1,2})-(\d{4})$/, 3, 2, 1],
  };
  const [re, y, m, d] = patterns[format];
  const match = re.exec(text);
  if (!match) return null;
  const yearText = match[y] ?? '';
  const year = yearText.length === 2 ? `20${yearText}` : yearText;
  const date = `${year}-${(match[m] ?? '').padStart(2, '0')}-${(match[d] ?? '').padStart(2, '0')}`;
  return isCalendarDate(date) ? date : null;
}

/**
 * `'1.234,56'` (',' decimals), `'-12.50'`, `'12,50-'`, `'(12.50)'`, `'+3'`, `'1 234,56'`, `"1'234.56"`.
 * Grouping characters are only accepted in groups of three digits. Null when not an amount.
 */
function readAmount(
  raw: string,
  currency: string,
  decimalSeparator: '.' | ',',
): { minor: bigint; exact: boolean } | null {
  let text = raw.replace(/[\s\u00A0\u202F']/g, '');
  let negative = false;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) {
    negative = true;
    text = paren[1] ?? '';
  }
  if (text.endsWith('-')) {
    negative = !negative;
    text = text.slice(0, -1);
  }
  if (text.startsWith('-')) {
    negative = !negative;
    text = text.slice(1);
  } else if (text.startsWith('+')) text = text.slice(1);
  const grouping = decimalSeparator === ',' ? '.' : ',';
  const [whole = '', ...fractions] = text.split(decimalSeparator);
  if (fractions.length > 1) return null;
  if (whole.includes(grouping) && !new RegExp(`^\\d{1,3}(\\${grouping}\\d{3})+$`).test(whole)) return null;
  const parsed = parseBankAmount(text, currency, decimalSeparator);
  if (!parsed || text.includes('-')) return null;
  return { minor: negative ? -parsed.minor : parsed.minor, exact: parsed.exact };
}

function endToEnd(value: string): string | null {
  return value && value.toUpperCase() !== 'NOTPROVIDED' ? value : null;
}

function accountOf(text: string | null): ParsedStatement['account'] {
  const account = { iban: null, accountNumber: null, bic: null, name: null };
  if (!text) return account;
  return isValidIban(text) ? { ...account, iban: normalizeIban(text) } : { ...account, accountNumber: text };
}

function headerOf(firstLine: string, delimiter: string): Set<string> | null {
  try {
    const { header } = parseCsv(firstLine, { delimiter });
    return header.length >= 2 ? new Set(header.map(normalizeHeader)) : null;
  } catch {
    return null;
  }
}

/**
 * The CSV profile whose columns the header row of `text` has: the booking date and the amount
 * columns of its sign rule must all be there; among several, the one with most known columns.
 */
export function detectCsvProfile(text: string): string | null {
  const firstLine = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .find((l) => l.trim() !== '');
  if (!firstLine) return null;
  let best: { name: string; score: number } | null = null;
  for (const profile of Object.values(CSV_PROFILES)) {
    const header = headerOf(firstLine, profile.delimiter);
    if (!header) continue;
    const has = (column: ColumnName | undefined) =>
      column !== undefined &&
      (typeof column === 'string' ? [column] : column).some((n) => header.has(normalizeHeader(n)));
    if (!requiredColumns(profile).every(has)) continue;
    const c = profile.columns;
    const optional = [
      c.valueDate,
      c.currency,
      c.counterpartyName,
      c.counterpartyIban,
      c.counterpartyBic,
      c.bankReference,
      c.endToEndId,
      c.transactionCode,
      c.account,
      ...(c.remittance ?? []),
    ];
    const score = optional.filter(has).length;
    if (!best || score > best.score) best = { name: profile.name, score };
  }
  return best?.name ?? null;
}

function requiredColumns(profile: CsvProfile): ColumnName[] {
  const sign = profile.sign;
  const amounts =
    sign.kind === 'signed'
      ? [sign.amount]
      : sign.kind === 'debit-credit'
        ? [sign.debit, sign.credit]
        : [sign.amount, sign.indicator];
  return [profile.columns.bookingDate, ...amounts];
}
