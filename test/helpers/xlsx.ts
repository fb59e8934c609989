/**
 * Reading a .xlsx back, independently of the writer: the ZIP's central directory, each entry
 * inflated and its CRC-32 checked, the workbook's sheets in order, and each cell with its type
 * (`n` number, `s` text, `d` a number whose format is a date) and number format code.
 */
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { crc32 } from '../../src/shared/zip.ts';

/** Every entry of a ZIP archive by name, inflated (stored or deflated entries). */
export function unzip(bytes: Buffer): Map<string, Buffer> {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'an end of central directory record');
  const count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    assert.equal(bytes.readUInt32LE(at), 0x02014b50, 'a central directory header');
    const method = bytes.readUInt16LE(at + 10);
    const crc = bytes.readUInt32LE(at + 16);
    const compressedSize = bytes.readUInt32LE(at + 20);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    const local = bytes.readUInt32LE(at + 42);
    const name = bytes.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    assert.equal(bytes.readUInt32LE(local), 0x04034b50, `a local header for ${name}`);
    const dataAt = local + 30 + bytes.readUInt16LE(local + 26) + bytes.readUInt16LE(local + 28);
    const raw = bytes.subarray(dataAt, dataAt + compressedSize);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    assert.equal(crc32(data), crc, `CRC-32 of ${name}`);
    files.set(name, data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

export interface ReadCell {
  type: 'n' | 's' | 'd';
  /** The stored value: a number's digits as written, a date as YYYY-MM-DD, or the text. */
  value: string;
  format: string;
  /** Present (true) when the cell's style marks its text as text even if it looks like a formula. */
  quotePrefix?: true;
}

export interface ReadSheet {
  name: string;
  /** Cells by column; a column without a cell in that row is null. */
  rows: (ReadCell | null)[][];
}

const unescapeXml = (s: string) =>
  s
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');

function formatsOf(styles: string): string[] {
  const codes = new Map<string, string>([
    ['0', 'General'],
    ['14', 'm/d/yyyy'],
  ]);
  for (const m of styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"\/>/g))
    codes.set(m[1] as string, unescapeXml(m[2] as string));
  const xfs = /<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(styles)?.[1] ?? '';
  return [...xfs.matchAll(/<xf numFmtId="(\d+)"/g)].map((m) => codes.get(m[1] as string) ?? `#${m[1]}`);
}

/** Whether each cell style (by index) has quotePrefix="1". */
function quotePrefixesOf(styles: string): boolean[] {
  const xfs = /<cellXfs[^>]*>(.*?)<\/cellXfs>/s.exec(styles)?.[1] ?? '';
  return [...xfs.matchAll(/<xf [^>]*>/g)].map((m) => / quotePrefix="1"/.test(m[0]));
}

function serialToDate(serial: number): string {
  return new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
}

function cellOf(attrs: string, body: string, formats: string[], quoted: boolean[]): ReadCell {
  const style = Number(/ s="(\d+)"/.exec(attrs)?.[1] ?? '0');
  const format = formats[style] ?? 'General';
  const prefix = quoted[style] ? ({ quotePrefix: true } as const) : {};
  if (/ t="inlineStr"/.test(attrs))
    return { type: 's', value: unescapeXml(/<t[^>]*>(.*?)<\/t>/s.exec(body)?.[1] ?? ''), format, ...prefix };
  const value = /<v>(.*?)<\/v>/.exec(body)?.[1] ?? '';
  if (/y{2,4}/.test(format) && /d/.test(format))
    return { type: 'd', value: serialToDate(Number(value)), format };
  return { type: 'n', value, format };
}

function columnIndex(attrs: string): number {
  const letters = / r="([A-Z]+)\d+"/.exec(attrs)?.[1] ?? 'A';
  return [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

function rowOf(xml: string, formats: string[], quoted: boolean[]): (ReadCell | null)[] {
  const row: (ReadCell | null)[] = [];
  for (const c of xml.matchAll(/<c([^>]*)>(.*?)<\/c>/gs)) {
    const at = columnIndex(c[1] as string);
    while (row.length < at) row.push(null);
    row.push(cellOf(c[1] as string, c[2] as string, formats, quoted));
  }
  return row;
}

/** The sheets of a workbook in order, each as rows of cells placed by their column reference. */
export function readXlsx(bytes: Buffer): ReadSheet[] {
  const files = unzip(bytes);
  const part = (name: string) => {
    const data = files.get(name);
    assert.ok(data, `the workbook has ${name}`);
    return data.toString('utf8');
  };
  assert.match(part('[Content_Types].xml'), /spreadsheetml\.sheet\.main\+xml/);
  const formats = formatsOf(part('xl/styles.xml'));
  const quoted = quotePrefixesOf(part('xl/styles.xml'));
  const rels = part('xl/_rels/workbook.xml.rels');
  const sheets = [
    ...part('xl/workbook.xml').matchAll(/<sheet name="([^"]*)" sheetId="\d+" r:id="(\w+)"\/>/g),
  ];
  return sheets.map((s) => {
    const target = new RegExp(`Id="${s[2]}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
    const xml = part(`xl/${target}`);
    const rows = [...xml.matchAll(/<row [^>]*>(.*?)<\/row>/gs)].map((r) =>
      rowOf(r[1] as string, formats, quoted),
    );
    return { name: unescapeXml(s[1] as string), rows };
  });
}
