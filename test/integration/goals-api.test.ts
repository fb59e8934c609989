/**
 * KPI goals through the API, over three months worked out by hand (NET30, the clock at each day):
 *   March: EUR invoice 1,000.00 issued 03-10; USD invoice 500.00 issued 03-12.
 *          EUR DSO = 1,000 ÷ 1,000 × 31 = 31.00; USD DSO = 500 ÷ 500 × 31 = 31.00.
 *   April: EUR invoice 1,000.00 issued 04-10; March's EUR invoice paid 04-20.
 *          EUR DSO = 1,000 ÷ 1,000 × 30 = 30.00 (exactly the target); USD: no sales, no DSO.
 *   May:   no sales in either currency: no DSO.
 * "DSO at most 30" in EUR: March missed, April met (on the target), May not computable. Over each
 * currency: March missed (both), April met (EUR met, USD not computable), May not computable.
 * The alerts check tells a goal missed in its just-closed period once, to the roles it names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/modules/users/index.ts';
import {
  type ApiTestContext,
  apiTenant,
  call,
  client,
  ok,
  openApiTestContext,
  sessionClient,
  signIn,
} from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';

type Api = ReturnType<typeof client>;

const DSO_30 = {
  name: 'DSO ≤ 30 (EUR)',
  kpi: 'dso',
  comparison: 'at_most',
  target: '30',
  periodKind: 'month',
};

/** Period → status, and period → currency → value, of an attainment. */
function summary(body: {
  periods: {
    period: string;
    status: string;
    currencies: { currency: string; value: string | null; status: string }[];
  }[];
}) {
  return body.periods.map((p) => [
    p.period,
    p.status,
    p.currencies.map((c) => `${c.currency} ${c.value ?? '—'} ${c.status}`),
  ]);
}

describe(`KPI goals (${backendName})`, () => {
  let ctx: ApiTestContext;
  let admin: Api;
  let adminKey: string;
  let viewer: Api;
  let tenantId: string;
  const at = <T>(day: string, fn: () => Promise<T>) => atTime(ctx, `${day}T10:00:00Z`, fn);

  async function issue(customer: string, issueDate: string, unitPrice: string, fx = {}) {
    return at(issueDate, async () => {
      const draft = await ok(
        admin.post('/v1/invoices', {
          customer,
          issueDate,
          lines: [{ description: 'Wartung', quantity: '1', unitPrice }],
          ...fx,
        }),
      );
      return ok(admin.post(`/v1/invoices/${draft.id}/issue`, {}), 200);
    });
  }

  before(async () => {
    ctx = await openApiTestContext('2026-06-15T12:00:00Z');
    const t = await apiTenant(ctx);
    tenantId = t.tenant.tenantId;
    adminKey = t.keys.admin;
    admin = client(ctx.app, adminKey);
    viewer = client(ctx.app, t.keys.viewer);
    await ok(admin.post('/v1/customers', { externalId: 'K-0001', name: 'Müller & Söhne GmbH' }));
    await ok(admin.post('/v1/customers', { externalId: 'K-0001a', name: 'Müller & Söhne GmbH (Filiale)' }));
    await ok(admin.post('/v1/customers', { externalId: 'US-7', name: 'Mueller Sons Inc.', currency: 'USD' }));
    const march = await issue('K-0001', '2026-03-10', '1000.00');
    await issue('US-7', '2026-03-12', '500.00', { fxRate: '0.9231' });
    await issue('K-0001a', '2026-04-10', '1000.00');
    await at('2026-04-20', () =>
      ok(
        admin.post('/v1/receipts', {
          customer: 'K-0001',
          method: 'bank_transfer',
          receivedOn: '2026-04-20',
          amount: '1000.00',
          allocations: [{ invoice: march.number, amount: '1000.00' }],
        }),
      ),
    );
  });
  after(() => ctx.close());

  it('refuses a goal naming the field: a KPI the report does not compute, a target with three decimals, a period of the other kind', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ ...DSO_30, kpi: 'dsoDays' }, 'kpi'],
      [{ ...DSO_30, target: '30.001' }, 'target'],
      [{ ...DSO_30, target: 30 }, 'target'],
      [{ ...DSO_30, validFrom: '2026-Q2' }, 'validFrom'],
      [{ ...DSO_30, periodKind: 'quarter', kpi: 'countbackDso' }, 'kpi'],
      [{ ...DSO_30, currency: 'EURO' }, 'currency'],
    ];
    for (const [body, field] of cases) {
      const res = await admin.post('/v1/analytics/goals', body);
      assert.equal(res.status, 422, res.text);
      assert.deepEqual(
        res.body.errors.map((e: { field: string }) => e.field),
        [field],
        res.text,
      );
    }
    assert.equal((await viewer.post('/v1/analytics/goals', DSO_30)).status, 403);
    assert.deepEqual((await ok(viewer.get('/v1/analytics/goals'), 200)).items, []);
  });

  it('shows the attainment per closed month: missed, met on the target, not computable without sales', async () => {
    const goal = await at('2026-02-20', () =>
      ok(admin.post('/v1/analytics/goals', { ...DSO_30, currency: 'eur' })),
    );
    assert.equal(goal.target, '30.00');
    assert.equal(goal.currency, 'EUR');
    const a = await ok(viewer.get(`/v1/analytics/goals/${goal.id}/attainment?from=2026-03&to=2026-05`), 200);
    assert.deepEqual(summary(a), [
      ['2026-03', 'missed', ['EUR 31.00 missed']],
      ['2026-04', 'met', ['EUR 30.00 met']],
      ['2026-05', 'not_computable', ['EUR — not_computable']],
    ]);
    assert.equal(a.periods[0].end, '2026-03-31');
    // The values are the KPI report's, not a second computation.
    const kpis = await ok(admin.get('/v1/reports/kpis?from=2026-03&to=2026-05&currency=EUR'), 200);
    assert.deepEqual(
      kpis.months.map((m: { kpis: { dso: number | null } }) => m.kpis.dso),
      [31, 30, null],
    );
    // By default the last 12 closed months; May is the last closed on 06-15.
    const byDefault = await ok(admin.get(`/v1/analytics/goals/${goal.id}/attainment`), 200);
    assert.equal(byDefault.periods.length, 12);
    assert.equal(byDefault.periods.at(-1).period, '2026-05');
    const open = await admin.get(`/v1/analytics/goals/${goal.id}/attainment?to=2026-06`);
    assert.equal(open.status, 422, open.text);
    assert.deepEqual(
      open.body.errors.map((e: { field: string }) => e.field),
      ['to'],
    );
    const wrongKind = await admin.get(`/v1/analytics/goals/${goal.id}/attainment?from=2026-Q1`);
    assert.deepEqual(
      wrongKind.body.errors.map((e: { field: string }) => e.field),
      ['from'],
    );
  });

  it('judges a goal over each currency per currency, and counts from validFrom on', async () => {
    const each = await ok(
      admin.post('/v1/analytics/goals', { ...DSO_30, name: 'DSO ≤ 30 (each)', validFrom: '2026-03' }),
    );
    assert.equal(each.currency, null);
    const a = await ok(admin.get(`/v1/analytics/goals/${each.id}/attainment?from=2026-01&to=2026-05`), 200);
    assert.deepEqual(summary(a), [
      ['2026-03', 'missed', ['EUR 31.00 missed', 'USD 31.00 missed']],
      ['2026-04', 'met', ['EUR 30.00 met', 'USD — not_computable']],
      ['2026-05', 'not_computable', ['EUR — not_computable', 'USD — not_computable']],
    ]);
    const atLeast = await ok(
      admin.put(`/v1/analytics/goals/${each.id}`, {
        ...DSO_30,
        name: 'DSO ≥ 31',
        comparison: 'at_least',
        target: '31.00',
      }),
      200,
    );
    const b = await ok(
      admin.get(`/v1/analytics/goals/${atLeast.id}/attainment?from=2026-03&to=2026-04`),
      200,
    );
    assert.deepEqual(summary(b), [
      ['2026-03', 'met', ['EUR 31.00 met', 'USD 31.00 met']],
      ['2026-04', 'missed', ['EUR 30.00 missed', 'USD — not_computable']],
    ]);
    assert.equal(
      (await call(ctx.app, 'DELETE', `/v1/analytics/goals/${each.id}`, { key: adminKey })).status,
      204,
    );
    assert.equal((await admin.get(`/v1/analytics/goals/${each.id}/attainment`)).status, 404);
  });

  it('judges a quarter by the report’s quarterly DSO: Q1 = (0 + 0 + 1,000) × 30 ÷ 1,000 = 30.00', async () => {
    const q = await ok(
      admin.post('/v1/analytics/goals', {
        ...DSO_30,
        name: 'DSO per quarter',
        periodKind: 'quarter',
        currency: 'EUR',
      }),
    );
    const a = await ok(admin.get(`/v1/analytics/goals/${q.id}/attainment`), 200);
    assert.deepEqual(summary(a), [
      ['2025-Q2', 'not_computable', ['EUR — not_computable']],
      ['2025-Q3', 'not_computable', ['EUR — not_computable']],
      ['2025-Q4', 'not_computable', ['EUR — not_computable']],
      ['2026-Q1', 'met', ['EUR 30.00 met']],
    ]);
    assert.equal(a.periods.at(-1).end, '2026-03-31');
    const open = await admin.get(`/v1/analytics/goals/${q.id}/attainment?to=2026-Q2`);
    assert.deepEqual(
      open.body.errors.map((e: { field: string }) => e.field),
      ['to'],
      'Q2 ends 06-30',
    );
    await call(ctx.app, 'DELETE', `/v1/analytics/goals/${q.id}`, { key: adminKey });
  });

  it('tells a goal missed in its just-closed month once, to the roles it names', async () => {
    await createUser(ctx.deps, tenantId, {
      email: 'kredit@mueller.example',
      role: 'credit_manager',
      password: 'credit-password-long',
    });
    await createUser(ctx.deps, tenantId, {
      email: 'buchhaltung@mueller.example',
      role: 'accountant',
      password: 'accountant-password-long',
    });
    const credit = sessionClient(
      ctx.app,
      await signIn(ctx.app, 'kredit@mueller.example', 'credit-password-long'),
    );
    const accountant = sessionClient(
      ctx.app,
      await signIn(ctx.app, 'buchhaltung@mueller.example', 'accountant-password-long'),
    );
    const check = (asOf: string) => ok(admin.post('/v1/alerts/check', { asOf }), 200);
    // 03-31 is not over yet: March is not closed; February (no sales) cannot be judged.
    assert.equal((await check('2026-03-31')).events, 0);
    const first = await check('2026-04-01');
    assert.equal(first.events, 1, JSON.stringify(first));
    assert.equal((await check('2026-04-01')).events, 0);
    // A goal set after March was over is not told of March.
    await at('2026-04-05', () => ok(admin.post('/v1/analytics/goals', { ...DSO_30, name: 'set late' })));
    const later = await check('2026-04-15');
    assert.deepEqual(
      [later.goals, later.events],
      [1, 0],
      'only the first goal is judged for March, and was told already',
    );
    assert.equal((await check('2026-05-01')).events, 0, 'April met');
    assert.equal((await check('2026-06-01')).events, 0, 'May not computable');
    const inbox = await ok(credit.get('/v1/notifications'), 200);
    assert.deepEqual(
      inbox.items.map((n: { kind: string; title: string; subject: { type: string; label: string } }) => [
        n.kind,
        n.title,
        n.subject.type,
        n.subject.label,
      ]),
      [
        [
          'goal_missed',
          'Goal "DSO ≤ 30 (EUR)" missed for 2026-03: DSO 31.00 in EUR (target at most 30.00)',
          'goal',
          '2026-03',
        ],
      ],
    );
    assert.equal((await ok(accountant.get('/v1/notifications'), 200)).items.length, 0);
  });
});
