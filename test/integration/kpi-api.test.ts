/**
 * GET /v1/reports/kpis over a first quarter worked out by hand (the comments), in a tenant whose
 * history was made through the API with the clock at each day: invoices issued, paid, written off.
 * The AR at each month end comes from the journal (the aging as of that day), never from today's
 * status: the invoice paid in February still counts as open at the end of January.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, client, ok, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';

type Api = ReturnType<typeof client>;

/** The KPIs this file works out (the activity KPIs are kpi-activity-api.test.ts's). */
const CRF_KPIS = [
  'dso',
  'countbackDso',
  'bestPossibleDso',
  'averageDaysDelinquent',
  'cei',
  'percentCurrent',
  'percentOver90',
  'badDebtRatio',
  'turnover',
];
const crf = (kpis: Record<string, unknown>) => Object.fromEntries(CRF_KPIS.map((k) => [k, kpis[k]]));

describe(`KPI report API (${backendName})`, () => {
  let ctx: ApiTestContext;
  let api: Api;
  let viewer: Api;
  before(async () => {
    ctx = await openApiTestContext('2026-04-15T12:00:00Z');
    const { keys } = await apiTenant(ctx);
    api = client(ctx.app, keys.admin);
    viewer = client(ctx.app, keys.viewer);
    // Look-alike customers, numbers from another system's style; NET30 (the tenant's default).
    await ok(api.post('/v1/customers', { externalId: 'K-0001', name: 'Müller & Söhne GmbH' }));
    await ok(api.post('/v1/customers', { externalId: 'K-0001a', name: 'Müller & Söhne GmbH (Filiale)' }));
    const at = <T>(day: string, fn: () => Promise<T>) => atTime(ctx, `${day}T10:00:00Z`, fn);
    const issue = (customer: string, issueDate: string, unitPrice: string) =>
      at(issueDate, async () => {
        const draft = await ok(
          api.post('/v1/invoices', {
            customer,
            issueDate,
            lines: [{ description: 'Wartung', quantity: '1', unitPrice }],
          }),
        );
        return ok(api.post(`/v1/invoices/${draft.id}/issue`, {}), 200);
      });
    const a1 = await issue('K-0001', '2026-01-10', '1000.00'); // due 02-09
    const a2 = await issue('K-0001', '2026-01-20', '500.00'); // due 02-19
    const b1 = await issue('K-0001a', '2026-02-05', '2000.00'); // due 03-07
    await at('2026-02-15', () =>
      ok(
        api.post('/v1/receipts', {
          customer: 'K-0001',
          method: 'bank_transfer',
          receivedOn: '2026-02-15',
          amount: '1000.00',
          allocations: [{ invoice: a1.number, amount: '1000.00' }],
        }),
      ),
    );
    await issue('K-0001a', '2026-03-10', '800.00'); // due 04-09
    await at('2026-03-20', () =>
      ok(api.post(`/v1/invoices/${a2.id}/write-off`, { reason: 'insolvent', date: '2026-03-20' }), 200),
    );
    await at('2026-03-25', () =>
      ok(
        api.post('/v1/receipts', {
          customer: 'K-0001a',
          method: 'bank_transfer',
          receivedOn: '2026-03-25',
          amount: '1200.00',
          allocations: [{ invoice: b1.number, amount: '1200.00' }],
        }),
      ),
    );
  });
  after(() => ctx.close());

  it('gives each month its AR from the journal, its sales and bad debt, and the KPIs worked out by hand', async () => {
    const res = await viewer.get('/v1/reports/kpis?from=2026-01&to=2026-03');
    assert.equal(res.status, 200, res.text);
    const [jan, feb, mar] = res.body.months;
    assert.equal(res.body.currency, 'EUR');
    // January: both A invoices open and not yet due; sold 1,500.00.
    assert.deepEqual(
      [jan.period, jan.end, jan.days, jan.ending, jan.sales, jan.partial],
      [
        '2026-01',
        '2026-01-31',
        31,
        { total: '1500.00', current: '1500.00', over90: '0.00' },
        '1500.00',
        false,
      ],
    );
    // 1,500 ÷ 1,500 × 31; CEI undefined (nothing was collectable: 0 + 1,500 − 1,500).
    assert.deepEqual(crf(jan.kpis), {
      dso: 31,
      countbackDso: { days: 31, complete: true },
      bestPossibleDso: 31,
      averageDaysDelinquent: 0,
      cei: null,
      percentCurrent: 100,
      percentOver90: 0,
      badDebtRatio: 0,
      turnover: 2, // 1,500 ÷ ((0 + 1,500) ÷ 2)
    });
    // February: A1 paid; A2 500.00 9 days over, B1 2,000.00 current. Sold 2,000.00.
    assert.deepEqual(feb.ending, { total: '2500.00', current: '2000.00', over90: '0.00' });
    assert.deepEqual(feb.beginning, jan.ending);
    // DSO 2,500 ÷ 2,000 × 28 = 35; best 28; CEI (1,500 + 2,000 − 2,500) ÷ (1,500 + 2,000 − 2,000) = 66.67;
    // countback 28 + 500/1,500 × 31 = 38.33.
    assert.deepEqual(crf(feb.kpis), {
      dso: 35,
      countbackDso: { days: 38.33, complete: true },
      bestPossibleDso: 28,
      averageDaysDelinquent: 7,
      cei: 66.67,
      percentCurrent: 80,
      percentOver90: 0,
      badDebtRatio: 0,
      turnover: 1, // 2,000 ÷ ((1,500 + 2,500) ÷ 2)
    });
    // March: A2 written off (500.00 bad debt), B1 800.00 left 24 days over, B2 800.00 current.
    assert.deepEqual(
      [mar.ending, mar.sales, mar.badDebt],
      [{ total: '1600.00', current: '800.00', over90: '0.00' }, '800.00', '500.00'],
    );
    // DSO 1,600 ÷ 800 × 31 = 62; best 31; CEI (2,500 + 800 − 1,600) ÷ (2,500 + 800 − 800) = 68;
    // countback 31 + 800/2,000 × 28 = 42.2; bad debt 500 ÷ 800 = 62.5 %.
    assert.deepEqual(crf(mar.kpis), {
      dso: 62,
      countbackDso: { days: 42.2, complete: true },
      bestPossibleDso: 31,
      averageDaysDelinquent: 31,
      cei: 68,
      percentCurrent: 50,
      percentOver90: 0,
      badDebtRatio: 62.5,
      turnover: 0.39, // 800 ÷ ((2,500 + 1,600) ÷ 2)
    });
  });

  it('gives the whole quarter in the CRF form', async () => {
    const { body } = await viewer.get('/v1/reports/kpis?from=2026-01&to=2026-03');
    assert.equal(body.quarters.length, 1);
    const q1 = body.quarters[0];
    assert.deepEqual(
      [q1.period, q1.end, q1.days, q1.sales, q1.badDebt],
      ['2026-Q1', '2026-03-31', 90, '4300.00', '500.00'],
    );
    // DSO (1,500 + 2,500 + 1,600) × 30 ÷ 4,300 = 39.07; best possible in the same form over the
    // current AR (1,500 + 2,000 + 800) × 30 ÷ 4,300 = 30.00; ADD 9.07 (exact difference, then
    // rounded: the overdue 500 + 800 × 30 ÷ 4,300); CEI (0 + 4,300/3 − 1,600) ÷ (0 + 4,300/3 − 800) = −26.32.
    assert.deepEqual(crf(q1.kpis), {
      dso: 39.07,
      countbackDso: null,
      bestPossibleDso: 30,
      averageDaysDelinquent: 9.07,
      cei: -26.32,
      percentCurrent: 50,
      percentOver90: 0,
      badDebtRatio: 11.63,
      turnover: 3.07, // 4,300 ÷ ((0 + 1,500 + 2,500 + 1,600) ÷ 4)
    });
  });

  it('counts the current month up to today and marks it partial', async () => {
    const { body } = await viewer.get('/v1/reports/kpis?from=2026-04&to=2026-04');
    const [apr] = body.months;
    // Both B invoices overdue on 04-15 (39 and 6 days); nothing sold in April: DSO undefined.
    assert.deepEqual(
      [apr.partial, apr.end, apr.days, apr.ending],
      [true, '2026-04-15', 15, { total: '1600.00', current: '0.00', over90: '0.00' }],
    );
    assert.equal(apr.kpis.dso, null);
    assert.equal(body.quarters.length, 0);
  });

  it('refuses months it cannot report, naming the field', async () => {
    for (const [query, field] of [
      ['from=2026-1&to=2026-03', 'from'],
      ['from=2026-03&to=2026-01', 'to'],
      ['from=2026-01&to=2026-05', 'to'],
      ['from=2023-01&to=2026-03', 'from'],
    ] as const) {
      const res = await viewer.get(`/v1/reports/kpis?${query}`);
      assert.equal(res.status, 422, `${query}: ${res.text}`);
      assert.ok(
        res.body.errors.some((e: { field: string }) => e.field === field),
        `${query}: ${res.text}`,
      );
    }
  });
});
