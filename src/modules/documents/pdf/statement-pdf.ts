/**
 * The customer statement PDF: letterhead, recipient, the date it is as of, and per currency the
 * open items, unapplied payments, aging summary, total due and payment instructions.
 */
import { formatCreditorReference, isValidCreditorReference } from '../../../shared/creditor-reference.ts';
import { AGING_BUCKETS, type AgingBucket } from '../../reports/index.ts';
import { type DocumentFormat, documentFormat } from '../document-format.ts';
import { type DocumentLabels, fill, labelled, labelsFor } from '../document-labels.ts';
import type { StatementDocument, StatementSection } from '../statement-document.ts';
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
  d: StatementDocument;
  fmt: DocumentFormat;
  labels: DocumentLabels;
}

function titleOf(d: StatementDocument): string {
  return `${labelsFor(d.language).statement} ${d.customer.externalId} ${documentFormat(d.locale).date(d.asOf)}`;
}

/** The statement's PDF info: title, subject with the total due, its date as the creation date. */
export function statementMeta(d: StatementDocument): PdfMeta {
  const labels = labelsFor(d.language);
  const fmt = documentFormat(d.locale);
  const due = d.sections.map((s) => fmt.money(s.totalDueMinor, s.currency)).join(', ');
  return {
    title: titleOf(d),
    author: d.seller.legalName ?? d.seller.name,
    subject: `${titleOf(d)} · ${d.customer.legalName ?? d.customer.name} · ${labelled(labels, labels.totalDue, due || '0')}`,
    keywords: `${d.customer.externalId} ${d.asOf}`,
    createdAt: new Date(`${d.asOf}T00:00:00Z`),
    language: fmt.locale,
  };
}

/** Render a statement to PDF bytes (same statement → same bytes). */
export async function renderStatementPdf(d: StatementDocument): Promise<Uint8Array> {
  const w = new PdfWriter(statementMeta(d));
  return w.finish(drawStatement(w, d));
}

/** Draw the statement from the writer's current page on; returns the frame of its pages. */
export function drawStatement(w: PdfWriter, d: StatementDocument): PageFrame {
  const labels = labelsFor(d.language);
  const fmt = documentFormat(d.locale);
  const c: Context = { w, d, fmt, labels };
  drawLetterhead(w, d.seller, labels, fmt.locale);
  const recipientBottom = drawRecipient(w, d.seller, d.customer, labels, fmt.locale);
  const factsBottom = drawFacts(w, labels.statement, [
    [labels.asOf, fmt.date(d.asOf)],
    [labels.customerNumber, d.customer.externalId],
  ]);
  w.y = Math.max(recipientBottom, factsBottom) + 22;
  if (d.sections.length === 0) w.paragraph(labels.noOpenItems, { size: 10 });
  for (const section of d.sections) drawSection(c, section);
  drawPaymentInstructions(c);
  return pageFrame(w, { seller: d.seller, labels, locale: fmt.locale, runningHead: titleOf(d) });
}

function drawSection(c: Context, s: StatementSection): void {
  const { w, labels } = c;
  w.ensureSpace(60);
  w.y += w.textAt(fill(labels.currencySection, { currency: s.currency }), PAGE.left, w.y, CONTENT_WIDTH, {
    size: 11,
    bold: true,
  });
  w.y += 4;
  if (s.items.length > 0) {
    w.paragraph(labels.openItems, { size: 9.5, bold: true }, 2);
    drawItems(c, s);
  }
  if (s.payments.length > 0) {
    w.paragraph(labels.unapplied, { size: 9.5, bold: true }, 2);
    drawPayments(c, s);
  }
  drawAging(c, s);
  drawTotals(c, s);
}

function printedReference(reference: string | null): string {
  if (!reference) return '';
  return isValidCreditorReference(reference) ? formatCreditorReference(reference) : reference;
}

function drawItems({ w, fmt, labels }: Context, s: StatementSection): void {
  const headers = [
    labels.itemNumber,
    labels.reference,
    labels.issued,
    labels.due,
    labels.original,
    labels.open,
  ];
  // The reference (another system's may be long) wraps; days overdue only when an item is overdue.
  const columns: TableColumn[] = [...headers, labels.daysOverdue].map((header, i) => ({
    header,
    align: i >= 4 ? 'right' : 'left',
    wrap: i === 1,
  }));
  const rows = s.items.map((i) => ({
    cells: [
      i.number,
      printedReference(i.paymentReference),
      fmt.date(i.issueDate),
      fmt.date(i.dueDate),
      fmt.money(i.totalMinor, s.currency),
      fmt.money(i.openMinor, s.currency),
      i.daysOverdue > 0 ? String(i.daysOverdue) : '',
    ],
  }));
  w.table(columns, rows);
}

function drawPayments({ w, fmt, labels }: Context, s: StatementSection): void {
  const columns: TableColumn[] = [
    { header: labels.receivedOn },
    { header: labels.reference, wrap: true },
    { header: labels.original, align: 'right' },
    { header: labels.open, align: 'right' },
  ];
  const rows = s.payments.map((p) => ({
    cells: [
      fmt.date(p.receivedOn),
      p.reference ?? '',
      fmt.money(p.amountMinor, s.currency),
      fmt.money(p.unappliedMinor, s.currency),
    ],
  }));
  w.table(columns, rows);
}

function bucketLabel(labels: DocumentLabels, bucket: AgingBucket): string {
  const names: Record<AgingBucket, string> = {
    current: labels.bucketCurrent,
    '1-30': labels.bucket1to30,
    '31-60': labels.bucket31to60,
    '61-90': labels.bucket61to90,
    '91+': labels.bucket91plus,
  };
  return names[bucket];
}

function drawAging({ w, fmt, labels }: Context, s: StatementSection): void {
  w.paragraph(labels.aging, { size: 9.5, bold: true }, 2);
  const columns: TableColumn[] = [...AGING_BUCKETS.map((b) => bucketLabel(labels, b)), labels.totalOpen].map(
    (header) => ({ header, align: 'right' }),
  );
  const cells = [
    ...AGING_BUCKETS.map((b) => fmt.money(s.buckets[b], s.currency)),
    fmt.money(s.totalOpenMinor, s.currency),
  ];
  w.table(columns, [{ cells }]);
}

function drawTotals({ w, fmt, labels }: Context, s: StatementSection): void {
  const rows: [string, string, boolean][] = [
    [labels.totalOpen, fmt.money(s.totalOpenMinor, s.currency), false],
  ];
  if (s.unappliedMinor !== 0n)
    rows.push([labels.lessUnapplied, fmt.money(-s.unappliedMinor, s.currency), false]);
  rows.push([labels.totalDue, fmt.money(s.totalDueMinor, s.currency), true]);
  w.ensureSpace(rows.length * 13 + 10);
  for (const [label, value, bold] of rows) {
    if (bold) w.rule(w.y - 1, 300);
    w.textAt(label, 250, w.y, 190, { size: 9, bold, align: 'right' });
    w.textAt(value, 440, w.y, PAGE.right - 440, { size: 9, bold, align: 'right' });
    w.y += 13;
  }
  w.y += 14;
}

function drawPaymentInstructions({ w, d, labels }: Context): void {
  if (!d.sections.some((s) => s.totalDueMinor > 0n)) return;
  const lines = [
    labelled(labels, labels.accountHolder, d.seller.legalName ?? d.seller.name),
    ...bankLines(d.seller, labels),
  ];
  w.ensureSpace(40 + lines.length * 12);
  w.y += w.textAt(labels.paymentInstructions, PAGE.left, w.y, CONTENT_WIDTH, { size: 10, bold: true }) + 3;
  w.y += w.textAt(labels.statementPayment, PAGE.left, w.y, CONTENT_WIDTH, { size: 9 }) + 3;
  w.y += w.linesAt(lines, PAGE.left + 10, w.y, CONTENT_WIDTH - 10, { size: 9, bold: true });
}
