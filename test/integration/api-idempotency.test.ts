/** Idempotency-Key on POST: replay with no second effect, mismatch 422, per tenant, concurrency-safe. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

describe(`API idempotency (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  async function tenantWithCustomer() {
    const t = await apiTenant(ctx);
    const api = client(ctx.app, t.keys.accountant);
    await api.post('/v1/customers', { externalId: 'IDEM-1', name: 'Idem Oy' });
    return { ...t, api };
  }

  const receipt = {
    customer: 'IDEM-1',
    method: 'bank_transfer',
    receivedOn: '2026-03-15',
    amount: '250.50',
    reference: 'RF18 5390 0754 7034',
  };

  it('replays the stored response and records the receipt and its entry only once', async () => {
    const { api } = await tenantWithCustomer();
    const key = { 'idempotency-key': 'rcpt-0001' };
    const first = await api.post('/v1/receipts', receipt, key);
    assert.equal(first.status, 201);
    assert.equal(first.headers['idempotent-replayed'], 'false');
    assert.equal(first.body.amount, '250.50');
    const reordered = Object.fromEntries(Object.entries(receipt).reverse());
    const second = await api.post('/v1/receipts', reordered, key);
    assert.equal(second.status, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.deepEqual(second.body, first.body);

    const list = await api.get('/v1/receipts');
    assert.deepEqual(
      list.body.items.map((r: { id: string; amount: string }) => [r.id, r.amount]),
      [[first.body.id, '250.50']],
    );
    const journal = await api.get('/v1/ledger/journal');
    const recorded = journal.body.items.filter(
      (e: { eventCode: string }) => e.eventCode === 'receipt.recorded',
    );
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0].sourceId, first.body.id);
  });

  it('rejects the same key with another body or path as 422 idempotency_mismatch', async () => {
    const { api } = await tenantWithCustomer();
    const key = { 'idempotency-key': 'rcpt-0002' };
    assert.equal((await api.post('/v1/receipts', receipt, key)).status, 201);
    const other = await api.post('/v1/receipts', { ...receipt, amount: '250.51' }, key);
    assert.equal(other.status, 422);
    assert.equal(other.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(other.body.code, 'idempotency_mismatch');
    const otherPath = await api.post('/v1/customers', { externalId: 'X', name: 'X' }, key);
    assert.equal(otherPath.status, 422);
    assert.equal(otherPath.body.code, 'idempotency_mismatch');
    assert.equal((await api.get('/v1/customers/X')).status, 404, 'the mismatched request had no effect');
    assert.equal((await api.get('/v1/receipts')).body.items.length, 1);
  });

  it('keeps keys per tenant', async () => {
    const a = await tenantWithCustomer();
    const b = await tenantWithCustomer();
    const key = { 'idempotency-key': 'shared-key' };
    const ra = await a.api.post('/v1/receipts', receipt, key);
    const rb = await b.api.post('/v1/receipts', receipt, key);
    assert.equal(rb.status, 201);
    assert.equal(rb.headers['idempotent-replayed'], 'false');
    assert.notEqual(rb.body.id, ra.body.id);
    assert.equal((await b.api.get(`/v1/receipts/${ra.body.id}`)).status, 404);
  });

  it('stores nothing for a failed request, so a corrected retry with the same key runs', async () => {
    const { api } = await tenantWithCustomer();
    const key = { 'idempotency-key': 'inv-after-404' };
    const body = {
      customer: 'LATE-1',
      issue: true,
      issueDate: '2026-03-01',
      lines: [{ description: 'Setup', quantity: '1', unitPrice: '80' }],
    };
    const missing = await api.post('/v1/invoices', body, key);
    assert.equal(missing.status, 404);
    await api.post('/v1/customers', { externalId: 'LATE-1', name: 'Late Ltd' });
    const ok = await api.post('/v1/invoices', body, key);
    assert.equal(ok.status, 201);
    assert.equal(ok.body.total, '80.00');
    const replay = await api.post('/v1/invoices', body, key);
    assert.equal(replay.body.number, ok.body.number);
    assert.equal((await api.get('/v1/invoices')).body.items.length, 1, 'one invoice, one number taken');
  });

  it('lets concurrent duplicates through only once', async () => {
    const { api } = await tenantWithCustomer();
    const key = { 'idempotency-key': 'race-1' };
    const results = await Promise.all([1, 2, 3, 4].map(() => api.post('/v1/receipts', receipt, key)));
    assert.deepEqual(
      results.map((r) => r.status),
      [201, 201, 201, 201],
    );
    assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
    assert.equal(results.filter((r) => r.headers['idempotent-replayed'] === 'false').length, 1);
    assert.equal((await api.get('/v1/receipts')).body.items.length, 1);
  });

  it('replays an API key creation without creating a second key or storing the clear key', async () => {
    const { keys } = await apiTenant(ctx);
    const admin = client(ctx.app, keys.admin);
    const key = { 'idempotency-key': 'key-create-1' };
    const first = await admin.post('/v1/api-keys', { role: 'viewer' }, key);
    assert.equal(first.status, 201);
    assert.match(first.body.key, /^clk_/);
    const replay = await admin.post('/v1/api-keys', { role: 'viewer' }, key);
    assert.equal(replay.status, 201);
    assert.equal(replay.body.id, first.body.id);
    assert.equal(replay.body.key, null);
    const viewers = (await admin.get('/v1/api-keys')).body.items.filter(
      (k: { role: string }) => k.role === 'viewer',
    );
    assert.equal(viewers.length, 2, 'the seeded viewer key and the one created here');
  });
});
