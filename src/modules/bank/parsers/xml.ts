/**
 * A small, fast XML reader for bank statements. `readXml` checks that a document is well-formed
 * and builds the plain object tree that fast-xml-parser 5 builds with camt.ts's former options
 * (`ignoreAttributes: false, attributeNamePrefix: '@_', removeNSPrefix: true, parseTagValue: false,
 * trimValues: true, isArray: name => set.has(name)`): namespace prefixes dropped from element and
 * attribute names, `xmlns` attributes left out, attributes under '@_name', trimmed text as a plain
 * string for a leaf element and under '#text' beside attributes or child elements, '' for an empty
 * element, repeated elements (and the names in `alwaysArray`) as arrays.
 *
 * It scans with indexOf/charCodeAt and one flat stack, about ten times faster than validating and
 * parsing with fast-xml-parser. It is not a full XML processor, and differs from fast-xml-parser:
 * - no DTD: a DOCTYPE is skipped, so only the five predefined entities and character references
 *   (`&#228;`, `&#xE4;`, which fast-xml-parser leaves as written) are known; a DOCTYPE that
 *   declares entities is refused (no XML bomb, no external entity is ever expanded or read);
 * - comments, processing instructions and the XML declaration are left out of the tree
 *   (fast-xml-parser adds a '?xml' key);
 * - it rejects what fast-xml-parser's validator lets through: a second root element or text after
 *   the root (NUL or Ctrl-Z padding at the very end excepted), undeclared entities (`&nbsp;`), `<`
 *   in an attribute value, references to characters XML forbids (`&#0;`).
 * The first problem found is thrown as a StatementSyntaxError with its 1-based line and column.
 */
import { StatementSyntaxError } from '../statement.ts';

export interface XmlReadOptions {
  /** Local element names read as arrays even when they occur once. */
  readonly alwaysArray?: ReadonlySet<string>;
  /** Local element names whose start tags are located, for `XmlDocument.lineOf`. */
  readonly recordLines?: ReadonlySet<string>;
}

/** A document read by `readXml`: its tree, and the lines of the recorded elements. */
export class XmlDocument {
  private lineStarts: number[] | null = null;

  constructor(
    /** `{ [rootName]: value }`, the object fast-xml-parser returns (without '?xml'). */
    readonly root: Record<string, unknown>,
    private readonly text: string,
    private readonly offsets: ReadonlyMap<string, readonly number[]>,
  ) {}

  /** Line of the index-th start tag (document order) of a name in `recordLines`, else null. */
  lineOf(name: string, index: number): number | null {
    const offset = this.offsets.get(name)?.[index];
    return offset === undefined ? null : this.lineAt(offset);
  }

  /** 1-based line of a character offset; the table of line starts is built on first use. */
  lineAt(offset: number): number {
    const starts = this.lineStarts ?? this.buildLineStarts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return low + 1;
  }

  private buildLineStarts(): number[] {
    const starts = [0];
    for (let at = this.text.indexOf('\n'); at !== -1; at = this.text.indexOf('\n', at + 1))
      starts.push(at + 1);
    this.lineStarts = starts;
    return starts;
  }
}

/**
 * Reads a whole XML document (a leading byte-order mark is skipped). Throws StatementSyntaxError
 * ("malformed XML: …", line and column) at the first well-formedness error.
 * `readXml('<a:Doc xmlns:a="u"><Amt Ccy="EUR">1.00</Amt></a:Doc>').root` is
 * `{ Doc: { Amt: { '#text': '1.00', '@_Ccy': 'EUR' } } }`.
 */
export function readXml(text: string, options: XmlReadOptions = {}): XmlDocument {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const reader = new Reader(source, options.alwaysArray ?? NONE, options.recordLines ?? NONE);
  return new XmlDocument(reader.read(), source, reader.offsets);
}

const NONE: ReadonlySet<string> = new Set();

/** What an element name resolves to; one per distinct name as written. */
interface ElementName {
  /** As written, with its prefix; and its hash, see nameHash. */
  readonly raw: string;
  readonly hash: number;
  readonly key: string;
  readonly array: boolean;
  /** The key is also an Object.prototype property ('isPrototypeOf'), so presence needs hasOwn. */
  readonly inherited: boolean;
  readonly offsets: number[] | null;
}

/** Names fast-xml-parser refuses (it throws) and names it prefixes with '__'. */
const CRITICAL = new Set(['__proto__', 'constructor', 'prototype']);
const DANGEROUS = new Set([
  'hasOwnProperty',
  'toString',
  'valueOf',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

const LT = 60;
const GT = 62;
const SLASH = 47;
const BANG = 33;
const QUESTION = 63;
const EQUALS = 61;
const DQUOTE = 34;
const SQUOTE = 39;
const HASH = 35;
const SEMICOLON = 59;
const COLON = 58;
const LBRACKET = 91;
const RBRACKET = 93;

/** ASCII name characters: 1 may start a name, 2 may continue one. */
const NAME = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === COLON;
  const other = (c >= 48 && c <= 57) || c === 45 || c === 46;
  NAME[c] = letter ? 3 : other ? 2 : 0;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isNameStart(c: number): boolean {
  return c < 128 ? ((NAME[c] ?? 0) & 1) !== 0 : isWideNameStart(c);
}

function isNameChar(c: number): boolean {
  return c < 128 ? ((NAME[c] ?? 0) & 2) !== 0 : isWideNameStart(c) || isWideNameChar(c);
}

/** XML 1.0 NameStartChar above ASCII (UTF-16 code units; surrogates pass, for astral names). */
function isWideNameStart(c: number): boolean {
  return (
    (c >= 0xc0 && c <= 0xd6) ||
    (c >= 0xd8 && c <= 0xf6) ||
    (c >= 0xf8 && c <= 0x2ff) ||
    (c >= 0x370 && c <= 0x37d) ||
    (c >= 0x37f && c <= 0x1fff) ||
    (c >= 0x200c && c <= 0x200d) ||
    (c >= 0x2070 && c <= 0x218f) ||
    (c >= 0x2c00 && c <= 0x2fef) ||
    (c >= 0x3001 && c <= 0xdfff) ||
    (c >= 0xf900 && c <= 0xfdcf) ||
    (c >= 0xfdf0 && c <= 0xfffd)
  );
}

function isWideNameChar(c: number): boolean {
  return c === 0xb7 || (c >= 0x300 && c <= 0x36f) || (c >= 0x203f && c <= 0x2040);
}

/** Characters XML 1.0 allows, for character references. */
function isXmlChar(c: number): boolean {
  return c >= 0x20
    ? c <= 0xd7ff || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff)
    : c === 9 || c === 10 || c === 13;
}

function normalizeNewlines(text: string): string {
  return text.indexOf('\r') === -1 ? text : text.replace(/\r\n?/g, '\n');
}

/** The hash openTag computes while it scans a name. */
function nameHash(name: string): number {
  let hash = 0;
  for (let i = 0; i < name.length; i++) hash = (Math.imul(hash, 31) + name.charCodeAt(i)) | 0;
  return hash;
}

/** The same string, internalized, so that property stores with it take V8's fast path. */
function internalized(key: string): string {
  return Object.keys({ [key]: 0 })[0] ?? key;
}

function resolveAttributeName(raw: string): string {
  // As fast-xml-parser's removeNSPrefix: 'xmlns' and 'xmlns:*' are dropped, 'p:name' → 'name'.
  const parts = raw.split(':');
  if (parts[0] === 'xmlns') return '';
  const name = parts.length === 2 ? (parts[1] ?? '') : raw;
  return name === '' ? '' : `@_${name}`;
}

/**
 * One pass over the text. The open element is held in fields; its ancestors on parallel stacks.
 * An element's attributes wait as key/value pairs in `attrs` until its end tag, when its value
 * is built in fast-xml-parser's key order: children, '#text', attributes.
 */
class Reader {
  readonly offsets = new Map<string, number[]>();
  /** Open-addressing hash table of the element names seen, at most half full. */
  private nameTable: (ElementName | undefined)[] = new Array(64);
  private nameCount = 0;
  private readonly attributeNames = new Map<string, string>();
  private readonly crlf: boolean;
  private readonly root: Record<string, unknown> = {};

  // The open element (at depth 0, the document).
  private depth = 0;
  private obj: Record<string, unknown> | null = this.root;
  private text: string | undefined = undefined;
  private name: ElementName | null = null;
  private raw = '';
  private start = 0;
  private attrStart = 0;
  private attrEnd = 0;

  private readonly stackObj: (Record<string, unknown> | null)[] = [];
  private readonly stackText: (string | undefined)[] = [];
  private readonly stackName: (ElementName | null)[] = [];
  private readonly stackRaw: string[] = [];
  private readonly stackStart: number[] = [];
  private readonly stackAttrStart: number[] = [];
  private readonly stackAttrEnd: number[] = [];

  private readonly attrs: string[] = [];
  private attrTop = 0;
  /** Raw attribute names of the tag being read, to refuse repeats. */
  private readonly tagAttributes: string[] = [];
  private tagAttributeCount = 0;
  /** Text before a comment, waiting for the rest of its text chunk. */
  private carry = '';
  private rootDone = false;
  private rootRaw = '';
  private doctypeSeen = false;
  /** Where the reference decoded last ends (its ';'). */
  private referenceEnd = 0;

  constructor(
    private readonly src: string,
    private readonly alwaysArray: ReadonlySet<string>,
    private readonly recordLines: ReadonlySet<string>,
  ) {
    this.crlf = src.indexOf('\r') !== -1;
  }

  read(): Record<string, unknown> {
    const src = this.src;
    let chunk = 0;
    for (;;) {
      // Most tags follow a tag directly; indexOf only for text.
      const lt = src.charCodeAt(chunk) === LT ? chunk : src.indexOf('<', chunk);
      if (lt === -1) break;
      const c1 = src.charCodeAt(lt + 1);
      if (c1 === BANG && src.startsWith('<!--', lt)) {
        this.carryText(chunk, lt);
        chunk = this.skipComment(lt);
      } else if (c1 === BANG) {
        this.flushText(chunk, lt);
        chunk = src.startsWith('<![CDATA[', lt) ? this.cdata(lt) : this.skipDoctype(lt);
      } else {
        this.flushText(chunk, lt);
        chunk = c1 === SLASH ? this.closeTag(lt) : c1 === QUESTION ? this.skipPi(lt) : this.openTag(lt);
      }
    }
    this.flushText(chunk, src.length);
    if (this.depth > 0) {
      const at = this.position(this.start);
      this.fail(
        src.length,
        `the document ends inside <${this.raw}> opened at line ${at.line}, column ${at.column} (is the file cut short?)`,
      );
    }
    if (!this.rootDone) this.fail(src.length, 'the document has no root element');
    return this.root;
  }

  // -------------------------------------------------------------------------------------------
  // Tags

  private openTag(lt: number): number {
    const src = this.src;
    let p = lt + 1;
    let c = src.charCodeAt(p);
    if (!isNameStart(c)) this.fail(lt, "'<' must start a tag with a valid name (write &lt; in text)");
    if (this.depth === 0 && this.rootDone) {
      this.fail(
        lt,
        `a second root element <${this.nameAt(lt + 1)}> after the root element <${this.rootRaw}>`,
      );
    }
    let hash = 0;
    do {
      hash = (Math.imul(hash, 31) + c) | 0;
      c = src.charCodeAt(++p);
    } while (isNameChar(c));
    const name = this.lookupName(lt + 1, p, hash);
    const raw = name.raw;
    const attrStart = this.attrTop;
    p = this.readAttributes(p, lt, raw);
    if (name.offsets !== null) name.offsets.push(lt);
    if (src.charCodeAt(p) === SLASH) {
      const value = this.elementValue(null, undefined, attrStart, this.attrTop);
      this.attrTop = attrStart;
      this.attach(name, value, raw);
      return p + 2;
    }
    this.push();
    this.obj = null;
    this.text = undefined;
    this.name = name;
    this.raw = raw;
    this.start = lt;
    this.attrStart = attrStart;
    this.attrEnd = this.attrTop;
    return p + 1;
  }

  private closeTag(lt: number): number {
    const src = this.src;
    const name = this.name;
    if (this.depth === 0 || name === null) {
      this.fail(lt, `closing tag </${this.nameAt(lt + 2)}> has no start tag`);
    }
    const raw = this.raw;
    let p = lt + 2 + raw.length;
    if (!this.matches(raw, lt + 2) || isNameChar(src.charCodeAt(p))) this.mismatch(lt);
    let c = src.charCodeAt(p);
    while (isSpace(c)) c = src.charCodeAt(++p);
    if (c !== GT) this.fail(p < src.length ? p : lt, `closing tag </${raw}> must end with '>'`);
    const value = this.elementValue(this.obj, this.text, this.attrStart, this.attrEnd);
    this.attrTop = this.attrStart;
    this.pop();
    this.attach(name, value, raw);
    return p + 1;
  }

  private mismatch(lt: number): never {
    const at = this.position(this.start);
    const found = this.nameAt(lt + 2);
    this.fail(
      lt,
      found === ''
        ? `'</' must be followed by the name of <${this.raw}> opened at line ${at.line}, column ${at.column}`
        : `closing tag </${found}> does not match <${this.raw}> opened at line ${at.line}, column ${at.column}`,
    );
  }

  /** Reads the attributes of a start tag up to its '>' or '/>', whose position it returns. */
  private readAttributes(p: number, lt: number, raw: string): number {
    const src = this.src;
    this.tagAttributeCount = 0;
    for (;;) {
      let c = src.charCodeAt(p);
      if (c === GT) return p;
      if (c === SLASH) {
        if (src.charCodeAt(p + 1) === GT) return p;
        this.fail(p, `'/' in start tag <${raw}> must be followed by '>'`);
      }
      if (!isSpace(c)) this.unexpectedInTag(p, lt, raw);
      do c = src.charCodeAt(++p);
      while (isSpace(c));
      if (c === GT || c === SLASH) continue;
      if (!isNameStart(c)) this.unexpectedInTag(p, lt, raw);
      const nameStart = p;
      do c = src.charCodeAt(++p);
      while (isNameChar(c));
      const nameEnd = p;
      while (isSpace(c)) c = src.charCodeAt(++p);
      if (c !== EQUALS) {
        this.fail(nameStart, `attribute ${src.slice(nameStart, nameEnd)} in <${raw}> has no value (="…")`);
      }
      do c = src.charCodeAt(++p);
      while (isSpace(c));
      if (c !== DQUOTE && c !== SQUOTE) {
        this.fail(p, `the value of attribute ${src.slice(nameStart, nameEnd)} in <${raw}> must be quoted`);
      }
      const close = src.indexOf(c === DQUOTE ? '"' : "'", p + 1);
      if (close === -1) this.fail(p, `the value of attribute ${src.slice(nameStart, nameEnd)} is not closed`);
      this.addAttribute(src.slice(nameStart, nameEnd), nameStart, p + 1, close);
      p = close + 1;
    }
  }

  private unexpectedInTag(p: number, lt: number, raw: string): never {
    if (p >= this.src.length) this.fail(lt, `start tag <${raw} is not closed with '>'`);
    this.fail(p, `unexpected ${JSON.stringify(this.src[p])} in start tag <${raw}>`);
  }

  private addAttribute(raw: string, at: number, valueStart: number, valueEnd: number): void {
    const seen = this.tagAttributes;
    for (let k = 0; k < this.tagAttributeCount; k++) {
      if (seen[k] === raw) this.fail(at, `attribute ${raw} is repeated`);
    }
    seen[this.tagAttributeCount++] = raw;
    let key = this.attributeNames.get(raw);
    if (key === undefined) {
      key = internalized(resolveAttributeName(raw));
      this.attributeNames.set(raw, key);
    }
    const written = this.src.slice(valueStart, valueEnd);
    const lt = written.indexOf('<');
    if (lt !== -1) this.fail(valueStart + lt, `'<' in the value of attribute ${raw} (write &lt;)`);
    if (key === '') return;
    let value = written.trim();
    if (this.crlf || value.indexOf('&') !== -1) {
      value = this.decode(value, valueStart + written.length - written.trimStart().length);
    }
    this.attrs[this.attrTop++] = key;
    this.attrs[this.attrTop++] = value;
  }

  /** The name written at [from, to), found by its hash without slicing the text. */
  private lookupName(from: number, to: number, hash: number): ElementName {
    const table = this.nameTable;
    const mask = table.length - 1;
    const length = to - from;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const name = table[slot];
      if (name === undefined) return this.addName(this.src.slice(from, to), slot, from - 1);
      if (name.hash === hash && name.raw.length === length && this.matches(name.raw, from)) return name;
    }
  }

  /** Whether `name` is written at `from` (a loop: cheaper than startsWith for short names). */
  private matches(name: string, from: number): boolean {
    const src = this.src;
    for (let k = 0; k < name.length; k++) if (src.charCodeAt(from + k) !== name.charCodeAt(k)) return false;
    return true;
  }

  private addName(raw: string, slot: number, at: number): ElementName {
    const colon = raw.indexOf(':');
    let key = colon < 0 ? raw : raw.slice(colon + 1);
    if (key === '') this.fail(at, `element name <${raw}> has nothing after its prefix`);
    if (CRITICAL.has(key)) this.fail(at, `element name <${raw}> is not accepted`);
    if (DANGEROUS.has(key)) key = `__${key}`;
    let offsets: number[] | null = null;
    if (this.recordLines.has(key)) {
      offsets = this.offsets.get(key) ?? [];
      this.offsets.set(key, offsets);
    }
    const hash = nameHash(raw);
    const name = {
      raw,
      hash,
      key: internalized(key),
      array: this.alwaysArray.has(key),
      inherited: key in Object.prototype,
      offsets,
    };
    this.nameTable[slot] = name;
    if (++this.nameCount * 2 > this.nameTable.length) this.growNameTable();
    return name;
  }

  private growNameTable(): void {
    const old = this.nameTable;
    const table: (ElementName | undefined)[] = new Array(old.length * 2);
    const mask = table.length - 1;
    for (const name of old) {
      if (name === undefined) continue;
      let slot = name.hash & mask;
      while (table[slot] !== undefined) slot = (slot + 1) & mask;
      table[slot] = name;
    }
    this.nameTable = table;
  }

  /** An element's value as fast-xml-parser gives it. */
  private elementValue(
    obj: Record<string, unknown> | null,
    text: string | undefined,
    attrStart: number,
    attrEnd: number,
  ): unknown {
    if (attrStart === attrEnd) {
      if (obj === null) return text ?? '';
      if (text) obj['#text'] = text;
      return obj;
    }
    const value = obj ?? {};
    if (text) value['#text'] = text;
    const attrs = this.attrs;
    for (let k = attrStart; k < attrEnd; k += 2) value[attrs[k] as string] = attrs[k + 1];
    return value;
  }

  /** Adds a closed element to the open one: a second value of a name makes an array. */
  private attach(name: ElementName, value: unknown, raw: string): void {
    if (this.depth === 0) {
      this.rootDone = true;
      this.rootRaw = raw;
    }
    const parent = this.obj ?? {};
    this.obj = parent;
    const key = name.key;
    const existing = parent[key];
    if (existing === undefined || (name.inherited && !Object.hasOwn(parent, key))) {
      parent[key] = name.array ? [value] : value;
    } else if (Array.isArray(existing)) {
      existing.push(value);
    } else {
      parent[key] = [existing, value];
    }
  }

  private push(): void {
    const d = this.depth++;
    this.stackObj[d] = this.obj;
    this.stackText[d] = this.text;
    this.stackName[d] = this.name;
    this.stackRaw[d] = this.raw;
    this.stackStart[d] = this.start;
    this.stackAttrStart[d] = this.attrStart;
    this.stackAttrEnd[d] = this.attrEnd;
  }

  private pop(): void {
    const d = --this.depth;
    this.obj = this.stackObj[d] ?? null;
    this.text = this.stackText[d];
    this.name = this.stackName[d] ?? null;
    this.raw = this.stackRaw[d] ?? '';
    this.start = this.stackStart[d] ?? 0;
    this.attrStart = this.stackAttrStart[d] ?? 0;
    this.attrEnd = this.stackAttrEnd[d] ?? 0;
  }

  // -------------------------------------------------------------------------------------------
  // Text, comments, CDATA, processing instructions, DOCTYPE

  /**
   * Ends the text chunk [from, to): trimmed, decoded and appended to the open element's text.
   * As in fast-xml-parser, a chunk ends at a tag, CDATA section or processing instruction, not
   * at a comment, and chunks are joined without a separator.
   */
  private flushText(from: number, to: number): void {
    const src = this.src;
    let i = from;
    while (i < to && isSpace(src.charCodeAt(i))) i++;
    if (i === to && this.carry === '') return;
    if (this.depth === 0) this.strayText(i, to);
    let text: string;
    if (this.carry === '') {
      const written = src.slice(i, to);
      text = written.trim();
      if (text.length === 0) return;
      if (this.crlf || text.indexOf('&') !== -1) {
        text = this.decode(text, i + written.length - written.trimStart().length);
      }
    } else {
      // The carried parts were checked when carried; newlines are normalised part by part, as
      // in the text as written ("\r<!-- -->\n" is two line ends).
      const written = src.slice(from, to);
      this.decode(written, from);
      text = (this.carry + (this.crlf ? normalizeNewlines(written) : written)).trim();
      this.carry = '';
      if (text.length === 0) return;
      text = this.decode(text, 0);
    }
    this.text = this.text === undefined ? text : this.text + text;
  }

  /** Keeps the text before a comment for the chunk it belongs to. */
  private carryText(from: number, to: number): void {
    if (from === to) return;
    if (this.depth === 0) {
      let i = from;
      while (i < to && isSpace(this.src.charCodeAt(i))) i++;
      this.strayText(i, to);
      return;
    }
    const written = this.src.slice(from, to);
    this.decode(written, from);
    this.carry += this.crlf ? normalizeNewlines(written) : written;
  }

  private strayText(first: number, to: number): void {
    if (first >= to) return;
    // NUL or Ctrl-Z padding at the very end (old DOS and mainframe transfers) is not text.
    if (this.rootDone && to === this.src.length && this.isPadding(first)) return;
    const shown = JSON.stringify(this.src.slice(first, Math.min(to, first + 20)));
    if (this.rootDone) this.fail(first, `text after the root element <${this.rootRaw}>: ${shown}`);
    this.fail(first, `text before the root element: ${shown}`);
  }

  private isPadding(from: number): boolean {
    for (let p = from; p < this.src.length; p++) {
      const c = this.src.charCodeAt(p);
      if (c !== 0 && c !== 0x1a && !isSpace(c)) return false;
    }
    return true;
  }

  private skipComment(lt: number): number {
    const end = this.src.indexOf('-->', lt + 4);
    if (end === -1) this.fail(lt, "comment '<!--' is not closed with '-->'");
    return end + 3;
  }

  private cdata(lt: number): number {
    if (this.depth === 0) this.fail(lt, 'CDATA section outside the root element');
    const end = this.src.indexOf(']]>', lt + 9);
    if (end === -1) this.fail(lt, "CDATA section '<![CDATA[' is not closed with ']]>'");
    const content = this.src.slice(lt + 9, end);
    const text = this.crlf ? normalizeNewlines(content) : content;
    this.text = this.text === undefined ? text : this.text + text;
    return end + 3;
  }

  private skipPi(lt: number): number {
    const end = this.src.indexOf('?>', lt + 2);
    if (end === -1) this.fail(lt, "processing instruction '<?' is not closed with '?>'");
    const target = this.nameAt(lt + 2);
    if (target === '') this.fail(lt, "'<?' must be followed by a name");
    if (target.toLowerCase() === 'xml' && lt !== 0) {
      this.fail(lt, 'the XML declaration <?xml …?> is allowed only at the very start of the document');
    }
    return end + 2;
  }

  /**
   * An entity declaration is refused: a bank statement needs none, and declared entities are how
   * XML bombs (a billion laughs) and external-entity reads (`SYSTEM "file:///etc/passwd"`) work.
   * Nothing declared is ever expanded or fetched; the refusal names where the declaration is.
   */
  private refuseEntity(p: number): never {
    this.fail(p, 'entity declarations are not accepted (<!ENTITY …>): a bank statement needs none');
  }

  /**
   * Skips `<!DOCTYPE …>` with its internal subset; the DTD itself is not read, and an entity
   * declaration in the subset is refused (`refuseEntity`).
   */
  private skipDoctype(lt: number): number {
    const src = this.src;
    if (!src.startsWith('<!DOCTYPE', lt)) this.fail(lt, "unknown markup after '<!'");
    if (this.depth > 0 || this.rootDone || this.doctypeSeen) {
      this.fail(lt, 'a DOCTYPE is allowed only once, before the root element');
    }
    this.doctypeSeen = true;
    let quote = 0;
    let subset = false;
    for (let p = lt + 9; p < src.length; p++) {
      const c = src.charCodeAt(p);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === DQUOTE || c === SQUOTE) quote = c;
      else if (c === LBRACKET) subset = true;
      else if (c === RBRACKET) subset = false;
      else if (c === LT && src.startsWith('<!--', p)) p = this.skipComment(p) - 1;
      else if (c === LT && subset && src.startsWith('<!ENTITY', p)) this.refuseEntity(p);
      else if (c === GT && !subset) return p + 1;
    }
    this.fail(lt, "DOCTYPE is not closed with '>'");
  }

  // -------------------------------------------------------------------------------------------
  // References

  /** Replaces entity and character references (and CR LF by LF); `at` is text's offset. */
  private decode(text: string, at: number): string {
    let amp = text.indexOf('&');
    if (amp === -1) return this.crlf ? normalizeNewlines(text) : text;
    let out = '';
    let from = 0;
    while (amp !== -1) {
      const literal = text.slice(from, amp);
      out += this.crlf ? normalizeNewlines(literal) : literal;
      out += this.reference(text, amp, at);
      from = this.referenceEnd + 1;
      amp = text.indexOf('&', from);
    }
    const rest = text.slice(from);
    return out + (this.crlf ? normalizeNewlines(rest) : rest);
  }

  /** The character of the reference at text[amp]; sets referenceEnd to its ';'. */
  private reference(text: string, amp: number, at: number): string {
    if (text.charCodeAt(amp + 1) === HASH) return this.characterReference(text, amp, at);
    let end = amp + 1;
    if (isNameStart(text.charCodeAt(end))) {
      do end++;
      while (isNameChar(text.charCodeAt(end)));
    }
    const name = text.slice(amp + 1, end);
    if (name === '' || text.charCodeAt(end) !== SEMICOLON) {
      this.fail(
        at + amp,
        `'&' must start a reference such as &amp; (found ${JSON.stringify(text.slice(amp, amp + 12))})`,
      );
    }
    this.referenceEnd = end;
    switch (name) {
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'amp':
        return '&';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return this.fail(
          at + amp,
          `unknown entity &${name}; (without a DTD only &lt; &gt; &amp; &quot; &apos; and &#…; are defined)`,
        );
    }
  }

  private characterReference(text: string, amp: number, at: number): string {
    const hex = text.charCodeAt(amp + 2) === 120;
    let end = hex ? amp + 3 : amp + 2;
    const first = end;
    let code = 0;
    for (; ; end++) {
      const c = text.charCodeAt(end);
      const digit =
        c >= 48 && c <= 57
          ? c - 48
          : hex && c >= 97 && c <= 102
            ? c - 87
            : hex && c >= 65 && c <= 70
              ? c - 55
              : -1;
      if (digit < 0) break;
      code = Math.min(code * (hex ? 16 : 10) + digit, 0x110000);
    }
    if (end === first || text.charCodeAt(end) !== SEMICOLON) {
      this.fail(
        at + amp,
        `malformed character reference ${JSON.stringify(text.slice(amp, end + 1))} (&#123; or &#x7B;)`,
      );
    }
    if (!isXmlChar(code)) {
      this.fail(at + amp, `character reference ${text.slice(amp, end + 1)} is not a character XML allows`);
    }
    this.referenceEnd = end;
    return String.fromCodePoint(code);
  }

  // -------------------------------------------------------------------------------------------
  // Positions and errors

  /** The name written at p ('' when none), for messages. */
  private nameAt(p: number): string {
    let end = p;
    while (end < this.src.length && isNameChar(this.src.charCodeAt(end))) end++;
    return this.src.slice(p, end);
  }

  private position(offset: number): { line: number; column: number } {
    let line = 1;
    let lineStart = 0;
    for (let at = this.src.indexOf('\n'); at !== -1 && at < offset; at = this.src.indexOf('\n', at + 1)) {
      line++;
      lineStart = at + 1;
    }
    return { line, column: offset - lineStart + 1 };
  }

  private fail(offset: number, message: string): never {
    const { line, column } = this.position(offset);
    throw new StatementSyntaxError(`malformed XML: ${message}`, line, column);
  }
}
