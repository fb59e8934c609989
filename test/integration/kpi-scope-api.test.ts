/**
 * GET /v1/reports/kpis narrowed to a customer, a collector or a category, and in the base currency
 * (`currency=base`), over a February worked out by hand (the comments); and `cashloop kpi` with the
 * same flags. Look-alike customers in two categories, two collectors, EUR and USD at known rates:
 *
 * - K-0001  Müller & Söhne GmbH (EUR; Retail / Online; Anna): A1 1,000.00 issued 01-10 (due 02-09),
 *   paid in full 02-05 (26 days, within terms); A2 600.00 issued 02-10 (due 03-12);
 * - K-0002  Müller & Söhne KG (EUR; Retail, no subcategory; Ben): C1 300.00 issued 01-15 (due 02-14);
 * - K-0001a Müller & Söhne GmbH (Filiale) (USD; Wholesale; Ben): B1 2,000.00 USD at 0.9 = 1,800.00 EUR
 *   issued 01-20 (due 02-19); a receipt of 600.00 USD at 0.95 (570.00 EUR) on 02-25, 500.00 of it
 *   allocated to B1 (B1's base share 1,800 × 500 ÷ 2,000 = 450.00: 1,350.00 EUR left), 100.00 USD
 *   unapplied (its base share 570 − 570 × 500 ÷ 600 = 95.00 EUR).
 *
 * February ends (02-28, 28 days): A2 600 current; C1 300 14 days over; B1 1,500 USD (1,350 EUR) 9 days over.
 *
 * March (erosion and rework): A2 credited 200.00 on 03-05 ("Preisnachlass"), its 400.00 paid 03-25;
 * C2 150.00 issued 03-10 to K-0002, voided 03-12 ("falsche Adresse") and re-issued as C3 150.00;
 * C1 paid 03-20; B2 1,000.00 USD issued 03-15 to the Filiale.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kpi } from '../../src/cli/commands/kpi.ts';
import { memoryIo } from '../../src/cli/io.ts';
import type { Runtime } from '../../src/main.ts';
import { type ApiTestContext, apiTenant, client, ok, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';

type Api = ReturnType<typeof client>;

/** A month of the report as the API shows it (the parts this file reads). */
interface MonthJson {
  ending: { total: string; current: string; over90: string };
  sales: string;
  kpis: Record<string, number | null>;
  activity: { settled: { amount: string }; unapplied: { amount: string }; receipts: { count: number } };
}

/** The figures and KPIs this file works out for one month. */
function picked(m: MonthJson) {
  const k = m.kpis;
  return {
    ending: m.ending,
    sales: m.sales,
    dso: k.dso,
    bestPossibleDso: k.bestPossibleDso,
    percentCurrent: k.percentCurrent,
    paidWithinTermsPct: k.paidWithinTermsPct,
    averageDaysToPay: k.averageDaysToPay,
    settled: m.activity.settled.amount,
    unapplied: m.activity.unapplied.amount,
    unappliedAgeDays: k.unappliedAgeDays,
    receipts: m.activity.receipts.count,
  };
}

describe(`KPI report per customer, collector, category and in the base currency (${backendName})`, () => {
  let ctx: ApiTestContext;
  let api: Api;
  let viewer: Api;
  let tenant: Runtime['tenant'];
  const ids: Record<string, string> = {};
  before(async () => {
    ctx = await openApiTestContext('2026-04-15T12:00:00Z');
    const made = await apiTenant(ctx);
    tenant = made.tenant;
    api = client(ctx.app, made.keys.admin);
    viewer = client(ctx.app, made.keys.viewer);
    const customer = async (body: Record<string, unknown>) => ok(api.post('/v1/customers', body));
    const a = await customer({
      externalId: 'K-0001',
      name: 'Müller & Söhne GmbH',
      category: 'Retail',
      subcategory: 'Online',
    });
    const c = await customer({ externalId: 'K-0002', name: 'Müller & Söhne KG', category: 'Retail' });
    const b = await customer({
      externalId: 'K-0001a',
      name: 'Müller & Söhne GmbH (Filiale)',
      currency: 'USD',
      category: 'Wholesale',
    });
    Object.assign(ids, {
      a: a.id,
      retail: a.categoryId,
      online: a.subcategoryId,
      wholesale: b.categoryId,
    });
    assert.equal(c.categoryId, a.categoryId);
    const anna = await ok(api.post('/v1/collectors', { name: 'Anna', email: 'anna@example.com' }));
    const ben = await ok(api.post('/v1/collectors', { name: 'Ben', email: 'ben@example.com' }));
    ids.anna = anna.collectorId ?? anna.id;
    ids.ben = ben.collectorId ?? ben.id;
    await ok(api.post('/v1/assignments', { collector: ids.anna, customers: ['K-0001'] }), 200);
    await ok(api.post('/v1/assignments', { collector: ids.ben, customers: ['K-0002', 'K-0001a'] }), 200);
    await history();
  });
  after(() => ctx.close());

  async function history() {
    const at = <T>(day: string, fn: () => Promise<T>) => atTime(ctx, `${day}T10:00:00Z`, fn);
    const issue = (customer: string, issueDate: string, unitPrice: string, extra = {}) =>
      at(issueDate, async () => {
        const draft = await ok(
          api.post('/v1/invoices', {
            customer,
            issueDate,
            ...extra,
            lines: [{ description: 'Wartung', quantity: '1', unitPrice }],
          }),
        );
        return ok(api.post(`/v1/invoices/${draft.id}/issue`, {}), 200);
      });
    const a1 = await issue('K-0001', '2026-01-10', '1000.00');
    const c1 = await issue('K-0002', '2026-01-15', '300.00');
    const b1 = await issue('K-0001a', '2026-01-20', '2000.00', { currency: 'USD', fxRate: '0.9' });
    const receipt = (customer: string, day: string, body: Record<string, unknown>) =>
      at(day, () =>
        ok(api.post('/v1/receipts', { customer, method: 'bank_transfer', receivedOn: day, ...body })),
      );
    await receipt('K-0001', '2026-02-05', {
      amount: '1000.00',
      allocations: [{ invoice: a1.number, amount: '1000.00' }],
    });
    const a2 = await issue('K-0001', '2026-02-10', '600.00');
    await receipt('K-0001a', '2026-02-25', {
      amount: '600.00',
      currency: 'USD',
      fxRate: '0.95',
      allocations: [{ invoice: b1.number, amount: '500.00' }],
    });
    await march(issue, receipt, { a2, c1 });
  }

  async function march(
    issue: (c: string, d: string, p: string, e?: object) => Promise<Record<string, string>>,
    receipt: (c: string, d: string, b: Record<string, unknown>) => Promise<unknown>,
    { a2, c1 }: Record<'a2' | 'c1', Record<string, string>>,
  ) {
    const at = <T>(day: string, fn: () => Promise<T>) => atTime(ctx, `${day}T10:00:00Z`, fn);
    await at('2026-03-05', () =>
      ok(
        api.post(`/v1/invoices/${a2.id}/credit`, {
          amount: '200.00',
          reason: 'Preisnachlass',
          date: '2026-03-05',
        }),
      ),
    );
    const c2 = await issue('K-0002', '2026-03-10', '150.00');
    await at('2026-03-12', () =>
      ok(api.post(`/v1/invoices/${c2.id}/void`, { reason: 'falsche Adresse', date: '2026-03-12' }), 200),
    );
    await issue('K-0002', '2026-03-12', '150.00');
    await issue('K-0001a', '2026-03-15', '1000.00', { currency: 'USD', fxRate: '0.9' });
    await receipt('K-0002', '2026-03-20', {
      amount: '300.00',
      allocations: [{ invoice: c1.number, amount: '300.00' }],
    });
    await receipt('K-0001', '2026-03-25', {
      amount: '400.00',
      allocations: [{ invoice: a2.number, amount: '400.00' }],
    });
  }

  const february = async (query: string) => {
    const res = await viewer.get(`/v1/reports/kpis?from=2026-02&to=2026-02${query}`);
    assert.equal(res.status, 200, res.text);
    return res.body;
  };

  it('gives the whole tenant in EUR only its EUR documents, and in the base currency every currency converted', async () => {
    const eur = await february('');
    assert.deepEqual([eur.currency, eur.base], ['EUR', false]);
    // AR 600 + 300 = 900, current 600, sales 600: DSO 900 ÷ 600 × 28 = 42, best 28, 66.67 % current;
    // A1 paid within terms after 26 days; no unapplied EUR.
    assert.deepEqual(picked(eur.months[0]), {
      ending: { total: '900.00', current: '600.00', over90: '0.00' },
      sales: '600.00',
      dso: 42,
      bestPossibleDso: 28,
      percentCurrent: 66.67,
      paidWithinTermsPct: 100,
      averageDaysToPay: 26,
      settled: '1000.00',
      unapplied: '0.00',
      unappliedAgeDays: null,
      receipts: 1,
    });
    const base = await february('&currency=base');
    assert.deepEqual([base.currency, base.base], ['EUR', true]);
    // AR 600 + 300 + 1,350 = 2,250, current 600: DSO 2,250 ÷ 600 × 28 = 105, 26.67 % current;
    // unapplied 95.00 EUR (100 USD received 02-25: 3 days); two receipts.
    assert.deepEqual(picked(base.months[0]), {
      ending: { total: '2250.00', current: '600.00', over90: '0.00' },
      sales: '600.00',
      dso: 105,
      bestPossibleDso: 28,
      percentCurrent: 26.67,
      paidWithinTermsPct: 100,
      averageDaysToPay: 26,
      settled: '1000.00',
      unapplied: '95.00',
      unappliedAgeDays: 3,
      receipts: 2,
    });
    // January in base: 1,000 + 300 + 1,800 sold and open.
    const jan = (await viewer.get('/v1/reports/kpis?from=2026-01&to=2026-01&currency=base')).body.months[0];
    assert.deepEqual([jan.sales, jan.ending.total, jan.kpis.dso], ['3100.00', '3100.00', 31]);
  });

  it('narrows every figure to one customer, by id or external id, not its look-alike', async () => {
    const byExternal = await february('&customer=K-0001');
    assert.deepEqual(byExternal.scope, { customerId: ids.a, collectorId: null, categoryId: null });
    // A2 600 current, sold 600: DSO 28, 100 % current; A1 paid within terms.
    assert.deepEqual(picked(byExternal.months[0]), {
      ending: { total: '600.00', current: '600.00', over90: '0.00' },
      sales: '600.00',
      dso: 28,
      bestPossibleDso: 28,
      percentCurrent: 100,
      paidWithinTermsPct: 100,
      averageDaysToPay: 26,
      settled: '1000.00',
      unapplied: '0.00',
      unappliedAgeDays: null,
      receipts: 1,
    });
    assert.deepEqual((await february(`&customer=${ids.a}`)).months, byExternal.months);
    // The USD look-alike in base: B1 1,350 over due, nothing sold in February, 95.00 unapplied.
    const filiale = picked((await february('&customer=K-0001a&currency=base')).months[0]);
    assert.deepEqual(
      [filiale.ending, filiale.dso, filiale.percentCurrent, filiale.unapplied, filiale.settled],
      [{ total: '1350.00', current: '0.00', over90: '0.00' }, null, 0, '95.00', '0.00'],
    );
  });

  it('narrows to a collector’s customers and to a category with its subcategories', async () => {
    // Ben: C1 300 (EUR) and B1 1,350 (base): nothing current, nothing sold, nothing settled.
    const ben = picked((await february(`&collector=${ids.ben}&currency=base`)).months[0]);
    assert.deepEqual(
      [ben.ending, ben.dso, ben.percentCurrent, ben.paidWithinTermsPct, ben.unapplied, ben.receipts],
      [{ total: '1650.00', current: '0.00', over90: '0.00' }, null, 0, null, '95.00', 1],
    );
    const anna = picked((await february(`&collector=${ids.anna}&currency=base`)).months[0]);
    assert.deepEqual([anna.ending.total, anna.dso, anna.unapplied], ['600.00', 28, '0.00']);
    // Retail (top level) holds K-0001 (via its subcategory Online) and K-0002: the EUR tenant figures.
    const retail = picked((await february(`&category=${ids.retail}&currency=base`)).months[0]);
    assert.deepEqual([retail.ending.total, retail.dso, retail.percentCurrent], ['900.00', 42, 66.67]);
    const online = picked((await february(`&category=${ids.online}`)).months[0]);
    assert.deepEqual([online.ending.total, online.dso], ['600.00', 28]);
    const wholesale = picked((await february(`&category=${ids.wholesale}&currency=USD`)).months[0]);
    assert.deepEqual([wholesale.ending.total, wholesale.unapplied], ['1500.00', '100.00']);
    // Combined: Ben's Retail customers are K-0002 alone.
    const both = picked((await february(`&collector=${ids.ben}&category=${ids.retail}`)).months[0]);
    assert.deepEqual([both.ending.total, both.percentCurrent], ['300.00', 0]);
  });

  it('refuses an unknown customer, collector or category with 404, and a bad currency with 400/422', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const q of [`customer=K-9999`, `collector=${unknown}`, `category=${unknown}`]) {
      const res = await viewer.get(`/v1/reports/kpis?from=2026-02&to=2026-02&${q}`);
      assert.equal(res.status, 404, `${q}: ${res.text}`);
    }
    const bad = await viewer.get('/v1/reports/kpis?from=2026-02&to=2026-02&currency=basis');
    assert.ok([400, 422].includes(bad.status), bad.text);
  });

  it('gives customer-base erosion against the month before and the rework of the month, with reasons', async () => {
    const res = await viewer.get('/v1/reports/kpis?from=2026-02&to=2026-03');
    assert.equal(res.status, 200, res.text);
    const [feb, mar] = res.body.months;
    // February against January (EUR): billed 1,000 (K-0001) + 300 (K-0002); K-0002 billed nothing
    // in February: 300 ÷ 1,300 = 23.08 %; nobody paid in January: customer erosion undefined.
    assert.deepEqual(feb.retention.erosion, {
      payingPrior: 0,
      payingLost: 0,
      billedPrior: '1300.00',
      billedLost: '300.00',
    });
    assert.deepEqual(
      [feb.kpis.customerErosionPct, feb.kpis.revenueErosionPct, feb.kpis.reworkRatePct],
      [null, 23.08, 0],
    );
    // March against February (EUR): K-0001 paid in both; its March billing is the credit note
    // (−200, net nothing billed), so its February 600 is lost: 100 %. Rework: A2 credited, C2
    // voided, of 2 EUR invoices issued (C2 and C3: a voided invoice was issued) = 100 %.
    assert.deepEqual(mar.retention.erosion, {
      payingPrior: 1,
      payingLost: 0,
      billedPrior: '600.00',
      billedLost: '600.00',
    });
    assert.deepEqual(mar.retention.rework, {
      invoices: 2,
      credited: 1,
      voided: 1,
      reasons: [
        { kind: 'credit_note', reason: 'Preisnachlass', invoices: 1 },
        { kind: 'void', reason: 'falsche Adresse', invoices: 1 },
      ],
    });
    assert.deepEqual(
      [mar.kpis.customerErosionPct, mar.kpis.revenueErosionPct, mar.kpis.reworkRatePct],
      [0, 100, 100],
    );
    // In the base currency: February 3,100 billed in January (the Filiale's 1,800 too), 2,100 of it
    // by customers not billed in February = 67.74 %; March: K-0001 and the Filiale paid in February,
    // the Filiale not in March = 50 %; 2 of 3 invoices issued reworked = 66.67 %.
    const base = (await viewer.get('/v1/reports/kpis?from=2026-02&to=2026-03&currency=base')).body.months;
    assert.deepEqual(
      [base[0].kpis.revenueErosionPct, base[1].kpis.customerErosionPct, base[1].kpis.reworkRatePct],
      [67.74, 50, 66.67],
    );
    // Per customer: K-0002's March rework is its void, of its two invoices = 50 %.
    const k2 = (await viewer.get('/v1/reports/kpis?from=2026-03&to=2026-03&customer=K-0002')).body.months[0];
    assert.deepEqual([k2.retention.rework.invoices, k2.kpis.reworkRatePct], [1, 50]);
  });

  it('gives a quarter its erosion against the quarter before', async () => {
    const { body } = await viewer.get('/v1/reports/kpis?from=2026-01&to=2026-03&currency=base');
    const [q1] = body.quarters;
    // Q4 2025 had nothing: no base to erode; Q1 reworked 2 of the 7 invoices issued.
    assert.deepEqual(q1.retention.erosion, {
      payingPrior: 0,
      payingLost: 0,
      billedPrior: '0.00',
      billedLost: '0.00',
    });
    assert.deepEqual(
      [q1.kpis.customerErosionPct, q1.kpis.revenueErosionPct, q1.kpis.reworkRatePct],
      [null, null, 28.57],
    );
  });

  /** `cashloop kpi` on this tenant and back end, on the test's clock. */
  async function cli(values: Record<string, string | boolean>) {
    const io = memoryIo();
    const runtime = { deps: ctx.deps, tenant } as unknown as Runtime;
    const code = await kpi.run({ runtime, io, values, positionals: [] });
    return { code, stdout: io.out.join(''), stderr: io.err.join('') };
  }

  it('cashloop kpi --customer and --currency base print the same figures as the API', async () => {
    const one = await cli({
      from: '2026-02',
      to: '2026-02',
      customer: 'K-0001',
      currency: 'EUR',
      json: true,
    });
    assert.equal(one.code, 0);
    const [row] = JSON.parse(one.stdout).kpis;
    assert.deepEqual(
      [row.month, row.currency, row.base, row.dso, row.pctCurrent, row.avgDaysToPay],
      ['2026-02', 'EUR', false, '28.00', '100.00', '26.00'],
    );
    const base = await cli({ from: '2026-02', to: '2026-02', currency: 'base', json: true });
    const rows = JSON.parse(base.stdout).kpis;
    assert.equal(rows.length, 1);
    assert.deepEqual(
      [rows[0].currency, rows[0].base, rows[0].dso, rows[0].pctCurrent, rows[0].unappliedAgeDays],
      ['EUR', true, '105.00', '26.67', '3.00'],
    );
    const ben = await cli({ from: '2026-02', to: '2026-02', collector: ids.ben as string, json: true });
    // Without --currency: each currency with receivables, Ben's part of it.
    assert.deepEqual(
      JSON.parse(ben.stdout).kpis.map((r: { currency: string; pctCurrent: string }) => [
        r.currency,
        r.pctCurrent,
      ]),
      [
        ['EUR', '0.00'],
        ['USD', '0.00'],
      ],
    );
    await assert.rejects(() => cli({ customer: 'K-9999' }), /customer/);
    await assert.rejects(() => cli({ currency: 'basis' }), /currency/);
  });
});
