/**
 * PDFs checked with Debian's poppler-utils: `pdftotext` for the text a reader (or a search) gets
 * out of a document, `pdftoppm` to prove every page rasterises. Tests that need them skip with
 * `popplerMissing` as the reason on a machine without poppler-utils (CI installs it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
