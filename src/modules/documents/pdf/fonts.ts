/**
 * The embedded Unicode fonts: DejaVu Sans regular and bold (Latin with every diacritic, Greek,
 * Cyrillic), found through module resolution so they load from a clean clone, and parsed once per
 * process.
 *
 * Three costs of pdfkit's defaults are paid once per process instead of once per document
 * (measured on a seven-line invoice: 31 ms → see docs/documents.md):
 * - parsing the 750 KB TrueType file (~30 ms): pdfkit accepts an already parsed font object, which
 *   is taken from a throwaway document the first time;
 * - decoding each glyph's outline again for every font subset: fontkit does not keep the decoded
 *   glyph, so its `_decode` is memoised on the shared font's glyphs (DejaVu Sans has no variations,
 *   the one case in which fontkit changes a decoded glyph);
 * - shaping every word again (OpenType substitution and positioning): each document's font gets a
 *   layout cache shared by all documents, bounded in size. Shaped runs are read, never changed.
 * These reach into pdfkit's and fontkit's private fields; each step checks what it finds and falls
 * back to the plain (slower, same bytes) path when a version lays them out differently.
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

interface ParsedFont {
  layout: unknown;
  getGlyph?: (id: number, codePoints?: number[]) => { _decode?: () => unknown } | null;
}

/** What pdfkit's `registerFont` is given: the parsed font when it could be taken, else the bytes. */
type FontSource = Uint8Array | ParsedFont;

/** Shaped words kept per font; past this many the cache starts over (a bound on memory). */
const LAYOUT_CACHE_LIMIT = 20_000;

let loaded: Record<FontName, FontSource> | null = null;
const layoutCaches = new Map<FontName, Record<string, unknown>>();

/** The TrueType file of a font, resolved like an import (works wherever node_modules is). */
export function fontPath(name: FontName): string {
  return createRequire(import.meta.url).resolve(FILES[name]);
}

/** fontkit decodes a glyph's outline on every call; a glyph never changes, so keep the first. */
function memoiseGlyphDecoding(font: ParsedFont): void {
  const getGlyph = font.getGlyph?.bind(font);
  if (!getGlyph) return;
  const done = new WeakSet<object>();
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    const decode = glyph?._decode?.bind(glyph);
    if (glyph && decode && !done.has(glyph)) {
      let decoded: unknown;
      let known = false;
      glyph._decode = () => {
        if (!known) [decoded, known] = [decode(), true];
        return decoded;
      };
      done.add(glyph);
    }
    return glyph;
  };
}

function parsedOnce(name: FontName, bytes: Uint8Array): FontSource {
  const probe = new PDFDocument({ autoFirstPage: false, font: '' });
  probe.registerFont(name, Buffer.from(bytes));
  probe.font(name);
  // pdfkit keeps the parsed (fontkit) font on its private `_font`; without it, fall back to bytes.
  const parsed = (probe as unknown as { _font?: { font?: ParsedFont } })._font?.font;
  if (!parsed || typeof parsed.layout !== 'function') return bytes;
  memoiseGlyphDecoding(parsed);
  return parsed;
}

function fonts(): Record<FontName, FontSource> {
  if (!loaded) {
    const load = (name: FontName) => parsedOnce(name, readFileSync(fontPath(name)));
    loaded = { [FONT_REGULAR]: load(FONT_REGULAR), [FONT_BOLD]: load(FONT_BOLD) };
  }
  return loaded;
}

/** A layout cache with pdfkit's shape (an object keyed by word), shared and bounded. */
function sharedLayoutCache(name: FontName): Record<string, unknown> {
  let cache = layoutCaches.get(name);
  if (!cache) {
    const words = new Map<string, unknown>();
    cache = new Proxy({} as Record<string, unknown>, {
      get: (_target, key) => (typeof key === 'string' ? words.get(key) : undefined),
      set: (_target, key, value) => {
        if (typeof key !== 'string') return false;
        if (words.size >= LAYOUT_CACHE_LIMIT) words.clear();
        words.set(key, value);
        return true;
      },
    });
    layoutCaches.set(name, cache);
  }
  return cache;
}

/** Register both fonts on a document under FONT_REGULAR and FONT_BOLD, with shared layout caches. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const [name, source] of Object.entries(fonts()) as [FontName, FontSource][]) {
    // pdfkit takes a parsed font object too; its type declarations only list paths and bytes.
    doc.registerFont(name, source as Uint8Array);
    doc.font(name);
    const font = (doc as unknown as { _font?: { layoutCache?: unknown } })._font;
    if (font && typeof font.layoutCache === 'object') font.layoutCache = sharedLayoutCache(name);
  }
}
