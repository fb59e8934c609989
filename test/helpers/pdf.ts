/**
 * PDFs checked with Debian's poppler-utils: `pdftotext` for the text a reader (or a search) gets
 * out of a document, `pdftoppm` to prove every page rasterises. Tests that need them skip with
 * `popplerMissing` as the reason on a machine without poppler-utils (CI installs it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function available(tool: string): boolean {
  const result = spawnSync(tool, ['-v'], { encoding: 'utf8' });
  return result.error === undefined && result.status === 0;
}

/** False when pdftotext and pdftoppm are there; otherwise why the test is skipped. */
export const popplerMissing: string | false =
  available('pdftotext') && available('pdftoppm')
    ? false
    : 'poppler-utils (pdftotext, pdftoppm) not installed: apt-get install poppler-utils to run the PDF checks';

function withFile<T>(bytes: Uint8Array, fn: (path: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'cashloop-pdf-'));
  try {
    const path = join(dir, 'doc.pdf');
    writeFileSync(path, bytes);
    return fn(path, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function run(tool: string, args: string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${tool} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/**
 * The text of each page (pdftotext), with every kind of space made a plain space and runs of
 * spaces collapsed, so `1 234,56 €` (narrow no-break spaces in fr) reads `1 234,56 €`. In reading
 * order by default; `layout` keeps each printed row on one line (table rows: cells in order).
 */
export function pdfPages(bytes: Uint8Array, mode: 'reading' | 'layout' = 'reading'): string[] {
  const flags = mode === 'layout' ? ['-layout'] : [];
  const text = withFile(bytes, (path) => run('pdftotext', ['-enc', 'UTF-8', ...flags, path, '-']));
  const pages = text.split('\f');
  if (pages.at(-1)?.trim() === '') pages.pop();
  return pages.map((p) => p.replace(/[\u00a0\u202f\u2009\u2007 \t]+/g, ' '));
}

/** All the text, pages joined. */
export function pdfText(bytes: Uint8Array, mode: 'reading' | 'layout' = 'reading'): string {
  return pdfPages(bytes, mode).join('\n');
}

/** The printed rows (layout mode), trimmed, blank ones dropped. */
export function pdfRows(bytes: Uint8Array): string[] {
  return pdfText(bytes, 'layout')
    .split('\n')
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

/** Rasterise every page (pdftoppm, 30 dpi); returns the number of page images written. */
export function rasterisedPages(bytes: Uint8Array): number {
  return withFile(bytes, (path, dir) => {
    run('pdftoppm', ['-r', '30', '-png', path, join(dir, 'page')]);
    return readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png')).length;
  });
}

/** The files embedded in the document (`pdfdetach -saveall`), by name. */
export function pdfAttachments(bytes: Uint8Array): Map<string, Uint8Array> {
  return withFile(bytes, (path, dir) => {
    const out = join(dir, 'attached');
    mkdirSync(out);
    run('pdfdetach', ['-saveall', '-o', out, path]);
    return new Map(readdirSync(out).map((name) => [name, new Uint8Array(readFileSync(join(out, name)))]));
  });
}

/** `pdfinfo` of the document: its fields (`PDF version`, `Title`, …) and its XMP metadata (`-meta`). */
export function pdfInfo(bytes: Uint8Array): { fields: Map<string, string>; xmp: string } {
  return withFile(bytes, (path) => {
    const fields = new Map(
      run('pdfinfo', [path])
        .split('\n')
        .map((l) => l.match(/^([^:]+):\s*(.*)$/))
        .flatMap((m) => (m ? [[m[1] as string, m[2] as string] as const] : [])),
    );
    return { fields, xmp: run('pdfinfo', ['-meta', path]) };
  });
}

/** A word pdftotext finds on a page, with its box (points from the top left). */
export interface PdfWord {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Every word of the document with its box (`pdftotext -bbox`), for layout facts. */
export function pdfWords(bytes: Uint8Array): PdfWord[] {
  const html = withFile(bytes, (path) => run('pdftotext', ['-enc', 'UTF-8', '-bbox', path, '-']));
  const words: PdfWord[] = [];
  html.split('<page ').forEach((page, i) => {
    const pattern = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
    for (const m of page.matchAll(pattern))
      words.push({
        page: i,
        text: (m[5] ?? '').replace(/&(\w+);/g, (whole, name: string) => XML_ENTITIES[name] ?? whole),
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
      });
  });
  return words;
}

/** The next word of a phrase after `prev`: right of it on its line, or on the line below within the phrase's box. */
function nextWordOf(
  words: readonly PdfWord[],
  text: string,
  prev: PdfWord,
  box: PdfWord,
): PdfWord | undefined {
  return words.find((w) => {
    if (w.text !== text || w.page !== prev.page) return false;
    const sameLine = Math.abs(w.yMin - prev.yMin) < 1 && w.xMin - prev.xMax >= -0.5 && w.xMin - prev.xMax < 6;
    const below = w.yMin - prev.yMin > 4 && w.yMin - prev.yMin < 16;
    return sameLine || (below && w.xMax > box.xMin - 2 && w.xMin < box.xMax + 2);
  });
}

/**
 * The lines of words that `text` (words separated by spaces) takes where it is printed, or [] when
 * it is not printed with its words whole: `[['Unit', 'price']]` on one line, `[['Unit'], ['price']]`
 * when wrapped between the two words (the next line within the phrase's box, as in a table cell).
 * A word split across lines ("Discoun" / "t") is not found.
 */
export function linesOfPhrase(words: readonly PdfWord[], text: string): string[][] {
  const [head, ...rest] = text.split(/\s+/).filter(Boolean);
  for (const first of words.filter((w) => w.text === head)) {
    const found = [first];
    const box = { ...first };
    for (const next of rest) {
      const prev = found.at(-1) as PdfWord;
      const word = nextWordOf(words, next, prev, box);
      if (!word) break;
      found.push(word);
      box.xMin = Math.min(box.xMin, word.xMin);
      box.xMax = Math.max(box.xMax, word.xMax);
    }
    if (found.length !== rest.length + 1) continue;
    const lines: string[][] = [];
    found.forEach((w, i) => {
      if (i === 0 || Math.abs(w.yMin - (found[i - 1] as PdfWord).yMin) > 1) lines.push([]);
      lines.at(-1)?.push(w.text);
    });
    return lines;
  }
  return [];
}

/** Words on one printed line never overlap (no cell runs into its neighbour). */
export function assertNoOverlaps(words: readonly PdfWord[]): void {
  const lines = new Map<string, PdfWord[]>();
  for (const w of words) {
    const key = `${w.page}|${Math.round(w.yMin)}`;
    lines.set(key, [...(lines.get(key) ?? []), w]);
  }
  for (const line of lines.values()) {
    const sorted = [...line].sort((a, b) => a.xMin - b.xMin);
    for (let i = 1; i < sorted.length; i++) {
      const [a, b] = [sorted[i - 1], sorted[i]] as [PdfWord, PdfWord];
      assert.ok(a.xMax <= b.xMin + 0.5, `"${a.text}" runs into "${b.text}" at y ${a.yMin}`);
    }
  }
}

/** Each phrase is printed with its words whole, on at most `maxLines` lines (1: never wrapped). */
export function assertWhole(words: readonly PdfWord[], phrases: readonly string[], maxLines = 3): void {
  for (const phrase of phrases) {
    const lines = linesOfPhrase(words, phrase);
    assert.ok(lines.length > 0, `"${phrase}" is not printed with its words whole`);
    assert.ok(lines.length <= maxLines, `"${phrase}" takes ${lines.length} lines: ${JSON.stringify(lines)}`);
  }
}

/**
 * Each phrase is printed on one line with at least `gap` points to the next word left and right of
 * it on that line (table cells that do not run together: "14 603 833,00 €   14 603 833,00 €").
 */
export function assertApart(words: readonly PdfWord[], phrases: readonly string[], gap = 6): void {
  for (const phrase of phrases) {
    const first = phraseBoxes(words, phrase);
    assert.ok(first.length > 0, `"${phrase}" is not printed on one line`);
    for (const box of first) {
      const neighbours = words.filter(
        (w) =>
          w.page === box.page &&
          Math.abs(w.yMin - box.yMin) < 1 &&
          (w.xMax <= box.xMin || w.xMin >= box.xMax),
      );
      for (const w of neighbours) {
        const distance = w.xMax <= box.xMin ? box.xMin - w.xMax : w.xMin - box.xMax;
        assert.ok(distance >= gap, `"${w.text}" is ${distance.toFixed(1)} pt from "${phrase}"`);
      }
    }
  }
}

/** The boxes of every one-line occurrence of `phrase`. */
function phraseBoxes(words: readonly PdfWord[], phrase: string): PdfWord[] {
  const wanted = phrase.split(/\s+/).filter(Boolean);
  const boxes: PdfWord[] = [];
  words.forEach((first, i) => {
    const run = words.slice(i, i + wanted.length);
    const oneLine = run.every((w, k) => w.text === wanted[k] && Math.abs(w.yMin - first.yMin) < 1);
    if (run.length === wanted.length && oneLine)
      boxes.push({ ...first, text: phrase, xMax: (run.at(-1) as PdfWord).xMax });
  });
  return boxes;
}
