/**
 * Credit management: limits, exposure, automatic and manual holds, and the credit check of issuing
 * (single invoices over the API, billing runs through the service) with overrides by role.
 * Exposures and limits are worked out by hand in the comments.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { keyActor } from '../../src/modules/activities/actor.ts';
import { createApiKey } from '../../src/modules/apikeys/apikeys.service.ts';
import { evaluateCreditHolds } from '../../src/modules/credit/credit-holds.service.ts';
import { createInvoices } from '../../src/modules/invoices/invoice-creation.service.ts';
import { AppError } from '../../src/shared/errors.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';
import { makeCustomer } from '../helpers/factories.ts';
import { assertInvariants, tenantState } from '../helpers/invariants.ts';

type Api = ReturnType<typeof client>;

const line = (net: string) => [{ description: 'Goods', quantity: '1', unitPrice: net }];

function issue(api: Api, customer: string, net: string, extra: Record<string, unknown> = {}) {
  return api.post('/v1/invoices', {
    customer,
    issue: true,
    issueDate: '2026-03-20',
    lines: line(net),
    ...extra,
  });
}

describe(`credit management (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
  });
  after(() => ctx.close());

  it('an override by an accountant is refused, by a credit manager accepted and logged', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const chris = await createApiKey(ctx.deps.db, tenant.tenantId, 'credit_manager', 'Chris (credit)');
    const accountant = client(ctx.app, keys.accountant);
    const credit = client(ctx.app, chris.key);
    const limited = { externalId: 'LIM-1', name: 'Limited GmbH', creditLimit: '1000' };
    assert.equal(
      (await accountant.post('/v1/customers', limited)).status,
      403,
      'a limit is a credit decision',
    );
    const created = await credit.post('/v1/customers', limited);
    assert.equal(created.status, 201);
    assert.equal((await accountant.patch('/v1/customers/LIM-1', { creditLimit: '5000' })).status, 403);
    assert.equal((await accountant.patch('/v1/customers/LIM-1', { creditLimit: null })).status, 403);
    assert.equal((await accountant.patch('/v1/customers/LIM-1', { name: 'Limited AG' })).status, 200);

    assert.equal((await issue(accountant, 'LIM-1', '800.00')).status, 201, '800.00 ≤ 1,000.00');
    const before = await tenantState(ctx.deps.db, tenant.tenantId);
    const refused = await issue(accountant, 'LIM-1', '300.00');
    assert.equal(refused.status, 409);
    assert.equal(refused.body.code, 'invalid_state');
    // 800.00 open + 300.00 = 1,100.00 > 1,000.00
    assert.match(refused.body.detail, /exposure EUR 1,100\.00 is over the credit limit of EUR 1,000\.00/);
    assert.equal(refused.body.errors[0].field, 'override');
    assert.equal(
      await tenantState(ctx.deps.db, tenant.tenantId),
      before,
      'a refusal writes nothing, takes no number',
    );

    const byAccountant = await issue(accountant, 'LIM-1', '300.00', { override: { reason: 'please' } });
    assert.equal(byAccountant.status, 403);
    const garbage = await accountant.post('/v1/invoices', { override: { reason: 'x' }, nonsense: true });
    assert.equal(garbage.status, 403, 'the role is checked before the body is validated');

    const overridden = await issue(credit, 'LIM-1', '300.00', {
      override: { reason: 'CFO approved the large order' },
    });
    assert.equal(overridden.status, 201, JSON.stringify(overridden.body));
    const log = await accountant.get('/v1/activities?customer=LIM-1&event=credit_override');
    assert.equal(log.body.items.length, 1);
    const entry = log.body.items[0];
    assert.deepEqual(entry.author, { name: 'Chris (credit)', keyId: chris.keyId, userId: null });
    assert.deepEqual(entry.invoiceNumbers, [overridden.body.number]);
    assert.match(entry.text, /CFO approved the large order/);
    assert.match(entry.text, /credit_manager/);
    assert.match(entry.text, /exposure EUR 1,100\.00 is over the credit limit of EUR 1,000\.00/);

    const status = await accountant.get('/v1/credit/customers/LIM-1');
    assert.equal(status.body.exposure.total, '1100.00');
    assert.equal(status.body.available, '-100.00');
    assert.equal(status.body.onHold, true, 'held automatically once over the limit');
    assert.deepEqual(
      status.body.holds.map((h: { kind: string; reasons: string[] }) => [h.kind, h.reasons]),
      [['automatic', ['over_limit']]],
    );
    assert.equal(
      (await issue(accountant, 'LIM-1', '10.00')).status,
      409,
      'still over: any invoice is refused',
    );

    // 500.00 received on the 800.00 invoice: exposure 600.00, and 600.00 + 10.00 fits again.
    const first = (await accountant.get('/v1/invoices?customer=LIM-1')).body.items[0];
    await accountant.post('/v1/receipts', {
      customer: 'LIM-1',
      method: 'bank_transfer',
      receivedOn: '2026-03-31',
      amount: '500.00',
      allocations: [{ invoice: first.number, amount: '500.00' }],
    });
    assert.equal((await issue(accountant, 'LIM-1', '10.00')).status, 201);
    const released = await accountant.get('/v1/credit/customers/LIM-1');
    assert.equal(released.body.onHold, false, 're-evaluated at issue');
    assert.equal(released.body.exposure.total, '610.00');
    const events = await accountant.get('/v1/activities?customer=LIM-1&kind=system');
    assert.deepEqual(events.body.items.map((a: { event: string }) => a.event).sort(), [
      'credit_hold_released',
      'credit_hold_set',
      'credit_override',
    ]);
    assert.equal(events.body.items[0].event, 'credit_hold_released', 'the latest');

    const raised = await credit.post('/v1/credit/customers/LIM-1/limit', {
      limit: '2000',
      reason: 'Annual review',
    });
    assert.equal(raised.status, 200);
    assert.equal(raised.body.creditLimit, '2000.00');
    const changed = await accountant.get('/v1/activities?customer=LIM-1&event=credit_limit_changed');
    assert.equal(
      changed.body.items[0].text,
      'Credit limit changed from EUR 1,000.00 to EUR 2,000.00: Annual review',
    );
    assert.equal((await accountant.post('/v1/credit/customers/LIM-1/limit', { limit: null })).status, 403);
    await assertInvariants(ctx, tenant.tenantId);
  });

  it('a manual hold refuses every invoice until a person releases it', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const accountant = client(ctx.app, keys.accountant);
    const credit = client(ctx.app, keys.credit_manager);
    await accountant.post('/v1/customers', { externalId: 'HOLD-1', name: 'Hold Ltd' });
    assert.equal((await accountant.post('/v1/credit/customers/HOLD-1/hold', { reason: 'x' })).status, 403);
    const held = await credit.post('/v1/credit/customers/HOLD-1/hold', { reason: 'Insolvency rumours' });
    assert.equal(held.status, 200);
    assert.equal(held.body.onHold, true);
    assert.equal((await credit.post('/v1/credit/customers/HOLD-1/hold', { reason: 'again' })).status, 409);

    const refused = await issue(accountant, 'HOLD-1', '1.00');
    assert.equal(refused.status, 409);
    assert.match(refused.body.detail, /manual credit hold/);
    const draft = await accountant.post('/v1/invoices', { customer: 'HOLD-1', lines: line('5.00') });
    assert.equal(draft.status, 201, 'drafts extend no credit');
    assert.equal((await accountant.post(`/v1/invoices/${draft.body.id}/issue`, {})).status, 409);
    const check = await credit.post('/v1/credit/check', {});
    assert.deepEqual(check.body.changes, [], 'the rules never release a manual hold');
    const released = await credit.post('/v1/credit/customers/HOLD-1/release', {
      reason: 'Rumours were wrong',
    });
    assert.equal(released.status, 200);
    assert.equal(released.body.onHold, false);
    assert.equal((await accountant.post(`/v1/invoices/${draft.body.id}/issue`, {})).status, 200);
    assert.equal(
      (await credit.post('/v1/credit/customers/HOLD-1/release', {})).status,
      409,
      'nothing to release',
    );
    const history = await accountant.get('/v1/credit/customers/HOLD-1/holds');
    assert.equal(history.body.items[0].releaseNote, 'Rumours were wrong');
    await assertInvariants(ctx, tenant.tenantId);
  });

  it('holds customers more than N days overdue, leaving disputed invoices out; idempotent', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const accountant = client(ctx.app, keys.accountant);
    const credit = client(ctx.app, keys.credit_manager);
    const collector = client(ctx.app, keys.collector);
    assert.equal((await accountant.patch('/v1/credit/settings', { holdOverdueDays: 60 })).status, 403);
    assert.deepEqual((await credit.patch('/v1/credit/settings', { holdOverdueDays: 60 })).body, {
      holdOverdueDays: 60,
      holdRiskScore: null,
    });
    await accountant.post('/v1/customers', { externalId: 'OLD-1', name: 'Slow Payer' });
    await accountant.post('/v1/customers', { externalId: 'OLD-2', name: 'Recent' });
    // NET30 from 2026-01-01 → due 2026-01-31, 59 days overdue on 2026-03-31; from 2025-12-30 → due
    // 2026-01-29, 61 days overdue.
    const old = await accountant.post('/v1/invoices', {
      customer: 'OLD-1',
      issue: true,
      issueDate: '2025-12-30',
      lines: line('100.00'),
    });
    await accountant.post('/v1/invoices', {
      customer: 'OLD-2',
      issue: true,
      issueDate: '2026-01-01',
      lines: line('100.00'),
    });

    const run = await credit.post('/v1/credit/check', { asOf: '2026-03-31' });
    assert.equal(run.status, 200);
    assert.deepEqual(
      run.body.changes.map((c: { customerExternalId: string; change: string; reasons: string[] }) => [
        c.customerExternalId,
        c.change,
        c.reasons,
      ]),
      [['OLD-1', 'set', ['overdue']]],
    );
    assert.equal(run.body.onHold, 1);
    assert.deepEqual(
      (await credit.post('/v1/credit/check', { asOf: '2026-03-31' })).body.changes,
      [],
      'idempotent',
    );
    const refused = await issue(accountant, 'OLD-1', '1.00');
    assert.match(refused.body.detail, /an invoice is 61 days overdue \(hold after 60\)/);
    const stays = await credit.post('/v1/credit/customers/OLD-1/release', {});
    assert.equal(stays.status, 409, 'an automatic hold goes only when its rule no longer holds');

    await collector.post('/v1/disputes', { invoice: old.body.number, reason: 'not_received' });
    const afterDispute = await credit.post('/v1/credit/check', { asOf: '2026-03-31' });
    assert.deepEqual(
      afterDispute.body.changes.map((c: { customerExternalId: string; change: string }) => [
        c.customerExternalId,
        c.change,
      ]),
      [['OLD-1', 'release']],
    );
    // Two days later OLD-2's invoice is 61 days overdue too.
    const later = await atTime(ctx, '2026-04-02T12:00:00Z', () =>
      credit.post('/v1/credit/check', { asOf: '2026-04-02' }),
    );
    assert.deepEqual(
      later.body.changes.map((c: { customerExternalId: string; change: string }) => [
        c.customerExternalId,
        c.change,
      ]),
      [['OLD-2', 'set']],
    );
    await assertInvariants(ctx, tenant.tenantId);
  });

  it('a billing run is refused whole, naming the invoice, unless a credit manager overrides it', async () => {
    const { tenant } = await apiTenant(ctx);
    const t = tenant.tenantId;
    const x = await makeCustomer(ctx.deps, t, { creditLimit: '1000' });
    const y = await makeCustomer(ctx.deps, t);
    const run = [x, y, x].map((c, i) => ({
      customer: c.externalId,
      issue: true,
      issueDate: '2026-03-20',
      lines: line(['600.00', '100.00', '600.00'][i] ?? '0'),
    }));
    const before = await tenantState(ctx.deps.db, t);
    // X: 600.00, then 600.00 + 600.00 = 1,200.00 > 1,000.00 at the third invoice.
    await assert.rejects(createInvoices(ctx.deps, t, run), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, 'invalid_state');
      assert.equal(e.details[0]?.field, 'invoices[2]');
      return true;
    });
    assert.equal(await tenantState(ctx.deps.db, t), before, 'nothing of the run was written');
    const clerk = keyActor('00000000-0000-7000-8000-000000000001', 'clerk');
    await assert.rejects(
      createInvoices(ctx.deps, t, run, { creditOverride: { reason: 'x', by: clerk, role: 'accountant' } }),
      (e: unknown) => e instanceof AppError && e.code === 'forbidden',
    );
    const boss = keyActor('00000000-0000-7000-8000-000000000002', 'boss');
    const rows = await createInvoices(ctx.deps, t, run, {
      creditOverride: { reason: 'Year-end deal', by: boss, role: 'credit_manager' },
    });
    assert.equal(rows.length, 3);
    const api = client(ctx.app, (await createApiKey(ctx.deps.db, t, 'viewer')).key);
    const overrides = await api.get(`/v1/activities?customer=${x.externalId}&event=credit_override`);
    assert.deepEqual(
      overrides.body.items.map((a: { invoiceIds: string[] }) => a.invoiceIds),
      [[rows[2]?.invoiceId]],
      'only the invoice that needed it',
    );
    await assertInvariants(ctx, t);
  });

  it('exposure nets unapplied cash and converts other currencies at their own rates', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const accountant = client(ctx.app, keys.accountant);
    await client(ctx.app, keys.credit_manager).post('/v1/customers', {
      externalId: 'FX-1',
      name: 'Multi Ltd',
      creditLimit: '2000',
    });
    await issue(accountant, 'FX-1', '1000.00');
    await issue(accountant, 'FX-1', '500.00', { currency: 'USD', fxRate: '0.9' });
    await accountant.post('/v1/receipts', {
      customer: 'FX-1',
      method: 'cash',
      receivedOn: '2026-03-31',
      amount: '150.00',
    });
    // EUR 1,000.00 + USD 500.00 × 0.9 = EUR 450.00 → 1,450.00 open; − 150.00 unapplied = 1,300.00
    const status = await accountant.get('/v1/credit/customers/FX-1');
    assert.equal(status.body.exposure.openInvoices, '1450.00');
    assert.equal(status.body.exposure.unappliedCash, '150.00');
    assert.equal(status.body.exposure.uninvoicedOrders, '0.00');
    assert.equal(status.body.exposure.total, '1300.00');
    assert.equal(status.body.available, '700.00');
    // USD 800.00 × 0.9 = EUR 720.00 → 2,020.00 > 2,000.00
    assert.equal((await issue(accountant, 'FX-1', '800.00', { currency: 'USD', fxRate: '0.9' })).status, 409);
    assert.equal(
      (await issue(accountant, 'FX-1', '770.00', { currency: 'USD', fxRate: '0.9' })).status,
      201,
      '693.00 fits',
    );
    const evaluation = await evaluateCreditHolds(ctx.deps, tenant.tenantId, '2026-03-31');
    assert.deepEqual(evaluation.changes, [], '1,993.00 is within 2,000.00');
    await assertInvariants(ctx, tenant.tenantId);
  });
});
