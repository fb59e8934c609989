/**
 * The customer risk score over real data, and the credit hold rule fed by it. Two look-alike
 * customers (same terms NET30, same limit 2,000.00, the same open invoice of 1,000.00 due 03-01,
 * two earlier invoices of 100.00 each) with different histories, as of 2026-03-31 (points worked
 * out by hand from docs/analytics.md, "Customer risk score"):
 *
 *   RISK-1  paid 2025-11-05 (due 10-31: 5 days late, older) and 2026-02-18 (due 01-09: 40 days late,
 *           recent); a promise on the open invoice broken on 03-20; a second open invoice of 200.00
 *           issued 03-20 (not yet due) disputed on 03-31.
 *             late share 2/2 → 25; days late (2×40 + 5)/3 = 28.3 → 20 × 28.3/60 = 9.4 → 9;
 *             trend 40 − 5 = 35 (cap 30) → 10; overdue 30 days → 15 × 30/90 = 5;
 *             exposure 1,200/2,000 = 60% → 0; 1 open dispute → 3; 1 of 4 invoices disputed → 3;
 *             1 broken promise → 10.                                        Σ = 65, medium
 *   RISK-2  paid 2025-10-20 (11 days early) and 2026-01-05 (4 days early); nothing else.
 *             overdue 30 days → 5.                                           Σ = 5, low
 *
 * As of 2026-03-15 RISK-1 had no broken promise and no dispute yet and was 14 days overdue:
 *   25 + 9 + 10 + round(15 × 14/90 = 2.3) = 46 — the facts are read as of the day.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../src/modules/activities/actor.ts';
import { evaluatePromises } from '../../src/modules/collections/promise-evaluation.service.ts';
import { makePromise } from '../../src/modules/collections/promises.service.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

type Api = ReturnType<typeof client>;

async function invoice(api: Api, customer: string, net: string, issueDate: string) {
  const res = await api.post('/v1/invoices', {
    customer,
    issue: true,
    issueDate,
    lines: [{ description: 'Goods', quantity: '1', unitPrice: net }],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; number: string };
}

async function paidInvoice(api: Api, customer: string, issueDate: string, paidOn: string) {
  const inv = await invoice(api, customer, '100.00', issueDate);
  const paid = await api.post('/v1/receipts', {
    customer,
    method: 'bank_transfer',
    receivedOn: paidOn,
    amount: '100.00',
    allocations: [{ invoice: inv.number, amount: '100.00' }],
  });
  assert.equal(paid.status, 201, JSON.stringify(paid.body));
}

type Reason = { factor: string; points: number; evidence: string };
const pointsOf = (reasons: Reason[]) => Object.fromEntries(reasons.map((r) => [r.factor, r.points]));

describe(`customer risk score (${backendName})`, () => {
  let ctx: ApiTestContext;
  let keys: Awaited<ReturnType<typeof apiTenant>>['keys'];
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
    const t = await apiTenant(ctx);
    keys = t.keys;
    const api = client(ctx.app, keys.admin);
    for (const id of ['RISK-1', 'RISK-2'])
      assert.equal(
        (await api.post('/v1/customers', { externalId: id, name: 'Müller GmbH', creditLimit: '2000' }))
          .status,
        201,
      );
    await paidInvoice(api, 'RISK-1', '2025-10-01', '2025-11-05');
    await paidInvoice(api, 'RISK-1', '2025-12-10', '2026-02-18');
    await paidInvoice(api, 'RISK-2', '2025-10-01', '2025-10-20');
    await paidInvoice(api, 'RISK-2', '2025-12-10', '2026-01-05');
    const open = await invoice(api, 'RISK-1', '1000.00', '2026-01-30'); // due 03-01
    await invoice(api, 'RISK-2', '1000.00', '2026-01-30');
    const disputed = await invoice(api, 'RISK-1', '200.00', '2026-03-20');
    assert.equal(
      (await api.post('/v1/disputes', { invoice: disputed.number, reason: 'quantity' })).status,
      201,
    );
    // Promised on 03-10 to pay by 03-15 (kept by 03-18 at the latest), nothing paid: broken on 03-20.
    const march10 = { ...ctx.deps, clock: fixedClock('2026-03-10T12:00:00Z') };
    await makePromise(
      march10,
      t.tenant.tenantId,
      { customer: 'RISK-1', invoices: [open.number], promisedOn: '2026-03-15' },
      SYSTEM_ACTOR,
    );
    const march20 = { ...ctx.deps, clock: fixedClock('2026-03-20T12:00:00Z') };
    await evaluatePromises(march20, t.tenant.tenantId, '2026-03-20');
  });
  after(() => ctx.close());

  it('scores two look-alike customers by their histories, with the reasons', async () => {
    const viewer = client(ctx.app, keys.viewer);
    const risky = await viewer.get('/v1/customers/RISK-1/risk');
    assert.equal(risky.status, 200, JSON.stringify(risky.body));
    assert.equal(risky.body.asOf, '2026-03-31');
    assert.equal(risky.body.customerExternalId, 'RISK-1');
    assert.deepEqual(pointsOf(risky.body.reasons), {
      late_share: 25,
      days_late: 9,
      trend: 10,
      broken_promises: 10,
      overdue: 5,
      open_disputes: 3,
      dispute_rate: 3,
    });
    assert.equal(risky.body.score, 65);
    assert.equal(risky.body.band, 'medium');
    assert.equal(risky.body.reasons[0].factor, 'late_share', 'most points first');
    assert.match(risky.body.reasons[0].evidence, /2 of 2 invoices paid in the last 365 days were paid late/);
    assert.match(
      risky.body.reasons.find((r: Reason) => r.factor === 'trend').evidence,
      /40 days late in the last 90 days against 5 days before/,
    );

    const steady = await viewer.get('/v1/customers/RISK-2/risk');
    assert.deepEqual(
      { score: steady.body.score, band: steady.body.band, points: pointsOf(steady.body.reasons) },
      { score: 5, band: 'low', points: { overdue: 5 } },
    );
  });

  it('reads the facts as of the day asked', async () => {
    const viewer = client(ctx.app, keys.viewer);
    const earlier = await viewer.get('/v1/customers/RISK-1/risk?asOf=2026-03-15');
    assert.equal(earlier.body.score, 46, JSON.stringify(earlier.body.reasons));
    assert.deepEqual(pointsOf(earlier.body.reasons), { late_share: 25, days_late: 9, trend: 10, overdue: 2 });
    assert.equal((await viewer.get('/v1/customers/RISK-1/risk?asOf=2026-02-30')).status, 422);
    assert.equal((await viewer.get('/v1/customers/NOBODY/risk')).status, 404);
  });

  it('shows the score on the worklist rows', async () => {
    const res = await client(ctx.app, keys.viewer).get('/v1/worklist?limit=50');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const risk = Object.fromEntries(
      res.body.items.map((i: { customerExternalId: string; risk: { score: number; band: string } }) => [
        i.customerExternalId,
        [i.risk.score, i.risk.band],
      ]),
    );
    assert.deepEqual(risk, { 'RISK-1': [65, 'medium'], 'RISK-2': [5, 'low'] });
  });

  it('the hold rule, once enabled, holds only the risky customer; disabled, it holds none', async () => {
    const credit = client(ctx.app, keys.credit_manager);
    const accountant = client(ctx.app, keys.accountant);
    assert.equal((await credit.post('/v1/credit/check', {})).body.onHold, 0, 'off by default');
    assert.equal((await accountant.patch('/v1/credit/settings', { holdRiskScore: 60 })).status, 403);
    assert.equal((await credit.patch('/v1/credit/settings', { holdRiskScore: 101 })).status, 422);
    const on = await credit.patch('/v1/credit/settings', { holdRiskScore: 60 });
    assert.deepEqual(on.body, { holdOverdueDays: null, holdRiskScore: 60 });

    const checked = await credit.post('/v1/credit/check', {});
    assert.equal(checked.status, 200, JSON.stringify(checked.body));
    assert.deepEqual(
      checked.body.changes.map((c: { customerExternalId: string; change: string; reasons: string[] }) => [
        c.customerExternalId,
        c.change,
        c.reasons,
      ]),
      [['RISK-1', 'set', ['risk_score']]],
    );
    const log = await credit.get('/v1/activities?customer=RISK-1&event=credit_hold_set');
    assert.match(
      log.body.items[0].text,
      /^Credit hold set \(automatic\): risk score 65: 2 of 2 invoices paid .* late \(\+25\); paying later: .* \(\+10\); 1 promise to pay broken in the last 90 days \(\+10\) \(hold from 60\)$/,
    );
    const again = await credit.post('/v1/credit/check', {});
    assert.deepEqual(again.body.changes, [], 'idempotent');

    // Between checks the verdict stands: issuing to RISK-1 is refused, to RISK-2 not.
    const refused = await accountant.post('/v1/invoices', {
      customer: 'RISK-1',
      issue: true,
      issueDate: '2026-03-31',
      lines: [{ description: 'More', quantity: '1', unitPrice: '10.00' }],
    });
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /risk score was 60 or more at the last daily credit check/);
    const status = await credit.get('/v1/credit/customers/RISK-1');
    assert.equal(status.body.onHold, true);

    const off = await credit.patch('/v1/credit/settings', { holdRiskScore: null });
    assert.deepEqual(off.body, { holdOverdueDays: null, holdRiskScore: null });
    const released = await credit.post('/v1/credit/check', {});
    assert.deepEqual(
      released.body.changes.map((c: { customerExternalId: string; change: string }) => [
        c.customerExternalId,
        c.change,
      ]),
      [['RISK-1', 'release']],
    );
    assert.equal(released.body.onHold, 0);
    const audit = await client(ctx.app, keys.admin).get('/v1/audit?kind=credit_settings.updated');
    assert.deepEqual(
      audit.body.items.map((e: { changes: Record<string, unknown> }) => e.changes.holdRiskScore),
      [
        [60, null],
        [null, 60],
      ],
      'every change of the rule is in the audit trail (newest first)',
    );
  });
});
