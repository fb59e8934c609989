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

export interface TableCells {
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

/** The table's cells, formatted once for both the text and the HTML form. */
export function tableCells(
  invoices: readonly TableInvoice[],
  labels: MessageLabels,
  locale: string,
  asOf: CalendarDate | null,
): TableCells {
  const days = invoices.map((i) => overdueCell(i.dueDate, asOf));
  const withDays = days.some((d) => d !== '');
  const header = [labels.invoice, labels.date, labels.due, labels.amount, labels.open];
  const rows = invoices.map((i, n) => {
    const row = [
      i.number,
      i.issueDate ? formatShortDate(i.issueDate, locale) : '',
      i.dueDate ? formatShortDate(i.dueDate, locale) : '',
      formatMoney(i.total, locale),
      formatMoney(i.open, locale),
    ];
    return withDays ? [...row, days[n] ?? ''] : row;
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

/** The table as fixed-width text lines ('' for no invoices). */
export function invoiceTableText(t: TableCells): string {
  if (t.rows.length === 0) return '';
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

/** The table as HTML, every cell escaped ('' for no invoices). */
export function invoiceTableHtml(t: TableCells): string {
  if (t.rows.length === 0) return '';
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
