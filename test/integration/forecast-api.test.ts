/**
 * GET /v1/analytics/forecast and /v1/analytics/forecast/accuracy over a history made through the
 * API with the clock at each day, every figure worked out by hand (the comments). Today is
 * Wednesday 2027-01-20; the tenant is in EUR, NET30.
 *
 *   M  "Müller & Söhne GmbH": paid M1 4, M2 8, M3 6 days late (median 6 by 2026-11-30); M4 (due
 *      12-10, 1,000.00) paid 12-15 — 5 late, so by 12-31 the median of 4, 5, 6, 8 is 5.5 → 6;
 *      M5 (due 12-20, 500.00) paid 2027-01-05; M6 (due 2027-01-04, 600.00) paid 2027-01-08.
 *   F  "Müller & Söhne GmbH (Filiale)", a look-alike without history: F1 (due 12-05, 800.00),
 *      promised on 11-25 to pay 300.00 on 12-09, paid 300.00 on 12-09 and 500.00 on 2027-01-12.
 *   A  "Ａcme" (full-width A): A1 (due 12-01, 400.00) disputed since 11-20, never paid; A2 (due
 *      2026-10-31, 250.00) never paid; on 2027-01-20 A promises 100.00 of A2 for 01-28.
 *   Y  "山田商事" in JPY: Y1 (due 2027-02-09, ¥123,457), no history.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { evaluatePromises } from '../../src/modules/collections/promise-evaluation.service.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import {
  type ApiTestContext,
  apiHistory,
  apiTenant,
  client,
  ok,
  openApiTestContext,
} from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

type Api = ReturnType<typeof client>;

describe(`cash forecast API (${backendName})`, () => {
  let ctx: ApiTestContext;
  let viewer: Api;
  before(async () => {
    ctx = await openApiTestContext('2027-01-20T12:00:00Z');
    const { keys, tenant } = await apiTenant(ctx);
    const api = client(ctx.app, keys.admin);
    viewer = client(ctx.app, keys.viewer);
    const { at, issue, pay } = apiHistory(ctx, api);
    await ok(api.post('/v1/customers', { externalId: 'K-0001', name: 'Müller & Söhne GmbH' }));
    await ok(api.post('/v1/customers', { externalId: 'K-0001a', name: 'Müller & Söhne GmbH (Filiale)' }));
    await ok(api.post('/v1/customers', { externalId: 'K-0002', name: 'Ａcme' }));
    await ok(api.post('/v1/customers', { externalId: 'K-0003', name: '山田商事', currency: 'JPY' }));
    const m1 = await issue('K-0001', '2026-09-01', '100.00'); // due 10-01
    const m2 = await issue('K-0001', '2026-10-01', '100.00'); // due 10-31
    const m3 = await issue('K-0001', '2026-10-15', '100.00'); // due 11-14
    const a2 = await issue('K-0002', '2026-10-01', '250.00'); // due 10-31
    await pay('K-0001', m1.number, '2026-10-05', '100.00');
    const a1 = await issue('K-0002', '2026-11-01', '400.00'); // due 12-01
    const f1 = await issue('K-0001a', '2026-11-05', '800.00'); // due 12-05
    await pay('K-0001', m2.number, '2026-11-08', '100.00');
    const m4 = await issue('K-0001', '2026-11-10', '1000.00'); // due 12-10
    await pay('K-0001', m3.number, '2026-11-20', '100.00');
    await at('2026-11-20', () => ok(api.post('/v1/disputes', { invoice: a1.number, reason: 'quality' })));
    const m5 = await issue('K-0001', '2026-11-20', '500.00'); // due 12-20
    await at('2026-11-25', () =>
      ok(
        api.post('/v1/promises', {
          customer: 'K-0001a',
          invoices: [f1.number],
          promisedOn: '2026-12-09',
          amount: '300.00',
        }),
      ),
    );
    const m6 = await issue('K-0001', '2026-12-05', '600.00'); // due 2027-01-04
    await pay('K-0001a', f1.number, '2026-12-09', '300.00');
    const december13 = { ...ctx.deps, clock: fixedClock('2026-12-13T12:00:00Z') };
    await evaluatePromises(december13, tenant.tenantId, '2026-12-13'); // settled (kept or broken): no longer open
    await pay('K-0001', m4.number, '2026-12-15', '1000.00');
    await pay('K-0001', m5.number, '2027-01-05', '500.00');
    await pay('K-0001', m6.number, '2027-01-08', '600.00');
    await issue('K-0003', '2027-01-10', '123457', { fxRate: '0.0061' }); // due 02-09
    await pay('K-0001a', f1.number, '2027-01-12', '500.00');
    await ok(
      api.post('/v1/promises', {
        customer: 'K-0002',
        invoices: [a2.number],
        promisedOn: '2027-01-28',
        amount: '100.00',
      }),
    );
  });
  after(() => ctx.close());

  it('forecasts today: a promise first, the overdue rest now, the dispute apart, JPY in whole yen', async () => {
    const body = await ok(viewer.get('/v1/analytics/forecast?weeks=4'), 200);
    assert.equal(body.asOf, '2027-01-20');
    assert.equal(body.firstDay, '2027-01-21');
    const rows = body.weeks.map((w: Record<string, unknown>) => [
      w.currency,
      w.isoWeek,
      w.weekStart,
      w.expected,
      w.promised,
      w.overdue,
      w.invoices,
    ]);
    assert.deepEqual(rows, [
      // A2: 100.00 promised for Thursday 01-28; its other 150.00 is 81 days overdue, expected now.
      ['EUR', '2027-W03', '2027-01-18', '150.00', '0.00', '150.00', 1],
      ['EUR', '2027-W04', '2027-01-25', '100.00', '100.00', '0.00', 1],
      ['EUR', '2027-W05', '2027-02-01', '0.00', '0.00', '0.00', 0],
      ['EUR', '2027-W06', '2027-02-08', '0.00', '0.00', '0.00', 0],
      ['JPY', '2027-W03', '2027-01-18', '0', '0', '0', 0],
      ['JPY', '2027-W04', '2027-01-25', '0', '0', '0', 0],
      ['JPY', '2027-W05', '2027-02-01', '0', '0', '0', 0],
      // Y1 due Tuesday 02-09, a customer without history: on its due date.
      ['JPY', '2027-W06', '2027-02-08', '123457', '0', '0', 1],
    ]);
    assert.deepEqual(
      body.days.map((d: Record<string, unknown>) => [d.day, d.currency, d.expected]),
      [
        ['2027-01-21', 'EUR', '150.00'],
        ['2027-01-28', 'EUR', '100.00'],
        ['2027-02-09', 'JPY', '123457'],
      ],
    );
    const eur = body.currencies[0];
    assert.deepEqual(
      [eur.currency, eur.open, eur.inWeeks, eur.later.expected, eur.disputed],
      ['EUR', '650.00', '250.00', '0.00', { amount: '400.00', invoices: 1 }],
    );
    const jpy = await ok(viewer.get('/v1/analytics/forecast?currency=jpy&weeks=1'), 200);
    assert.deepEqual(
      jpy.currencies.map((c: { currency: string; later: { expected: string } }) => [
        c.currency,
        c.later.expected,
      ]),
      [['JPY', '123457']],
    );
  });

  it('forecasts as of a past month end from what was known then', async () => {
    const body = await ok(viewer.get('/v1/analytics/forecast?weeks=3&asOf=2026-11-30'), 200);
    // F1: 300.00 promised for 12-09, its other 500.00 on its due date 12-05 (no history); A2 overdue
    // now; M4 due 12-10 + 6 = 12-16; M5 due 12-20 + 6 = 12-26, after the three weeks; A1 disputed.
    assert.deepEqual(
      body.weeks.map((w: Record<string, unknown>) => [w.weekStart, w.expected, w.promised, w.overdue]),
      [
        ['2026-11-30', '750.00', '0.00', '250.00'],
        ['2026-12-07', '300.00', '300.00', '0.00'],
        ['2026-12-14', '1000.00', '0.00', '0.00'],
      ],
    );
    assert.deepEqual(body.currencies[0].later.expected, '500.00');
    assert.deepEqual(body.currencies[0].disputed.amount, '400.00');
    assert.equal(body.currencies[0].open, '2950.00');
  });

  it('back-tests the last month ends against the receipts of the following weeks (MAE, MAPE, bias by hand)', async () => {
    const body = await ok(viewer.get('/v1/analytics/forecast/accuracy?months=2&weeks=3&currency=EUR'), 200);
    assert.deepEqual(body.asOfDays, ['2026-11-30', '2026-12-31']);
    assert.deepEqual(
      body.outcomes.map((o: Record<string, unknown>) => [o.asOf, o.forecast, o.actual]),
      [
        // received: F1 300.00 on 12-09, M4 1,000.00 on 12-15
        ['2026-11-30', ['750.00', '300.00', '1000.00'], ['0.00', '300.00', '1000.00']],
        // M5, F1 and A2 overdue, expected on 01-01; M6 due 01-04 + 6 = Sunday 01-10.
        // received: M5 500.00 on 01-05 and M6 600.00 on 01-08, F1 500.00 on 01-12
        ['2026-12-31', ['1250.00', '600.00', '0.00'], ['0.00', '1100.00', '500.00']],
      ],
    );
    assert.deepEqual(
      body.accuracy.map((a: Record<string, unknown>) => [
        a.weekOffset,
        a.forecasts,
        a.mae,
        a.mapePercent,
        a.bias,
      ]),
      [
        [1, 2, '1000.00', null, '1000.00'], // (750 + 1,250) ÷ 2; nothing received in either first week
        [2, 2, '250.00', 22.73, '-250.00'], // |0| and |−500|; (0 + 500/1,100) ÷ 2
        [3, 2, '250.00', 50, '-250.00'], // |0| and |−500|; (0 + 500/500) ÷ 2
      ],
    );
  });

  it('refuses a horizon beyond 26 weeks and an unknown currency shape', async () => {
    const res = await viewer.get('/v1/analytics/forecast?weeks=27');
    assert.equal(res.status, 422, res.text);
    assert.match(res.text, /weeks/);
    assert.equal((await viewer.get('/v1/analytics/forecast?currency=EURO')).status, 422);
    assert.equal((await viewer.get('/v1/analytics/forecast/accuracy?months=0')).status, 422);
  });
});
