import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { datevBookingsOf } from './datev-bookings.ts';
import { documentField } from './datev-format.ts';
import type { ExportEntry, ExportLine, ExportSnapshot } from './export.types.ts';
import { fiscalYearStartOf } from './fiscal-year.ts';
import { toWindows1252 } from './windows-1252.ts';

const snapshot: ExportSnapshot = {
  batchNo: 1,
  createdAt: '2026-03-31T12:00:00.000Z',
  baseCurrency: 'EUR',
  arAccount: '1100',
  accounts: { '1100': '1400', '1200': '1200', '4000': '8400', '2200': '1776', '6800': '4970' },
  customers: { c1: { ref: 'K-1', debtor: '10042' } },
  documents: { i1: 'RE 2026/0007' },
  datev: null,
};

const line = (
  lineNo: number,
  accountCode: string,
  base: bigint,
  extra: Partial<ExportLine> = {},
): ExportLine => ({
  lineNo,
  accountCode,
  currency: 'EUR',
  amountMinor: base,
  baseAmountMinor: base,
  customerId: null,
  invoiceId: null,
  receiptId: null,
  memo: null,
  ...extra,
});

const entry = (lines: ExportLine[]): ExportEntry => ({
  entryId: 'e1',
  entryNo: 7n,
  eventCode: 'invoice.issued',
  effectiveDate: '2026-03-01',
  description: 'Invoice RE 2026/0007',
  reversesEntryId: null,
  lines,
});

describe('DATEV bookings of a journal entry', () => {
  it('pairs an invoice with tax into two bookings from the debtor account', () => {
    const b = datevBookingsOf(
      entry([
        line(1, '1100', 11900n, { customerId: 'c1', invoiceId: 'i1' }),
        line(2, '4000', -10000n),
        line(3, '2200', -1900n),
      ]),
      snapshot,
    );
    assert.deepEqual(
      b.map((x) => [x.amountMinor, x.debitAccount, x.creditAccount, x.documentNo]),
      [
        [10000n, '10042', '8400', 'RE 2026/0007'],
        [1900n, '10042', '1776', 'RE 2026/0007'],
      ],
    );
  });

  it('splits many debits against many credits without losing a cent', () => {
    const lines = [
      line(1, '1200', 9950n),
      line(2, '6800', 50n),
      line(3, '1100', -6000n, { customerId: 'c1' }),
      line(4, '1100', -4000n),
    ];
    const b = datevBookingsOf(entry(lines), snapshot);
    const net = new Map<string, bigint>();
    for (const x of b) {
      net.set(x.debitAccount, (net.get(x.debitAccount) ?? 0n) + x.amountMinor);
      net.set(x.creditAccount, (net.get(x.creditAccount) ?? 0n) - x.amountMinor);
    }
    assert.deepEqual(Object.fromEntries(net), {
      '1200': 9950n,
      '4970': 50n,
      '10042': -6000n,
      '1400': -4000n,
    });
  });
});

describe('DATEV field rules', () => {
  it('keeps Belegfeld 1 to 36 allowed characters', () => {
    assert.equal(documentField('RE 2026/0007_ä'), 'RE2026/0007');
    assert.equal(documentField('X'.repeat(40)).length, 36);
  });

  it('encodes Windows-1252', () => {
    assert.deepEqual([...toWindows1252('Müller €„')], [0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x20, 0x80, 0x84]);
    assert.deepEqual([...toWindows1252('Ł😀')], [0x3f, 0x3f]);
  });

  it('finds the fiscal year start', () => {
    assert.equal(fiscalYearStartOf('2026-03-15', 7), '2025-07-01');
    assert.equal(fiscalYearStartOf('2026-07-01', 7), '2026-07-01');
    assert.equal(fiscalYearStartOf('2026-12-31', 1), '2026-01-01');
  });
});
