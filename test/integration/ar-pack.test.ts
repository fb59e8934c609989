/**
 * The analytics exports (CSV cell by cell, XLSX opened) and the monthly AR pack: its PDF shows the
 * KPIs of a small history worked out by hand (as kpi-api.test.ts: January to March 2026, EUR, plus
 * a CHF invoice), and the `ar-pack.monthly` run mails it once per month, with the PDF attached, to
 * an international address on a real SMTP server; a second run the same month sends nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sendMonthlyArPack } from '../../src/modules/communication/index.ts';
import { getStoredDocument } from '../../src/modules/documents/index.ts';
import { deliverOutbox } from '../../src/modules/messaging/delivery.service.ts';
import { smtpTransport } from '../../src/modules/messaging/smtp-transport.ts';
import { parseCsv } from '../../src/shared/csv.ts';
import { type ApiTestContext, apiTenant, client, ok, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';
import { deliveryDeps, steppingClock } from '../helpers/messaging.ts';
import { attachmentsOf, parseMime } from '../helpers/mime.ts';
import { pdfText, popplerMissing } from '../helpers/pdf.ts';
import { startSmtpServer } from '../helpers/smtp.ts';
import { readXlsx } from '../helpers/xlsx.ts';

type Api = ReturnType<typeof client>;

describe(`analytics exports and the AR pack (${backendName})`, () => {
  let ctx: ApiTestContext;
  let api: Api;
  let keys: Awaited<ReturnType<typeof apiTenant>>['keys'];
  let tenantId: string;
  const raw = async (url: string, key = keys.viewer) => {
    const res = await ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}` } });
    return res;
  };
  before(async () => {
    ctx = await openApiTestContext('2026-04-15T12:00:00Z');
    const t = await apiTenant(ctx);
    keys = t.keys;
    tenantId = t.tenant.tenantId;
    api = client(ctx.app, keys.admin);
    await ok(api.post('/v1/customers', { externalId: 'K-0001', name: 'Müller & Söhne GmbH' }));
    await ok(api.post('/v1/customers', { externalId: 'K-0001a', name: '=Müller & Söhne GmbH (Filiale)' }));
    await ok(api.post('/v1/customers', { externalId: 'CH-1', name: 'Bäckerei Zürich AG', currency: 'CHF' }));
    const at = <T>(day: string, fn: () => Promise<T>) => atTime(ctx, `${day}T10:00:00Z`, fn);
    const issue = (customer: string, issueDate: string, unitPrice: string, extra = {}) =>
      at(issueDate, async () => {
        const draft = await ok(
          api.post('/v1/invoices', {
            customer,
            issueDate,
            lines: [{ description: 'Wartung', quantity: '1', unitPrice }],
            ...extra,
          }),
        );
        return ok(api.post(`/v1/invoices/${draft.id}/issue`, {}), 200);
      });
    const a1 = await issue('K-0001', '2026-01-10', '1000.00');
    const a2 = await issue('K-0001', '2026-01-20', '500.00');
    const b1 = await issue('K-0001a', '2026-02-05', '2000.00');
    await issue('CH-1', '2026-03-02', '333.35', { fxRate: '1.0625' });
    const pay = (customer: string, day: string, amount: string, invoice: string) =>
      at(day, () =>
        ok(
          api.post('/v1/receipts', {
            customer,
            method: 'bank_transfer',
            receivedOn: day,
            amount,
            allocations: [{ invoice, amount }],
          }),
        ),
      );
    await pay('K-0001', '2026-02-15', '1000.00', a1.number);
    await issue('K-0001a', '2026-03-10', '800.00');
    await at('2026-03-20', () =>
      ok(api.post(`/v1/invoices/${a2.id}/write-off`, { reason: 'insolvent', date: '2026-03-20' }), 200),
    );
    await pay('K-0001a', '2026-03-25', '1200.00', b1.number);
  });
  after(() => ctx.close());

  it('exports the KPI report as CSV, cell by cell, with the figures worked out by hand', async () => {
    const res = await raw('/v1/reports/kpis/export?from=2026-01&to=2026-03&format=csv');
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers['content-type']), /^text\/csv/);
    const csv = parseCsv(res.body);
    const col = (name: string) => csv.header.indexOf(name);
    const pick = (names: string[]) => csv.rows.map((r) => names.map((n) => r.values[col(n)]));
    assert.deepEqual(
      pick(['currency', 'period', 'partial', 'end', 'ar_ending', 'ar_ending_current', 'sales', 'bad_debt']),
      [
        ['EUR', '2026-01', 'no', '2026-01-31', '1500.00', '1500.00', '1500.00', '0.00'],
        ['EUR', '2026-02', 'no', '2026-02-28', '2500.00', '2000.00', '2000.00', '0.00'],
        ['EUR', '2026-03', 'no', '2026-03-31', '1600.00', '800.00', '800.00', '500.00'],
      ],
    );
    assert.deepEqual(pick(['dso', 'bpdso', 'add', 'cei', 'pct_current', 'pct_over_90', 'bad_debt_ratio']), [
      ['31.00', '31.00', '0.00', '', '100.00', '0.00', '0.00'],
      ['35.00', '28.00', '7.00', '66.67', '80.00', '0.00', '0.00'],
      ['62.00', '31.00', '31.00', '68.00', '50.00', '0.00', '62.50'],
    ]);
  });

  it('exports the KPI report as XLSX: months and quarters, amounts and KPIs as numbers, dates as dates', async () => {
    const res = await raw('/v1/reports/kpis/export?from=2026-01&to=2026-03&format=xlsx&currency=CHF');
    assert.equal(res.statusCode, 200, res.body);
    const [months, quarters] = readXlsx(res.rawPayload);
    assert.equal(months?.name, 'Months');
    assert.equal(quarters?.name, 'Quarters');
    const header = months?.rows[0]?.map((c) => c?.value);
    const mar = months?.rows[3];
    const cell = (name: string) => mar?.[header?.indexOf(name) ?? -1];
    assert.deepEqual(cell('end'), { type: 'd', value: '2026-03-31', format: 'yyyy-mm-dd' });
    assert.deepEqual(cell('ar_ending'), { type: 'n', value: '333.35', format: '#,##0.00' });
    // CHF: 333.35 issued 03-02, due 04-01: current at the month end; DSO 333.35 ÷ 333.35 × 31.
    assert.deepEqual(cell('dso'), { type: 'n', value: '31.00', format: '#,##0.00' });
    assert.deepEqual(cell('cei'), null);
    assert.equal(quarters?.rows[1]?.[1]?.value, '2026-Q1');
  });

  it('exports the cash forecast by weeks or days, CSV and XLSX with the same figures', async () => {
    const json = (await api.get('/v1/analytics/forecast?asOf=2026-03-31&weeks=4&currency=EUR')).body;
    const weeks = parseCsv(
      (await raw('/v1/analytics/forecast/export?asOf=2026-03-31&weeks=4&currency=EUR')).body,
    );
    assert.deepEqual(weeks.header, [
      'currency',
      'iso_week',
      'week_start',
      'expected',
      'promised',
      'overdue',
      'invoices',
    ]);
    assert.deepEqual(
      weeks.rows.map((r) => r.values),
      json.weeks.map((w: Record<string, string | number>) => [
        w.currency,
        w.isoWeek,
        w.weekStart,
        w.expected,
        w.promised,
        w.overdue,
        String(w.invoices),
      ]),
    );
    const total = weeks.rows.reduce((s, r) => s + Math.round(Number(r.values[3]) * 100), 0);
    assert.equal(total, 160000, 'the 1,600.00 open are expected within the 4 weeks');
    const days = parseCsv(
      (await raw('/v1/analytics/forecast/export?asOf=2026-03-31&weeks=4&view=days')).body,
    );
    assert.deepEqual(days.header.slice(0, 3), ['currency', 'day', 'expected']);
    assert.equal(days.rows.length, json.days.length + 1, 'CHF has a day of its own');
    const xlsx = readXlsx(
      (await raw('/v1/analytics/forecast/export?asOf=2026-03-31&weeks=4&format=xlsx')).rawPayload,
    );
    assert.deepEqual(
      xlsx.map((s) => s.name),
      ['Weeks', 'Days', 'Currencies'],
    );
    const chf = xlsx[2]?.rows.find((r) => r[0]?.value === 'CHF');
    assert.deepEqual(chf?.[2], { type: 'n', value: '333.35', format: '#,##0.00' });
  });

  it('exports anomaly findings (admins only) and a goal’s attainment', async () => {
    assert.equal((await raw('/v1/analytics/anomalies/export?format=csv')).statusCode, 403);
    const findings = await raw('/v1/analytics/anomalies/export?format=csv&status=open', keys.admin);
    assert.equal(findings.statusCode, 200, findings.body);
    assert.equal(parseCsv(findings.body).header[0], 'id');
    const goal = await ok(
      api.post('/v1/analytics/goals', {
        name: '=DSO unter 40',
        kpi: 'dso',
        comparison: 'at_most',
        target: '40',
        periodKind: 'month',
        currency: 'EUR',
        validFrom: '2026-01',
      }),
    );
    const csv = parseCsv(
      (await raw(`/v1/analytics/goals/${goal.id}/attainment/export?from=2026-01&to=2026-03`)).body,
    );
    assert.deepEqual(
      csv.rows.map((r) => r.values),
      [
        ['2026-01', '2026-01-31', 'met', 'EUR', '31.00', 'met'],
        ['2026-02', '2026-02-28', 'met', 'EUR', '35.00', 'met'],
        ['2026-03', '2026-03-31', 'missed', 'EUR', '62.00', 'missed'],
      ],
    );
    const book = readXlsx(
      (await raw(`/v1/analytics/goals/${goal.id}/attainment/export?format=xlsx`)).rawPayload,
    );
    assert.equal(book[1]?.rows[1]?.[1]?.quotePrefix, true, 'a name like a formula stays text');
  });

  it('renders the AR pack of a closed month with the KPIs of the history', {
    skip: popplerMissing,
  }, async () => {
    const res = await raw('/v1/reports/ar-pack?month=2026-03');
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const text = pdfText(res.rawPayload);
    assert.match(text, /Accounts receivable pack/);
    assert.match(text, /March 2026/);
    for (const figure of ['62.00', '68.00', '62.50', '66.67', '35.00', '28.00', '1,600.00|1600.00'])
      assert.match(text, new RegExp(figure), figure);
    assert.match(text, /EUR: KPIs of the last 12 months/);
    assert.match(text, /CHF: KPIs of the last 12 months/);
    assert.match(text, /Open anomaly findings by kind and severity/);
    assert.match(text, /=DSO unter 40/);
    assert.match(text, /EUR 62\.00 missed/);
  });

  it('refuses a month that is not a closed month, and changes nothing', async () => {
    for (const month of ['2026-04', '2026-13', '2026-3', 'x', '']) {
      const res = await raw(`/v1/reports/ar-pack?month=${month}`);
      assert.equal(res.statusCode, 422, `${month}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.ok(
        JSON.parse(res.body).errors.some((e: { field: string }) => e.field === 'month'),
        res.body,
      );
    }
    assert.equal((await raw('/v1/reports/ar-pack')).statusCode, 422);
  });

  it('mails the pack once a month to the recipients, with the PDF attached', async () => {
    const server = await startSmtpServer();
    const transport = smtpTransport({ url: server.url });
    try {
      const settings = { arPack: true, arPackRecipients: ['jörg@müller-bau.de', 'cfo@example.com'] };
      const refused = await client(ctx.app, keys.credit_manager).patch('/v1/delivery/settings', settings);
      assert.equal(refused.status, 403, refused.text);
      const empty = await api.patch('/v1/delivery/settings', { arPack: true, arPackRecipients: [] });
      assert.equal(empty.status, 422, empty.text);
      const off = await sendMonthlyArPack(ctx.deps, tenantId, '2026-04-02');
      assert.equal(off.skipped, 'off');
      assert.deepEqual(
        (await ok(api.patch('/v1/delivery/settings', settings), 200)).arPackRecipients,
        settings.arPackRecipients,
      );
      const clock = steppingClock('2026-04-15T12:30:00Z');
      const first = await sendMonthlyArPack(ctx.deps, tenantId, '2026-04-02');
      assert.deepEqual([first.month, first.skipped, first.recipients], ['2026-03', null, 2]);
      const deps = deliveryDeps(ctx, clock, transport, getStoredDocument);
      const run = await deliverOutbox(deps, { tenantId });
      assert.equal(run.sent, 1, JSON.stringify(run.messages));
      assert.equal(server.received.length, 1);
      // A unicode local part travels with SMTPUTF8 (RFC 6531), which carries the domain as typed.
      assert.match(server.transcript(), /RCPT TO:<jörg@(müller-bau|xn--mller-bau-q9a)\.de>/);
      assert.equal(server.received[0]?.smtpUtf8, true);
      const [pdf] = attachmentsOf(parseMime(server.received[0]?.raw ?? Buffer.alloc(0)));
      assert.equal(pdf?.fileName, 'AR-pack-2026-03.pdf');
      assert.equal(pdf?.contentType, 'application/pdf');
      if (!popplerMissing) assert.match(pdfText(pdf?.bytes ?? Buffer.alloc(0)), /62\.50/);
      const again = await sendMonthlyArPack(ctx.deps, tenantId, '2026-04-20');
      assert.equal(again.skipped, 'sent_before');
      assert.equal((await deliverOutbox(deps, { tenantId })).sent, 0);
      assert.equal(server.received.length, 1, 'a second run the same month sends nothing');
    } finally {
      await transport.close();
      await server.close();
    }
  });
});
