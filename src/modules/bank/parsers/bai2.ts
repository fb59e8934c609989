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
import { type CalendarDate, isCalendarDate } from '../../../shared/calendar-date.ts';
import { isValidIban, normalizeIban } from '../../../shared/iban.ts';
import {
  type Balance,
  type ParsedEntry,
  type ParsedFile,
  type ParsedStatement,
  StatementSyntaxError,
} from '../statement.ts';

const RECORD_CODES = new Set(['01', '02', '03', '16', '49', '88', '98', '99']);
const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** One logical record: its code, its body (without the code and its comma) and where it starts. */
interface RawRecord {
  readonly code: string;
  body: string;
  readonly line: number;
  readonly column: number;
}

/** Splits the text into records; see the module comment for the layouts accepted. */
function readRecords(text: string): RawRecord[] {
  const records: RawRecord[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    const line = rawLine.trimEnd();
    if (line.trim() === '') return;
    const previous = records.at(-1);
    const start = /^(\d\d)([,:])/.exec(line);
    const isRecord =
      start !== null && RECORD_CODES.has(start[1] ?? '') && (start[2] === ',' || start[1] === '88');
    if (!isRecord) {
      const inText = previous?.code === '16' || previous?.code === '88';
      if (start && start[2] === ',' && !inText)
        throw new StatementSyntaxError(`unknown BAI2 record code "${start[1]}"`, lineNo, 1);
      if (!previous)
        throw new StatementSyntaxError('a BAI2 file must start with a 01 file header record', lineNo, 1);
      // A physical line without a record code continues the previous record (wrapped text).
      previous.body += inText ? ` ${line.trim()}` : line.trim();
      return;
    }
    // Several records on one line: split after a '/' followed by blanks and a record code.
    const splitter = /\/\s+(?=(?:01|02|03|16|49|88|98|99),)/g;
    let from = 0;
    const pieces: { text: string; column: number }[] = [];
    for (const m of line.matchAll(splitter)) {
      pieces.push({ text: line.slice(from, m.index + 1), column: from + 1 });
      from = m.index + m[0].length;
    }
    pieces.push({ text: line.slice(from), column: from + 1 });
    for (const piece of pieces)
      records.push({
        code: piece.text.slice(0, 2),
        body: piece.text.slice(3),
        line: lineNo,
        column: piece.column,
      });
  });
  return records;
}

/** The fields of a record that ends with '/' (anything after the slash is ignored). */
function fieldsOf(body: string): string[] {
  const slash = body.indexOf('/');
  const content = slash === -1 ? body : body.slice(0, slash);
  return content.split(',').map((f) => f.trim());
}

/** Strips the record terminator ('/' and what follows it on the line) from a text field. */
function withoutTerminator(text: string): string {
  return text.replace(/\/\s*$/, '').trim();
}

function parseBaiDate(text: string): CalendarDate | null {
  const m = /^(\d\d)(\d\d)(\d\d)$/.exec(text.trim());
  if (!m) return null;
  const yy = Number(m[1]);
  const date = `${yy >= 80 ? 1900 + yy : 2000 + yy}-${m[2]}-${m[3]}`;
  return isCalendarDate(date) ? date : null;
}

function parseBaiAmount(text: string, record: RawRecord, what: string): bigint {
  const t = text.trim();
  if (t === '') return 0n;
  if (!/^[+-]?\d+$/.test(t))
    throw new StatementSyntaxError(
      `${what} "${t}" is not a whole number of minor units`,
      record.line,
      record.column,
    );
  return BigInt(t.replace('+', ''));
}

/** +1 for a credit type code, -1 for a debit one, null when the code has no direction. */
function directionOf(typeCode: string): 1n | -1n | null {
  if (!/^\d{3}$/.test(typeCode)) return null;
  const n = Number(typeCode);
  if ((n >= 100 && n <= 399) || (n >= 920 && n <= 959)) return 1n;
  if ((n >= 400 && n <= 699) || n >= 960) return -1n;
  return null;
}

/** Number of fields that follow a funds type code (V: date, time; S: three amounts; D: n pairs). */
function fundsExtraCount(fundsType: string, next: (offset: number) => string | undefined): number | null {
  switch (fundsType.toUpperCase()) {
    case '':
    case '0':
    case '1':
    case '2':
    case 'Z':
      return 0;
    case 'V':
      return 2;
    case 'S':
      return 3;
    case 'D': {
      const count = Number(next(0) ?? '0');
      return Number.isInteger(count) && count >= 0 ? 1 + 2 * count : null;
    }
    default:
      return null;
  }
}

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
function readSummaries(fields: { value: string; record: number }[], account: AccountDraft): void {
  let i = 0;
  const at = (k: number) => fields[k]?.value;
  while (i < fields.length) {
    const field = fields[i];
    if (!field) break;
    // Trailing empty fields of a record (",,,/") are padding, not a group.
    const restOfRecordEmpty = fields.slice(i).every((f) => f.record !== field.record || f.value === '');
    if (field.value === '' && restOfRecordEmpty) {
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

/** The fixed fields of a 16 record and whether its text field was reached. */
function splitDetail(body: string): { fields: string[]; text: string | null; complete: boolean } {
  const fields: string[] = [];
  let rest = body;
  const take = (): string | null => {
    const comma = rest.indexOf(',');
    if (comma === -1) {
      const last = rest;
      rest = '';
      fields.push(withoutTerminator(last));
      return null;
    }
    const value = rest.slice(0, comma).trim();
    rest = rest.slice(comma + 1);
    fields.push(value);
    return value;
  };
  // type code, amount, funds type
  for (let k = 0; k < 3; k++) if (take() === null) return { fields, text: null, complete: false };
  const fundsType = fields[2] ?? '';
  let extra = fundsExtraCount(fundsType, () => rest.split(',')[0]?.trim()) ?? 0;
  // bank reference, customer reference
  extra += 2;
  for (let k = 0; k < extra; k++) if (take() === null) return { fields, text: null, complete: false };
  return { fields, text: withoutTerminator(rest), complete: true };
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

/** Parses a BAI2 file into one statement per account (03 record). */
export function parseBai2(text: string): ParsedFile {
  const records = readRecords(text);
  const first = records[0];
  if (!first) throw new StatementSyntaxError('the file is empty', null);
  if (first.code !== '01')
    throw new StatementSyntaxError(
      `a BAI2 file must start with a 01 file header record, not ${first.code}`,
      first.line,
      first.column,
    );
  const header = fieldsOf(first.body);
  const fileId = header[4] ?? '';
  const creationDate = parseBaiDate(header[2] ?? '');
  const groups: GroupDraft[] = [];
  const fileWarnings: string[] = [];
  let group: GroupDraft | null = null;
  let account: AccountDraft | null = null;
  let fileTrailerTotal: bigint | null = null;
  let ended = false;

  for (let r = 1; r < records.length; r++) {
    const record = records[r] as RawRecord;
    const misplaced = (what: string) =>
      new StatementSyntaxError(`${record.code} record ${what}`, record.line, record.column);
    if (ended) throw misplaced('after the 99 file trailer');
    switch (record.code) {
      case '01':
        throw misplaced('(file header) appears twice');
      case '02': {
        if (group) throw misplaced('(group header) before the 98 trailer of the previous group');
        const f = fieldsOf(record.body);
        let asOfDate = parseBaiDate(f[3] ?? '');
        if (!asOfDate) {
          if (!creationDate)
            throw new StatementSyntaxError(
              `group as-of date "${f[3] ?? ''}" is not a YYMMDD date`,
              record.line,
              record.column,
            );
          fileWarnings.push(`line ${record.line}: group as-of date missing; the file creation date is used`);
          asOfDate = creationDate;
        }
        group = {
          record,
          asOfDate,
          currency: f[5] || null,
          originator: f[1] ?? '',
          accounts: [],
          trailerTotal: null,
        };
        groups.push(group);
        break;
      }
      case '03': {
        if (!group) throw misplaced('(account identifier) outside a group');
        if (account) throw misplaced('(account identifier) before the 49 trailer of the previous account');
        const fieldValues = fieldsOf(record.body);
        const fields = fieldValues.map((value) => ({ value, record: r }));
        // 88 continuations of a 03 record continue its field list.
        while (records[r + 1]?.code === '88') {
          r += 1;
          for (const value of fieldsOf((records[r] as RawRecord).body)) fields.push({ value, record: r });
        }
        const accountNumber = fields[0]?.value ?? '';
        const ownCurrency = fields[1]?.value ?? '';
        const warnings: string[] = [];
        let currency = ownCurrency || group.currency || '';
        if (!currency) {
          currency = 'USD';
          warnings.push(
            `line ${record.line}: no currency in the account or group header; USD assumed (BAI2 default)`,
          );
        }
        account = {
          record,
          accountNumber,
          currency: currency.toUpperCase(),
          summaries: [],
          entries: [],
          warnings,
          controlSum: 0n,
          trailerTotal: null,
        };
        readSummaries(fields.slice(2), account);
        group.accounts.push(account);
        break;
      }
      case '16': {
        if (!account || !group) throw misplaced('(transaction detail) outside an account');
        let body = record.body;
        let detail = splitDetail(body);
        const extraTexts: string[] = [];
        while (records[r + 1]?.code === '88') {
          r += 1;
          const cont = (records[r] as RawRecord).body;
          if (!detail.complete) {
            body = `${withoutTerminator(body)},${cont}`;
            detail = splitDetail(body);
          } else {
            const t = withoutTerminator(cont);
            if (t) extraTexts.push(t);
          }
        }
        const [typeCode = '', amountText = '', fundsType = ''] = detail.fields;
        const amount = parseBaiAmount(amountText, record, 'transaction amount');
        if (amount < 0n)
          account.warnings.push(
            `line ${record.line}: negative detail amount; the type code gives the direction`,
          );
        let direction = directionOf(typeCode);
        if (direction === null) {
          account.warnings.push(
            `line ${record.line}: type code "${typeCode}" is neither a credit nor a debit code; taken as a credit`,
          );
          direction = 1n;
        }
        account.controlSum += amount;
        const valueDate = fundsType.toUpperCase() === 'V' ? parseBaiDate(detail.fields[3] ?? '') : null;
        const fundsExtra = fundsExtraCount(fundsType, () => detail.fields[3]);
        if (fundsExtra === null)
          account.warnings.push(
            `line ${record.line}: unknown funds type "${fundsType}"; read as without extra fields`,
          );
        const extra = fundsExtra ?? 0;
        const bankRef = detail.fields[3 + extra] ?? '';
        const customerRef = detail.fields[4 + extra] ?? '';
        const remittance = [...(detail.text ? [detail.text] : []), ...extraTexts];
        account.entries.push({
          bankReference: bankRef || customerRef || null,
          bookingDate: group.asOfDate,
          valueDate,
          amountMinor: direction * (amount < 0n ? -amount : amount),
          currency: account.currency,
          transactionCode: typeCode || null,
          counterparty: { name: null, iban: null, accountNumber: null, bic: null },
          ultimateParty: null,
          remittance,
          structuredReferences: [],
          endToEndId: null,
          reversal: false,
          line: record.line,
        });
        break;
      }
      case '88':
        // A continuation not consumed by a 03 or 16 (e.g. after a 49 or 02): ignored.
        break;
      case '49': {
        if (!account) throw misplaced('(account trailer) without an account');
        const f = fieldsOf(record.body);
        const total = f[0] ?? '';
        account.trailerTotal = parseBaiAmount(total, record, 'account control total');
        if (account.trailerTotal !== account.controlSum)
          account.warnings.push(
            `line ${record.line}: account control total ${account.trailerTotal} ≠ sum of the account's amounts ${account.controlSum}`,
          );
        account = null;
        break;
      }
      case '98': {
        if (!group) throw misplaced('(group trailer) without a group');
        if (account) {
          account.warnings.push(`line ${record.line}: account without a 49 trailer`);
          account = null;
        }
        const f = fieldsOf(record.body);
        group.trailerTotal = parseBaiAmount(f[0] ?? '', record, 'group control total');
        const sum = group.accounts.reduce((s, a) => s + (a.trailerTotal ?? a.controlSum), 0n);
        if (group.trailerTotal !== sum)
          for (const a of group.accounts)
            a.warnings.push(
              `line ${record.line}: group control total ${group.trailerTotal} ≠ sum of its accounts ${sum}`,
            );
        group = null;
        break;
      }
      case '99': {
        if (account) account.warnings.push(`line ${record.line}: account without a 49 trailer`);
        if (group) fileWarnings.push(`line ${record.line}: group without a 98 trailer`);
        account = null;
        group = null;
        const f = fieldsOf(record.body);
        fileTrailerTotal = parseBaiAmount(f[0] ?? '', record, 'file control total');
        ended = true;
        break;
      }
    }
  }
  if (!ended) fileWarnings.push('the file has no 99 file trailer');
  else if (fileTrailerTotal !== null) {
    const sum = groups.reduce((s, g) => s + (g.trailerTotal ?? 0n), 0n);
    if (sum !== fileTrailerTotal)
      fileWarnings.push(`file control total ${fileTrailerTotal} ≠ sum of its groups ${sum}`);
  }
  const statements = groups.flatMap((g, gi) =>
    g.accounts.map((a) => {
      a.warnings.push(...fileWarnings);
      return statementOf(a, g, gi + 1, fileId);
    }),
  );
  return { format: 'bai2', statements };
}
