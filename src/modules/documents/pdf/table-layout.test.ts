/** Column widths from measured text, with a stand-in measure: every character is half the type size wide. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CELL_PAD_X, layoutTable, MIN_SIZE, type TableColumn } from './table-layout.ts';

const measure = (text: string, size: number) => text.length * size * 0.5;
const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

describe('table layout', () => {
  const columns: TableColumn[] = [
    { header: '#', align: 'right' },
    { header: 'Description', wrap: true },
    { header: 'Unit price', align: 'right' },
    { header: 'Discount', align: 'right' },
    { header: 'Net', align: 'right' },
  ];

  it('fits every header word and every amount, and gives the rest to the wrapping column', () => {
    const rows = [{ cells: ['1', 'A long description of the work done', '1,234.56', '10%', '1,111.10'] }];
    const layout = layoutTable(columns, rows, 500, 8, measure);
    assert.equal(layout.size, 8);
    assert.ok(Math.abs(sum(layout.columns.map((c) => c.width)) - 500) < 0.01);
    const [n, description, price, discount, net] = layout.columns.map((c) => c.width);
    // "Discount" is 8 characters of 4 pt: 32 pt plus the padding, never less.
    assert.ok((discount ?? 0) >= 32 + 2 * CELL_PAD_X, `discount ${discount}`);
    // "Unit price" fits on one line when there is room: 40 pt plus padding.
    assert.ok((price ?? 0) >= 40 + 2 * CELL_PAD_X, `price ${price}`);
    assert.ok((net ?? 0) >= 32 + 2 * CELL_PAD_X && (n ?? 0) >= 4 + 2 * CELL_PAD_X);
    assert.ok((description ?? 0) > 300, `description ${description}`);
  });

  it('leaves out a column no row fills', () => {
    const rows = [
      { cells: ['1', 'Work', '10.00', '', '10.00'] },
      { cells: ['2', 'More', '5.00', '', '5.00'] },
    ];
    const layout = layoutTable(columns, rows, 500, 8, measure);
    assert.deepEqual(
      layout.columns.map((c) => c.header),
      ['#', 'Description', 'Unit price', 'Net'],
    );
    assert.deepEqual(layout.rows[0]?.cells, ['1', 'Work', '10.00', '10.00']);
  });

  it('sets the table smaller when it does not fit, never below the minimum', () => {
    const wide = Array.from({ length: 6 }, (_, i) => ({ header: `Column ${i}`, align: 'right' as const }));
    const cells = wide.map(() => '12,345,678.90 €'); // 15 characters: 60 pt at 8 pt
    const layout = layoutTable(wide, [{ cells }], 400, 8, measure);
    // 6 × (15 × s / 2 + 8.5) ≤ 400 first holds at s = 7.5 (6 × 64.75 = 388.5).
    assert.equal(layout.size, 7.5);
    const tiny = layoutTable(wide, [{ cells }], 200, 8, measure);
    assert.equal(tiny.size, MIN_SIZE);
    assert.ok(Math.abs(sum(tiny.columns.map((c) => c.width)) - 200) < 0.01);
  });

  it('evens out the columns of a table without a wrapping column', () => {
    const aging = ['Current', '1–30', '31–60', 'Total open items'].map((header) => ({
      header,
      align: 'right' as const,
    }));
    const layout = layoutTable(aging, [{ cells: ['1.00', '2.00', '3.00', '6.00'] }], 400, 8, measure);
    assert.deepEqual(
      layout.columns.map((c) => Math.round(c.width)),
      [100, 100, 100, 100],
    );
  });
});
