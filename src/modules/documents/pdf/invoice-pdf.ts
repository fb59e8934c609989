/**
 * The invoice and credit-note PDF: letterhead, recipient, number and dates, the lines (description,
 * quantity, unit price, line discount, tax rate, net), taxes per rate, totals, payment terms in
 * words with the early-payment discount, and payment instructions with IBAN, BIC and the RF
 * reference; a credit note names the invoice it credits instead of asking for payment.
 */
import { formatCreditorReference } from '../../../shared/creditor-reference.ts';
import { type DocumentFormat, documentFormat } from '../document-format.ts';
import { type DocumentLabels, fill, labelled, labelsFor } from '../document-labels.ts';
import { termsInWords } from '../document-terms.ts';
import type { InvoiceDocument, VatNote } from '../invoice-document.ts';
import { bankLines, drawFacts, drawLetterhead, drawRecipient, pageFrame } from './letterhead-blocks.ts';
import type { PdfA3 } from './pdf-a3.ts';
import { CONTENT_WIDTH, PAGE, PdfWriter, type TableColumn } from './pdf-writer.ts';

interface Context {
  w: PdfWriter;
  d: InvoiceDocument;
  fmt: DocumentFormat;
  labels: DocumentLabels;
}

function title(d: InvoiceDocument, labels: DocumentLabels): string {
  return `${d.kind === 'invoice' ? labels.invoice : labels.creditNote} ${d.number}`;
}

/**
 * Render an invoice or credit note document to PDF bytes (same document → same bytes); with
 * `pdfA3`, as a PDF/A-3b carrying its files (a Factur-X invoice).
 */
export async function renderInvoicePdf(d: InvoiceDocument, pdfA3?: PdfA3): Promise<Uint8Array> {
  // One language for everything the document says (see document-language).
  const labels = labelsFor(d.language);
  const fmt = documentFormat(d.locale);
  const w = new PdfWriter({
    title: title(d, labels),
    author: d.seller.legalName ?? d.seller.name,
    subject: `${title(d, labels)} · ${d.customer.legalName ?? d.customer.name}`,
    keywords: [d.number, d.paymentReference ?? '', d.customer.externalId].filter(Boolean).join(' '),
    createdAt: d.issuedAt,
    language: fmt.locale,
    ...(pdfA3 ? { pdfA3 } : {}),
  });
  const c: Context = { w, d, fmt, labels };
  drawHead(c);
  drawLines(c);
  drawTotals(c);
  drawTerms(c);
  drawPayment(c);
  return w.finish(
    pageFrame(w, { seller: d.seller, labels, locale: fmt.locale, runningHead: title(d, labels) }),
  );
}

function facts({ d, fmt, labels }: Context): [string, string][] {
  const rows: [string, string][] = [
    [d.kind === 'invoice' ? labels.invoiceNumber : labels.creditNoteNumber, d.number],
    [labels.issueDate, fmt.date(d.issueDate)],
  ];
  if (d.kind === 'invoice') rows.push([labels.dueDate, fmt.date(d.dueDate)]);
  rows.push([labels.customerNumber, d.customer.externalId]);
  if (d.poNumber) rows.push([labels.poNumber, d.poNumber]);
  if (d.paymentReference) rows.push([labels.reference, formatCreditorReference(d.paymentReference)]);
  return rows;
}

function drawHead(c: Context): void {
  const { w, d, fmt, labels } = c;
  drawLetterhead(w, d.seller, labels, fmt.locale);
  const recipientBottom = drawRecipient(w, d.seller, d.customer, labels, fmt.locale);
  const factsBottom = drawFacts(w, d.kind === 'invoice' ? labels.invoice : labels.creditNote, facts(c));
  w.y = Math.max(recipientBottom, factsBottom) + 22;
  if (d.credited)
    w.paragraph(fill(labels.credits, { number: d.credited.number, date: fmt.date(d.credited.issueDate) }), {
      size: 10,
      bold: true,
    });
  if (d.description) w.paragraph(d.description, { size: 9 }, 8);
}

function drawLines({ w, d, fmt, labels }: Context): void {
  const headers = [
    labels.position,
    labels.description,
    labels.quantity,
    labels.unitPrice,
    labels.discount,
    labels.taxRate,
    labels.net,
  ];
  // The description wraps and takes the room left; a discount column only when a line has one.
  const columns: TableColumn[] = headers.map((header, i) =>
    i === 1 ? { header, align: 'left', wrap: true } : { header, align: 'right' },
  );
  const rows = d.lines.map((l, i) => ({
    cells: [
      String(i + 1),
      l.description,
      fmt.decimal(l.quantity),
      fmt.price(l.unitPrice, d.currency),
      Number(l.discountPct) === 0 ? '' : fmt.percent(l.discountPct),
      fmt.percent(l.taxRate),
      fmt.money(l.netMinor, d.currency),
    ],
  }));
  w.table(columns, rows);
}

function drawTotals({ w, d, fmt, labels }: Context): void {
  const rows: [string, string, boolean][] = [[labels.netTotal, fmt.money(d.netMinor, d.currency), false]];
  for (const t of d.taxes)
    rows.push([
      fill(labels.taxAt, { rate: fmt.percent(t.rate), net: fmt.money(t.netMinor, d.currency) }),
      fmt.money(t.taxMinor, d.currency),
      false,
    ]);
  rows.push([
    d.kind === 'invoice' ? labels.total : labels.totalCredited,
    fmt.money(d.totalMinor, d.currency),
    true,
  ]);
  w.ensureSpace(rows.length * 13 + 8);
  w.y += 2;
  for (const [label, value, bold] of rows) {
    if (bold) w.rule(w.y - 1, 300);
    const height = w.textAt(label, 300, w.y, 140, { size: 9, bold, align: 'right' });
    w.textAt(value, 440, w.y, PAGE.right - 440, { size: 9, bold, align: 'right' });
    w.y += Math.max(height, 12) + 1;
  }
  w.y += 6;
  for (const note of d.vatNotes) w.paragraph(vatNoteText(note, labels), { size: 9, bold: true });
  w.y += 6;
}

/** An exempt line's reason as given; else the category's standard wording, then any reason given. */
function vatNoteText(note: VatNote, labels: DocumentLabels): string {
  if (note.category === 'E') return fill(labels.vatNoteExempt, { reason: note.reason ?? '' });
  const standard = labels[`vatNote${note.category}`];
  return note.reason ? `${standard} ${note.reason}` : standard;
}

function drawTerms({ w, d, fmt, labels }: Context): void {
  if (d.kind !== 'invoice') return;
  const terms = termsInWords(d.terms, d.language, fmt);
  w.paragraph(`${labelled(labels, labels.paymentTerms, terms)}.`, {
    size: 9,
  });
  w.paragraph(labelled(labels, labels.dueDate, fmt.date(d.dueDate)), { size: 9 });
  if (d.discount)
    w.paragraph(
      fill(labels.discountOffer, {
        pct: fmt.percent(d.discount.pct),
        amount: fmt.money(d.discount.amountMinor, d.currency),
        date: fmt.date(d.discount.deadline),
        net: fmt.money(d.totalMinor - d.discount.amountMinor, d.currency),
      }),
      { size: 9 },
    );
  w.y += 6;
}

function drawPayment({ w, d, fmt, labels }: Context): void {
  if (d.kind === 'credit_note') {
    w.paragraph(fill(labels.creditNoteNote, { number: d.credited?.number ?? '' }), { size: 9 });
    return;
  }
  const lines = [
    labelled(labels, labels.accountHolder, d.seller.legalName ?? d.seller.name),
    ...bankLines(d.seller, labels),
    ...(d.paymentReference
      ? [labelled(labels, labels.reference, formatCreditorReference(d.paymentReference))]
      : []),
  ];
  const intro = fill(labels.payTo, {
    amount: fmt.money(d.totalMinor, d.currency),
    date: fmt.date(d.dueDate),
  });
  const height = 16 + w.heightOf(intro, CONTENT_WIDTH) + lines.length * 12 + 24;
  w.ensureSpace(height);
  w.y += w.textAt(labels.paymentInstructions, PAGE.left, w.y, CONTENT_WIDTH, { size: 10, bold: true }) + 3;
  w.y += w.textAt(intro, PAGE.left, w.y, CONTENT_WIDTH, { size: 9 }) + 3;
  w.y += w.linesAt(lines, PAGE.left + 10, w.y, CONTENT_WIDTH - 10, { size: 9, bold: true }) + 4;
  if (d.paymentReference) w.paragraph(labels.referenceNote, { size: 8 });
}
