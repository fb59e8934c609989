import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv } from '../../shared/csv.ts';
import type { ExportEntry, ExportSnapshot } from './export.types.ts';
import { LEDGER_CSV_COLUMNS, renderLedgerCsv } from './ledger-csv.ts';

const snapshot: ExportSnapshot = {
  batchNo: 3,
  createdAt: '2026-03-31T10:00:00.000Z',
  baseCurrency: 'EUR',
  arAccount: '1100',
  accounts: { '1100': '1400', '4000': '8400' },
  customers: { c1: { ref: '=HYPERLINK("http://x.example","Klick")', debtor: '' } },
  documents: { i1: '+INV-7' },
  datev: null,
};

const entry: ExportEntry = {
  entryId: 'e1',
  entryNo: 42n,
  eventCode: 'invoice.issued',
  effectiveDate: '2026-03-01',
  description: '@SUM(1+1)',
  reversesEntryId: null,
  lines: [
    {
      lineNo: 1,
      accountCode: '1100',
      currency: 'EUR',
      amountMinor: 1250n,
      baseAmountMinor: 1250n,
      customerId: 'c1',
      invoiceId: 'i1',
      receiptId: null,
      memo: '-Rabatt',
    },
    {
      lineNo: 2,
      accountCode: '4000',
      currency: 'EUR',
      amountMinor: -1250n,
      baseAmountMinor: -1250n,
      customerId: null,
      invoiceId: null,
      receiptId: null,
      memo: null,
    },
  ],
};

describe('renderLedgerCsv', () => {
  it("writes text that starts like a formula with a leading ', as every CSV export does; numbers, dates and amounts as they are", () => {
    const table = parseCsv(renderLedgerCsv([entry], snapshot).toString('utf8'));
    assert.deepEqual(table.header, [...LEDGER_CSV_COLUMNS]);
    const [ar, revenue] = table.rows.map((r) =>
      Object.fromEntries(table.header.map((h, i) => [h, r.values[i]])),
    );
    assert.deepEqual(ar, {
      batch_no: '3',
      entry_no: '42',
      entry_id: 'e1',
      effective_date: '2026-03-01',
      event_code: 'invoice.issued',
      description: "'@SUM(1+1)",
      reverses_entry_id: '',
      document_number: "'+INV-7",
      line_no: '1',
      account_code: '1100',
      erp_account: '1400',
      customer_ref: '\'=HYPERLINK("http://x.example","Klick")',
      currency: 'EUR',
      debit: '12.50',
      credit: '',
      base_currency: 'EUR',
      base_debit: '12.50',
      base_credit: '',
      memo: "'-Rabatt",
    });
    assert.equal(revenue?.credit, '12.50');
    assert.equal(revenue?.debit, '');
    assert.equal(revenue?.memo, '');
  });
});
