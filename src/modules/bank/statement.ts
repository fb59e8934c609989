/**
 * The one shape every bank statement parser produces, whatever the file format: statements with
 * their account, balances and entries, amounts as signed integer minor units (credit > 0).
 *
 * Parsers are pure (text in, ParsedFile out, no database). They are lenient where real files
 * are messy — an unbalanced statement, an unknown transaction code, a missing optional field —
 * and report that in `warnings`; they reject a file only when its structure cannot be read, with
 * a `StatementSyntaxError` that names the line (and column where known) and the reason.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { exponentOf } from '../../shared/currency.ts';
import { roundHalfAwayFromZero } from '../../shared/decimal.ts';
import { AppError } from '../../shared/errors.ts';

export const STATEMENT_FORMATS = [
  'camt.052',
  'camt.053',
  'camt.054',
  'mt940',
  'mt942',
  'bai2',
  'ofx',
  'csv',
] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

export interface Balance {
  /** Signed minor units of the statement currency: a debit (overdrawn) balance is negative. */
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly date: CalendarDate | null;
}

export interface Counterparty {
  readonly name: string | null;
  readonly iban: string | null;
  /** A non-IBAN account number (US, legacy national formats). */
  readonly accountNumber: string | null;
  readonly bic: string | null;
}

export interface ParsedEntry {
  /**
   * The bank's own reference of the entry: camt AcctSvcrRef, else NtryRef (with the TxDtls index
   * appended for batch entries split into their transactions); MT940 bank reference (field 61
   * `//` part, else the customer reference); BAI2 bank reference; OFX FITID. Null when absent.
   */
  readonly bankReference: string | null;
  readonly bookingDate: CalendarDate;
  readonly valueDate: CalendarDate | null;
  /** Signed minor units: credit (money in) > 0, debit < 0. */
  readonly amountMinor: bigint;
  readonly currency: string;
  /** The bank's transaction code as given (camt domain/family/sub-family or proprietary, MT940 GVC/type, BAI2 type code, OFX TRNTYPE). */
  readonly transactionCode: string | null;
  /** Payer of a credit, payee of a debit. */
  readonly counterparty: Counterparty;
  /** The party the payment is really for or from, when it differs (camt UltmtDbtr/UltmtCdtr). */
  readonly ultimateParty: string | null;
  /** Unstructured remittance information, each element or sub-field as one string, in order. */
  readonly remittance: readonly string[];
  /** Structured creditor references (camt CdtrRefInf/Ref, e.g. an RF reference), in order. */
  readonly structuredReferences: readonly string[];
  readonly endToEndId: string | null;
  /** Reason code of a returned or rejected payment (camt RtrInf/Rsn, e.g. AC04, MD01), when given. */
  readonly returnReason?: string;
  /** True when the bank marks the entry as reversed (camt RvslInd, MT940 RC/RD). */
  readonly reversal: boolean;
  /** Not booked yet (camt Sts PDNG): shown by the bank, not imported — a later statement books it. */
  readonly pending?: boolean;
  /** Line in the file where the entry starts (1-based), for messages. */
  readonly line: number;
}

export interface ParsedStatement {
  readonly format: StatementFormat;
  /** The bank's statement id/number (camt Stmt/Id, MT940 :28C:, BAI2 group, OFX none). */
  readonly statementId: string | null;
  readonly account: {
    readonly iban: string | null;
    readonly accountNumber: string | null;
    readonly bic: string | null;
    readonly name: string | null;
  };
  /** The statement (account) currency. */
  readonly currency: string;
  readonly openingBalance: Balance | null;
  readonly closingBalance: Balance | null;
  readonly fromDate: CalendarDate | null;
  readonly toDate: CalendarDate | null;
  readonly entries: readonly ParsedEntry[];
  /** Problems that did not stop the parse (e.g. balances that do not add up), with lines. */
  readonly warnings: readonly string[];
}

export interface ParsedFile {
  readonly format: StatementFormat;
  readonly statements: readonly ParsedStatement[];
}

/**
 * A file whose structure cannot be read. `line` is 1-based; `column` too, when known. Without a
 * line the problem is the whole file's, and the detail names `field` instead: `file`, or the
 * option to give (`format`, `profile`).
 */
export class StatementSyntaxError extends AppError {
  constructor(
    message: string,
    readonly line: number | null,
    readonly column: number | null = null,
    field = 'file',
  ) {
    super(
      'import_rejected',
      line === null ? message : `line ${line}${column ? `:${column}` : ''}: ${message}`,
      [{ ...(line !== null ? { line } : { field }), message }],
    );
  }
}

/** Opening balance + Σ entries − closing balance, or null when the file states no balances. */
export function balanceDifference(statement: ParsedStatement): bigint | null {
  if (!statement.openingBalance || !statement.closingBalance) return null;
  const moved = statement.entries.reduce((sum, e) => sum + e.amountMinor, 0n);
  return statement.openingBalance.amountMinor + moved - statement.closingBalance.amountMinor;
}

/**
 * A bank amount ("1234.5", "1234,50", "0.100") in minor units of `currency`. Banks write more
 * decimals than the currency has ("18.150" EUR): extra zero decimals are exact; anything else is
 * rounded half away from zero and `exact` is false, for the parser to warn. Null when not a number.
 * `parseBankAmount('1.234,5', 'EUR', ',')` → `{ minor: 123450n, exact: true }` (`.` as grouping).
 */
export function parseBankAmount(
  text: string,
  currency: string,
  decimalSeparator: '.' | ',' = '.',
): { minor: bigint; exact: boolean } | null {
  const grouping = decimalSeparator === ',' ? '.' : ',';
  const cleaned = text.trim().replaceAll(grouping, '').replace(decimalSeparator, '.');
  if (!/^-?\d*(\.\d*)?$/.test(cleaned) || !/\d/.test(cleaned)) return null;
  const negative = cleaned.startsWith('-');
  const [whole = '', fraction = ''] = cleaned.replace('-', '').split('.');
  const exponent = exponentOf(currency);
  const scaled = BigInt(`${whole || '0'}${fraction}`);
  const den = 10n ** BigInt(fraction.length);
  const num = scaled * 10n ** BigInt(exponent);
  const minor = roundHalfAwayFromZero(num, den);
  return { minor: negative ? -minor : minor, exact: num % den === 0n };
}
