/**
 * The forecast back-test with the payment-date model (GET /v1/analytics/forecast/accuracy
 * `estimator`), on a history the customers' usual days late cannot describe. Today is 2027-03-20;
 * the tenant is in EUR, NET30.
 *
 *   N  "Nordlicht Bürotechnik GmbH": 60 invoices issued one a day from 2026-09-01, alternating
 *      100.00 paid on the due date and 5,000.00 paid 40 days after it. By 2026-11-30, 41 are
 *      settled (all 30 small ones, the big ones issued by 09-21): under MIN_PAID_INVOICES (50), so
 *      that month end keeps the customers' history; by 2026-12-31 56 are, and a model is trained
 *      on them. On 2026-12-31 N also owes S (100.00) and B (5,000.00), both due 2027-01-11: its
 *      usual days late (the median of 0 and 40, 20) puts both on one day; the model, which learned
 *      that big invoices pay late, puts B weeks after S.
 *   L  "Nordlicht Bürotechnik GmbH & Co. KG", a look-alike without history, one invoice due 01-11.
 *
 * Then 30 invoices issued in January 2027 (paid on their due dates) are added: the forecasts of
 * 2026-11-30 and 2026-12-31 must not change — their models know only what was known those days —
 * while 2027-01-31's does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addDays } from '../../src/shared/calendar-date.ts';
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

interface Backtest {
  asOfDays: string[];
  estimators: { asOf: string; estimator: string }[];
  outcomes: { asOf: string; currency: string; forecast: string[]; actual: string[] }[];
}

const SMALL = '100.00';
const BIG = '5000.00';

describe(`forecast back-test with the payment-date model (${backendName})`, () => {
  let ctx: ApiTestContext;
  let api: Api;
  let book: ReturnType<typeof apiHistory>;
  const backtest = async (estimator?: string): Promise<Backtest> =>
    (await ok(
      api.get(
        `/v1/analytics/forecast/accuracy?months=4&weeks=13${estimator ? `&estimator=${estimator}` : ''}`,
      ),
      200,
    )) as Backtest;
  const forecastOf = (b: Backtest, asOf: string) => b.outcomes.find((o) => o.asOf === asOf)?.forecast ?? [];

  before(async () => {
    ctx = await openApiTestContext('2027-03-20T12:00:00Z');
    const { keys } = await apiTenant(ctx);
    api = client(ctx.app, keys.admin);
    book = apiHistory(ctx, api);
    await ok(api.post('/v1/customers', { externalId: 'N-01', name: 'Nordlicht Bürotechnik GmbH' }));
    await ok(
      api.post('/v1/customers', { externalId: 'N-01-KG', name: 'Nordlicht Bürotechnik GmbH & Co. KG' }),
    );
    const payments: { invoice: string; day: string; amount: string }[] = [];
    for (let i = 0; i < 60; i++) {
      const day = addDays('2026-09-01', i);
      const big = i % 2 === 1;
      const invoice = await book.issue('N-01', day, big ? BIG : SMALL);
      payments.push({ invoice: invoice.number, day: addDays(day, big ? 70 : 30), amount: big ? BIG : SMALL });
    }
    await book.issue('N-01', '2026-12-12', SMALL); // S, due 2027-01-11
    await book.issue('N-01', '2026-12-12', BIG); // B, due 2027-01-11
    await book.issue('N-01-KG', '2026-12-12', '250.00');
    payments.sort((a, b) => a.day.localeCompare(b.day));
    for (const p of payments) await book.pay('N-01', p.invoice, p.day, p.amount);
  });
  after(() => ctx.close());

  it('uses a model trained on each month end’s own history once enough was settled, and says so', async () => {
    const model = await backtest();
    assert.deepEqual(model.asOfDays, ['2026-11-30', '2026-12-31', '2027-01-31', '2027-02-28']);
    assert.deepEqual(
      model.estimators.map((e) => `${e.asOf} ${e.estimator}`),
      [
        '2026-11-30 customer_history',
        '2026-12-31 payment_model',
        '2027-01-31 payment_model',
        '2027-02-28 payment_model',
      ],
    );
    const history = await backtest('customer_history');
    assert.ok(history.estimators.every((e) => e.estimator === 'customer_history'));
    // 2026-11-30: both take the customers' history, so the same forecast.
    assert.deepEqual(forecastOf(model, '2026-11-30'), forecastOf(history, '2026-11-30'));
    // 2026-12-31: the history puts S and B (and the big ones still open) on their due date + 20 in
    // the same weeks; the model expects S before B.
    const byHistory = forecastOf(history, '2026-12-31');
    const byModel = forecastOf(model, '2026-12-31');
    assert.notDeepEqual(byModel, byHistory);
    // The last week expecting a big invoice: B on its due date + 20 (week of 01-25) by the
    // history; weeks later by the model.
    const lastBigWeek = (weeks: string[]) => weeks.findLastIndex((w) => Number(w) >= Number(BIG));
    assert.ok(
      lastBigWeek(byModel) > lastBigWeek(byHistory),
      `B later by the model: ${byModel.join(' / ')} against ${byHistory.join(' / ')}`,
    );
    const total = (weeks: string[]) => weeks.reduce((s, w) => s + Math.round(Number(w) * 100), 0);
    assert.equal(total(byModel), total(byHistory), 'the same open items, only on other days');
  });

  it('a month end’s forecast does not change when later history arrives; a later month end’s does', async () => {
    const before = await backtest();
    for (let i = 0; i < 30; i++) {
      const day = addDays('2027-01-01', i);
      const invoice = await book.issue('N-01', day, SMALL);
      await book.pay('N-01', invoice.number, addDays(day, 30), SMALL);
    }
    const later = await backtest();
    for (const asOf of ['2026-11-30', '2026-12-31'])
      assert.deepEqual(forecastOf(later, asOf), forecastOf(before, asOf), `the forecast of ${asOf}`);
    assert.notDeepEqual(forecastOf(later, '2027-01-31'), forecastOf(before, '2027-01-31'));
  });
});
