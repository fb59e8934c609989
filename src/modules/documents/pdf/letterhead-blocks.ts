/**
 * The parts every document shares: the seller's letterhead at the top of the first page, the
 * recipient's address window, the document's key facts beside it, and on every page the footer
 * (company details, bank account, register entry, footer text, "page n of m") and, from the
 * second page on, a running head naming the document.
 */
import { formatIban } from '../../../shared/iban.ts';
import type { BillTo } from '../../invoices/index.ts';
import type { Letterhead } from '../../tenants/index.ts';
import { addressLines } from '../document-address.ts';
import { type DocumentLabels, fill, labelled } from '../document-labels.ts';
import { PAGE, type PageFrame, type PdfWriter } from './pdf-writer.ts';

const RIGHT_COLUMN_X = 345;
const RIGHT_COLUMN_WIDTH = PAGE.right - RIGHT_COLUMN_X;
/** The seller's address and contact lines, top right, beside the name (which takes 280 pt). */
const CONTACT_X = 335;
const CONTACT_WIDTH = PAGE.right - CONTACT_X;
const WINDOW_WIDTH = 270;
const WINDOW_Y = 125;
const GREY = '#555555';

function sellerName(seller: Letterhead): string {
  return seller.legalName ?? seller.name;
}

function contactLines(seller: Letterhead, labels: DocumentLabels): string[] {
  return [
    seller.email ? labelled(labels, labels.email, seller.email) : '',
    seller.phone ? labelled(labels, labels.phone, seller.phone) : '',
    seller.website ? labelled(labels, labels.web, seller.website) : '',
  ].filter(Boolean);
}

/** The letterhead at the top of the first page. */
export function drawLetterhead(
  w: PdfWriter,
  seller: Letterhead,
  labels: DocumentLabels,
  locale: string,
): void {
  let y = PAGE.top;
  y += w.textAt(seller.name, PAGE.left, y, 280, { size: 15, bold: true });
  if (seller.legalName && seller.legalName !== seller.name)
    w.textAt(seller.legalName, PAGE.left, y + 2, 280, { size: 8, color: GREY });
  const right = [...addressLines(seller.address, seller.country, locale), ...contactLines(seller, labels)];
  if (seller.taxId) right.push(labelled(labels, labels.taxId, seller.taxId));
  // Each line on one line (a long email address is never broken at its hyphen): smaller if need be.
  const style = { size: 7.5, align: 'right' as const, color: GREY };
  const size = w.fittingSize(right, CONTACT_WIDTH, style, 5.5) ?? 5.5;
  w.linesAt(right, CONTACT_X, PAGE.top, CONTACT_WIDTH, { ...style, size });
}

/** The recipient's address window (with the sender's return line above it); returns its bottom. */
export function drawRecipient(
  w: PdfWriter,
  seller: Letterhead,
  customer: BillTo,
  labels: DocumentLabels,
  locale: string,
) {
  const sender = [sellerName(seller), ...addressLines(seller.address, seller.country, locale)].join(' · ');
  let y = WINDOW_Y;
  // The return line above the window is one line, as on any business letter: smaller if need be.
  const senderStyle = { size: 6.5, color: GREY };
  const senderSize = w.fittingSize([sender], WINDOW_WIDTH, senderStyle, 5) ?? 5;
  y += w.textAt(sender, PAGE.left, y, WINDOW_WIDTH, { ...senderStyle, size: senderSize });
  w.rule(y + 1, PAGE.left, PAGE.left + WINDOW_WIDTH, 0.3);
  y += 6;
  y += w.textAt(customer.legalName ?? customer.name, PAGE.left, y, 270, { size: 10, bold: true });
  if (customer.legalName && customer.legalName !== customer.name)
    y += w.textAt(customer.name, PAGE.left, y, 270, { size: 9.5 });
  y += w.linesAt(addressLines(customer.billingAddress, customer.country, locale), PAGE.left, y, 270, {
    size: 9.5,
  });
  if (customer.taxId)
    y += w.textAt(labelled(labels, labels.taxId, customer.taxId), PAGE.left, y + 2, 270, { size: 8 }) + 2;
  return y;
}

/** The title and key facts (number, dates …) right of the window; returns its bottom. */
export function drawFacts(
  w: PdfWriter,
  title: string,
  facts: readonly (readonly [string, string])[],
): number {
  let y = WINDOW_Y;
  // 18 pt when the title fits on one line (“Rechnung”), 14 pt for longer ones (“Statement of account”).
  const size = w.heightOf(title, RIGHT_COLUMN_WIDTH, { size: 18, bold: true }) > 24 ? 14 : 18;
  y += w.textAt(title, RIGHT_COLUMN_X, y, RIGHT_COLUMN_WIDTH, { size, bold: true }) + 6;
  for (const [label, value] of facts) {
    const height = Math.max(
      w.heightOf(label, 95, { size: 8.5 }),
      w.heightOf(value, RIGHT_COLUMN_WIDTH - 95, { size: 8.5, bold: true }),
    );
    w.textAt(label, RIGHT_COLUMN_X, y, 95, { size: 8.5 });
    w.textAt(value, RIGHT_COLUMN_X + 95, y, RIGHT_COLUMN_WIDTH - 95, {
      size: 8.5,
      bold: true,
      align: 'right',
    });
    y += height + 1.5;
  }
  return y;
}

/** The bank lines of the footer and of payment instructions. */
export function bankLines(seller: Letterhead, labels: DocumentLabels): string[] {
  return [
    seller.bankName ? labelled(labels, labels.bank, seller.bankName) : '',
    seller.iban ? labelled(labels, labels.iban, formatIban(seller.iban)) : '',
    seller.bic ? labelled(labels, labels.bic, seller.bic) : '',
  ].filter(Boolean);
}

export interface FrameContent {
  seller: Letterhead;
  labels: DocumentLabels;
  locale: string;
  /** Named at the top of every page after the first, e.g. `Invoice INV-000042`. */
  runningHead: string;
}

/** The per-page frame: running head (from page 2), footer and page number. */
export function pageFrame(w: PdfWriter, c: FrameContent): PageFrame {
  const columns = [
    [sellerName(c.seller), ...addressLines(c.seller.address, c.seller.country, c.locale)],
    [
      ...(c.seller.taxId ? [labelled(c.labels, c.labels.taxId, c.seller.taxId)] : []),
      ...contactLines(c.seller, c.labels),
    ],
    [...bankLines(c.seller, c.labels), ...(c.seller.registration ? [c.seller.registration] : [])],
  ];
  // A column is set smaller (to 5.5 pt) when that keeps every line whole (an email address is not
  // broken at its hyphen); a register entry too long even then wraps between words at 6.5 pt.
  const base = { size: 6.5, color: GREY };
  const styles = columns.map((lines) => ({ ...base, size: w.fittingSize(lines, 160, base, 5.5) ?? 6.5 }));
  return (page, pages) => {
    if (page > 1) {
      w.textAt(`${c.runningHead} · ${c.seller.name}`, PAGE.left, PAGE.top, 400, { size: 8, color: GREY });
      w.rule(PAGE.top + 14);
    }
    w.rule(754);
    columns.forEach((lines, i) => {
      w.linesAt(lines, PAGE.left + i * 167, 758, 160, styles[i] ?? base);
    });
    if (c.seller.footer) w.textAt(c.seller.footer, PAGE.left, 806, 390, base);
    w.textAt(fill(c.labels.page, { page, pages }), PAGE.right - 100, 818, 100, { size: 7.5, align: 'right' });
  };
}
