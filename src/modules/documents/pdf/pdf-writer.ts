/**
 * A thin layer over pdfkit for business documents on A4: a cursor that moves down the page, text
 * in boxes, tables that break across pages with their header repeated, and a frame (running head,
 * footer, "page n of m") drawn on every page once the page count is known. One file may hold
 * several documents one after the other (a print batch: each letter, then its statement), each
 * starting on a new page with its own frame and page numbers.
 *
 * Deterministic: the PDF's info dates and its file identifier come from `meta` (pdfkit derives the
 * identifier from the info dictionary), never from the clock, so the same data gives the same bytes.
 */
import PDFDocument from 'pdfkit';
import { FONT_BOLD, FONT_REGULAR, registerFonts } from './fonts.ts';
import { makePdfA3, PDF_A3_OPTIONS, type PdfA3, type PdfInfo } from './pdf-a3.ts';
import { CELL_PAD_X, layoutTable, type TableColumn, type TableRow } from './table-layout.ts';

export type { TableColumn, TableRow } from './table-layout.ts';

/** A table's columns with the widths its layout gave them. */
type SizedColumn = TableColumn & { width: number };

export const PAGE = { width: 595.28, height: 841.89, left: 50, right: 545.28, top: 40 } as const;
/** Content stops here; the footer lives below. */
export const CONTENT_BOTTOM = 748;
export const CONTENT_WIDTH = PAGE.right - PAGE.left;

export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  keywords: string;
  /** The document's own moment (an invoice's issue), written as its creation and modification date. */
  createdAt: Date;
  /** BCP 47 language of the text. */
  language: string;
  /** Write a PDF/A-3b carrying these files and XMP descriptions (see pdf-a3); a plain PDF without. */
  pdfA3?: PdfA3;
}

export interface TextStyle {
  size?: number;
  bold?: boolean;
  align?: 'left' | 'right' | 'center';
  color?: string;
}

/** Vertical space inside a table cell, above and below its text. */
const CELL_PAD_Y = 2;

/** Draws the running head, footer and page number of one page (`page` of `pages`, 1-based). */
export type PageFrame = (page: number, pages: number) => void;

export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;
  /** The top of the content area on pages after the first (below the running head). */
  continuationTop = PAGE.top + 30;
  y: number = PAGE.top;
  /** The first page (0-based) of each document in the file. */
  private readonly documentStarts: number[] = [0];

  constructor(meta: PdfMeta) {
    const info: PdfInfo = {
      Title: meta.title,
      Author: meta.author,
      Subject: meta.subject,
      Keywords: meta.keywords,
      Creator: 'cashloop',
      Producer: 'cashloop (PDFKit)',
      CreationDate: meta.createdAt,
      ModDate: meta.createdAt,
    };
    this.doc = new PDFDocument({
      ...(meta.pdfA3 ? PDF_A3_OPTIONS : {}),
      size: 'A4',
      // No default font: pdfkit would parse Helvetica's metrics for every document (~1.5 ms).
      font: '',
      margins: { top: PAGE.top, bottom: 8, left: PAGE.left, right: PAGE.width - PAGE.right },
      bufferPages: true,
      lang: meta.language,
      displayTitle: true,
      info: { ...info },
    });
    if (meta.pdfA3) makePdfA3(this.doc, info, meta.pdfA3);
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = new Promise((resolve) => this.doc.on('end', () => resolve()));
    registerFonts(this.doc);
    this.doc.font(FONT_REGULAR);
  }

  private style(s: TextStyle): void {
    this.doc
      .font(s.bold ? FONT_BOLD : FONT_REGULAR)
      .fontSize(s.size ?? 9)
      .fillColor(s.color ?? '#000000');
  }

  /** The width of `text` on one line when it fits in `width`, else null (it wraps, or has line breaks). */
  private singleLineWidth(text: string, width: number): number | null {
    if (text.includes('\n')) return null;
    const used = this.doc.widthOfString(text);
    return used <= width ? used : null;
  }

  /**
   * The largest size from `s.size` (default 9) down to `minSize`, in half points, at which every
   * line fits on one line in `width`, or null when none does: for lines that should not wrap,
   * such as an email address in the letterhead or the sender's return line.
   */
  fittingSize(lines: readonly string[], width: number, s: TextStyle, minSize: number): number | null {
    for (let size = s.size ?? 9; size >= minSize; size -= 0.5) {
      this.style({ ...s, size });
      if (lines.every((l) => this.doc.widthOfString(l) <= width)) return size;
    }
    return null;
  }

  /** Height `text` takes in a box `width` wide. */
  heightOf(text: string, width: number, s: TextStyle = {}): number {
    this.style(s);
    // One line needs no line breaking (the costly part of pdfkit's text layout).
    if (this.singleLineWidth(text, width) !== null) return this.doc.currentLineHeight(true);
    return this.doc.heightOfString(text, { width });
  }

  /** Draw `text` in a box at (x, y) without measuring it. */
  drawAt(text: string, x: number, y: number, width: number, s: TextStyle = {}): void {
    if (text === '') return;
    this.style(s);
    const used = this.singleLineWidth(text, width);
    if (used === null) {
      this.doc.text(text, x, y, { width, align: s.align ?? 'left' });
      return;
    }
    const offset = s.align === 'right' ? width - used : s.align === 'center' ? (width - used) / 2 : 0;
    this.doc.text(text, x + offset, y, { lineBreak: false });
  }

  /** Draw `text` in a box at (x, y); returns the height used. Does not move the cursor. */
  textAt(text: string, x: number, y: number, width: number, s: TextStyle = {}): number {
    if (text === '') return 0;
    const height = this.heightOf(text, width, s);
    this.drawAt(text, x, y, width, s);
    return height;
  }

  /** Draw lines one under the other from (x, y); returns the height used. */
  linesAt(lines: readonly string[], x: number, y: number, width: number, s: TextStyle = {}): number {
    let used = 0;
    for (const line of lines) used += this.textAt(line, x, y + used, width, s);
    return used;
  }

  /** A paragraph across the content width at the cursor (on a new page if it does not fit). */
  paragraph(text: string, s: TextStyle = {}, gapAfter = 4): void {
    this.ensureSpace(this.heightOf(text, CONTENT_WIDTH, s));
    this.y += this.textAt(text, PAGE.left, this.y, CONTENT_WIDTH, s) + gapAfter;
  }

  rule(y: number, x1: number = PAGE.left, x2: number = PAGE.right, width = 0.5): void {
    this.doc.moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor('#808080').stroke();
  }

  /** Start a new page when `height` does not fit below the cursor; true when it did. */
  ensureSpace(height: number): boolean {
    if (this.y + height <= CONTENT_BOTTOM) return false;
    this.doc.addPage();
    this.y = this.continuationTop;
    return true;
  }

  /** The width of `text` on one line at `size` points. */
  private lineWidth(text: string, size: number, bold: boolean): number {
    this.style({ size, bold });
    return this.doc.widthOfString(text);
  }

  /**
   * A table across the content width at the cursor, its columns fitted to what they print (see
   * table-layout: headers wrap only between words, columns no row fills are left out, smaller
   * type when it does not fit at `size`); rows that do not fit go to the next page under a
   * repeated header.
   */
  table(columns: readonly TableColumn[], rows: readonly TableRow[], size = 8): void {
    const layout = layoutTable(columns, rows, CONTENT_WIDTH, size, (t, s, b) => this.lineWidth(t, s, b));
    this.tableHeader(layout.columns, layout.size);
    for (const row of layout.rows) {
      const height = this.rowHeight(layout.columns, row, layout.size);
      if (this.ensureSpace(height)) this.tableHeader(layout.columns, layout.size);
      this.tableRow(layout.columns, row, layout.size);
      this.y += height;
    }
    this.rule(this.y);
    this.y += 4;
  }

  private tableHeader(columns: readonly SizedColumn[], size: number): void {
    const header = { cells: columns.map((c) => c.header), bold: true };
    const height = this.rowHeight(columns, header, size);
    this.ensureSpace(height + this.rowHeight(columns, { cells: columns.map(() => 'X') }, size));
    this.tableRow(columns, header, size);
    this.y += height;
    this.rule(this.y - 1);
  }

  private rowHeight(columns: readonly SizedColumn[], row: TableRow, size: number): number {
    const heights = columns.map((c, i) =>
      this.heightOf(row.cells[i] ?? '', c.width - 2 * CELL_PAD_X, { size, bold: row.bold ?? false }),
    );
    return Math.max(...heights) + 2 * CELL_PAD_Y;
  }

  private tableRow(columns: readonly SizedColumn[], row: TableRow, size: number): void {
    let x = PAGE.left;
    for (const [i, c] of columns.entries()) {
      this.drawAt(row.cells[i] ?? '', x + CELL_PAD_X, this.y + CELL_PAD_Y, c.width - 2 * CELL_PAD_X, {
        size,
        bold: row.bold ?? false,
        align: c.align ?? 'left',
      });
      x += c.width;
    }
  }

  /** Start the next document of the file on a new page; its pages get their own frame and numbers. */
  startDocument(): void {
    this.doc.addPage();
    this.y = PAGE.top;
    const range = this.doc.bufferedPageRange();
    this.documentStarts.push(range.start + range.count - 1);
  }

  /**
   * Draw each document's frame on its pages (one frame per `startDocument`, plus the first;
   * page numbers count within the document), close the file, return its bytes.
   */
  async finish(frames: PageFrame | readonly PageFrame[]): Promise<Uint8Array> {
    const list = typeof frames === 'function' ? [frames] : frames;
    if (list.length !== this.documentStarts.length)
      throw new Error(`${this.documentStarts.length} documents but ${list.length} frames`);
    const range = this.doc.bufferedPageRange();
    const ends = [...this.documentStarts.slice(1), range.start + range.count];
    list.forEach((frame, n) => {
      const first = this.documentStarts[n] ?? 0;
      const end = ends[n] ?? first;
      for (let i = first; i < end; i++) {
        this.doc.switchToPage(i);
        frame(i - first + 1, end - first);
      }
    });
    this.doc.end();
    await this.ended;
    const bytes = Buffer.concat(this.chunks);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}
