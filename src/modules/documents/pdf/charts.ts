/**
 * Charts drawn with pdfkit's vector graphics (no images): a line chart of series over periods and
 * a bar chart, each in a box with a y axis of round steps, grid lines and labels. The values are
 * only geometry here; the figures a reader checks are printed in the tables beside them.
 */
import type { PdfWriter } from './pdf-writer.ts';

export interface ChartBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LineSeries {
  readonly name: string;
  readonly color: string;
  /** One value per label; null leaves a gap. */
  readonly values: readonly (number | null)[];
}

export interface Bar {
  readonly label: string;
  readonly value: number;
}

/** Room left of the plot for the axis labels, and below it for the x labels. */
const AXIS_LEFT = 44;
const AXIS_BOTTOM = 16;
const STEPS = 4;

/** A round step (1, 2, 2.5 or 5 × 10ⁿ) so that `STEPS` of them cover `max`. */
export function niceStep(max: number): number {
  if (!(max > 0)) return 1;
  const raw = max / STEPS;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return step ?? 10 * power;
}

function axisLabel(value: number): string {
  if (Math.abs(value) >= 1_000_000) return `${(value / 1_000_000).toLocaleString('en-US')}M`;
  if (Math.abs(value) >= 10_000) return `${(value / 1_000).toLocaleString('en-US')}k`;
  return value.toLocaleString('en-US');
}

/** The plot area, its y axis (grid and labels from `min` to `min + STEPS × step`) drawn. */
function drawAxes(w: PdfWriter, box: ChartBox, min: number, step: number) {
  const plot = {
    x: box.x + AXIS_LEFT,
    y: box.y,
    width: box.width - AXIS_LEFT,
    height: box.height - AXIS_BOTTOM,
  };
  const top = min + STEPS * step;
  const yOf = (v: number) => plot.y + plot.height - ((v - min) / (top - min)) * plot.height;
  for (let i = 0; i <= STEPS; i++) {
    const v = min + i * step;
    const y = yOf(v);
    w.doc
      .moveTo(plot.x, y)
      .lineTo(plot.x + plot.width, y)
      .lineWidth(i === 0 || v === 0 ? 0.6 : 0.3)
      .strokeColor(i === 0 || v === 0 ? '#606060' : '#d0d0d0')
      .stroke();
    w.drawAt(axisLabel(v), box.x, y - 3.5, AXIS_LEFT - 4, { size: 6.5, align: 'right', color: '#404040' });
  }
  return { plot, yOf };
}

/** X labels under `count` slots of the plot, every `every`-th one. */
function drawXLabels(
  w: PdfWriter,
  plot: ChartBox,
  labels: readonly string[],
  xOf: (i: number) => number,
  slot: number,
): void {
  const every = Math.max(1, Math.ceil(labels.length / Math.max(1, Math.floor(plot.width / 34))));
  labels.forEach((label, i) => {
    if (i % every !== 0) return;
    w.drawAt(label, xOf(i) - slot / 2, plot.y + plot.height + 4, slot * every, {
      size: 6.5,
      align: 'center',
      color: '#404040',
    });
  });
}

function range(values: readonly number[]): { min: number; step: number } {
  const max = Math.max(0, ...values);
  const low = Math.min(0, ...values);
  const step = niceStep(max - low);
  return { min: Math.floor(low / step) * step, step };
}

/** Lines of `series` over `labels`, with a legend above the box. */
export function lineChart(
  w: PdfWriter,
  box: ChartBox,
  labels: readonly string[],
  series: readonly LineSeries[],
): void {
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const { min, step } = range(all);
  const { plot, yOf } = drawAxes(w, box, min, step);
  const slot = plot.width / Math.max(1, labels.length);
  const xOf = (i: number) => plot.x + slot * (i + 0.5);
  drawXLabels(w, plot, labels, xOf, slot);
  series.forEach((s, n) => {
    let drawing = false;
    s.values.forEach((v, i) => {
      if (v === null) {
        drawing = false;
        return;
      }
      if (drawing) w.doc.lineTo(xOf(i), yOf(v));
      else w.doc.moveTo(xOf(i), yOf(v));
      drawing = true;
    });
    w.doc.lineWidth(1.4).strokeColor(s.color).stroke();
    for (const [i, v] of s.values.entries())
      if (v !== null) w.doc.circle(xOf(i), yOf(v), 1.6).fillColor(s.color).fill();
    const lx = plot.x + n * 90;
    w.doc
      .rect(lx, box.y - 10, 10, 3)
      .fillColor(s.color)
      .fill();
    w.drawAt(s.name, lx + 14, box.y - 12, 70, { size: 7 });
  });
}

/** One bar per value over its label, in `color`. */
export function barChart(w: PdfWriter, box: ChartBox, bars: readonly Bar[], color: string): void {
  const { min, step } = range(bars.map((b) => b.value));
  const { plot, yOf } = drawAxes(w, box, min, step);
  const slot = plot.width / Math.max(1, bars.length);
  const xOf = (i: number) => plot.x + slot * (i + 0.5);
  const base = yOf(0);
  bars.forEach((b, i) => {
    const top = yOf(b.value);
    const width = slot * 0.64;
    if (b.value !== 0)
      w.doc
        .rect(xOf(i) - width / 2, Math.min(top, base), width, Math.abs(base - top))
        .fillColor(color)
        .fill();
  });
  drawXLabels(
    w,
    plot,
    bars.map((b) => b.label),
    xOf,
    slot,
  );
}
