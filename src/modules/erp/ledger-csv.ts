/**
 * The generic CSV of a batch: one row per journal line, in entry number and line order, UTF-8,
 * comma-separated (RFC 4180), amounts with a decimal point in debit and credit columns (never
 * signed), in the line's currency and in the base currency. docs/erp.md describes each column.
 * Written like every CSV export (`tableCsv`): a text that starts like a formula gets a leading `'`.
 */
import { exponentOf } from '../../shared/currency.ts';
import { formatAmount } from '../../shared/money.ts';
import { tableCsv } from '../../shared/table-csv.ts';
import { amount, date, integer, text, type XlsxCell } from '../../shared/xlsx.ts';
import { documentNoOf, erpAccountOfLine } from './datev-bookings.ts';
import type { ExportEntry, ExportLine, ExportSnapshot } from './export.types.ts';

export const LEDGER_CSV_COLUMNS = [
  'batch_no',
  'entry_no',
  'entry_id',
  'effective_date',
  'event_code',
  'description',
  'reverses_entry_id',
  'document_number',
  'line_no',
  'account_code',
  'erp_account',
  'customer_ref',
  'currency',
  'debit',
  'credit',
  'base_currency',
  'base_debit',
  'base_credit',
  'memo',
] as const;

/** The debit (or credit) column of a signed amount: its magnitude on its own side, else empty. */
function side(minor: bigint, currency: string, debit: boolean): XlsxCell {
  if (!(debit ? minor > 0n : minor < 0n)) return null;
  return amount(formatAmount(minor < 0n ? -minor : minor, currency), exponentOf(currency));
}

const optionalText = (value: string | null | undefined): XlsxCell => (value ? text(value) : null);

function lineRow(e: ExportEntry, l: ExportLine, s: ExportSnapshot): XlsxCell[] {
  return [
    integer(s.batchNo),
    integer(e.entryNo),
    text(e.entryId),
    date(e.effectiveDate),
    text(e.eventCode),
    text(e.description),
    optionalText(e.reversesEntryId),
    text(documentNoOf(e, s)),
    integer(l.lineNo),
    text(l.accountCode),
    text(erpAccountOfLine(l, s)),
    optionalText(l.customerId ? s.customers[l.customerId]?.ref : null),
    text(l.currency),
    side(l.amountMinor, l.currency, true),
    side(l.amountMinor, l.currency, false),
    text(s.baseCurrency),
    side(l.baseAmountMinor, s.baseCurrency, true),
    side(l.baseAmountMinor, s.baseCurrency, false),
    optionalText(l.memo),
  ];
}

export function renderLedgerCsv(entries: readonly ExportEntry[], s: ExportSnapshot): Buffer {
  const rows = entries.flatMap((e) => e.lines.map((l) => lineRow(e, l, s)));
  return Buffer.from(tableCsv({ header: LEDGER_CSV_COLUMNS, rows }), 'utf8');
}
