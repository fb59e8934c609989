/**
 * ISO 20022 bank-to-customer cash management messages: camt.052 (account report, intraday),
 * camt.053 (statement) and camt.054 (debit/credit notification), any version from .001.01 on.
 *
 * The XML is read by element name, without namespaces, so every version goes through the same
 * code path; the namespace only confirms the message type. Real files often break their own XSD
 * (element order, patterns), so nothing is rejected for schema reasons — only malformed XML or a
 * document without any statement is. One Stmt/Rpt/Ntfctn becomes one ParsedStatement; a batch
 * entry whose transaction details carry their own amounts is split into one entry per TxDtls.
 */
import { type CalendarDate, isAcceptedDate } from '../../../shared/calendar-date.ts';
import { isValidIban, normalizeIban } from '../../../shared/iban.ts';
import { formatAmount } from '../../../shared/money.ts';
import {
  type Balance,
  balanceDifference,
  type Counterparty,
  type ParsedEntry,
  type ParsedFile,
  type ParsedStatement,
  parseBankAmount,
  type StatementFormat,
  StatementSyntaxError,
} from '../statement.ts';
import { readXml, type XmlDocument } from './xml.ts';

type CamtFormat = Extract<StatementFormat, 'camt.052' | 'camt.053' | 'camt.054'>;

const MESSAGES: readonly { element: string; record: string; format: CamtFormat }[] = [
  { element: 'BkToCstmrStmt', record: 'Stmt', format: 'camt.053' },
  { element: 'BkToCstmrAcctRpt', record: 'Rpt', format: 'camt.052' },
  { element: 'BkToCstmrDbtCdtNtfctn', record: 'Ntfctn', format: 'camt.054' },
];

/** Elements that may repeat where we read them; always parsed as arrays. */
export const REPEATING: ReadonlySet<string> = new Set([
  'Stmt',
  'Rpt',
  'Ntfctn',
  'Bal',
  'Ntry',
  'NtryDtls',
  'TxDtls',
  'RmtInf',
  'Ustrd',
  'Strd',
  'CdtrRefInf',
  'AddtlRmtInf',
  'RfrdDocInf',
  'AddtlTxInf',
  'AddtlNtryInf',
]);

/** Elements whose lines the reader records, for messages and ParsedEntry.line. */
const LINE_TAGS = new Set([
  'Document',
  ...MESSAGES.flatMap((m) => [m.element, `${m.element}V01`, m.record]),
  'Bal',
  'Ntry',
  'TxDtls',
]);

const NAMESPACE = /urn:iso:std:iso:20022:tech:xsd:(camt\.05[234])\.\d{3}\.\d{2}/;

/**
 * Parses a camt.052/053/054 document. Throws StatementSyntaxError (with line and column) for
 * malformed XML and for a document that holds no Stmt/Rpt/Ntfctn.
 * `parseCamt(xml).statements[0].entries[0].amountMinor === 885n` for a CRDT entry of 8.85 EUR.
 */
export function parseCamt(text: string): ParsedFile {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const xml = readXml(source, { alwaysArray: REPEATING, recordLines: LINE_TAGS });
  const root = xml.root;
  const document = asObject(root.Document) ?? root;
  const found = findMessage(document);
  const declared = NAMESPACE.exec(source)?.[1] as CamtFormat | undefined;
  if (!found) {
    const what = declared ? `${declared} document` : 'document';
    throw new StatementSyntaxError(
      `${what} holds no BkToCstmrStmt, BkToCstmrAcctRpt or BkToCstmrDbtCdtNtfctn message`,
      xml.lineOf('Document', 0) ?? 1,
    );
  }
  const { key, message, spec } = found;
  const records = arrayOf(message[spec.record]);
  if (records.length === 0) {
    throw new StatementSyntaxError(
      `${spec.element} holds no ${spec.record}: the file contains no statement`,
      xml.lineOf(key, 0) ?? 1,
    );
  }
  const context: Context = {
    format: spec.format,
    lines: xml,
    entryIndex: 0,
    txIndex: 0,
    balanceIndex: 0,
    messageDate: dateOf(childText(message, 'GrpHdr', 'CreDtTm')),
    dates: new Map(),
    accounts: new Map(),
  };
  const statements = records.map((record, index) =>
    parseRecord(asObject(record) ?? {}, index, spec.record, context),
  );
  return { format: spec.format, statements };
}

interface Context {
  readonly format: CamtFormat;
  readonly lines: XmlDocument;
  /** Running counts of Ntry / TxDtls in document order, to find their lines. */
  entryIndex: number;
  txIndex: number;
  balanceIndex: number;
  readonly messageDate: CalendarDate | null;
  /** Entry dates and counterparty accounts as read, by text: they repeat across a file's entries. */
  readonly dates: Map<string, CalendarDate | null>;
  readonly accounts: Map<string, AccountId>;
}

function findMessage(
  document: Record<string, unknown>,
): { key: string; message: Record<string, unknown>; spec: (typeof MESSAGES)[number] } | null {
  for (const [key, value] of Object.entries(document)) {
    const spec = MESSAGES.find((m) => key === m.element || key.startsWith(`${m.element}V`));
    if (spec) return { key, message: asObject(firstOf(value)) ?? {}, spec };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Statements

function parseRecord(
  record: Record<string, unknown>,
  index: number,
  recordTag: string,
  context: Context,
): ParsedStatement {
  const line = context.lines.lineOf(recordTag, index) ?? 1;
  const warnings: string[] = [];
  const account = childObject(record, 'Acct');
  const balances = arrayOf(record.Bal).map((b) => asObject(b) ?? {});
  const ntries = arrayOf(record.Ntry).map((n) => asObject(n) ?? {});
  const currency = recordCurrency(account, balances, ntries, line, warnings);
  const { openingBalance, closingBalance } = recordBalances(balances, currency, line, context, warnings);
  // For entries without a booking date (some camt.054 and Lithuanian camt.053 files).
  const statementDate =
    dateOf(childText(record, 'FrToDt', 'ToDtTm')) ??
    closingBalance?.date ??
    dateOf(childText(record, 'CreDtTm')) ??
    context.messageDate;
  const entries = ntries.flatMap((ntry) => {
    const entryLine = context.lines.lineOf('Ntry', context.entryIndex) ?? line;
    context.entryIndex += 1;
    return parseEntry(ntry, entryLine, currency, statementDate, context, warnings);
  });
  const statement: ParsedStatement = {
    format: context.format,
    statementId: childText(record, 'Id'),
    account: accountOf(account),
    currency,
    openingBalance,
    closingBalance,
    fromDate: statedDate(childText(record, 'FrToDt', 'FrDtTm'), 'period start', line, warnings),
    toDate: statedDate(childText(record, 'FrToDt', 'ToDtTm'), 'period end', line, warnings),
    entries,
    warnings,
  };
  warnIfUnbalanced(statement, line, warnings);
  return statement;
}

/** The account's currency, else its balances' or entries' ('' with a warning when none states one). */
function recordCurrency(
  account: Record<string, unknown> | null,
  balances: readonly Record<string, unknown>[],
  ntries: readonly Record<string, unknown>[],
  line: number,
  warnings: string[],
): string {
  const currency =
    childText(account, 'Ccy') ??
    balances.map((b) => amountCurrency(b.Amt)).find((c) => c !== null) ??
    ntries.map((n) => amountCurrency(n.Amt)).find((c) => c !== null) ??
    null;
  if (currency === null) {
    warnings.push(`line ${line}: no currency stated for the account, its balances or entries`);
  }
  return currency ?? '';
}

/** Opening (OPBD, else PRCD) and closing (CLBD; in camt.052 else ITBD) balances of a record. */
function recordBalances(
  balances: readonly Record<string, unknown>[],
  statementCurrency: string,
  line: number,
  context: Context,
  warnings: string[],
): { openingBalance: Balance | null; closingBalance: Balance | null } {
  const firstBalance = context.balanceIndex;
  context.balanceIndex += balances.length;
  const balance = (codes: readonly string[]): Balance | null => {
    for (const code of codes) {
      const at = balances.findIndex((b) => balanceCode(b) === code);
      const found = balances[at];
      if (found) {
        const balanceLine = context.lines.lineOf('Bal', firstBalance + at) ?? line;
        return parseBalance(found, code, statementCurrency, balanceLine, warnings);
      }
    }
    return null;
  };
  const openingBalance = balance(['OPBD', 'PRCD']);
  const closingBalance = balance(context.format === 'camt.052' ? ['CLBD', 'ITBD'] : ['CLBD']);
  return { openingBalance, closingBalance };
}

function accountOf(account: Record<string, unknown> | null): ParsedStatement['account'] {
  const accountId = accountIdentification(childObject(account, 'Id'));
  return {
    iban: accountId.iban,
    accountNumber: accountId.accountNumber,
    bic: bicOf(childObject(account, 'Svcr', 'FinInstnId')),
    name: childText(account, 'Nm') ?? partyName(childObject(account, 'Ownr')),
  };
}

/** Warns when opening balance plus the entries is not the closing balance. */
function warnIfUnbalanced(statement: ParsedStatement, line: number, warnings: string[]): void {
  const { openingBalance, closingBalance, currency } = statement;
  const difference = balanceDifference(statement);
  if (difference === null || difference === 0n || !openingBalance || !closingBalance) return;
  const moved = statement.entries.reduce((sum, e) => sum + e.amountMinor, 0n);
  warnings.push(
    `line ${line}: statement does not balance: opening ${money(openingBalance.amountMinor, currency)}` +
      ` + entries ${money(moved, currency)} ≠ closing ${money(closingBalance.amountMinor, currency)}` +
      ` (difference ${money(difference, currency)})`,
  );
}

function balanceCode(bal: Record<string, unknown>): string | null {
  return childText(bal, 'Tp', 'CdOrPrtry', 'Cd') ?? childText(bal, 'Tp', 'Cd');
}

function parseBalance(
  bal: Record<string, unknown>,
  code: string,
  statementCurrency: string,
  line: number,
  warnings: string[],
): Balance {
  const { minor, currency } = parseAmountNode(bal.Amt, statementCurrency, line, warnings, 'balance');
  const indicator = childText(bal, 'CdtDbtInd');
  if (indicator === null) warnings.push(`line ${line}: ${code} balance without CdtDbtInd; read as a credit`);
  const sign = indicator === null ? 1n : creditDebitSign(indicator, line, 'balance');
  if (currency !== statementCurrency && statementCurrency !== '') {
    warnings.push(`line ${line}: ${code} balance in ${currency}, the account is in ${statementCurrency}`);
  }
  return {
    amountMinor: sign * minor,
    currency,
    date: statedDate(
      childText(bal, 'Dt', 'Dt') ?? childText(bal, 'Dt', 'DtTm'),
      `${code} balance date`,
      line,
      warnings,
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Entries

function parseEntry(
  ntry: Record<string, unknown>,
  line: number,
  statementCurrency: string,
  statementDate: CalendarDate | null,
  context: Context,
  warnings: string[],
): ParsedEntry[] {
  const txs = flatten(arrayOf(ntry.NtryDtls), (d) => arrayOf(asObject(d)?.TxDtls)).map(
    (d) => asObject(d) ?? {},
  );
  const txLines = txs.map(() => {
    const txLine = context.lines.lineOf('TxDtls', context.txIndex) ?? line;
    context.txIndex += 1;
    return txLine;
  });
  const status = childText(ntry, 'Sts') ?? childText(ntry, 'Sts', 'Cd');
  if (status === 'PDNG') {
    warnings.push(`line ${line}: pending entry (Sts PDNG): not booked yet`);
  }
  const { currency, sign, amountMinor } = entryAmount(ntry, statementCurrency, line, warnings);
  const { bookingDate, valueDate } = entryDates(ntry, line, statementDate, context, warnings);
  const common: EntryCommon = {
    bookingDate,
    valueDate,
    currency,
    reversal: childText(ntry, 'RvslInd')?.toLowerCase() === 'true',
    reference: childText(ntry, 'AcctSvcrRef') ?? childText(ntry, 'NtryRef'),
    entryCode: transactionCode(childObject(ntry, 'BkTxCd')),
    pending: status === 'PDNG',
    line,
  };
  const split = txs.length > 1 ? splitAmounts(txs, currency, amountMinor, sign, line, warnings) : null;
  if (split) return splitEntries(common, txs, txLines, split, context);
  return [wholeEntry(common, ntry, txs, amountMinor, context)];
}

/** What an entry's one or many ParsedEntries share. */
interface EntryCommon {
  readonly bookingDate: CalendarDate;
  readonly valueDate: CalendarDate | null;
  readonly currency: string;
  readonly reversal: boolean;
  /** The bank's reference of the entry (AcctSvcrRef, else NtryRef). */
  readonly reference: string | null;
  readonly entryCode: string | null;
  readonly pending: boolean;
  readonly line: number;
}

/** The entry's signed amount and currency (warning when it is not the account's). */
function entryAmount(
  ntry: Record<string, unknown>,
  statementCurrency: string,
  line: number,
  warnings: string[],
): { currency: string; sign: bigint; amountMinor: bigint } {
  const { minor, currency } = parseAmountNode(ntry.Amt, statementCurrency, line, warnings, 'entry');
  const sign = creditDebitSign(childText(ntry, 'CdtDbtInd'), line, 'entry');
  if (statementCurrency !== '' && currency !== statementCurrency) {
    warnings.push(`line ${line}: entry in ${currency}, the account is in ${statementCurrency}`);
  }
  return { currency, sign, amountMinor: sign * minor };
}

/**
 * Value and booking date of an entry; without a (readable) booking date it is booked on the value
 * date, else the statement's date, with a warning. Throws when there is neither.
 */
function entryDates(
  ntry: Record<string, unknown>,
  line: number,
  statementDate: CalendarDate | null,
  context: Context,
  warnings: string[],
): { bookingDate: CalendarDate; valueDate: CalendarDate | null } {
  const valueText = childText(ntry, 'ValDt', 'Dt') ?? childText(ntry, 'ValDt', 'DtTm');
  const valueDate = entryDate(context, valueText);
  if (valueText !== null && valueDate === null)
    warnings.push(
      `line ${line}: value date ${JSON.stringify(valueText)} is not a date; read without a value date`,
    );
  const bookingText = childText(ntry, 'BookgDt', 'Dt') ?? childText(ntry, 'BookgDt', 'DtTm');
  const booked = entryDate(context, bookingText);
  if (booked !== null) return { bookingDate: booked, valueDate };
  const bookingDate = valueDate ?? statementDate;
  if (bookingDate === null) {
    throw new StatementSyntaxError('entry has no booking date, value date or statement date', line);
  }
  const why =
    bookingText === null
      ? 'no booking date'
      : `booking date ${JSON.stringify(bookingText)}, which is not a date`;
  warnings.push(
    `line ${line}: entry has ${why}; using the ${valueDate ? 'value date' : 'statement date'} ${bookingDate}`,
  );
  return { bookingDate, valueDate };
}

/**
 * A batch entry split into one entry per transaction, each with its own amount.
 * Each entry is one object literal: spreading a shared base into every entry took V8 about half a
 * second per 50,000 entries, most of the mapping time.
 */
function splitEntries(
  common: EntryCommon,
  txs: readonly Record<string, unknown>[],
  txLines: readonly number[],
  split: readonly bigint[],
  context: Context,
): ParsedEntry[] {
  const { reference } = common;
  return txs.map((tx, i) => {
    const amount = split[i] ?? 0n;
    const fields = transactionFields(tx, amount, context.accounts);
    return withPending(common.pending, {
      bookingDate: common.bookingDate,
      valueDate: common.valueDate,
      currency: common.currency,
      reversal: common.reversal,
      counterparty: fields.counterparty,
      ultimateParty: fields.ultimateParty,
      remittance: fields.remittance,
      structuredReferences: fields.structuredReferences,
      endToEndId: fields.endToEndId,
      ...(fields.returnReason ? { returnReason: fields.returnReason } : {}),
      bankReference: reference === null ? null : `${reference}/${i + 1}`,
      amountMinor: amount,
      transactionCode: transactionCode(childObject(tx, 'BkTxCd')) ?? common.entryCode,
      line: txLines[i] ?? common.line,
    });
  });
}

/** The whole entry as one: its transaction details (if any) describe it together. */
function wholeEntry(
  common: EntryCommon,
  ntry: Record<string, unknown>,
  txs: readonly Record<string, unknown>[],
  amountMinor: bigint,
  context: Context,
): ParsedEntry {
  const fields = txs.map((tx) => transactionFields(tx, amountMinor, context.accounts));
  const remittance = flatten(fields, (f) => f.remittance);
  const fallbackText = [...flatten(txs, (tx) => texts(tx.AddtlTxInf)), ...texts(ntry.AddtlNtryInf)];
  const returnReason = fields.map((f) => f.returnReason).find((r) => r !== null) ?? null;
  return withPending(common.pending, {
    bookingDate: common.bookingDate,
    valueDate: common.valueDate,
    currency: common.currency,
    reversal: common.reversal,
    ...(returnReason ? { returnReason } : {}),
    bankReference: common.reference,
    amountMinor,
    transactionCode:
      common.entryCode ?? txs.map((tx) => transactionCode(childObject(tx, 'BkTxCd'))).find(Boolean) ?? null,
    counterparty: fields.find((f) => hasCounterparty(f.counterparty))?.counterparty ?? NO_PARTY,
    ultimateParty: fields.map((f) => f.ultimateParty).find((p) => p !== null) ?? null,
    remittance: remittance.length > 0 ? remittance : fallbackText.slice(0, 1),
    structuredReferences: flatten(fields, (f) => f.structuredReferences),
    endToEndId: fields.map((f) => f.endToEndId).find((e) => e !== null) ?? null,
    line: common.line,
  });
}

function withPending(pending: boolean, entry: ParsedEntry): ParsedEntry {
  return pending ? { ...entry, pending: true } : entry;
}

/**
 * Signed amounts of the transactions of a batch entry, or null to keep the entry whole: when a
 * transaction has no amount of its own, is in another currency, or the amounts do not add up.
 */
function splitAmounts(
  txs: readonly Record<string, unknown>[],
  currency: string,
  entryAmount: bigint,
  entrySign: bigint,
  line: number,
  warnings: string[],
): bigint[] | null {
  const amounts: bigint[] = [];
  for (const tx of txs) {
    const node = tx.Amt ?? childNode(tx, 'AmtDtls', 'TxAmt', 'Amt');
    if (node === undefined) return null;
    const ccy = amountCurrency(node);
    const parsed = parseBankAmount(nodeText(node) ?? '', currency);
    if ((ccy !== null && ccy !== currency) || parsed === null) return null;
    const indicator = childText(tx, 'CdtDbtInd');
    const sign = indicator === 'DBIT' ? -1n : indicator === 'CRDT' ? 1n : entrySign;
    amounts.push(sign * parsed.minor);
  }
  const total = amounts.reduce((sum, a) => sum + a, 0n);
  if (total !== entryAmount) {
    warnings.push(
      `line ${line}: the ${txs.length} transaction amounts add up to ${money(total, currency)}, not to the entry's ${money(entryAmount, currency)}; entry kept whole`,
    );
    return null;
  }
  return amounts;
}

interface TransactionFields {
  readonly counterparty: Counterparty;
  readonly ultimateParty: string | null;
  readonly remittance: readonly string[];
  readonly structuredReferences: readonly string[];
  readonly endToEndId: string | null;
  readonly returnReason: string | null;
}

const NO_PARTY: Counterparty = { name: null, iban: null, accountNumber: null, bic: null };

function hasCounterparty(c: Counterparty): boolean {
  return c.name !== null || c.iban !== null || c.accountNumber !== null || c.bic !== null;
}

/** Counterparty, remittance and references of one TxDtls; the payer of a credit, payee of a debit. */
function transactionFields(
  tx: Record<string, unknown>,
  signedAmount: bigint,
  accounts: Map<string, AccountId>,
): TransactionFields {
  const credit = signedAmount >= 0n;
  const side = credit ? 'Dbtr' : 'Cdtr';
  const parties = childObject(tx, 'RltdPties');
  const account = accountIdentification(childObject(parties, `${side}Acct`, 'Id'), accounts);
  const counterparty: Counterparty = {
    name: partyName(childObject(parties, side)),
    iban: account.iban,
    accountNumber: account.accountNumber,
    bic: bicOf(childObject(tx, 'RltdAgts', `${side}Agt`, 'FinInstnId')),
  };
  const ultimate = partyName(childObject(parties, credit ? 'UltmtDbtr' : 'UltmtCdtr'));

  const remittance: string[] = [];
  const structuredReferences: string[] = [];
  for (const rmtInf of arrayOf(tx.RmtInf)) {
    const info = asObject(rmtInf);
    if (!info) continue;
    remittance.push(...texts(info.Ustrd));
    for (const strd of arrayOf(info.Strd)) {
      const s = asObject(strd);
      if (!s) continue;
      for (const ref of arrayOf(s.CdtrRefInf)) {
        const value = childText(asObject(ref), 'Ref') ?? childText(asObject(ref), 'CdtrRef');
        if (value) structuredReferences.push(value);
      }
      for (const doc of arrayOf(s.RfrdDocInf)) {
        const number = childText(asObject(doc), 'Nb');
        if (number) remittance.push(number);
      }
      remittance.push(...texts(s.AddtlRmtInf));
    }
  }
  const endToEndId = childText(tx, 'Refs', 'EndToEndId');
  return {
    counterparty,
    ultimateParty: ultimate,
    remittance,
    structuredReferences,
    endToEndId: endToEndId && endToEndId.toUpperCase() !== 'NOTPROVIDED' ? endToEndId : null,
    returnReason: childText(tx, 'RtrInf', 'Rsn', 'Cd') ?? childText(tx, 'RtrInf', 'Rsn', 'Prtry'),
  };
}

/** Domain/family/sub-family ('PMNT/RCDT/ESCT'), else the proprietary code. */
function transactionCode(bkTxCd: Record<string, unknown> | null): string | null {
  if (!bkTxCd) return null;
  const domain = childText(bkTxCd, 'Domn', 'Cd');
  if (domain) {
    return [domain, childText(bkTxCd, 'Domn', 'Fmly', 'Cd'), childText(bkTxCd, 'Domn', 'Fmly', 'SubFmlyCd')]
      .filter((part): part is string => part !== null)
      .join('/');
  }
  return childText(bkTxCd, 'Prtry', 'Cd');
}

// ---------------------------------------------------------------------------------------------
// Parties and accounts

export function partyName(party: Record<string, unknown> | null): string | null {
  return (
    childText(party, 'Nm') ?? childText(party, 'Pty', 'Nm') ?? childText(party, 'Agt', 'FinInstnId', 'Nm')
  );
}

function bicOf(institution: Record<string, unknown> | null): string | null {
  return childText(institution, 'BICFI') ?? childText(institution, 'BIC');
}

interface AccountId {
  readonly iban: string | null;
  readonly accountNumber: string | null;
}

const NO_ACCOUNT: AccountId = { iban: null, accountNumber: null };

/**
 * Account Id choice: IBAN, else Othr/Id (v2+), PrtryAcct/Id, BBAN or UPIC (v1). `known` remembers
 * the answers by account as written (the IBAN checksum is a tenth of the mapping time otherwise).
 */
export function accountIdentification(
  id: Record<string, unknown> | null,
  known?: Map<string, AccountId>,
): AccountId {
  const value =
    childText(id, 'IBAN') ??
    childText(id, 'Othr', 'Id') ??
    childText(id, 'PrtryAcct', 'Id') ??
    childText(id, 'BBAN') ??
    childText(id, 'UPIC');
  if (value === null) return NO_ACCOUNT;
  let account = known?.get(value);
  if (account === undefined) {
    const normalized = normalizeIban(value);
    account = isValidIban(normalized)
      ? { iban: normalized, accountNumber: null }
      : { iban: null, accountNumber: value };
    known?.set(value, account);
  }
  return account;
}

// ---------------------------------------------------------------------------------------------
// Amounts, dates, indicators

function parseAmountNode(
  node: unknown,
  fallbackCurrency: string,
  line: number,
  warnings: string[],
  what: string,
): { minor: bigint; currency: string } {
  const text = nodeText(node);
  if (text === null) throw new StatementSyntaxError(`${what} has no amount (Amt)`, line);
  let currency = amountCurrency(node);
  if (currency === null) {
    if (fallbackCurrency === '') {
      throw new StatementSyntaxError(`${what} amount ${text} has no currency (Ccy)`, line);
    }
    currency = fallbackCurrency;
    warnings.push(`line ${line}: ${what} amount without Ccy; assumed ${currency}`);
  }
  let parsed: ReturnType<typeof parseBankAmount>;
  try {
    parsed = parseBankAmount(text, currency);
  } catch {
    throw new StatementSyntaxError(`${what} amount in unknown currency ${currency}`, line);
  }
  if (parsed === null) {
    throw new StatementSyntaxError(`${what} amount ${JSON.stringify(text)} is not a number`, line);
  }
  if (parsed.minor < 0n) {
    throw new StatementSyntaxError(`${what} amount ${text} is negative; the sign belongs in CdtDbtInd`, line);
  }
  if (!parsed.exact) {
    warnings.push(
      `line ${line}: ${what} amount ${text} ${currency} rounded to ${money(parsed.minor, currency)}`,
    );
  }
  return { minor: parsed.minor, currency };
}

function creditDebitSign(indicator: string | null, line: number, what: string): bigint {
  if (indicator === 'CRDT') return 1n;
  if (indicator === 'DBIT') return -1n;
  throw new StatementSyntaxError(
    `${what} CdtDbtInd must be CRDT or DBIT, found ${indicator === null ? 'none' : JSON.stringify(indicator)}`,
    line,
  );
}

/** dateOf, remembered per file. */
function entryDate(context: Context, text: string | null): CalendarDate | null {
  if (text === null) return null;
  let date = context.dates.get(text);
  if (date === undefined) {
    date = dateOf(text);
    context.dates.set(text, date);
  }
  return date;
}

/**
 * dateOf, and a warning naming the line when a date is written but is none (a 30 February): the
 * statement is read without it rather than with a date changed in silence.
 */
function statedDate(
  text: string | null,
  what: string,
  line: number,
  warnings: string[],
): CalendarDate | null {
  const date = dateOf(text);
  if (text !== null && date === null)
    warnings.push(`line ${line}: ${what} ${JSON.stringify(text)} is not a date; read without it`);
  return date;
}

/** 'YYYY-MM-DD' from a date or date-time as written (the time and zone are dropped). */
export function dateOf(text: string | null): CalendarDate | null {
  if (text === null) return null;
  const date = text.slice(0, 10);
  return isAcceptedDate(date) ? date : null;
}

function money(minor: bigint, currency: string): string {
  try {
    return `${formatAmount(minor, currency)} ${currency}`;
  } catch {
    return `${minor} (minor units) ${currency}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Tree access

export function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

export function arrayOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function firstOf(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

/** The (first) element at a path of one to three names below a node. No rest parameters: they cost an array per call. */
function childNode(node: unknown, a: string, b?: string, c?: string): unknown {
  let current = child(node, a);
  if (b !== undefined) current = child(current, b);
  if (c !== undefined) current = child(current, c);
  return current;
}

function child(node: unknown, key: string): unknown {
  const object = asObject(firstOf(node));
  return object ? firstOf(object[key]) : undefined;
}

export function childObject(
  node: unknown,
  a: string,
  b?: string,
  c?: string,
): Record<string, unknown> | null {
  return asObject(childNode(node, a, b, c));
}

export function childText(node: unknown, a: string, b?: string, c?: string): string | null {
  return nodeText(childNode(node, a, b, c));
}

/** The lists `pick` gives for each item, concatenated (Array.prototype.flatMap is slow in V8). */
function flatten<T, U>(items: readonly T[], pick: (item: T) => readonly U[]): U[] {
  const out: U[] = [];
  for (const item of items) for (const value of pick(item)) out.push(value);
  return out;
}

/** The trimmed text of an element (with or without attributes); null when absent or empty. */
export function nodeText(node: unknown): string | null {
  const value = typeof node === 'string' ? node : asObject(node)?.['#text'];
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value).trim();
  return text === '' ? null : text;
}

export function texts(value: unknown): string[] {
  return arrayOf(value)
    .map(nodeText)
    .filter((t): t is string => t !== null);
}

export function amountCurrency(node: unknown): string | null {
  const ccy = asObject(firstOf(node))?.['@_Ccy'];
  return typeof ccy === 'string' && ccy.trim() !== '' ? ccy.trim().toUpperCase() : null;
}
