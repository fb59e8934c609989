/**
 * The dunning letter PDF: letterhead, the customer's address in the envelope window, date, level
 * and total due beside it, the template's subject and paragraphs, the table of the invoices it
 * covers (with interest and its period), fee, interest and total due, and payment instructions
 * with the references to quote.
 */
import { formatCreditorReference, isValidCreditorReference } from '../../../shared/creditor-reference.ts';
import { type DocumentFormat, documentFormat } from '../document-format.ts';
import { type DocumentLabels, documentLanguage, fill, labelled, labelsFor } from '../document-labels.ts';
import type { DunningLetterDocument, LetterBlock, LetterReference } from '../dunning-letter-document.ts';
import { bankLines, drawFacts, drawLetterhead, drawRecipient, pageFrame } from './letterhead-blocks.ts';
import {
  CONTENT_WIDTH,
  PAGE,
  type PageFrame,
  type PdfMeta,
  PdfWriter,
  type TableColumn,
} from './pdf-writer.ts';

interface Context {
  w: PdfWriter;
  d: DunningLetterDocument;
  fmt: DocumentFormat;
  labels: DocumentLabels;
}

/**
 * The letter's labels follow its wording's language, its dates and amounts the wording's locale,
 * so the table and the text agree (English wording to an Italian customer: "7 Mar 2026" in both).
 */
function contextOf(w: PdfWriter, d: DunningLetterDocument): Context {
  return { w, ...readingOf(d) };
}

function readingOf(d: DunningLetterDocument): Omit<Context, 'w'> {
  return {
    d,
    fmt: documentFormat(d.locale ?? d.customer.language),
    labels: labelsFor(documentLanguage(d.language)),
  };
}

function titleOf({ d, fmt, labels }: Omit<Context, 'w'>): string {
  return `${labels.dunningLetter} ${d.customer.externalId} ${fmt.date(d.letterDate)}`;
}

/** The letter's PDF info; its creation date is the letter's date (same letter → same bytes). */
export function letterMeta(d: DunningLetterDocument): PdfMeta {
  const c = readingOf(d);
  return {
    title: titleOf(c),
    author: d.seller.legalName ?? d.seller.name,
    subject: `${d.subject} · ${d.customer.legalName ?? d.customer.name}`,
    keywords: [d.customer.externalId, ...d.items.map((i) => i.number)].join(' '),
    createdAt: new Date(`${d.letterDate}T00:00:00Z`),
    language: c.fmt.locale,
  };
}

/** Render one letter to PDF bytes. */
export async function renderDunningLetterPdf(d: DunningLetterDocument): Promise<Uint8Array> {
  const w = new PdfWriter(letterMeta(d));
  return w.finish(drawDunningLetter(w, d));
}

/** Draw the letter from the writer's current page on; returns the frame of its pages. */
export function drawDunningLetter(w: PdfWriter, d: DunningLetterDocument): PageFrame {
  const c = contextOf(w, d);
  drawHead(c);
  for (const block of d.blocks) drawBlock(c, block);
  return pageFrame(w, { seller: d.seller, labels: c.labels, locale: c.fmt.locale, runningHead: titleOf(c) });
}

function drawHead(c: Context): void {
  const { w, d, fmt, labels } = c;
  drawLetterhead(w, d.seller, labels, fmt.locale);
  const recipientBottom = drawRecipient(w, d.seller, d.customer, labels, fmt.locale);
  const factsBottom = drawFacts(w, labels.dunningLetter, [
    [labels.letterDate, fmt.date(d.letterDate)],
    [labels.customerNumber, d.customer.externalId],
    [labels.dunningLevel, String(d.level)],
    [labels.totalDue, fmt.money(d.totalDueMinor, d.currency)],
  ]);
  w.y = Math.max(recipientBottom, factsBottom) + 22;
  w.paragraph(d.subject, { size: 10.5, bold: true }, 10);
}

function drawBlock(c: Context, block: LetterBlock): void {
  switch (block.kind) {
    case 'paragraph':
      c.w.paragraph(block.lines.join('\n'), { size: 9.5 }, 8);
      return;
    case 'pairs':
      drawPairs(c, block.rows);
      return;
    case 'items':
      drawItems(c);
      if (c.d.summary) drawSummary(c);
      return;
    case 'payment':
      drawPayment(c);
      return;
  }
}

/** The template's aligned lines ("Reminder fee:   5,00 €") as two columns, values right-aligned. */
function drawPairs({ w }: Context, rows: readonly (readonly [string, string])[]): void {
  w.ensureSpace(rows.length * 13 + 8);
  for (const [label, value] of rows) {
    const height = w.textAt(label, PAGE.left, w.y, 200, { size: 9.5 });
    w.textAt(value, PAGE.left + 200, w.y, 130, { size: 9.5, align: 'right' });
    w.y += Math.max(height, 12) + 1;
  }
  w.y += 8;
}

function drawItems({ w, d, fmt, labels }: Context): void {
  const headers = [
    labels.itemNumber,
    labels.due,
    labels.daysOverdue,
    labels.open,
    labels.interest,
    labels.interestPeriod,
  ];
  // Interest and its period only when the letter charges interest (the table leaves out empty columns).
  const columns: TableColumn[] = headers.map((header, i) => ({
    header,
    align: i >= 2 && i <= 4 ? 'right' : 'left',
  }));
  const rows = d.items.map((i) => ({
    cells: [
      i.number,
      fmt.date(i.dueDate),
      i.daysOverdue > 0 ? String(i.daysOverdue) : '',
      fmt.money(i.openMinor, d.currency),
      i.interestPeriod ? fmt.money(i.interestMinor, d.currency) : '',
      i.interestPeriod
        ? fill(labels.dateRange, {
            from: fmt.date(i.interestPeriod.from),
            through: fmt.date(i.interestPeriod.through),
          })
        : '',
    ],
  }));
  const charged = d.items.some((i) => i.interestPeriod);
  const total = [
    labels.total,
    '',
    '',
    fmt.money(d.openMinor, d.currency),
    charged ? fmt.money(d.interestMinor, d.currency) : '',
    '',
  ];
  w.table(columns, [...rows, { cells: total, bold: true }]);
  w.y += 6;
}

function drawSummary({ w, d, fmt, labels }: Context): void {
  const rows: [string, string, boolean][] = [[labels.totalOpen, fmt.money(d.openMinor, d.currency), false]];
  if (d.feeMinor > 0n) rows.push([labels.dunningFee, fmt.money(d.feeMinor, d.currency), false]);
  if (d.interestMinor > 0n) rows.push([labels.interest, fmt.money(d.interestMinor, d.currency), false]);
  rows.push([labels.totalDue, fmt.money(d.totalDueMinor, d.currency), true]);
  w.ensureSpace(rows.length * 13 + 10);
  for (const [label, value, bold] of rows) {
    if (bold) w.rule(w.y - 1, 300);
    w.textAt(label, 250, w.y, 190, { size: 9, bold, align: 'right' });
    w.textAt(value, 440, w.y, PAGE.right - 440, { size: 9, bold, align: 'right' });
    w.y += 13;
  }
  w.y += 10;
}

function printedReference(reference: string): string {
  return isValidCreditorReference(reference) ? formatCreditorReference(reference) : reference;
}

/** One reference line: `Reference: RF…` for a single one, else `INV-000001: RF…` per item. */
function referenceLines(labels: DocumentLabels, refs: readonly LetterReference[]): string[] {
  const [only] = refs;
  if (refs.length === 0) return [labelled(labels, labels.reference, labels.quoteNumbers)];
  if (refs.length === 1 && only)
    return [labelled(labels, labels.reference, printedReference(only.reference))];
  return refs.map((r) =>
    labelled(
      labels,
      r.charge ? fill(labels.feeAndInterest, { number: r.number }) : r.number,
      printedReference(r.reference),
    ),
  );
}

function drawPayment({ w, d, fmt, labels }: Context): void {
  const account = [
    labelled(labels, labels.accountHolder, d.seller.legalName ?? d.seller.name),
    ...bankLines(d.seller, labels),
  ];
  const refs = referenceLines(labels, d.references);
  const intro = fill(labels.payNow, { amount: fmt.money(d.totalDueMinor, d.currency) });
  const heading = d.references.length > 1 ? [labels.references] : [];
  const height = 16 + w.heightOf(intro, CONTENT_WIDTH) + (account.length + refs.length + 2) * 12 + 24;
  w.ensureSpace(height);
  w.y += w.textAt(labels.paymentInstructions, PAGE.left, w.y, CONTENT_WIDTH, { size: 10, bold: true }) + 3;
  w.y += w.textAt(intro, PAGE.left, w.y, CONTENT_WIDTH, { size: 9 }) + 3;
  w.y += w.linesAt(account, PAGE.left + 10, w.y, CONTENT_WIDTH - 10, { size: 9, bold: true }) + 4;
  w.y += w.linesAt(heading, PAGE.left + 10, w.y, CONTENT_WIDTH - 10, { size: 9 });
  w.y += w.linesAt(refs, PAGE.left + 10, w.y, CONTENT_WIDTH - 10, { size: 9, bold: true }) + 4;
  if (d.references.length > 0) w.paragraph(labels.referenceNote, { size: 8 });
  w.y += 8;
}
