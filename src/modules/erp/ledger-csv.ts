/**
 * The generic CSV of a batch: one row per journal line, in entry number and line order, UTF-8,
 * comma-separated (RFC 4180), amounts with a decimal point in debit and credit columns (never
 * signed), in the line's currency and in the base currency. docs/erp.md describes each column.
 */
import { toCsv } from '../../shared/csv.ts';
import { formatAmount } from '../../shared/money.ts';
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

const side = (minor: bigint, currency: string, debit: boolean) =>
  (debit ? minor > 0n : minor < 0n) ? formatAmount(minor < 0n ? -minor : minor, currency) : '';

function lineRow(e: ExportEntry, l: ExportLine, s: ExportSnapshot): string[] {
  return [
    String(s.batchNo),
    String(e.entryNo),
    e.entryId,
    e.effectiveDate,
    e.eventCode,
    e.description,
    e.reversesEntryId ?? '',
    documentNoOf(e, s),
    String(l.lineNo),
    l.accountCode,
    erpAccountOfLine(l, s),
    l.customerId ? (s.customers[l.customerId]?.ref ?? '') : '',
    l.currency,
    side(l.amountMinor, l.currency, true),
    side(l.amountMinor, l.currency, false),
    s.baseCurrency,
    side(l.baseAmountMinor, s.baseCurrency, true),
    side(l.baseAmountMinor, s.baseCurrency, false),
    l.memo ?? '',
  ];
}

export function renderLedgerCsv(entries: readonly ExportEntry[], s: ExportSnapshot): Buffer {
  const rows = entries.flatMap((e) => e.lines.map((l) => lineRow(e, l, s)));
  return Buffer.from(toCsv([[...LEDGER_CSV_COLUMNS], ...rows]), 'utf8');
}
