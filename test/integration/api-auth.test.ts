/** API keys, roles and tenant isolation over HTTP. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, call, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

describe(`API auth and tenant isolation (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  it('401 without a key, with an unknown key and with a revoked key', async () => {
    const { keys } = await apiTenant(ctx);
    const none = await call(ctx.app, 'GET', '/v1/customers');
    assert.equal(none.status, 401);
    assert.equal(none.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(none.body.code, 'unauthorized');
    assert.equal(none.headers['www-authenticate'], 'Bearer realm="cashloop"');
    const bad = await call(ctx.app, 'GET', '/v1/customers', { key: 'clk_nope_nope' });
    assert.equal(bad.status, 401);
    const malformed = await call(ctx.app, 'GET', '/v1/customers', {
      headers: { authorization: 'Basic abc' },
    });
    assert.equal(malformed.status, 401);

    const admin = client(ctx.app, keys.admin);
    const created = await admin.post('/v1/api-keys', { role: 'viewer', label: 'temp' });
    assert.equal(created.status, 201);
    assert.match(created.body.key, /^clk_[0-9a-f]{8}_/);
    assert.equal((await client(ctx.app, created.body.key).get('/v1/customers')).status, 200);
    const revoked = await admin.post(`/v1/api-keys/${created.body.id}/revoke`, {});
    assert.equal(revoked.status, 200);
    assert.deepEqual(revoked.body, { id: created.body.id, revoked: true });
    const after = await client(ctx.app, created.body.key).get('/v1/customers');
    assert.equal(after.status, 401);
    const listed = await admin.get('/v1/api-keys');
    const row = listed.body.items.find((k: { id: string }) => k.id === created.body.id);
    assert.equal(row.role, 'viewer');
    assert.equal(row.label, 'temp');
    assert.notEqual(row.revokedAt, null);
    assert.ok(!JSON.stringify(listed.body).includes(created.body.key), 'keys are never listed');
  });

  it('accepts X-API-Key as well as a bearer token; /health needs none', async () => {
    const { keys } = await apiTenant(ctx);
    const res = await call(ctx.app, 'GET', '/v1/customers', { headers: { 'x-api-key': keys.viewer } });
    assert.equal(res.status, 200);
    const health = await call(ctx.app, 'GET', '/health');
    assert.equal(health.status, 200);
    assert.deepEqual(health.body, { status: 'ok' });
  });

  it('403 for a role that may not, checked before the body is validated', async () => {
    const { keys } = await apiTenant(ctx);
    const body = { externalId: 'R-1', name: 'Roles Ltd' };
    const viewer = client(ctx.app, keys.viewer);
    const collector = client(ctx.app, keys.collector);
    const accountant = client(ctx.app, keys.accountant);

    const denied = await viewer.post('/v1/customers', body);
    assert.equal(denied.status, 403);
    assert.equal(denied.body.code, 'forbidden');
    assert.equal((await viewer.post('/v1/customers', { nonsense: true })).status, 403);
    assert.equal((await collector.post('/v1/customers', body)).status, 403);
    assert.equal((await collector.patch('/v1/customers/R-1', { name: 'x' })).status, 403);
    assert.equal((await accountant.get('/v1/api-keys')).status, 403);
    assert.equal((await accountant.post('/v1/api-keys', { role: 'admin' })).status, 403);
    assert.equal((await viewer.get('/v1/api-keys')).status, 403);

    const created = await accountant.post('/v1/customers', body);
    assert.equal(created.status, 201);
    for (const reader of [viewer, collector]) {
      const got = await reader.get('/v1/customers/R-1');
      assert.equal(got.status, 200);
      assert.equal(got.body.name, 'Roles Ltd');
      assert.equal((await reader.get('/v1/ledger/trial-balance')).status, 200);
      assert.equal((await reader.get('/v1/reports/aging')).status, 200);
    }
    const patched = await client(ctx.app, keys.admin).patch('/v1/customers/R-1', { name: 'Roles Plc' });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.name, 'Roles Plc');
  });

  it("a key of tenant B never sees tenant A's customer, invoice, receipt or allocation", async () => {
    const a = client(ctx.app, (await apiTenant(ctx)).keys.admin);
    const b = client(ctx.app, (await apiTenant(ctx)).keys.admin);
    const customer = await a.post('/v1/customers', { externalId: 'ISO-1', name: 'Isolated SA' });
    const invoice = await a.post('/v1/invoices', {
      customer: 'ISO-1',
      issue: true,
      issueDate: '2026-03-01',
      lines: [{ description: 'x', quantity: '1', unitPrice: '100' }],
    });
    const receipt = await a.post('/v1/receipts', {
      customer: 'ISO-1',
      method: 'cash',
      receivedOn: '2026-03-05',
      amount: '100',
      allocations: [{ invoice: invoice.body.number, amount: '40' }],
    });
    assert.equal(receipt.status, 201);
    const allocationId = receipt.body.allocations[0].id;

    for (const url of [
      `/v1/customers/${customer.body.id}`,
      '/v1/customers/ISO-1',
      `/v1/invoices/${invoice.body.id}`,
      `/v1/invoices/${invoice.body.number}`,
      `/v1/receipts/${receipt.body.id}`,
    ]) {
      const res = await b.get(url);
      assert.equal(res.status, 404, url);
      assert.equal(res.body.code, 'not_found');
    }
    assert.equal((await b.patch('/v1/customers/ISO-1', { name: 'stolen' })).status, 404);
    assert.equal((await b.post(`/v1/invoices/${invoice.body.id}/void`, {})).status, 404);
    assert.equal((await b.post(`/v1/receipts/${receipt.body.id}/refund`, {})).status, 404);
    assert.equal((await b.post(`/v1/allocations/${allocationId}/unapply`, {})).status, 404);
    assert.equal(
      (
        await b.post(`/v1/receipts/${receipt.body.id}/allocate`, {
          allocations: [{ invoice: invoice.body.id, amount: '1' }],
        })
      ).status,
      404,
    );
    assert.equal((await b.get('/v1/customers')).body.items.length, 0);
    assert.equal((await b.get('/v1/invoices')).body.items.length, 0);
    assert.equal((await b.get('/v1/receipts')).body.items.length, 0);
    assert.equal((await b.get('/v1/ledger/journal')).body.items.length, 0);
    assert.deepEqual((await b.get('/v1/reports/aging')).body.reports, []);

    // A's data is untouched by B's attempts.
    const still = await a.get(`/v1/receipts/${receipt.body.id}`);
    assert.equal(still.body.unapplied, '60.00');
    assert.equal(still.body.allocations[0].active, true);
    assert.equal((await a.get(`/v1/invoices/${invoice.body.id}`)).body.open, '60.00');
  });
});
