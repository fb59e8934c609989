/**
 * The embedded Unicode fonts: DejaVu Sans regular and bold (Latin with every diacritic, Greek,
 * Cyrillic), found through module resolution so they load from a clean clone, and parsed once per
 * process. Parsing a 750 KB TrueType file costs ~30 ms, three times a whole invoice; pdfkit accepts
 * an already parsed font object, which is taken from a throwaway document the first time.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

export const FONT_REGULAR = 'DejaVuSans';
export const FONT_BOLD = 'DejaVuSans-Bold';

const FILES = {
  [FONT_REGULAR]: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  [FONT_BOLD]: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
} as const;

type FontName = keyof typeof FILES;

/** What pdfkit's `registerFont` is given: the parsed font when it could be taken, else the bytes. */
type FontSource = Uint8Array | { layout: unknown };

let loaded: Record<FontName, FontSource> | null = null;

/** The TrueType file of a font, resolved like an import (works wherever node_modules is). */
export function fontPath(name: FontName): string {
  return createRequire(import.meta.url).resolve(FILES[name]);
}

function parsedOnce(name: FontName, bytes: Uint8Array): FontSource {
  const probe = new PDFDocument({ autoFirstPage: false, font: '' });
  probe.registerFont(name, Buffer.from(bytes));
  probe.font(name);
  // pdfkit keeps the parsed (fontkit) font on its private `_font`; without it, fall back to bytes.
  const parsed = (probe as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
  return parsed && typeof parsed.layout === 'function' ? (parsed as { layout: unknown }) : bytes;
}

function fonts(): Record<FontName, FontSource> {
  if (!loaded) {
    const load = (name: FontName) => parsedOnce(name, readFileSync(fontPath(name)));
    loaded = { [FONT_REGULAR]: load(FONT_REGULAR), [FONT_BOLD]: load(FONT_BOLD) };
  }
  return loaded;
}

/** Register both fonts on a document under FONT_REGULAR and FONT_BOLD. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, source] of Object.entries(fonts())) {
    // pdfkit takes a parsed font object too; its type declarations only list paths and bytes.
    doc.registerFont(name, source as Uint8Array);
  }
}
