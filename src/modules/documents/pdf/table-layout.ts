/**
 * Column widths of a table, measured from what it prints: every column is as wide as its widest
 * cell (cells of a `wrap` column only as wide as their longest word) and as its header's longest
 * word, so that a header wraps only between words ("Unit" / "price", never "Discoun" / "t") and an
 * amount never wraps. The width left goes first to headers that would otherwise wrap, then to the
 * `wrap` columns (descriptions), else evenly to the narrowest columns. When the table does not fit
 * at its type size, it is set smaller, down to `MIN_SIZE`; a column no row fills is left out.
 * Pure: the caller measures text (`MeasureText`), so this is tested without a PDF.
 */

export interface TableColumn {
  header: string;
  align?: 'left' | 'right';
  /** Wraps its cells between words and takes the width the others leave (a description). */
  wrap?: boolean;
}

export interface TableRow {
  cells: readonly string[];
  bold?: boolean;
}

/** The width of `text` on one line at `size` points, bold or not. */
export type MeasureText = (text: string, size: number, bold: boolean) => number;

export interface TableLayout {
  /** The columns printed (those some row fills), with their widths. */
  columns: readonly (TableColumn & { width: number })[];
  /** The rows, with only the cells of the printed columns. */
  rows: readonly TableRow[];
  /** Type size of the table's cells and headers. */
  size: number;
}

/** Horizontal space inside a cell on each side: two neighbouring cells are 2 × this apart. */
export const CELL_PAD_X = 4;
export const MIN_SIZE = 6;
/** A wrapping column is never narrower than this, so a description keeps a readable measure. */
const WRAP_MIN_WIDTH = 90;
const SIZE_STEP = 0.5;
/** Rounding room, so that a word exactly as wide as its cell is not broken by the line wrapper. */
const SLACK = 0.5;

const wordsOf = (text: string) => text.split(/\s+/).filter(Boolean);

/** Leave out the columns whose cells are empty in every row. */
function usedColumns(columns: readonly TableColumn[], rows: readonly TableRow[]) {
  const used = columns.map((_, i) => rows.some((r) => (r.cells[i] ?? '') !== ''));
  return {
    columns: columns.filter((_, i) => used[i]),
    rows: rows.map((r) => ({ ...r, cells: r.cells.filter((_, i) => used[i]) })),
  };
}

interface ColumnNeed {
  /** Narrowest width with whole header words and unwrapped cells. */
  min: number;
  /** Width with the header on one line as well. */
  oneLineHeader: number;
}

function needOf(
  column: TableColumn,
  cells: readonly (readonly [string, boolean])[],
  size: number,
  measure: MeasureText,
): ColumnNeed {
  const widest = (texts: readonly string[], bold: boolean) =>
    Math.max(0, ...texts.map((t) => measure(t, size, bold)));
  const headerWord = widest(wordsOf(column.header), true);
  const content = Math.max(
    0,
    ...cells.map(([text, bold]) => widest(column.wrap ? wordsOf(text) : [text], bold)),
  );
  const floor = column.wrap ? WRAP_MIN_WIDTH : 0;
  const pad = 2 * CELL_PAD_X + SLACK;
  const min = Math.max(headerWord + pad, content + pad, floor);
  return { min, oneLineHeader: Math.max(min, measure(column.header, size, true) + pad) };
}

/** Raise the narrowest of `indexes` first, so they end up as even as `extra` allows. */
function fillEvenly(widths: number[], indexes: readonly number[], extra: number): void {
  let left = extra;
  while (left > 0.01 && indexes.length > 0) {
    const narrowest = Math.min(...indexes.map((i) => widths[i] ?? 0));
    const low = indexes.filter((i) => (widths[i] ?? 0) - narrowest < 0.01);
    const next = Math.min(...indexes.map((i) => widths[i] ?? 0).filter((w) => w - narrowest >= 0.01));
    const step = Math.min(left / low.length, Number.isFinite(next) ? next - narrowest : Infinity);
    for (const i of low) widths[i] = (widths[i] ?? 0) + step;
    left -= step * low.length;
  }
}

/** The widths at one size, or null when the columns do not fit in `width`. */
function widthsAt(needs: readonly ColumnNeed[], columns: readonly TableColumn[], width: number) {
  const widths = needs.map((n) => n.min);
  let extra = width - widths.reduce((s, w) => s + w, 0);
  if (extra < -0.01) return null;
  // Headers on one line where the room allows, the cheapest first.
  const byCost = needs.map((_, i) => i).sort((a, b) => costOf(needs[a]) - costOf(needs[b]));
  for (const i of byCost) {
    const cost = costOf(needs[i]);
    if (cost > 0 && cost <= extra && !columns[i]?.wrap) {
      widths[i] = needs[i]?.oneLineHeader ?? 0;
      extra -= cost;
    }
  }
  const wrapping = columns.flatMap((c, i) => (c.wrap ? [i] : []));
  fillEvenly(widths, wrapping.length > 0 ? wrapping : columns.map((_, i) => i), extra);
  return widths;
}

function costOf(need: ColumnNeed | undefined): number {
  return need ? need.oneLineHeader - need.min : 0;
}

/**
 * Lay out a table `width` points wide at `size` points (smaller when it must be): see the module
 * comment. Past `MIN_SIZE` the columns are scaled to fit, and wide cells wrap.
 */
export function layoutTable(
  allColumns: readonly TableColumn[],
  allRows: readonly TableRow[],
  width: number,
  size: number,
  measure: MeasureText,
): TableLayout {
  const { columns, rows } = usedColumns(allColumns, allRows);
  for (let s = size; s >= MIN_SIZE - 0.001; s -= SIZE_STEP) {
    const needs = columns.map((c, i) =>
      needOf(
        c,
        rows.map((r) => [r.cells[i] ?? '', r.bold ?? false] as const),
        s,
        measure,
      ),
    );
    const widths = widthsAt(needs, columns, width);
    if (widths) return { columns: columns.map((c, i) => ({ ...c, width: widths[i] ?? 0 })), rows, size: s };
  }
  const needs = columns.map((c, i) =>
    needOf(
      c,
      rows.map((r) => [r.cells[i] ?? '', false] as const),
      MIN_SIZE,
      measure,
    ),
  );
  const total = needs.reduce((sum, n) => sum + n.min, 0);
  return {
    columns: columns.map((c, i) => ({ ...c, width: ((needs[i]?.min ?? 0) * width) / total })),
    rows,
    size: MIN_SIZE,
  };
}
