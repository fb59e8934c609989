/**
 * The values of a message's placeholders, built from what the caller queued (the content of its
 * kind) and who it goes to, formatted for the reader's language and locale. Pure: no I/O.
 * A zero fee or interest, and an empty optional text, are absent ({{#if}} is false).
 */
import { type CalendarDate, daysBetween } from '../../shared/calendar-date.ts';
import type { Money } from '../../shared/money.ts';
import { invoiceTableHtml, invoiceTableText, type TableInvoice, tableCells } from './invoice-table.ts';
import { formatIban, formatLongDate, formatMoney, formatPercent, formatTotals } from './message-format.ts';
import { labelsFor, type MessageLabels } from './message-labels.ts';
import type { MessageContent } from './messaging.input.ts';
import { escapeHtml, type RenderValue } from './template-render.ts';

export interface PaymentInstructions {
  readonly iban: string | null;
  readonly bic: string | null;
  readonly accountHolder: string | null;
  readonly reference: string | null;
}

export interface RenderContext {
  readonly language: string;
  readonly locale: string;
  readonly companyName: string;
  readonly customerName: string;
  readonly customerNumber: string;
  readonly contactName: string | null;
  /** True for a printed letter: `on_paper` is present, and wording meant for email gives way. */
  readonly onPaper: boolean;
  /** How the customer reaches the company (letterhead phone; reply-to, else letterhead email). */
  readonly companyPhone: string | null;
  readonly companyEmail: string | null;
  /** The customer's currency: what an empty total is shown in. */
  readonly currency: string;
  readonly payment: PaymentInstructions;
  /** The customer's portal link this message carries (docs/portal.md); absent: none. */
  readonly portalUrl?: string | null;
}

type Values = Record<string, RenderValue>;

const plain = (text: string | null | undefined): RenderValue => ({ text: text ?? '' });

/** Groups of four, as IBANs and RF references are printed; other references stay as they are. */
function printedReference(reference: string): string {
  return /^RF\d{2}[0-9A-Z]+$/i.test(reference.replace(/\s+/g, '')) ? formatIban(reference) : reference;
}

function paymentBlock(p: PaymentInstructions, labels: MessageLabels, fallbackReference: string): RenderValue {
  if (!p.iban) return plain('');
  const lines = [
    labels.payIntro,
    ...(p.accountHolder ? [`${labels.accountHolder}${labels.colon}${p.accountHolder}`] : []),
    `IBAN${labels.colon}${formatIban(p.iban)}`,
    ...(p.bic ? [`BIC${labels.colon}${p.bic.toUpperCase()}`] : []),
    `${labels.reference}${labels.colon}${p.reference ? printedReference(p.reference) : fallbackReference}`,
  ];
  return {
    text: lines.join('\n'),
    html: `<div class="pay">${lines.map(escapeHtml).join('<br>\n')}</div>`,
  };
}

function tableValue(
  invoices: readonly TableInvoice[],
  ctx: RenderContext,
  asOf: CalendarDate | null,
): RenderValue {
  const cells = tableCells(invoices, labelsFor(ctx.language), ctx.locale, asOf);
  return { text: invoiceTableText(cells), html: invoiceTableHtml(cells) };
}

const moneyValue = (m: Money | undefined, ctx: RenderContext): RenderValue =>
  plain(m && m.amountMinor !== 0n ? formatMoney(m, ctx.locale) : '');

/** Sums per currency; an empty list is a zero in the customer's currency. */
const totals = (values: readonly Money[], ctx: RenderContext): string =>
  formatTotals(values, ctx.locale) || formatMoney({ amountMinor: 0n, currency: ctx.currency }, ctx.locale);

const dateValue = (d: CalendarDate | null | undefined, ctx: RenderContext): RenderValue =>
  plain(d ? formatLongDate(d, ctx.locale) : '');

function percentValue(pct: string | undefined, ctx: RenderContext): RenderValue {
  if (!pct) return plain('');
  return plain(`${formatPercent(pct, ctx.locale)} % ${labelsFor(ctx.language).perAnnum}`);
}

/** The reference to quote when the caller gave none: the one invoice's number, else "the invoice numbers". */
function listReference(invoices: readonly TableInvoice[], labels: MessageLabels): string {
  return invoices.length === 1 && invoices[0] ? invoices[0].number : labels.referenceInvoices;
}

function kindValues(content: MessageContent, ctx: RenderContext): { values: Values; reference: string } {
  const labels = labelsFor(ctx.language);
  switch (content.kind) {
    case 'invoice':
      return {
        reference: content.paymentReference
          ? printedReference(content.paymentReference)
          : content.invoiceNumber,
        values: {
          invoice_number: plain(content.invoiceNumber),
          invoice_date: dateValue(content.issueDate, ctx),
          due_date: dateValue(content.dueDate, ctx),
          invoice_total: plain(formatMoney(content.total, ctx.locale)),
          amount_due: plain(formatMoney(content.open ?? content.total, ctx.locale)),
          payment_reference: plain(
            content.paymentReference ? printedReference(content.paymentReference) : '',
          ),
          po_number: plain(content.poNumber),
        },
      };
    case 'credit_note':
      return {
        reference: content.creditNoteNumber,
        values: {
          credit_note_number: plain(content.creditNoteNumber),
          credit_note_date: dateValue(content.issueDate, ctx),
          credit_note_total: plain(formatMoney(content.total, ctx.locale)),
          invoice_number: plain(content.invoiceNumber),
          reason: plain(content.reason),
        },
      };
    case 'statement':
      return { reference: listReference(content.invoices, labels), values: statementValues(content, ctx) };
    case 'dunning':
      return { reference: listReference(content.invoices, labels), values: dunningValues(content, ctx) };
    case 'promise_confirmation': {
      const invoices = content.invoices ?? [];
      return {
        reference: listReference(invoices, labels),
        values: {
          promise_date: dateValue(content.promisedDate, ctx),
          promise_amount: plain(formatMoney(content.amount, ctx.locale)),
          invoice_table: tableValue(invoices, ctx, null),
          invoice_count: plain(invoices.length > 0 ? String(invoices.length) : ''),
        },
      };
    }
  }
}

function statementValues(
  content: Extract<MessageContent, { kind: 'statement' }>,
  ctx: RenderContext,
): Values {
  const open = content.invoices.map((i) => i.open);
  const overdue = content.invoices
    .filter((i) => i.dueDate && daysBetween(i.dueDate, content.asOf) > 0 && i.open.amountMinor !== 0n)
    .map((i) => i.open);
  const unapplied = (content.unapplied ?? []).filter((u) => u.amountMinor !== 0n);
  const negated = unapplied.map((u) => ({ amountMinor: -u.amountMinor, currency: u.currency }));
  return {
    statement_date: dateValue(content.asOf, ctx),
    invoice_table: tableValue(content.invoices, ctx, content.asOf),
    invoice_count: plain(String(content.invoices.length)),
    total_open: plain(totals(open, ctx)),
    total_overdue: plain(overdue.length > 0 ? formatTotals(overdue, ctx.locale) : ''),
    unapplied_credit: plain(unapplied.length > 0 ? formatTotals(unapplied, ctx.locale) : ''),
    balance: plain(totals([...open, ...negated], ctx)),
  };
}

function dunningValues(content: Extract<MessageContent, { kind: 'dunning' }>, ctx: RenderContext): Values {
  const open = content.invoices.map((i) => i.open);
  const charges = [content.fee, content.interest].filter((m): m is Money => m !== undefined);
  return {
    level: plain(String(content.level)),
    letter_date: dateValue(content.letterDate, ctx),
    invoice_table: tableValue(content.invoices, ctx, content.letterDate),
    invoice_count: plain(String(content.invoices.length)),
    total_open: plain(totals(open, ctx)),
    fee: moneyValue(content.fee, ctx),
    interest: moneyValue(content.interest, ctx),
    interest_rate:
      content.interest && content.interest.amountMinor !== 0n
        ? percentValue(content.interestRatePct, ctx)
        : plain(''),
    total_due: plain(totals([...open, ...charges], ctx)),
    pay_by: dateValue(content.payBy, ctx),
  };
}

/** Every placeholder value of a message: the common ones and those of its kind. */
export function messageValues(content: MessageContent, ctx: RenderContext): Values {
  const { values, reference } = kindValues(content, ctx);
  return {
    company_name: plain(ctx.companyName),
    customer_name: plain(ctx.customerName),
    customer_number: plain(ctx.customerNumber),
    contact_name: plain(ctx.contactName),
    on_paper: plain(ctx.onPaper ? 'yes' : ''),
    company_phone: plain(ctx.companyPhone),
    company_email: plain(ctx.companyEmail),
    payment_instructions: paymentBlock(ctx.payment, labelsFor(ctx.language), reference),
    portal_url: plain(ctx.onPaper ? '' : ctx.portalUrl),
    ...values,
  };
}
