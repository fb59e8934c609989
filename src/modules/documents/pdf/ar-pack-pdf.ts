/**
 * The monthly AR pack as PDF (A4, the embedded font): a cover with the tenant and the month, then
 * per currency the KPI table of the last 12 months with a line chart of DSO and best possible DSO,
 * the aging as of the month end with a bar chart, and the 13-week cash forecast with a bar chart;
 * then the goals' attainment and the open anomaly findings by kind and severity.
 */
import { AR_PACK_KPIS, type ArPackCurrency, type ArPackDocument, monthName } from '../ar-pack-document.ts';
import { barChart, lineChart } from './charts.ts';
import { CONTENT_BOTTOM, CONTENT_WIDTH, PAGE, type PageFrame, PdfWriter } from './pdf-writer.ts';

const DSO_COLOR = '#1f5fa8';
const BPDSO_COLOR = '#e07b00';
const BAR_COLOR = '#3d7ebf';
const CHART_HEIGHT = 150;

/** Render the pack to PDF bytes (the same data gives the same bytes). */
export async function renderArPackPdf(d: ArPackDocument): Promise<Uint8Array> {
  const w = new PdfWriter({
    title: `AR pack ${d.month} · ${d.tenantName}`,
    author: d.tenantName,
    subject: `Accounts receivable pack for ${monthName(d.month)}`,
    keywords: `ar-pack ${d.month}`,
    createdAt: new Date(`${d.preparedOn}T00:00:00Z`),
    language: 'en',
  });
  drawCover(w, d);
  for (const c of d.currencies) drawCurrency(w, c);
  drawGoals(w, d);
  drawFindings(w, d);
  return w.finish(frame(w, d));
}

function frame(w: PdfWriter, d: ArPackDocument): PageFrame {
  return (page, pages) => {
    const y = CONTENT_BOTTOM + 40;
    w.rule(y - 4);
    w.drawAt(`${d.tenantName} · AR pack ${d.month}`, PAGE.left, y, CONTENT_WIDTH / 2, { size: 7.5 });
    w.drawAt(`Page ${page} of ${pages}`, PAGE.left + CONTENT_WIDTH / 2, y, CONTENT_WIDTH / 2, {
      size: 7.5,
      align: 'right',
    });
  };
}

function heading(w: PdfWriter, text: string, size = 13): void {
  w.ensureSpace(size * 3);
  w.y += w.textAt(text, PAGE.left, w.y, CONTENT_WIDTH, { size, bold: true }) + 6;
}

function drawCover(w: PdfWriter, d: ArPackDocument): void {
  w.y = 220;
  w.paragraph('Accounts receivable pack', { size: 26, bold: true }, 14);
  w.paragraph(d.tenantName, { size: 18 }, 10);
  w.paragraph(`Period: ${monthName(d.month)} (${d.month}-01 to ${d.monthEnd})`, { size: 12 }, 6);
  w.paragraph(`Prepared on ${d.preparedOn}`, { size: 10, color: '#404040' }, 24);
  const currencies = d.currencies.map((c) => c.currency).join(', ');
  w.paragraph(`Currencies: ${currencies || 'none with receivables'}`, { size: 10 }, 4);
  w.paragraph(
    'Contents: per currency the KPIs of the last 12 months, the aging as of the month end and the 13-week cash forecast; then the goals and the open anomaly findings. KPI definitions: docs/analytics.md.',
    { size: 9, color: '#404040' },
  );
}

function drawCurrency(w: PdfWriter, c: ArPackCurrency): void {
  w.doc.addPage();
  w.y = PAGE.top;
  heading(w, `${c.currency}: KPIs of the last 12 months`);
  w.table(
    [{ header: 'Month' }, ...AR_PACK_KPIS.map(([, label]) => ({ header: label, align: 'right' as const }))],
    c.months.map((m) => ({ cells: [m.month, ...AR_PACK_KPIS.map(([key]) => m.kpis[key] ?? '—')] })),
  );
  w.paragraph('— undefined (no sales or no receivables in the month).', { size: 7, color: '#404040' }, 18);
  const num = (v: string | null) => (v === null ? null : Number(v));
  drawChart(w, (box) =>
    lineChart(
      w,
      box,
      c.months.map((m) => m.month.slice(2)),
      [
        { name: 'DSO', color: DSO_COLOR, values: c.months.map((m) => num(m.kpis.dso)) },
        { name: 'BPDSO', color: BPDSO_COLOR, values: c.months.map((m) => num(m.kpis.bpdso)) },
      ],
    ),
  );
  drawAging(w, c);
  drawForecast(w, c);
}

/** A chart box across the content width below the cursor (a new page when it does not fit). */
function drawChart(
  w: PdfWriter,
  draw: (box: { x: number; y: number; width: number; height: number }) => void,
) {
  w.ensureSpace(CHART_HEIGHT + 24);
  w.y += 14;
  draw({ x: PAGE.left, y: w.y, width: CONTENT_WIDTH, height: CHART_HEIGHT });
  w.y += CHART_HEIGHT + 16;
}

function drawAging(w: PdfWriter, c: ArPackCurrency): void {
  heading(w, `${c.currency}: aging as of the month end`, 11);
  w.table(
    [
      ...c.aging.map((b) => ({ header: b.label, align: 'right' as const })),
      { header: 'Total', align: 'right' },
    ],
    [{ cells: [...c.aging.map((b) => b.amount), c.agingTotal] }],
  );
  drawChart(w, (box) =>
    barChart(
      w,
      box,
      c.aging.map((b) => ({ label: b.label, value: Number(b.amount) })),
      BAR_COLOR,
    ),
  );
}

function drawForecast(w: PdfWriter, c: ArPackCurrency): void {
  heading(w, `${c.currency}: cash forecast, 13 weeks from the month end`, 11);
  w.table(
    [{ header: 'Week' }, { header: 'Expected', align: 'right' }],
    c.forecast.map((b) => ({ cells: [b.label, b.amount] })),
  );
  w.paragraph(`Later: ${c.forecastLater}; disputed, not expected: ${c.forecastDisputed}.`, { size: 8 }, 4);
  drawChart(w, (box) =>
    barChart(
      w,
      box,
      c.forecast.map((b) => ({ label: b.label.slice(5), value: Number(b.amount) })),
      BAR_COLOR,
    ),
  );
}

function drawGoals(w: PdfWriter, d: ArPackDocument): void {
  w.doc.addPage();
  w.y = PAGE.top;
  heading(w, 'Goals and their attainment');
  if (d.goals.length === 0) {
    w.paragraph('No KPI goals are set.', { size: 9 }, 12);
    return;
  }
  w.table(
    [
      { header: 'Goal' },
      { header: 'Target', wrap: true },
      { header: 'Period' },
      { header: 'Result', wrap: true },
      { header: 'Status' },
    ],
    d.goals.map((g) => ({ cells: [g.name, g.goal, g.period, g.results.join('\n') || '—', g.status] })),
  );
  w.y += 12;
}

function drawFindings(w: PdfWriter, d: ArPackDocument): void {
  heading(w, 'Open anomaly findings by kind and severity');
  const total = d.findings.reduce((s, f) => s + f.low + f.medium + f.high, 0);
  w.table(
    [
      { header: 'Kind' },
      { header: 'Low', align: 'right' },
      { header: 'Medium', align: 'right' },
      { header: 'High', align: 'right' },
      { header: 'Total', align: 'right' },
    ],
    [
      ...d.findings.map((f) => ({
        cells: [f.kind, String(f.low), String(f.medium), String(f.high), String(f.low + f.medium + f.high)],
      })),
      { cells: ['All kinds', '', '', '', String(total)], bold: true },
    ],
  );
}
