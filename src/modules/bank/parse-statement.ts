/**
 * One entry point for every bank statement format: detect the format of a file (unless it is
 * named) and hand it to the right parser. Pure: text in, `ParsedFile` out.
 */
import { parseBai2 } from './parsers/bai2.ts';
import { parseCamt } from './parsers/camt.ts';
import { detectCsvProfile, parseCsvStatement } from './parsers/csv-statement.ts';
import { parseMt940 } from './parsers/mt940.ts';
import { parseOfx } from './parsers/ofx.ts';
import { type ParsedFile, type StatementFormat, StatementSyntaxError } from './statement.ts';
import { assertStatementLimits } from './statement-limits.ts';

export { detectCsvProfile };

/** How much of the start of a file detection looks at (headers, namespaces, first records). */
const HEAD = 64 * 1024;

const CAMT_ROOTS: Readonly<Record<string, StatementFormat>> = {
  BkToCstmrAcctRpt: 'camt.052',
  BkToCstmrStmt: 'camt.053',
  BkToCstmrDbtCdtNtfctn: 'camt.054',
};

function detectCamt(head: string): StatementFormat | null {
  const ns = /urn:iso:std:iso:20022:tech:xsd:camt\.05([234])\./.exec(head);
  if (ns) return `camt.05${ns[1]}` as StatementFormat;
  const root = /<(?:[\w-]+:)?(BkToCstmrAcctRpt|BkToCstmrStmt|BkToCstmrDbtCdtNtfctn)[\s>]/.exec(head);
  return root ? (CAMT_ROOTS[root[1] ?? ''] ?? null) : null;
}

function detectSwift(head: string): StatementFormat | null {
  if (/\{2:[IO]942/.test(head) || /(^|\n):34F:/.test(head)) return 'mt942';
  if (/\{2:[IO]940/.test(head) || /^\s*\{1:/.test(head)) return 'mt940';
  const tags = ['20', '25', '60F', '60M', '61', '62F'].filter((t) => new RegExp(`(^|\\n):${t}:`).test(head));
  if (tags.includes('25') && (tags.includes('20') || tags.includes('60F') || tags.includes('60M')))
    return 'mt940';
  // A fragment that starts with a SWIFT field tag (`:61:…`, `:60F:…`).
  return /^\s*:\d\d[A-Z]?:/.test(head) ? 'mt940' : null;
}

/**
 * The format of a statement file, or null when it cannot be told: camt by its namespace or root
 * element (052/053/054), OFX by `OFXHEADER` or `<OFX>`, BAI2 by a first record `01,`, MT942 by
 * `:34F:` or a 942 application header, MT940 by `:20:`/`:25:`/`:60F:` or a `{1:` block, CSV by a
 * header row that matches a known profile.
 */
export function detectFormat(text: string): StatementFormat | null {
  const head = text
    .replace(/^\uFEFF/, '')
    .slice(0, HEAD)
    .replace(/\r\n?/g, '\n');
  const start = head.trimStart();
  if (/^OFXHEADER\s*:/i.test(start)) return 'ofx';
  if (start.startsWith('<')) return /<\?OFX[\s?]|<OFX[\s>]/i.test(start) ? 'ofx' : detectCamt(head);
  if (/^01,/.test(start)) return 'bai2';
  const swift = detectSwift(head);
  if (swift) return swift;
  return detectCsvProfile(head) ? 'csv' : null;
}

/**
 * Parses a statement file: the named format, else the detected one. Unknown format →
 * `StatementSyntaxError`. A CSV file needs a profile: the named one, else the one its header matches.
 * The result obeys the limits of input (`assertStatementLimits`): amounts, dates, no NUL.
 */
export function parseStatementFile(
  text: string,
  opts: { format?: StatementFormat; csvProfile?: string } = {},
): ParsedFile {
  return assertStatementLimits(parseByFormat(text, opts));
}

function parseByFormat(text: string, opts: { format?: StatementFormat; csvProfile?: string }): ParsedFile {
  const body = text.replace(/^\uFEFF/, '');
  const format = opts.format ?? detectFormat(body);
  if (!format)
    throw new StatementSyntaxError(
      'cannot tell the format of this file; name it with --format (camt.052, camt.053, camt.054, mt940, mt942, bai2, ofx, csv)',
      null,
      null,
      'format',
    );
  switch (format) {
    case 'camt.052':
    case 'camt.053':
    case 'camt.054':
      return parseCamt(body);
    case 'mt940':
    case 'mt942':
      return parseMt940(body);
    case 'bai2':
      return parseBai2(body);
    case 'ofx':
      return parseOfx(body);
    case 'csv': {
      const profile = opts.csvProfile ?? detectCsvProfile(body.slice(0, HEAD));
      if (!profile)
        throw new StatementSyntaxError(
          'cannot tell the CSV profile of this file; name it with --profile',
          null,
          null,
          'profile',
        );
      return parseCsvStatement(body, profile);
    }
  }
}
