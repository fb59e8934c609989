import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readXlsx, unzip } from '../../test/helpers/xlsx.ts';
import { amount, columnName, date, dateSerial, integer, text, xlsxWorkbook } from './xlsx.ts';
import { crc32, zip } from './zip.ts';

describe('zip', () => {
  it('computes the CRC-32 ZIP uses', () => {
    assert.equal(crc32(Buffer.from('abc')), 0x352441c2);
    assert.equal(crc32(Buffer.from('')), 0);
  });

  it('writes entries that read back byte for byte, the same bytes each time', () => {
    const entries = [
      { name: 'a.txt', data: Buffer.from('hello '.repeat(100)) },
      { name: 'dir/ü.xml', data: Buffer.from('<x/>') },
    ];
    const bytes = zip(entries);
    const back = unzip(bytes);
    assert.deepEqual([...back.keys()], ['a.txt', 'dir/ü.xml']);
    assert.equal(back.get('a.txt')?.toString(), 'hello '.repeat(100));
    assert.ok(zip(entries).equals(bytes), 'deterministic');
  });
});

describe('xlsx', () => {
  it('names columns and dates as Excel does', () => {
    assert.deepEqual([0, 25, 26, 27, 701, 702].map(columnName), ['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
    assert.equal(dateSerial('1900-03-01'), 61);
    assert.equal(dateSerial('2026-03-31'), 46112);
  });

  it('writes numbers as numbers with the currency’s decimals, dates as dates, text as text', () => {
    const bytes = xlsxWorkbook([
      {
        name: 'Aging',
        header: ['currency', 'customer', 'total', 'due', 'count'],
        rows: [
          [text('EUR'), text('Müller & Söhne <GmbH>'), amount('-1234.50', 2), date('2026-03-31'), integer(3)],
          [text('JPY'), text(' spaced '), amount('120000', 0), null, integer(12345678901234n)],
          [text('KWD'), text('x'), amount('1.005', 3), date('1999-12-31'), integer(0)],
        ],
      },
      { name: 'Second', header: ['a'], rows: [] },
    ]);
    const [sheet, second] = readXlsx(bytes);
    assert.equal(sheet?.name, 'Aging');
    assert.equal(second?.name, 'Second');
    assert.deepEqual(
      sheet?.rows[0]?.map((c) => c?.value),
      ['currency', 'customer', 'total', 'due', 'count'],
    );
    assert.deepEqual(sheet?.rows[1], [
      { type: 's', value: 'EUR', format: 'General' },
      { type: 's', value: 'Müller & Söhne <GmbH>', format: 'General' },
      { type: 'n', value: '-1234.50', format: '#,##0.00' },
      { type: 'd', value: '2026-03-31', format: 'yyyy-mm-dd' },
      { type: 'n', value: '3', format: '#,##0' },
    ]);
    assert.equal(sheet?.rows[2]?.[1]?.value, ' spaced ');
    assert.equal(sheet?.rows[2]?.[2]?.format, '#,##0');
    assert.equal(sheet?.rows[2]?.[3], null, 'an empty cell is left out');
    assert.equal(sheet?.rows[2]?.[4]?.value, '12345678901234');
    assert.deepEqual(sheet?.rows[3]?.[2], { type: 'n', value: '1.005', format: '#,##0.000' });
    assert.equal(sheet?.rows[3]?.[3]?.value, '1999-12-31');
  });

  it('refuses what a spreadsheet could not read', () => {
    assert.throws(() => xlsxWorkbook([]), /needs a sheet/);
    assert.throws(() => xlsxWorkbook([{ name: 'a/b', header: [], rows: [] }]), /sheet name/);
    assert.throws(
      () => xlsxWorkbook([{ name: 'a', header: ['x'], rows: [[amount('1,5', 2)]] }]),
      /not a decimal/,
    );
    assert.throws(() => xlsxWorkbook([{ name: 'a', header: ['x'], rows: [[date('31.03.2026')]] }]), /date/);
  });

  it('drops characters XML cannot hold', () => {
    const [sheet] = readXlsx(xlsxWorkbook([{ name: 's', header: ['x'], rows: [[text('a\u0001b')]] }]));
    assert.equal(sheet?.rows[1]?.[0]?.value, 'ab');
  });

  it('marks a text that looks like a formula as text (quotePrefix), and keeps negative amounts numbers', () => {
    const formulas = ['=HYPERLINK("http://x.example","x")', '+1-2', '-Rabatt', '@SUM(A1)', '\t=1'];
    const [sheet] = readXlsx(
      xlsxWorkbook([
        {
          name: 's',
          header: ['=header', 'amount'],
          rows: [
            ...formulas.map((f) => [text(f), amount('-12.50', 2)]),
            [text('Müller'), amount('12.50', 2)],
          ],
        },
      ]),
    );
    const [header, ...rows] = sheet?.rows ?? [];
    assert.deepEqual(header?.[0], { type: 's', value: '=header', format: 'General', quotePrefix: true });
    for (const [i, f] of formulas.entries()) {
      assert.deepEqual(rows[i]?.[0], { type: 's', value: f, format: 'General', quotePrefix: true }, f);
      assert.deepEqual(rows[i]?.[1], { type: 'n', value: '-12.50', format: '#,##0.00' });
    }
    assert.deepEqual(rows[formulas.length]?.[0], { type: 's', value: 'Müller', format: 'General' });
  });
});
