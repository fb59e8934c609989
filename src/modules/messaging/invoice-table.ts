/**
 * The `{{invoice_table}}` block: the listed invoices with their dates and amounts, and a total of
 * the open amounts. As text it is a fixed-width table (amounts right-aligned); as HTML a `<table>`
 * styled by the document's style sheet (template-render.ts).
 */
import { type CalendarDate, daysBetween } from '../../shared/calendar-date.ts';
import type { Money } from '../../shared/money.ts';
import { formatMoney, formatShortDate, formatTotals } from './message-format.ts';
import type { MessageLabels } from './message-labels.ts';
import { escapeHtml } from './template-render.ts';

export interface TableInvoice {
  readonly number: string;
  readonly issueDate?: CalendarDate | null | undefined;
  readonly dueDate?: CalendarDate | null | undefined;
  readonly total: Money;
  readonly open: Money;
}

interface Cells {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly footer: readonly string[];
  /** Columns aligned right (the amounts and the days). */
  readonly right: readonly number[];
}

/** Days overdue as of `asOf`: the number when past due, '' otherwise. */
function overdueCell(dueDate: CalendarDate | null | undefined, asOf: CalendarDate | null): string {
  if (!asOf || !dueDate) return '';
  const days = daysBetween(dueDate, asOf);
  return days > 0 ? String(days) : '';
}

function cells(
  invoices: readonly TableInvoice[],
  labels: MessageLabels,
  locale: string,
  asOf: CalendarDate | null,
): Cells {
  const withDays = asOf !== null && invoices.some((i) => overdueCell(i.dueDate, asOf) !== '');
  const header = [labels.invoice, labels.date, labels.due, labels.amount, labels.open];
  const rows = invoices.map((i) => {
    const row = [
      i.number,
      i.issueDate ? formatShortDate(i.issueDate, locale) : '',
      i.dueDate ? formatShortDate(i.dueDate, locale) : '',
      formatMoney(i.total, locale),
      formatMoney(i.open, locale),
    ];
    return withDays ? [...row, overdueCell(i.dueDate, asOf)] : row;
  });
  const footer = [
    labels.total,
    '',
    '',
    '',
    formatTotals(
      invoices.map((i) => i.open),
      locale,
    ),
  ];
  return {
    header: withDays ? [...header, labels.overdue] : header,
    rows,
    footer: withDays ? [...footer, ''] : footer,
    right: [3, 4, 5],
  };
}

/** The table as fixed-width text lines. */
export function invoiceTableText(
  invoices: readonly TableInvoice[],
  labels: MessageLabels,
  locale: string,
  asOf: CalendarDate | null,
): string {
  if (invoices.length === 0) return '';
  const t = cells(invoices, labels, locale, asOf);
  const all = [t.header, ...t.rows, t.footer];
  const widths = t.header.map((_, c) => Math.max(...all.map((r) => [...(r[c] ?? '')].length)));
  const line = (r: readonly string[]) =>
    r
      .map((cell, c) => {
        const pad = ' '.repeat(Math.max(0, (widths[c] ?? 0) - [...cell].length));
        return t.right.includes(c) ? pad + cell : cell + pad;
      })
      .join('   ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('   ');
  return [line(t.header), rule, ...t.rows.map(line), rule, line(t.footer)].join('\n');
}

/** The table as HTML (every cell escaped). */
export function invoiceTableHtml(
  invoices: readonly TableInvoice[],
  labels: MessageLabels,
  locale: string,
  asOf: CalendarDate | null,
): string {
  if (invoices.length === 0) return '';
  const t = cells(invoices, labels, locale, asOf);
  const row = (r: readonly string[], tag: 'th' | 'td') =>
    `<tr>${r.map((cell, c) => `<${tag}${t.right.includes(c) ? ' class="n"' : ''}>${escapeHtml(cell)}</${tag}>`).join('')}</tr>`;
  return [
    '<table class="items">',
    `<thead>${row(t.header, 'th')}</thead>`,
    `<tbody>${t.rows.map((r) => row(r, 'td')).join('\n')}</tbody>`,
    `<tfoot>${row(t.footer, 'td')}</tfoot>`,
    '</table>',
  ].join('\n');
}
