/**
 * BAI2 (Bank Administration Institute, version 2) cash-management balance report parser.
 *
 * Records: 01 file header, 02 group header (as-of date, currency), 03 account identifier with
 * summary groups (type code, amount, item count, funds type and its extra fields), 16 transaction
 * detail, 88 continuation, 49 account trailer, 98 group trailer, 99 file trailer. One
 * `ParsedStatement` per 03 account. Amounts are integers in the currency's minor units; a 16
 * amount is unsigned and its direction comes from the type code (100–399 and 920–959 credits,
 * 400–699 and 960–999 debits; anything else is taken as a credit with a warning).
 *
 * Lenient about real files: records ended by `/` or only by the line end, several records on one
 * line (`…/  49,…`), text wrapped onto a line without a record code, `88:` for `88,`, missing
 * trailers, control totals that do not add up (warnings). A file that does not start with a 01
 * record, an unknown record code, a record out of place or an amount that is not a number is
 * rejected with a `StatementSyntaxError` naming the line and column.
 */
import type { CalendarDate } from '../../../shared/calendar-date.ts';
import { isValidIban, normalizeIban } from '../../../shared/iban.ts';
import {
  type Balance,
  type ParsedEntry,
  type ParsedFile,
  type ParsedStatement,
  StatementSyntaxError,
} from '../statement.ts';
import {
  directionOf,
  fieldsOf,
  fundsExtraCount,
  parseBaiAmount,
  parseBaiDate,
  type RawRecord,
  readRecords,
  splitDetail,
  withoutTerminator,
} from './bai2-records.ts';

const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

interface Summary {
  readonly typeCode: string;
  readonly amount: bigint;
}

interface AccountDraft {
  readonly record: RawRecord;
  readonly accountNumber: string;
  readonly currency: string;
  readonly summaries: Summary[];
  readonly entries: ParsedEntry[];
  readonly warnings: string[];
  /** Σ summary amounts + Σ detail amounts, as the 49 control total adds them. */
  controlSum: bigint;
  trailerTotal: bigint | null;
}

interface GroupDraft {
  readonly record: RawRecord;
  readonly asOfDate: CalendarDate;
  readonly currency: string | null;
  readonly originator: string;
  readonly accounts: AccountDraft[];
  trailerTotal: bigint | null;
}

/** Reads the 03 summary groups from the fields of the 03 record and its 88 continuations. */
/**
 * For each field, whether it and every later field of its record are empty (the record's trailing
 * padding). One pass from the end: looking at the rest of the file for each field was quadratic.
 */
function paddingFrom(fields: readonly { value: string; record: number }[]): boolean[] {
  const padding = new Array<boolean>(fields.length).fill(false);
  for (let k = fields.length - 1; k >= 0; k--) {
    const field = fields[k];
    const next = fields[k + 1];
    const restEmpty = next === undefined || next.record !== field?.record || padding[k + 1] === true;
    padding[k] = field?.value === '' && restEmpty;
  }
  return padding;
}

function readSummaries(fields: { value: string; record: number }[], account: AccountDraft): void {
  let i = 0;
  const at = (k: number) => fields[k]?.value;
  const padding = paddingFrom(fields);
  while (i < fields.length) {
    const field = fields[i];
    if (!field) break;
    // Trailing empty fields of a record (",,,/") are padding, not a group.
    if (padding[i]) {
      i += 1;
      while (i < fields.length && fields[i]?.record === field.record) i += 1;
      continue;
    }
    const typeCode = field.value;
    const amountText = at(i + 1) ?? '';
    const fundsType = at(i + 3) ?? '';
    const extra = fundsExtraCount(fundsType, (o) => at(i + 4 + o));
    if (extra === null) {
      account.warnings.push(
        `line ${account.record.line}: unknown funds type "${fundsType}" in the summary of type code ${typeCode}`,
      );
    }
    const amount = parseBaiAmount(amountText, account.record, `summary amount of type code ${typeCode}`);
    if (typeCode !== '') {
      account.summaries.push({ typeCode, amount });
      account.controlSum += amount;
    }
    i += 4 + (extra ?? 0);
  }
}

function statementOf(
  account: AccountDraft,
  group: GroupDraft,
  groupNo: number,
  fileId: string,
): ParsedStatement {
  const balance = (code: string): Balance | null => {
    const s = account.summaries.find((x) => x.typeCode === code);
    return s ? { amountMinor: s.amount, currency: account.currency, date: group.asOfDate } : null;
  };
  const openingBalance = balance('010');
  const closingBalance = balance('015');
  const warnings = [...account.warnings];
  if (openingBalance && closingBalance) {
    const moved = account.entries.reduce((sum, e) => sum + e.amountMinor, 0n);
    if (openingBalance.amountMinor + moved !== closingBalance.amountMinor)
      warnings.push(
        `line ${account.record.line}: opening ledger ${openingBalance.amountMinor} + entries ${moved} ≠ closing ledger ${closingBalance.amountMinor} (minor units)`,
      );
  }
  const normalized = normalizeIban(account.accountNumber);
  const iban = isValidIban(normalized) ? normalized : null;
  return {
    format: 'bai2',
    statementId: fileId ? `${fileId}/${groupNo}` : String(groupNo),
    account: {
      iban,
      accountNumber: iban ? null : account.accountNumber || null,
      bic: BIC.test(group.originator) ? group.originator : null,
      name: null,
    },
    currency: account.currency,
    openingBalance,
    closingBalance,
    fromDate: group.asOfDate,
    toDate: group.asOfDate,
    entries: account.entries,
    warnings,
  };
}

/** The parser's state while it walks the records of a file. */
interface FileDraft {
  readonly records: readonly RawRecord[];
  readonly fileId: string;
  readonly creationDate: CalendarDate | null;
  readonly groups: GroupDraft[];
  /** Warnings about the file as a whole, given to every statement. */
  readonly warnings: string[];
  group: GroupDraft | null;
  account: AccountDraft | null;
  trailerTotal: bigint | null;
  ended: boolean;
  /** Index of the record being read; continuation records (88) advance it. */
  at: number;
}

/** Parses a BAI2 file into one statement per account (03 record). */
export function parseBai2(text: string): ParsedFile {
  const file = openFile(readRecords(text));
  for (file.at = 1; file.at < file.records.length; file.at++) {
    const record = file.records[file.at] as RawRecord;
    if (file.ended) throw misplaced(record, 'after the 99 file trailer');
    READERS[record.code]?.(file, record);
  }
  checkFileTotal(file);
  const statements = file.groups.flatMap((g, gi) =>
    g.accounts.map((a) => {
      a.warnings.push(...file.warnings);
      return statementOf(a, g, gi + 1, file.fileId);
    }),
  );
  return { format: 'bai2', statements };
}

function misplaced(record: RawRecord, what: string): StatementSyntaxError {
  return new StatementSyntaxError(`${record.code} record ${what}`, record.line, record.column);
}

/** The 01 file header: the file id and creation date; the file must start with it. */
function openFile(records: readonly RawRecord[]): FileDraft {
  const first = records[0];
  if (!first) throw new StatementSyntaxError('the file is empty', null);
  if (first.code !== '01')
    throw new StatementSyntaxError(
      `a BAI2 file must start with a 01 file header record, not ${first.code}`,
      first.line,
      first.column,
    );
  const header = fieldsOf(first.body);
  const warnings: string[] = [];
  const creationDate = statedDate(header[2] ?? '', 'file creation date', first, warnings);
  return {
    records,
    fileId: header[4] ?? '',
    creationDate,
    groups: [],
    warnings,
    group: null,
    account: null,
    trailerTotal: null,
    ended: false,
    at: 0,
  };
}

/** A YYMMDD date; one written but impossible (a 30 February) is reported and read as none. */
function statedDate(text: string, what: string, record: RawRecord, warnings: string[]): CalendarDate | null {
  const date = parseBaiDate(text);
  if (date === null && text.trim() !== '')
    warnings.push(`line ${record.line}: ${what} "${text.trim()}" is not a date; read without it`);
  return date;
}

const READERS: Readonly<Record<string, (file: FileDraft, record: RawRecord) => void>> = {
  '01': (_file, record) => {
    throw misplaced(record, '(file header) appears twice');
  },
  '02': readGroupHeader,
  '03': readAccount,
  '16': readDetail,
  // A continuation not consumed by a 03 or 16 (e.g. after a 49 or 02): ignored.
  '88': () => {},
  '49': readAccountTrailer,
  '98': readGroupTrailer,
  '99': readFileTrailer,
};

/** 02: a group of accounts with its as-of date (else the file's creation date) and currency. */
function readGroupHeader(file: FileDraft, record: RawRecord): void {
  if (file.group) throw misplaced(record, '(group header) before the 98 trailer of the previous group');
  const f = fieldsOf(record.body);
  const group: GroupDraft = {
    record,
    asOfDate: groupDate(file, record, f[3] ?? ''),
    currency: f[5] || null,
    originator: f[1] ?? '',
    accounts: [],
    trailerTotal: null,
  };
  file.groups.push(group);
  file.group = group;
}

function groupDate(file: FileDraft, record: RawRecord, text: string): CalendarDate {
  const date = parseBaiDate(text);
  if (date) return date;
  if (!file.creationDate)
    throw new StatementSyntaxError(
      `group as-of date "${text}" is not a YYMMDD date`,
      record.line,
      record.column,
    );
  const why = text.trim() === '' ? 'missing' : `"${text.trim()}" is not a date`;
  file.warnings.push(`line ${record.line}: group as-of date ${why}; the file creation date is used`);
  return file.creationDate;
}

/** 03 (with its 88 continuations): an account, its currency and its summaries. */
function readAccount(file: FileDraft, record: RawRecord): void {
  const group = file.group;
  if (!group) throw misplaced(record, '(account identifier) outside a group');
  if (file.account)
    throw misplaced(record, '(account identifier) before the 49 trailer of the previous account');
  const fields = fieldsOf(record.body).map((value) => ({ value, record: file.at }));
  // 88 continuations of a 03 record continue its field list.
  while (file.records[file.at + 1]?.code === '88') {
    file.at += 1;
    for (const value of fieldsOf((file.records[file.at] as RawRecord).body))
      fields.push({ value, record: file.at });
  }
  const warnings: string[] = [];
  let currency = fields[1]?.value || group.currency || '';
  if (!currency) {
    currency = 'USD';
    warnings.push(
      `line ${record.line}: no currency in the account or group header; USD assumed (BAI2 default)`,
    );
  }
  const account: AccountDraft = {
    record,
    accountNumber: fields[0]?.value ?? '',
    currency: currency.toUpperCase(),
    summaries: [],
    entries: [],
    warnings,
    controlSum: 0n,
    trailerTotal: null,
  };
  readSummaries(fields.slice(2), account);
  group.accounts.push(account);
  file.account = account;
}

/** A 16 record with its 88 continuations: the fixed fields completed, then extra text lines. */
function detailWithContinuations(file: FileDraft, record: RawRecord) {
  let body = record.body;
  let detail = splitDetail(body);
  const extraTexts: string[] = [];
  while (file.records[file.at + 1]?.code === '88') {
    file.at += 1;
    const cont = (file.records[file.at] as RawRecord).body;
    if (!detail.complete) {
      body = `${withoutTerminator(body)},${cont}`;
      detail = splitDetail(body);
    } else {
      const t = withoutTerminator(cont);
      if (t) extraTexts.push(t);
    }
  }
  return { detail, extraTexts };
}

/** 16: one transaction of the account, its direction from the type code. */
function readDetail(file: FileDraft, record: RawRecord): void {
  const { account, group } = file;
  if (!account || !group) throw misplaced(record, '(transaction detail) outside an account');
  const { detail, extraTexts } = detailWithContinuations(file, record);
  const [typeCode = '', amountText = '', fundsType = ''] = detail.fields;
  const amount = parseBaiAmount(amountText, record, 'transaction amount');
  if (amount < 0n)
    account.warnings.push(`line ${record.line}: negative detail amount; the type code gives the direction`);
  const direction = detailDirection(typeCode, record, account);
  account.controlSum += amount;
  const valueDate =
    fundsType.toUpperCase() === 'V'
      ? statedDate(detail.fields[3] ?? '', 'value date', record, account.warnings)
      : null;
  const fundsExtra = fundsExtraCount(fundsType, () => detail.fields[3]);
  if (fundsExtra === null)
    account.warnings.push(
      `line ${record.line}: unknown funds type "${fundsType}"; read as without extra fields`,
    );
  const extra = fundsExtra ?? 0;
  const bankRef = detail.fields[3 + extra] ?? '';
  const customerRef = detail.fields[4 + extra] ?? '';
  account.entries.push({
    bankReference: bankRef || customerRef || null,
    bookingDate: group.asOfDate,
    valueDate,
    amountMinor: direction * (amount < 0n ? -amount : amount),
    currency: account.currency,
    transactionCode: typeCode || null,
    counterparty: { name: null, iban: null, accountNumber: null, bic: null },
    ultimateParty: null,
    remittance: [...(detail.text ? [detail.text] : []), ...extraTexts],
    structuredReferences: [],
    endToEndId: null,
    reversal: false,
    line: record.line,
  });
}

function detailDirection(typeCode: string, record: RawRecord, account: AccountDraft): 1n | -1n {
  const direction = directionOf(typeCode);
  if (direction !== null) return direction;
  account.warnings.push(
    `line ${record.line}: type code "${typeCode}" is neither a credit nor a debit code; taken as a credit`,
  );
  return 1n;
}

/** 49: the account's control total, checked against its amounts. */
function readAccountTrailer(file: FileDraft, record: RawRecord): void {
  const account = file.account;
  if (!account) throw misplaced(record, '(account trailer) without an account');
  account.trailerTotal = parseBaiAmount(fieldsOf(record.body)[0] ?? '', record, 'account control total');
  if (account.trailerTotal !== account.controlSum)
    account.warnings.push(
      `line ${record.line}: account control total ${account.trailerTotal} ≠ sum of the account's amounts ${account.controlSum}`,
    );
  file.account = null;
}

/** 98: the group's control total, checked against its accounts' totals. */
function readGroupTrailer(file: FileDraft, record: RawRecord): void {
  const group = file.group;
  if (!group) throw misplaced(record, '(group trailer) without a group');
  if (file.account) {
    file.account.warnings.push(`line ${record.line}: account without a 49 trailer`);
    file.account = null;
  }
  group.trailerTotal = parseBaiAmount(fieldsOf(record.body)[0] ?? '', record, 'group control total');
  const sum = group.accounts.reduce((s, a) => s + (a.trailerTotal ?? a.controlSum), 0n);
  if (group.trailerTotal !== sum)
    for (const a of group.accounts)
      a.warnings.push(
        `line ${record.line}: group control total ${group.trailerTotal} ≠ sum of its accounts ${sum}`,
      );
  file.group = null;
}

/** 99: the end of the file and its control total; open accounts and groups are reported. */
function readFileTrailer(file: FileDraft, record: RawRecord): void {
  if (file.account) file.account.warnings.push(`line ${record.line}: account without a 49 trailer`);
  if (file.group) file.warnings.push(`line ${record.line}: group without a 98 trailer`);
  file.account = null;
  file.group = null;
  file.trailerTotal = parseBaiAmount(fieldsOf(record.body)[0] ?? '', record, 'file control total');
  file.ended = true;
}

function checkFileTotal(file: FileDraft): void {
  if (!file.ended) {
    file.warnings.push('the file has no 99 file trailer');
    return;
  }
  if (file.trailerTotal === null) return;
  const sum = file.groups.reduce((s, g) => s + (g.trailerTotal ?? 0n), 0n);
  if (sum !== file.trailerTotal)
    file.warnings.push(`file control total ${file.trailerTotal} ≠ sum of its groups ${sum}`);
}
