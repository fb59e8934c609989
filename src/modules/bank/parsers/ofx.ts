/**
 * OFX (Open Financial Exchange) statement parser: 1.x SGML (`OFXHEADER:100` headers, leaf tags
 * usually not closed) and 2.x XML (`<?xml …?><?OFX …?>`), read by one tolerant tokenizer.
 *
 * Every bank (`STMTRS`) and credit-card (`CCSTMTRS`) statement response becomes a
 * `ParsedStatement`: account from `BANKACCTFROM`/`CCACCTFROM`, currency `CURDEF`, entries from
 * `STMTTRN` (FITID → bankReference, TRNTYPE → transactionCode, NAME or PAYEE/NAME → counterparty,
 * MEMO → remittance, BANKACCTTO/CCACCTTO → counterparty account), `LEDGERBAL` → closing balance.
 * OFX states no opening balance, so it stays null. Investment statements are not bank statements
 * and are skipped. Date-times keep the date as written (`20240131230000[-5:EST]` → 2024-01-31).
 *
 * Rejected with a `StatementSyntaxError` naming the line: no `<OFX>` element, an unterminated
 * tag, a transaction without a readable date or amount, and a file that answers only with an
 * error status (failed sign-on, server error) instead of a statement.
 */
import { type CalendarDate, isAcceptedDate } from '../../../shared/calendar-date.ts';
import { isKnownCurrency } from '../../../shared/currency.ts';
import { isValidIban, normalizeIban } from '../../../shared/iban.ts';
import {
  type Balance,
  type Counterparty,
  type ParsedEntry,
  type ParsedFile,
  type ParsedStatement,
  parseBankAmount,
  StatementSyntaxError,
} from '../statement.ts';

const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** An OFX element: an aggregate (children) or a leaf (value). */
export interface OfxNode {
  readonly name: string;
  readonly line: number;
  readonly children: OfxNode[];
  value: string | null;
}

type Token =
  | { kind: 'open'; name: string; line: number; column: number }
  | { kind: 'close'; name: string; line: number; column: number }
  | { kind: 'text'; value: string; line: number; cdata: boolean };

/** OFX aggregates: elements with children, closed by their end tag even in SGML. */
const AGGREGATES = new Set([
  'OFX',
  'SIGNONMSGSRSV1',
  'SONRS',
  'STATUS',
  'FI',
  'BANKMSGSRSV1',
  'STMTTRNRS',
  'STMTRS',
  'CREDITCARDMSGSRSV1',
  'CCSTMTTRNRS',
  'CCSTMTRS',
  'BANKACCTFROM',
  'BANKACCTTO',
  'CCACCTFROM',
  'CCACCTTO',
  'BANKTRANLIST',
  'STMTTRN',
  'PAYEE',
  'CURRENCY',
  'ORIGCURRENCY',
  'LEDGERBAL',
  'AVAILBAL',
]);

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code =
        name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Where the declaration at `lt` declares an entity (`<!ENTITY`, alone or in a DOCTYPE's internal
 * subset), else -1. Entities are never expanded here (unknown references stay as written), but a
 * file that declares them is an XML bomb or an external-entity probe, not a statement.
 */
function declaredEntityAt(text: string, lt: number): number {
  if (text.startsWith('<!ENTITY', lt)) return lt;
  if (!text.startsWith('<!DOCTYPE', lt)) return -1;
  const bracket = text.indexOf('[', lt);
  const close = text.indexOf('>', lt);
  if (bracket === -1 || (close !== -1 && close < bracket)) return -1;
  const subsetEnd = text.indexOf(']', bracket);
  const entity = text.indexOf('<!ENTITY', bracket);
  return entity !== -1 && (subsetEnd === -1 || entity < subsetEnd) ? entity : -1;
}

const ENTITY_REFUSED = 'entity declarations are not accepted (<!ENTITY …>): a bank statement needs none';

/** Refuses an entity declaration in the header (before `<OFX>`), where a DOCTYPE would stand. */
function refuseEntityDeclarations(text: string, end: number): void {
  for (let lt = text.indexOf('<!', 0); lt !== -1 && lt < end; lt = text.indexOf('<!', lt + 2)) {
    const entity = declaredEntityAt(text, lt);
    if (entity === -1) continue;
    const before = text.slice(0, entity);
    const line = before.split('\n').length;
    throw new StatementSyntaxError(ENTITY_REFUSED, line, entity - before.lastIndexOf('\n'));
  }
}

/** Tokens of the body from `start` on: tags, text and CDATA; comments and `<?…?>`/`<!…>` skipped. */
function tokenize(text: string, start: number): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < start; k++)
    if (text[k] === '\n') {
      line += 1;
      lineStart = k + 1;
    }
  const advance = (from: number, to: number) => {
    for (let k = from; k < to; k++)
      if (text[k] === '\n') {
        line += 1;
        lineStart = k + 1;
      }
  };
  let i = start;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const end = lt === -1 ? text.length : lt;
    if (end > i) {
      tokens.push({ kind: 'text', value: decodeEntities(text.slice(i, end)), line, cdata: false });
      advance(i, end);
    }
    if (lt === -1) break;
    const column = lt - lineStart + 1;
    const tagLine = line;
    const skipTo = (terminator: string, what: string): number => {
      const close = text.indexOf(terminator, lt);
      if (close === -1) throw new StatementSyntaxError(`unterminated ${what}`, tagLine, column);
      return close + terminator.length;
    };
    let next: number;
    if (text.startsWith('<![CDATA[', lt)) {
      next = skipTo(']]>', 'CDATA section');
      tokens.push({ kind: 'text', value: text.slice(lt + 9, next - 3), line: tagLine, cdata: true });
    } else if (text.startsWith('<!--', lt)) next = skipTo('-->', 'comment');
    else if (text.startsWith('<?', lt)) next = skipTo('?>', 'processing instruction');
    else if (text.startsWith('<!', lt)) {
      const entity = declaredEntityAt(text, lt);
      if (entity !== -1) {
        advance(lt, entity);
        throw new StatementSyntaxError(ENTITY_REFUSED, line, entity - lineStart + 1);
      }
      next = skipTo('>', 'declaration');
    } else {
      const m = /^<(\/?)\s*([A-Za-z][A-Za-z0-9._:-]*)[^<>]*?(\/?)>/.exec(text.slice(lt, lt + 512));
      if (!m) throw new StatementSyntaxError('unterminated or malformed tag', tagLine, column);
      const name = (m[2] ?? '').toUpperCase();
      next = lt + m[0].length;
      if (m[1]) tokens.push({ kind: 'close', name, line: tagLine, column });
      else {
        tokens.push({ kind: 'open', name, line: tagLine, column });
        if (m[3]) tokens.push({ kind: 'close', name, line: tagLine, column });
      }
    }
    advance(lt, next);
    i = next;
  }
  return tokens;
}

/**
 * Builds the element tree. A tag followed by text is a leaf whose close tag is optional (SGML);
 * a tag followed by another tag is an aggregate when it is a known OFX aggregate or its name is
 * closed somewhere in the file and never holds a value, else an empty leaf. A close tag closes the
 * nearest open aggregate of that name (and any inside it).
 */
/**
 * How deep aggregates may nest. OFX itself goes about eight deep (OFX › BANKMSGSRSV1 › STMTTRNRS ›
 * STMTRS › BANKTRANLIST › STMTTRN › PAYEE …); the limit keeps the tree walk's recursion and the
 * search for a close tag's aggregate small on a hostile file.
 */
const MAX_DEPTH = 64;

function buildTree(tokens: readonly Token[]): { root: OfxNode; open: readonly OfxNode[] } {
  // Names seen with a value somewhere are leaves: an empty `<NAME>` elsewhere does not open an aggregate.
  const leaves = new Set(
    tokens.flatMap((t, k) => {
      const next = tokens[k + 1];
      return t.kind === 'open' && next?.kind === 'text' && (next.cdata || next.value.trim() !== '')
        ? [t.name]
        : [];
    }),
  );
  const closable = new Set([
    ...AGGREGATES,
    ...tokens.flatMap((t) => (t.kind === 'close' && !leaves.has(t.name) ? [t.name] : [])),
  ]);
  const root: OfxNode = { name: '#root', line: 1, children: [], value: null };
  const stack: OfxNode[] = [root];
  let i = 0;
  const nextSignificant = (from: number): number => {
    let k = from;
    while (k < tokens.length) {
      const t = tokens[k] as Token;
      if (t.kind === 'text' && !t.cdata && t.value.trim() === '') k += 1;
      else break;
    }
    return k;
  };
  while (i < tokens.length) {
    const token = tokens[i] as Token;
    const parent = stack.at(-1) as OfxNode;
    if (token.kind === 'text') {
      i += 1;
      continue;
    }
    if (token.kind === 'close') {
      const at = stack.findLastIndex((n) => n.name === token.name);
      if (at > 0) stack.length = at;
      i += 1;
      continue;
    }
    const node: OfxNode = { name: token.name, line: token.line, children: [], value: null };
    parent.children.push(node);
    const k = nextSignificant(i + 1);
    const after = tokens[k];
    if (after?.kind === 'text') {
      // Leaf with a value; text and CDATA pieces up to the next tag make the value.
      let value = '';
      let m = i + 1;
      while (m < tokens.length && (tokens[m] as Token).kind === 'text') {
        value += (tokens[m] as { value: string }).value;
        m += 1;
      }
      node.value = value.trim();
      const closing = tokens[m];
      i = closing?.kind === 'close' && closing.name === token.name ? m + 1 : m;
    } else if (after?.kind === 'close' && after.name === token.name) {
      node.value = '';
      i = k + 1;
    } else if (closable.has(token.name)) {
      if (stack.length > MAX_DEPTH)
        throw new StatementSyntaxError(`aggregates nested more than ${MAX_DEPTH} deep`, token.line);
      stack.push(node);
      i += 1;
    } else {
      node.value = '';
      i += 1;
    }
  }
  return { root, open: stack.slice(1) };
}

function child(node: OfxNode | undefined, name: string): OfxNode | undefined {
  return node?.children.find((c) => c.name === name);
}

function leaf(node: OfxNode | undefined, name: string): string | null {
  const c = child(node, name);
  return c?.value ? c.value : null;
}

function findAll(node: OfxNode, names: ReadonlySet<string>, out: OfxNode[] = []): OfxNode[] {
  for (const c of node.children) {
    if (names.has(c.name)) out.push(c);
    else findAll(c, names, out);
  }
  return out;
}

/** 'YYYYMMDD[HHMMSS[.XXX]][[+-tz]:TZ]' → 'YYYY-MM-DD' (the date as written), or null. */
export function parseOfxDate(text: string | null): CalendarDate | null {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(text?.trim() ?? '');
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  return isAcceptedDate(date) ? date : null;
}

/**
 * The date of `node`'s `name` child, and a warning naming its line when it is written but is no
 * date (a 30 February): read without it, never moved to another day in silence.
 */
function statedDate(node: OfxNode | undefined, name: string, warnings: string[]): CalendarDate | null {
  const element = child(node, name);
  const date = parseOfxDate(element?.value || null);
  if (element?.value && date === null)
    warnings.push(`line ${element.line}: ${name} "${element.value}" is not a date; read without it`);
  return date;
}

/**
 * Decimal separator of an OFX amount. The OFX spec allows '.' or ',' as the decimal point and no
 * grouping, so a lone ',' is the decimal point; with both, the last one is.
 */
function decimalSeparatorOf(text: string): '.' | ',' {
  return text.lastIndexOf(',') > text.lastIndexOf('.') ? ',' : '.';
}

function amountOf(
  text: string | null,
  currency: string,
  line: number,
  what: string,
  warnings: string[],
): bigint | null {
  if (text === null) return null;
  const t = text.replace(/\s+/g, '');
  const sep = decimalSeparatorOf(t);
  const parsed = /^[+-]?[\d.,]+$/.test(t) ? parseBankAmount(t.replace(/^\+/, ''), currency, sep) : null;
  if (!parsed) throw new StatementSyntaxError(`${what} "${text}" is not an amount`, line);
  if (!parsed.exact)
    warnings.push(`line ${line}: ${what} ${text} has more decimals than ${currency}; rounded`);
  return parsed.minor;
}

function accountOf(node: OfxNode | undefined): {
  iban: string | null;
  accountNumber: string | null;
  bic: string | null;
} {
  const id = leaf(node, 'ACCTID');
  const bankId = leaf(node, 'BANKID');
  const normalized = id ? normalizeIban(id) : '';
  const iban = id && isValidIban(normalized) ? normalized : null;
  return {
    iban,
    accountNumber: iban ? null : id,
    bic: bankId && BIC.test(bankId.toUpperCase()) ? bankId.toUpperCase() : null,
  };
}

function entryOf(trn: OfxNode, currency: string, warnings: string[]): ParsedEntry {
  const posted = leaf(trn, 'DTPOSTED');
  const bookingDate = parseOfxDate(posted);
  if (!bookingDate)
    throw new StatementSyntaxError(
      posted ? `transaction date DTPOSTED "${posted}" is not a date` : 'transaction without a DTPOSTED date',
      child(trn, 'DTPOSTED')?.line ?? trn.line,
    );
  const ownCurrency = leaf(child(trn, 'CURRENCY'), 'CURSYM')?.toUpperCase() ?? null;
  const entryCurrency = ownCurrency && isKnownCurrency(ownCurrency) ? ownCurrency : currency;
  const amountNode = child(trn, 'TRNAMT');
  const amountMinor = amountOf(
    amountNode?.value ?? null,
    entryCurrency,
    amountNode?.line ?? trn.line,
    'TRNAMT',
    warnings,
  );
  if (amountMinor === null) throw new StatementSyntaxError('transaction without a TRNAMT amount', trn.line);
  const to = child(trn, 'BANKACCTTO') ?? child(trn, 'CCACCTTO');
  const counterpartyAccount = accountOf(to);
  const counterparty: Counterparty = {
    name: leaf(trn, 'NAME') ?? leaf(child(trn, 'PAYEE'), 'NAME'),
    ...counterpartyAccount,
  };
  const memo = leaf(trn, 'MEMO');
  return {
    bankReference: leaf(trn, 'FITID'),
    bookingDate,
    valueDate: statedDate(trn, 'DTAVAIL', warnings) ?? statedDate(trn, 'DTUSER', warnings),
    amountMinor,
    currency: entryCurrency,
    transactionCode: leaf(trn, 'TRNTYPE'),
    counterparty,
    ultimateParty: null,
    remittance: memo ? [memo] : [],
    structuredReferences: [],
    endToEndId: null,
    reversal: false,
    line: trn.line,
  };
}

function statementOf(rs: OfxNode): ParsedStatement {
  const warnings: string[] = [];
  let currency = leaf(rs, 'CURDEF')?.toUpperCase() ?? '';
  const transactions = findAll(child(rs, 'BANKTRANLIST') ?? rs, new Set(['STMTTRN']));
  if (!currency) {
    const fallback = transactions
      .map((t) => leaf(child(t, 'CURRENCY'), 'CURSYM') ?? leaf(child(t, 'ORIGCURRENCY'), 'CURSYM'))
      .find((c) => c !== null);
    if (!fallback) throw new StatementSyntaxError('statement without a currency (CURDEF)', rs.line);
    currency = fallback.toUpperCase();
    warnings.push(`line ${rs.line}: no CURDEF; currency ${currency} taken from the transactions`);
  }
  if (!isKnownCurrency(currency))
    throw new StatementSyntaxError(`unknown currency "${currency}"`, child(rs, 'CURDEF')?.line ?? rs.line);
  const entries = transactions.map((t) => entryOf(t, currency, warnings));
  const ledger = child(rs, 'LEDGERBAL');
  let closingBalance: Balance | null = null;
  if (ledger) {
    const amountNode = child(ledger, 'BALAMT');
    const amount = amountOf(
      amountNode?.value || null,
      currency,
      amountNode?.line ?? ledger.line,
      'BALAMT',
      warnings,
    );
    if (amount === null) warnings.push(`line ${ledger.line}: empty ledger balance (LEDGERBAL/BALAMT)`);
    else closingBalance = { amountMinor: amount, currency, date: statedDate(ledger, 'DTASOF', warnings) };
  }
  const from = child(rs, 'BANKACCTFROM') ?? child(rs, 'CCACCTFROM');
  const account = accountOf(from);
  if (!account.iban && !account.accountNumber)
    warnings.push(`line ${rs.line}: statement without an account id (ACCTID)`);
  const list = child(rs, 'BANKTRANLIST');
  return {
    format: 'ofx',
    statementId: null,
    account: { ...account, name: null },
    currency,
    openingBalance: null,
    closingBalance,
    fromDate: statedDate(list, 'DTSTART', warnings),
    toDate: statedDate(list, 'DTEND', warnings),
    entries,
    warnings,
  };
}

/** Parses the element tree of an OFX file (exported for tests and for format detection). */
export function readOfxTree(text: string): OfxNode {
  const body = text.replace(/^\uFEFF/, '');
  const start = body.search(/<OFX[\s>]/i);
  if (start === -1) throw new StatementSyntaxError('no <OFX> element: not an OFX file', null);
  refuseEntityDeclarations(body, start);
  const tokens = tokenize(body, start);
  const { root, open } = buildTree(tokens);
  const ofx = child(root, 'OFX');
  if (!ofx) throw new StatementSyntaxError('no <OFX> element: not an OFX file', null);
  const unclosed = open.find((n) => n.name === 'OFX');
  if (unclosed) {
    const inner = open.at(-1) ?? unclosed;
    throw new StatementSyntaxError(
      `the file ends inside <${inner.name}> (opened on line ${inner.line}) without </OFX>: truncated?`,
      tokens.at(-1)?.line ?? null,
    );
  }
  return ofx;
}

/** Parses an OFX 1.x (SGML) or 2.x (XML) file into one statement per STMTRS/CCSTMTRS. */
export function parseOfx(text: string): ParsedFile {
  const ofx = readOfxTree(text);
  const statements = findAll(ofx, new Set(['STMTRS', 'CCSTMTRS'])).map(statementOf);
  if (statements.length === 0) {
    const failed = findAll(ofx, new Set(['STATUS'])).find(
      (s) => (leaf(s, 'SEVERITY') ?? '').toUpperCase() === 'ERROR',
    );
    if (failed)
      throw new StatementSyntaxError(
        `the OFX file holds an error response instead of a statement: code ${leaf(failed, 'CODE') ?? '?'}${
          leaf(failed, 'MESSAGE') ? ` (${leaf(failed, 'MESSAGE')})` : ''
        }`,
        failed.line,
      );
  }
  return { format: 'ofx', statements };
}
