/**
 * The remittance breakdown of a camt.054 (debit/credit notification) a customer sends as its
 * advice: each entry is one transfer — the lump sum — and its transaction details say which
 * documents it pays. Read with the camt reader's XML and tree access (camt.ts), by element name,
 * any version; camt.052/053 records are read the same way.
 *
 * Per entry: the amount (unsigned: the payer's debit notification and our credit notification
 * describe the same transfer), currency, booking (else value) date, the payer (`Dbtr`; of a debit,
 * else the notified account's owner) and its account, the end-to-end id when the entry is one
 * transaction. Its documents: each `Strd` block's `RfrdDocInf/Nb` with `RfrdDocAmt/RmtdAmt`
 * (negative for a credit note, `CREN`/`CRN`), else — a transaction naming one document — the
 * transaction's amount; a transaction with only `Ustrd` text is one document of its amount. The
 * reason of a deduction comes from `AdjstmntAmtAndRsn` or `AddtlRmtInf`. Entries without
 * remittance information, reversals and returns are skipped with a warning; documents that do
 * not add up to their entry refuse the file, naming the line.
 */
import type { CalendarDate } from '../../../shared/calendar-date.ts';
import { parseBankAmount, StatementSyntaxError } from '../statement.ts';
import {
  accountIdentification,
  amountCurrency,
  arrayOf,
  asObject,
  childObject,
  childText,
  dateOf,
  nodeText,
  partyName,
  REPEATING,
  texts,
} from './camt.ts';
import { readXml, type XmlDocument } from './xml.ts';

/** One document a transfer pays, as the payer wrote it. */
export interface CamtRemittanceDocument {
  readonly reference: string;
  /** Negative for a credit note the payer deducts. */
  readonly amountMinor: bigint;
  readonly reason: string | null;
  readonly line: number;
}

/** One transfer (entry) and the documents it pays. */
export interface CamtRemittanceEntry {
  readonly line: number;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly date: CalendarDate | null;
  readonly payerName: string | null;
  readonly payerIban: string | null;
  readonly endToEndId: string | null;
  readonly documents: readonly CamtRemittanceDocument[];
}

export interface CamtRemittances {
  readonly entries: readonly CamtRemittanceEntry[];
  readonly warnings: readonly string[];
}

const RECORDS = ['Ntfctn', 'Stmt', 'Rpt'];
const ADVICE_REPEATING = new Set([...REPEATING, 'RfrdDocAmt', 'AdjstmntAmtAndRsn']);
const LINE_TAGS = new Set(['Document', ...RECORDS, 'Ntry', 'TxDtls', 'Strd']);
const CREDIT_NOTE_CODES = new Set(['CREN', 'CRN', 'CRNT']);

/** Tag counters in document order, to find each element's line. */
interface Cursor {
  readonly xml: XmlDocument;
  ntry: number;
  tx: number;
  strd: number;
}

/** Read the entries of a camt document and what each pays (see the file's comment). */
export function readCamtRemittances(text: string): CamtRemittances {
  const xml = readXml(text, { alwaysArray: ADVICE_REPEATING, recordLines: LINE_TAGS });
  const document = asObject(xml.root.Document) ?? xml.root;
  const message = Object.entries(document).find(([key]) => key.startsWith('BkToCstmr'))?.[1];
  const records = RECORDS.flatMap((r) => arrayOf(asObject(arrayOf(message)[0])?.[r]));
  if (records.length === 0)
    throw new StatementSyntaxError(
      'not a camt.054 notification: no BkToCstmrDbtCdtNtfctn/Ntfctn',
      xml.lineOf('Document', 0) ?? 1,
    );
  const cursor: Cursor = { xml, ntry: 0, tx: 0, strd: 0 };
  const warnings: string[] = [];
  const entries: CamtRemittanceEntry[] = [];
  for (const record of records) {
    const account = childObject(record, 'Acct');
    for (const ntry of arrayOf(asObject(record)?.Ntry)) {
      const entry = readEntry(asObject(ntry) ?? {}, account, cursor, warnings);
      if (entry) entries.push(entry);
    }
  }
  return { entries, warnings };
}

/** One entry as a transfer and its documents; null (with a warning) when it pays none. */
function readEntry(
  ntry: Record<string, unknown>,
  account: Record<string, unknown> | null,
  cursor: Cursor,
  warnings: string[],
): CamtRemittanceEntry | null {
  const line = cursor.xml.lineOf('Ntry', cursor.ntry++) ?? 1;
  const txs = arrayOf(ntry.NtryDtls)
    .flatMap((d) => arrayOf(asObject(d)?.TxDtls))
    .map((t) => asObject(t) ?? {});
  const firstTx = cursor.tx;
  cursor.tx += txs.length;
  const { minor, currency } = amountOf(ntry.Amt, null, line, 'entry');
  const skip = skipReason(ntry, txs);
  if (skip) {
    warnings.push(`line ${line}: entry skipped: ${skip}`);
    cursor.strd += txs.reduce((n, tx) => n + strdCount(tx), 0);
    return null;
  }
  const documents = txs.flatMap((tx, i) =>
    transactionDocuments(
      tx,
      txs.length === 1 ? minor : null,
      currency,
      cursor,
      cursor.xml.lineOf('TxDtls', firstTx + i) ?? line,
    ),
  );
  if (documents.length === 0) {
    warnings.push(`line ${line}: entry skipped: no remittance information (no document it pays)`);
    return null;
  }
  const sum = documents.reduce((s, d) => s + d.amountMinor, 0n);
  if (sum !== minor)
    throw new StatementSyntaxError(
      `the documents of this entry add up to ${sum} minor units of ${currency}, the entry is ${minor}`,
      line,
    );
  const payer = payerOf(ntry, txs, account);
  const ids = [
    ...new Set(
      txs
        .map((tx) => childText(tx, 'Refs', 'EndToEndId'))
        .filter((id): id is string => id !== null && id.toUpperCase() !== 'NOTPROVIDED'),
    ),
  ];
  return {
    line,
    amountMinor: minor,
    currency,
    date: dateOf(
      childText(ntry, 'BookgDt', 'Dt') ??
        childText(ntry, 'BookgDt', 'DtTm') ??
        childText(ntry, 'ValDt', 'Dt') ??
        childText(ntry, 'ValDt', 'DtTm'),
    ),
    ...payer,
    endToEndId: txs.length === 1 && ids.length === 1 ? (ids[0] ?? null) : null,
    documents,
  };
}

function skipReason(ntry: Record<string, unknown>, txs: readonly Record<string, unknown>[]): string | null {
  if (childText(ntry, 'RvslInd')?.toLowerCase() === 'true') return 'a reversal';
  if (txs.some((tx) => tx.RtrInf !== undefined)) return 'a returned payment';
  return null;
}

/** The payer: the debtor of the transactions (when they name one), else the notified account's owner of a debit. */
function payerOf(
  ntry: Record<string, unknown>,
  txs: readonly Record<string, unknown>[],
  account: Record<string, unknown> | null,
): { payerName: string | null; payerIban: string | null } {
  const names = new Set(
    txs.map((tx) => partyName(childObject(tx, 'RltdPties', 'Dbtr'))).filter((n) => n !== null),
  );
  const ibans = new Set(
    txs
      .map((tx) => accountIdentification(childObject(tx, 'RltdPties', 'DbtrAcct', 'Id')).iban)
      .filter((i) => i !== null),
  );
  const debit = childText(ntry, 'CdtDbtInd') === 'DBIT';
  const ownName = debit ? (childText(account, 'Ownr', 'Nm') ?? childText(account, 'Nm')) : null;
  const ownIban = debit ? accountIdentification(childObject(account, 'Id')).iban : null;
  return {
    payerName: names.size === 1 ? ([...names][0] ?? null) : names.size === 0 ? ownName : null,
    payerIban: ibans.size === 1 ? ([...ibans][0] ?? null) : ibans.size === 0 ? ownIban : null,
  };
}

function strdCount(tx: Record<string, unknown>): number {
  return arrayOf(tx.RmtInf).reduce<number>((n, r) => n + arrayOf(asObject(r)?.Strd).length, 0);
}

/**
 * The documents one transaction pays: its referred documents with their amounts (a document
 * without one takes the transaction's amount when it is the only one), else its text as one.
 */
function transactionDocuments(
  tx: Record<string, unknown>,
  entryMinor: bigint | null,
  currency: string,
  cursor: Cursor,
  line: number,
): CamtRemittanceDocument[] {
  const txAmount = tx.Amt ?? childObject(tx, 'AmtDtls', 'TxAmt')?.Amt;
  const txMinor =
    txAmount === undefined ? entryMinor : amountOf(txAmount, currency, line, 'transaction').minor;
  const docs: { reference: string; minor: bigint | null; reason: string | null; line: number }[] = [];
  const unstructured: string[] = [];
  for (const rmtInf of arrayOf(tx.RmtInf)) {
    unstructured.push(...texts(asObject(rmtInf)?.Ustrd));
    for (const strd of arrayOf(asObject(rmtInf)?.Strd)) {
      const strdLine = cursor.xml.lineOf('Strd', cursor.strd++) ?? line;
      docs.push(...structuredDocuments(asObject(strd) ?? {}, currency, strdLine));
    }
  }
  if (docs.length === 0) {
    const text = unstructured.join(' ').trim();
    if (text === '') return [];
    if (txMinor === null)
      throw new StatementSyntaxError('transaction without an amount of its own in an entry of several', line);
    return [{ reference: text, amountMinor: txMinor, reason: null, line }];
  }
  const [only] = docs;
  if (docs.length === 1 && only && only.minor === null && txMinor !== null)
    return [{ reference: only.reference, amountMinor: txMinor, reason: only.reason, line: only.line }];
  return docs.map((d) => {
    if (d.minor === null)
      throw new StatementSyntaxError(
        `referred document ${d.reference} has no remitted amount (RfrdDocAmt/RmtdAmt), and the transaction pays several`,
        d.line,
      );
    return { reference: d.reference, amountMinor: d.minor, reason: d.reason, line: d.line };
  });
}

/** The referred documents of one `Strd` block, with the amount remitted for them (when stated) and why less. */
function structuredDocuments(strd: Record<string, unknown>, currency: string, line: number) {
  const infos = arrayOf(strd.RfrdDocInf).map((i) => asObject(i) ?? {});
  const numbers = infos.map((i) => childText(i, 'Nb')).filter((n): n is string => n !== null);
  if (numbers.length === 0) return [];
  const amounts = arrayOf(strd.RfrdDocAmt).map((a) => asObject(a) ?? {});
  const remitted = amounts.map((a) => a.RmtdAmt).find((a) => a !== undefined);
  const code =
    childText(infos[0], 'Tp', 'CdOrPrtry', 'Cd') ?? childText(infos[0], 'Tp', 'CdOrPrtry', 'Prtry');
  const sign = code && CREDIT_NOTE_CODES.has(code.toUpperCase()) ? -1n : 1n;
  const minor = remitted === undefined ? null : sign * amountOf(remitted, currency, line, 'remitted').minor;
  const adjustment = amounts.flatMap((a) => arrayOf(a.AdjstmntAmtAndRsn)).map((a) => asObject(a) ?? {})[0];
  const reason = [childText(adjustment, 'Rsn'), childText(adjustment, 'AddtlInf'), ...texts(strd.AddtlRmtInf)]
    .filter((r): r is string => r !== null && r !== '')
    .join(' ');
  if (numbers.length > 1 && minor !== null)
    throw new StatementSyntaxError(
      `one remitted amount for ${numbers.length} documents (${numbers.join(', ')}): whose is it?`,
      line,
    );
  return numbers.map((reference) => ({ reference, minor, reason: reason === '' ? null : reason, line }));
}

/** An `Amt` element: unsigned minor units and its currency (`expected`, when given, must be it). */
function amountOf(
  node: unknown,
  expected: string | null,
  line: number,
  what: string,
): { minor: bigint; currency: string } {
  const text = nodeText(node);
  const currency = amountCurrency(node) ?? expected;
  if (text === null || currency === null)
    throw new StatementSyntaxError(`${what} amount without a value or currency (Ccy)`, line);
  if (expected !== null && currency !== expected)
    throw new StatementSyntaxError(`${what} amount in ${currency}, the entry is in ${expected}`, line);
  let parsed: ReturnType<typeof parseBankAmount>;
  try {
    parsed = parseBankAmount(text, currency);
  } catch {
    throw new StatementSyntaxError(`${what} amount in unknown currency ${currency}`, line);
  }
  if (parsed === null || parsed.minor < 0n || !parsed.exact)
    throw new StatementSyntaxError(
      `${what} amount ${JSON.stringify(text)} is not an amount in ${currency}`,
      line,
    );
  return { minor: parsed.minor, currency };
}
