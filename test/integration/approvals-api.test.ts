/**
 * Maker-checker through the API: a guarded operation over its threshold changes nothing until a
 * second person with the policy's level approves it; then it posts, naming maker and checker in the
 * audit trail. Refusals: the maker, a role below the level, a checker who posted the customer's
 * cash (SoD), an expired request. A request the use case refuses at approval fails and leaves
 * nothing. Every policy here is switched on explicitly (the default gates nothing).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../src/modules/apikeys/apikeys.service.ts';
import { type ApprovalKind, approvalPolicyOf, type KindSwitch } from '../../src/modules/approvals/index.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';

/** Write-offs from EUR 500.00 and JPY 50,000 (every other currency always), for a credit manager. */
const writeOffPolicy = (more: Partial<Record<ApprovalKind, KindSwitch>> = {}) =>
  approvalPolicyOf({ 'invoice.write_off': { thresholds: { EUR: '500.00', JPY: '50000' } }, ...more });

describe(`approvals through the API (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  async function setUp(policy: unknown = writeOffPolicy()) {
    const t = await apiTenant(ctx);
    const admin = client(ctx.app, t.keys.admin);
    const put = await admin.put('/v1/approval-policy', policy);
    assert.equal(put.status, 200, put.text);
    const secondCredit = (await createApiKey(ctx.deps.db, t.tenant.tenantId, 'credit_manager', 'second')).key;
    return { ...t, admin, secondCredit };
  }

  async function journalCount(key: string) {
    const res = await client(ctx.app, key).get('/v1/ledger/journal?limit=500');
    assert.equal(res.status, 200, res.text);
    return res.body.items.length as number;
  }

  it('holds back a write-off at the threshold and posts it only on approval', async () => {
    const { tenant, keys, secondCredit } = await setUp();
    const customer = await makeCustomer(ctx.deps, tenant.tenantId, {
      name: 'Müller & Möller KG',
      currency: 'EUR',
    });
    const inv = await issueInvoice(ctx.deps, tenant.tenantId, customer.externalId, '1200.00');
    const maker = client(ctx.app, keys.credit_manager);
    const below = await issueInvoice(ctx.deps, tenant.tenantId, customer.externalId, '499.99');
    const entriesBefore = await journalCount(keys.viewer);
    const direct = await maker.post(`/v1/invoices/${below.invoiceId}/write-off`, {
      reason: 'small, below threshold',
    });
    assert.equal(direct.status, 200, 'EUR 499.99 is below the EUR 500.00 threshold: it runs at once');
    assert.equal(direct.body.status, 'written_off');

    const waits = await maker.post(`/v1/invoices/${inv.invoiceId}/write-off`, {
      amount: '500.00',
      reason: 'insolvent',
    });
    assert.equal(waits.status, 202, waits.text);
    const request = waits.body.approvalRequest;
    assert.equal(request.status, 'pending');
    assert.equal(request.amount, '500.00');
    assert.equal(request.currency, 'EUR');
    assert.equal(request.approverLevel, 'credit');
    const invoiceNow = await maker.get(`/v1/invoices/${inv.invoiceId}`);
    assert.equal(invoiceNow.body.open, '1200.00', 'nothing changed while it waits');
    assert.equal(
      await journalCount(keys.viewer),
      entriesBefore + 1,
      'only the write-off below the threshold posted',
    );

    const own = await maker.post(`/v1/approvals/${request.id}/approve`);
    assert.equal(own.status, 403);
    assert.equal(own.body.code, 'approval_own_request');
    for (const role of ['viewer', 'collector'] as const) {
      const denied = await client(ctx.app, keys[role]).post(`/v1/approvals/${request.id}/approve`);
      assert.equal(denied.status, 403, role);
    }
    const accountant = await client(ctx.app, keys.accountant).post(`/v1/approvals/${request.id}/approve`);
    assert.equal(accountant.status, 403);
    assert.equal(accountant.body.code, 'approval_level', 'an accountant lacks the credit level');

    const approved = await client(ctx.app, secondCredit).post(`/v1/approvals/${request.id}/approve`, {
      reason: 'checked the insolvency notice',
    });
    assert.equal(approved.status, 200, approved.text);
    assert.equal(approved.body.status, 'approved');
    assert.equal(approved.body.checker.name, 'second');
    assert.deepEqual(approved.body.result, { invoiceId: inv.invoiceId });
    assert.equal((await maker.get(`/v1/invoices/${inv.invoiceId}`)).body.open, '700.00');
    assert.equal(await journalCount(keys.viewer), entriesBefore + 2);

    const again = await client(ctx.app, keys.admin).post(`/v1/approvals/${request.id}/approve`);
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'approval_not_pending');

    const trail = await client(ctx.app, keys.admin).get(`/v1/audit?limit=200`);
    const kinds = trail.body.items.map((r: { kind: string }) => r.kind);
    assert.ok(kinds.includes('approval.requested') && kinds.includes('approval.approved'), kinds.join());
    const writtenOff = trail.body.items.filter(
      (r: { kind: string; objectId: string }) =>
        r.kind === 'invoice.written_off' && r.objectId === inv.invoiceId,
    );
    assert.equal(writtenOff.length, 1);
    assert.equal(writtenOff[0].details.approval.requestId, request.id);
    assert.equal(writtenOff[0].details.approval.checker.name, 'second');
    assert.equal(writtenOff[0].details.approval.maker.keyId, request.maker.keyId);
  });

  it('gates a currency without a threshold always, and JPY by its own threshold', async () => {
    const { tenant, keys } = await setUp();
    const maker = client(ctx.app, keys.credit_manager);
    const chf = await makeCustomer(ctx.deps, tenant.tenantId, { name: 'Zürcher AG', currency: 'CHF' });
    const chfInv = await issueInvoice(ctx.deps, tenant.tenantId, chf.externalId, '10.00', { fxRate: '1.05' });
    const res = await maker.post(`/v1/invoices/${chfInv.invoiceId}/write-off`, { reason: 'tiny' });
    assert.equal(res.status, 202, 'no CHF threshold: every CHF write-off waits');
    const jp = await makeCustomer(ctx.deps, tenant.tenantId, { name: '株式会社テスト', currency: 'JPY' });
    const jpInv = await issueInvoice(ctx.deps, tenant.tenantId, jp.externalId, '49999', { fxRate: '0.0062' });
    const jpRes = await maker.post(`/v1/invoices/${jpInv.invoiceId}/write-off`, {
      reason: 'below JPY 50,000',
    });
    assert.equal(jpRes.status, 200, jpRes.text);
    const jpAt = await issueInvoice(ctx.deps, tenant.tenantId, jp.externalId, '50000', { fxRate: '0.0062' });
    const atRes = await maker.post(`/v1/invoices/${jpAt.invoiceId}/write-off`, { reason: 'at JPY 50,000' });
    assert.equal(atRes.status, 202, 'exactly at the threshold waits (JPY has no minor unit)');
    assert.equal(atRes.body.approvalRequest.amount, '50000');
    assert.equal(atRes.body.approvalRequest.currency, 'JPY');
  });

  it('refuses a checker who recorded cash of the same customer (SoD), naming rule and receipt', async () => {
    const { tenant, keys, secondCredit } = await setUp();
    const customer = await makeCustomer(ctx.deps, tenant.tenantId, { name: 'Schmidt GmbH', currency: 'EUR' });
    const inv = await issueInvoice(ctx.deps, tenant.tenantId, customer.externalId, '2000.00');
    const receipt = await client(ctx.app, secondCredit).post('/v1/receipts', {
      customer: customer.externalId,
      method: 'bank_transfer',
      receivedOn: '2026-03-20',
      amount: '1000.00',
      allocations: [{ invoice: inv.invoiceId, amount: '1000.00' }],
    });
    assert.equal(receipt.status, 201, receipt.text);
    const waits = await client(ctx.app, keys.credit_manager).post(`/v1/invoices/${inv.invoiceId}/write-off`, {
      reason: 'rest is lost',
    });
    assert.equal(waits.status, 202);
    const id = waits.body.approvalRequest.id;
    const refused = await client(ctx.app, secondCredit).post(`/v1/approvals/${id}/approve`);
    assert.equal(refused.status, 403, refused.text);
    assert.equal(refused.body.code, 'approval_sod_conflict');
    assert.match(refused.body.detail, /cash_poster_cannot_approve_write_off/);
    assert.match(refused.body.detail, new RegExp(receipt.body.id));
    assert.equal((await client(ctx.app, keys.viewer).get(`/v1/approvals/${id}`)).body.status, 'pending');

    const later = await atTime(ctx, '2026-12-31T12:00:00Z', () =>
      client(ctx.app, secondCredit).post(`/v1/approvals/${id}/approve`),
    );
    assert.equal(later.status, 409, 'outside the window the rule no longer refuses; but 72 h have passed');
    assert.equal(later.body.code, 'approval_expired');
  });

  it('expires a request: refused at decision time, and by the sweep', async () => {
    const { tenant, keys, secondCredit } = await setUp();
    const customer = await makeCustomer(ctx.deps, tenant.tenantId, { currency: 'EUR' });
    const inv = await issueInvoice(ctx.deps, tenant.tenantId, customer.externalId, '900.00');
    const maker = client(ctx.app, keys.credit_manager);
    const first = await maker.post(`/v1/invoices/${inv.invoiceId}/write-off`, {
      reason: 'a',
      amount: '600.00',
    });
    const justInTime = await atTime(ctx, '2026-04-03T11:59:59Z', () =>
      client(ctx.app, keys.admin).post(`/v1/approvals/${first.body.approvalRequest.id}/reject`, {
        reason: 'no',
      }),
    );
    assert.equal(justInTime.status, 200, 'one second before 72 h a decision is still taken');
    assert.equal(justInTime.body.status, 'rejected');
    const second = await maker.post(`/v1/invoices/${inv.invoiceId}/write-off`, {
      reason: 'b',
      amount: '600.00',
    });
    const late = await atTime(ctx, '2026-04-03T12:00:00Z', () =>
      client(ctx.app, secondCredit).post(`/v1/approvals/${second.body.approvalRequest.id}/approve`),
    );
    assert.equal(late.status, 409);
    assert.equal(late.body.code, 'approval_expired');
    const shown = await maker.get(`/v1/approvals/${second.body.approvalRequest.id}`);
    assert.equal(shown.body.status, 'expired');
    assert.equal((await maker.get(`/v1/invoices/${inv.invoiceId}`)).body.open, '900.00');
    const { expireRequests } = await import('../../src/modules/approvals/index.ts');
    await maker.post(`/v1/invoices/${inv.invoiceId}/write-off`, { reason: 'c', amount: '600.00' });
    assert.equal(
      await atTime(ctx, '2026-04-10T00:00:00Z', () => expireRequests(ctx.deps, tenant.tenantId)),
      1,
    );
    const list = await maker.get('/v1/approvals?status=expired');
    assert.equal(list.body.items.length, 2);
  });

  it('fails a request whose operation is refused at approval, and leaves nothing', async () => {
    const { tenant, keys, secondCredit } = await setUp();
    const customer = await makeCustomer(ctx.deps, tenant.tenantId, { currency: 'EUR' });
    const inv = await issueInvoice(ctx.deps, tenant.tenantId, customer.externalId, '800.00');
    const maker = client(ctx.app, keys.credit_manager);
    const waits = await maker.post(`/v1/invoices/${inv.invoiceId}/write-off`, { reason: 'whole' });
    assert.equal(waits.status, 202);
    const paid = await client(ctx.app, keys.accountant).post('/v1/receipts', {
      customer: customer.externalId,
      method: 'bank_transfer',
      receivedOn: '2026-03-25',
      amount: '800.00',
      allocations: [{ invoice: inv.invoiceId, amount: '800.00' }],
    });
    assert.equal(paid.status, 201, paid.text);
    const entries = await journalCount(keys.viewer);
    const res = await client(ctx.app, secondCredit).post(
      `/v1/approvals/${waits.body.approvalRequest.id}/approve`,
    );
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'failed');
    assert.ok(res.body.decisionReason, 'the reason it failed is kept');
    assert.equal(await journalCount(keys.viewer), entries, 'nothing posted');
    assert.equal((await maker.get(`/v1/invoices/${inv.invoiceId}`)).body.status, 'paid');
  });

  it('executes a request once when two checkers approve it at the same moment', async () => {
    const { tenant, keys, secondCredit } = await setUp();
    const customer = await makeCustomer(ctx.deps, tenant.tenantId, { currency: 'EUR' });
    const inv = await issueInvoice(ctx.deps, tenant.tenantId, customer.externalId, '900.00');
    const waits = await client(ctx.app, keys.credit_manager).post(`/v1/invoices/${inv.invoiceId}/write-off`, {
      amount: '600.00',
      reason: 'two checkers',
    });
    assert.equal(waits.status, 202, waits.text);
    const entries = await journalCount(keys.viewer);
    const path = `/v1/approvals/${waits.body.approvalRequest.id}/approve`;
    const answers = await Promise.all([
      client(ctx.app, secondCredit).post(path),
      client(ctx.app, keys.admin).post(path),
    ]);
    const statuses = answers.map((a) => a.status).sort();
    assert.deepEqual(statuses, [200, 409], answers.map((a) => a.text).join('\n'));
    assert.equal(answers.find((a) => a.status === 409)?.body.code, 'approval_not_pending');
    assert.equal(await journalCount(keys.viewer), entries + 1, 'one write-off posted, not two');
    assert.equal(
      (await client(ctx.app, keys.viewer).get(`/v1/invoices/${inv.invoiceId}`)).body.open,
      '300.00',
    );
  });

  it('fails an approval whose operation would now move more than the amount judged', async () => {
    const { tenant, keys, secondCredit } = await setUp(
      approvalPolicyOf({ 'customer.credit_limit_increase': { thresholds: { EUR: '1000.00' } } }),
    );
    const customer = await makeCustomer(ctx.deps, tenant.tenantId, {
      currency: 'EUR',
      creditLimit: '10000.00',
    });
    const maker = client(ctx.app, keys.credit_manager);
    const limitPath = `/v1/credit/customers/${customer.externalId}/limit`;
    const raise = await maker.post(limitPath, { limit: '12000.00' });
    assert.equal(raise.status, 202, raise.text);
    assert.equal(raise.body.approvalRequest.amount, '2000.00');
    assert.equal((await maker.post(limitPath, { limit: '100.00' })).status, 200, 'a decrease runs at once');
    const res = await client(ctx.app, secondCredit).post(
      `/v1/approvals/${raise.body.approvalRequest.id}/approve`,
    );
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.status, 'failed', 'approving 2,000.00 must not raise the limit by 11,900.00');
    assert.match(res.body.decisionReason, /11900\.00/);
    assert.equal((await maker.get(`/v1/credit/customers/${customer.externalId}`)).body.creditLimit, '100.00');
  });

  it('lets the maker cancel, nobody else', async () => {
    const { tenant, keys } = await setUp();
    const customer = await makeCustomer(ctx.deps, tenant.tenantId, { currency: 'EUR' });
    const inv = await issueInvoice(ctx.deps, tenant.tenantId, customer.externalId, '800.00');
    const maker = client(ctx.app, keys.credit_manager);
    const id = (await maker.post(`/v1/invoices/${inv.invoiceId}/write-off`, { reason: 'x' })).body
      .approvalRequest.id;
    const other = await client(ctx.app, keys.admin).post(`/v1/approvals/${id}/cancel`);
    assert.equal(other.status, 403);
    const mine = await maker.post(`/v1/approvals/${id}/cancel`, { reason: 'wrong invoice' });
    assert.equal(mine.status, 200);
    assert.equal(mine.body.status, 'cancelled');
  });

  it('gates an allocation across customers of a group, not one within the customer', async () => {
    const { tenant, keys, secondCredit } = await setUp(
      approvalPolicyOf({ 'receipt.cross_customer_allocation': { thresholds: { EUR: '0' } } }),
    );
    const parent = await makeCustomer(ctx.deps, tenant.tenantId, { externalId: 'HOLDING', currency: 'EUR' });
    const child = await makeCustomer(ctx.deps, tenant.tenantId, {
      externalId: 'HOLDING-1',
      currency: 'EUR',
      parentExternalId: 'HOLDING',
    });
    const own = await issueInvoice(ctx.deps, tenant.tenantId, parent.externalId, '100.00');
    const childInv = await issueInvoice(ctx.deps, tenant.tenantId, child.externalId, '200.00');
    const accountant = client(ctx.app, keys.accountant);
    const receipt = await accountant.post('/v1/receipts', {
      customer: 'HOLDING',
      method: 'bank_transfer',
      receivedOn: '2026-03-20',
      amount: '300.00',
    });
    const same = await accountant.post(`/v1/receipts/${receipt.body.id}/allocate`, {
      allocations: [{ invoice: own.invoiceId, amount: '100.00' }],
    });
    assert.equal(same.status, 200, same.text);
    const cross = await accountant.post(`/v1/receipts/${receipt.body.id}/allocate`, {
      allocations: [{ invoice: childInv.invoiceId, amount: '200.00' }],
    });
    assert.equal(cross.status, 202, cross.text);
    assert.equal(cross.body.approvalRequest.amount, '200.00');
    assert.equal((await accountant.get(`/v1/invoices/${childInv.invoiceId}`)).body.open, '200.00');
    const ok = await client(ctx.app, secondCredit).post(
      `/v1/approvals/${cross.body.approvalRequest.id}/approve`,
    );
    assert.equal(ok.body.status, 'approved', ok.text);
    assert.equal((await accountant.get(`/v1/invoices/${childInv.invoiceId}`)).body.open, '0.00');
  });

  it('gates a change of bank details (admin decides), not a change of the name', async () => {
    const { tenant, keys } = await setUp(approvalPolicyOf({ 'customer.bank_details': {} }));
    const customer = await makeCustomer(ctx.deps, tenant.tenantId, { currency: 'EUR' });
    const accountant = client(ctx.app, keys.accountant);
    const renamed = await accountant.patch(`/v1/customers/${customer.externalId}`, { name: 'Renamed Ltd' });
    assert.equal(renamed.status, 200, renamed.text);
    const iban = 'DE89370400440532013000';
    const waits = await accountant.patch(`/v1/customers/${customer.externalId}`, { bankAccounts: [iban] });
    assert.equal(waits.status, 202, waits.text);
    assert.deepEqual((await accountant.get(`/v1/customers/${customer.externalId}`)).body.bankAccounts, []);
    const byCredit = await client(ctx.app, keys.credit_manager).post(
      `/v1/approvals/${waits.body.approvalRequest.id}/approve`,
    );
    assert.equal(byCredit.body.code, 'approval_level');
    const ok = await client(ctx.app, keys.admin).post(
      `/v1/approvals/${waits.body.approvalRequest.id}/approve`,
    );
    assert.equal(ok.body.status, 'approved', ok.text);
    assert.deepEqual((await accountant.get(`/v1/customers/${customer.externalId}`)).body.bankAccounts, [
      iban,
    ]);
  });

  it('refuses a policy that switches maker_cannot_approve off or misfits a currency', async () => {
    const { admin, keys } = await setUp();
    const off = await admin.put('/v1/approval-policy', {
      kinds: [],
      sodRules: [{ rule: 'maker_cannot_approve', enabled: false }],
    });
    assert.equal(off.status, 422);
    const jpy = await admin.put('/v1/approval-policy', {
      kinds: [
        {
          kind: 'invoice.write_off',
          enabled: true,
          thresholds: [{ currency: 'JPY', amount: '10.50' }],
          approverLevel: 'credit',
          expiresAfterHours: 1,
        },
      ],
      sodRules: [],
    });
    assert.equal(jpy.status, 422);
    assert.match(JSON.stringify(jpy.body.errors), /kinds\[0\]\.thresholds\[0\]\.amount/);
    const byAccountant = await client(ctx.app, keys.accountant).put('/v1/approval-policy', {
      kinds: [],
      sodRules: [],
    });
    assert.equal(byAccountant.status, 403);
  });

  it('gates a credit-limit increase, not a decrease, and closes the customer-update path round it', async () => {
    const { tenant, keys, secondCredit } = await setUp(
      approvalPolicyOf({ 'customer.credit_limit_increase': { thresholds: { EUR: '5000.00' } } }),
    );
    const customer = await makeCustomer(ctx.deps, tenant.tenantId, {
      currency: 'EUR',
      creditLimit: '10000.00',
    });
    const maker = client(ctx.app, keys.credit_manager);
    const small = await maker.post(`/v1/credit/customers/${customer.externalId}/limit`, {
      limit: '14999.99',
    });
    assert.equal(small.status, 200, 'an increase of 4,999.99 is below the threshold');
    const big = await maker.post(`/v1/credit/customers/${customer.externalId}/limit`, { limit: '19999.99' });
    assert.equal(big.status, 202, 'an increase of exactly 5,000.00 waits');
    assert.equal(big.body.approvalRequest.amount, '5000.00');
    const bypass = await maker.patch(`/v1/customers/${customer.externalId}`, { creditLimit: '90000.00' });
    assert.equal(bypass.status, 409);
    const ok = await client(ctx.app, secondCredit).post(
      `/v1/approvals/${big.body.approvalRequest.id}/approve`,
    );
    assert.equal(ok.body.status, 'approved', ok.text);
    assert.equal(
      (await maker.get(`/v1/credit/customers/${customer.externalId}`)).body.creditLimit,
      '19999.99',
    );
    const down = await maker.post(`/v1/credit/customers/${customer.externalId}/limit`, { limit: '1000.00' });
    assert.equal(down.status, 200, 'a decrease never waits');
  });
});
