/**
 * CSV column-mapping profiles: how a bank writes its export — the field delimiter, the decimal
 * separator, the date layout, which header names hold which entry field, and how the sign of an
 * amount is written. Header names are compared without case, accents, umlauts (`Währung` =
 * `Waehrung`) or punctuation.
 */
import { parseCsv } from '../../../shared/csv.ts';
import { validationFailed } from '../../../shared/errors.ts';

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

/** The profile named `name`, or a validation error listing the known ones. */
export function profileByName(name: string): CsvProfile {
  const profile = Object.hasOwn(CSV_PROFILES, name) ? CSV_PROFILES[name] : undefined;
  if (!profile) {
    const message = `unknown CSV profile ${JSON.stringify(name)}; known: ${Object.keys(CSV_PROFILES).join(', ')}`;
    throw validationFailed(message, [{ field: 'profile', message }]);
  }
  return profile;
}

/** A header name as compared: lower case, umlauts spelled out, no accents or punctuation. */
export function normalizeHeader(name: string): string {
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
