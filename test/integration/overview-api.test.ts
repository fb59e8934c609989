/**
 * GET /v1/reports/overview with awkward data: two currencies, a customer on hold, a broken and a
 * due promise, an open dispute, unapplied cash, a tenant with nothing at all, and one whose base
 * currency has no receivables. Expected figures are worked out by hand in the comments.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, client, ok, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';

type Api = ReturnType<typeof client>;

async function issue(api: Api, customer: string, issueDate: string, unitPrice: string, currency?: string) {
  const created = await api.post('/v1/invoices', {
    customer,
    issueDate,
    ...(currency ? { currency, fxRate: '0.0062' } : {}),
    lines: [{ description: 'Goods', quantity: '1', unitPrice }],
  });
  assert.equal(created.status, 201, created.text);
  const issued = await api.post(`/v1/invoices/${created.body.id}/issue`, {});
  assert.equal(issued.status, 200, issued.text);
  return issued.body;
}

describe(`overview API (${backendName})`, () => {
  let ctx: ApiTestContext;
  let api: Api;
  let viewer: Api;
  const ids: Record<string, string> = {};
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
    const { keys } = await apiTenant(ctx);
    api = client(ctx.app, keys.admin);
    viewer = client(ctx.app, keys.viewer);
    for (const [externalId, name, currency] of [
      ['A', 'Alpha GmbH', undefined],
      ['B', 'Beta AG', undefined],
      ['H', 'Held KG', undefined],
      ['J', 'Japan KK', 'JPY'],
    ] as const) {
      const c = (await ok(
        api.post('/v1/customers', { externalId, name, ...(currency ? { currency } : {}) }),
      )) as {
        id: string;
      };
      ids[externalId] = c.id;
    }
    // NET30 as of 2026-03-31. A: 100.00 due 03-03 (28 days over), 50.25 due 04-10 (current).
    // B: 200.00 due 2026-01-01 (89 days over). H: 30.00 due 04-19 (current). J: ¥12,000 due 03-03.
    const a1 = await issue(api, 'A', '2026-02-01', '100.00');
    await issue(api, 'A', '2026-03-11', '50.25');
    await issue(api, 'B', '2025-12-02', '200.00');
    await issue(api, 'H', '2026-03-20', '30.00');
    await issue(api, 'J', '2026-02-01', '12000', 'JPY');
    // B pays 20.00 on account: unapplied, beside the buckets.
    await ok(
      api.post('/v1/receipts', { customer: 'B', method: 'cash', receivedOn: '2026-03-30', amount: '20.00' }),
    );
    await ok(api.post('/v1/disputes', { invoice: a1.number, reason: 'pricing' }));
    await ok(api.post('/v1/credit/customers/H/hold', { reason: 'test hold' }), 200);
    // B promised on 03-01 to pay by 03-05 and did not: broken at the check of 03-31.
    await atTime(ctx, '2026-03-01T12:00:00Z', () =>
      ok(api.post('/v1/promises', { customer: 'B', promisedOn: '2026-03-05', amount: '50.00' })),
    );
    await ok(api.post('/v1/promises/check', { asOf: '2026-03-31' }), 200);
    // A promises today (due today) and J for next month (not due yet).
    await ok(api.post('/v1/promises', { customer: 'A', promisedOn: '2026-03-31', amount: '10.00' }));
    await ok(api.post('/v1/promises', { customer: 'J', promisedOn: '2026-04-15', amount: '1000' }));
  });
  after(() => ctx.close());

  it("shows the base currency's figures by default, with the DSO worked out by hand", async () => {
    const res = await viewer.get('/v1/reports/overview');
    assert.equal(res.status, 200, res.text);
    const o = res.body;
    assert.equal(o.currency, 'EUR');
    assert.deepEqual(o.currencies, ['EUR', 'JPY']);
    assert.equal(o.asOf, '2026-03-31');
    // 100.00 + 50.25 + 200.00 + 30.00; current 50.25 + 30.00; overdue 100.00 + 200.00.
    assert.equal(o.total, '380.25');
    assert.equal(o.overdue, '300.00');
    assert.equal(o.percentCurrent, 21.1); // 80.25 / 380.25 = 21.10 %
    assert.equal(o.unapplied, '20.00');
    assert.deepEqual(o.buckets, {
      current: '80.25',
      '1-30': '100.00',
      '31-60': '0.00',
      '61-90': '200.00',
      '91+': '0.00',
    });
    // Sales 2026-01-01 … 03-31: 100.00 + 50.25 + 30.00 = 180.25; 380.25 / 180.25 × 90 = 189.86.
    assert.deepEqual(o.dso, { on: '2026-03-31', ar: '380.25', sales: '180.25', dso: 189.9 });
  });

  it('draws the DSO at the last twelve month ends from the journal', async () => {
    const { body: o } = await viewer.get('/v1/reports/overview?currency=EUR');
    assert.equal(o.dsoTrend.length, 12);
    assert.equal(o.dsoTrend[0].on, '2025-04-30');
    assert.equal(o.dsoTrend[11].on, '2026-03-31');
    const at = (on: string) => o.dsoTrend.find((p: { on: string }) => p.on === on);
    assert.deepEqual(at('2025-11-30'), { on: '2025-11-30', ar: '0.00', sales: '0.00', dso: null });
    // Dec: B's 200.00 open, sold in the window → 90 days. Feb: 300.00 open, 300.00 sold since 11-30.
    assert.deepEqual(at('2025-12-31'), { on: '2025-12-31', ar: '200.00', sales: '200.00', dso: 90 });
    assert.deepEqual(at('2026-02-28'), { on: '2026-02-28', ar: '300.00', sales: '300.00', dso: 90 });
    assert.deepEqual(at('2026-03-31'), { on: '2026-03-31', ar: '380.25', sales: '180.25', dso: 189.9 });
  });

  it('lists the most overdue customers with their oldest days overdue', async () => {
    const { body: o } = await viewer.get('/v1/reports/overview');
    assert.deepEqual(o.topOverdue, [
      { customerId: ids.B, externalId: 'B', name: 'Beta AG', overdue: '200.00', oldestDaysOverdue: 89 },
      { customerId: ids.A, externalId: 'A', name: 'Alpha GmbH', overdue: '100.00', oldestDaysOverdue: 28 },
    ]);
  });

  it("counts today's work, the same counts the lists show", async () => {
    const { body: o } = await viewer.get('/v1/reports/overview?currency=JPY');
    assert.deepEqual(o.work, {
      bankLinesToReview: 0,
      promisesDue: 1,
      promisesBroken: 1,
      disputesOpen: 1,
      lettersToPrint: 0,
      failedMessages: 0,
      customersOnHold: 1,
    });
    const due = await viewer.get('/v1/promises?status=open&promisedBy=2026-03-31');
    assert.equal(due.body.items.length, o.work.promisesDue);
    const holds = await viewer.get('/v1/credit/holds');
    assert.equal(holds.body.items.length, o.work.customersOnHold);
  });

  it('shows another currency in its own decimals', async () => {
    const { body: o } = await viewer.get('/v1/reports/overview?currency=JPY');
    assert.equal(o.currency, 'JPY');
    assert.equal(o.total, '12000');
    assert.equal(o.overdue, '12000');
    assert.equal(o.percentCurrent, 0);
    assert.deepEqual(
      o.topOverdue.map((t: { externalId: string }) => t.externalId),
      ['J'],
    );
  });

  it('answers zeros for an empty tenant, and for a currency without receivables', async () => {
    const { keys } = await apiTenant(ctx, 'CHF');
    const { body: o } = await client(ctx.app, keys.viewer).get('/v1/reports/overview');
    assert.equal(o.currency, 'CHF');
    assert.deepEqual(o.currencies, []);
    assert.equal(o.total, '0.00');
    assert.equal(o.percentCurrent, null);
    assert.equal(o.dso.dso, null);
    assert.equal(o.dsoTrend.length, 12);
    assert.deepEqual(o.topOverdue, []);
    assert.ok(Object.values(o.work).every((n) => n === 0));
    const usd = await viewer.get('/v1/reports/overview?currency=USD');
    assert.equal(usd.status, 200);
    assert.equal(usd.body.total, '0.00');
  });

  it('defaults to the currency most customers owe in when the base currency has none', async () => {
    const { keys } = await apiTenant(ctx, 'CHF');
    const chf = client(ctx.app, keys.admin);
    await ok(chf.post('/v1/customers', { externalId: 'J', name: 'Japan KK', currency: 'JPY' }));
    await issue(chf, 'J', '2026-03-01', '5000', 'JPY');
    const { body: o } = await chf.get('/v1/reports/overview');
    assert.equal(o.currency, 'JPY');
    assert.equal(o.total, '5000');
  });

  it('refuses a caller without a key, and a malformed currency', async () => {
    assert.equal((await client(ctx.app, null).get('/v1/reports/overview')).status, 401);
    assert.equal((await viewer.get('/v1/reports/overview?currency=EURO')).status, 422);
  });
});
