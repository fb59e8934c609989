/**
 * A print batch: several dunning letters in one PDF, each starting on a new page and followed by
 * its customer's statement of open items (on a new page), every document with its own letterhead
 * frame and page numbers — what a collector sends to the printer for the day's posted letters.
 */
import type { DunningLetterDocument } from '../dunning-letter-document.ts';
import type { StatementDocument } from '../statement-document.ts';
import { drawDunningLetter, letterMeta } from './dunning-letter-pdf.ts';
import { type PageFrame, PdfWriter } from './pdf-writer.ts';
import { drawStatement } from './statement-pdf.ts';

export interface PrintItem {
  readonly letter: DunningLetterDocument;
  /** The customer's statement as of the letter's date. */
  readonly statement: StatementDocument;
}

/**
 * Render the batch (at least one letter). The file's info names the batch; its creation date is
 * the latest letter's date, so the same batch renders to the same bytes.
 */
export async function renderPrintBatchPdf(items: readonly PrintItem[], title: string): Promise<Uint8Array> {
  const [first] = items;
  if (!first) throw new Error('a print batch needs at least one letter');
  const latest = items.reduce(
    (d, i) => (i.letter.letterDate > d ? i.letter.letterDate : d),
    first.letter.letterDate,
  );
  const w = new PdfWriter({
    ...letterMeta(first.letter),
    title,
    subject: title,
    keywords: items.map((i) => i.letter.customer.externalId).join(' '),
    createdAt: new Date(`${latest}T00:00:00Z`),
  });
  const frames: PageFrame[] = [];
  items.forEach((item, n) => {
    if (n > 0) w.startDocument();
    frames.push(drawDunningLetter(w, item.letter));
    w.startDocument();
    frames.push(drawStatement(w, item.statement));
  });
  return w.finish(frames);
}
