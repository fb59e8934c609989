/** GET /v1/audit and its CSV export: what a change records over HTTP, the filters, paging and who may read. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyAuditTrail } from '../../src/modules/audit/index.ts';
import { parseCsv } from '../../src/shared/csv.ts';
import { type ApiTestContext, apiTenant, call, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

let ctx: ApiTestContext;
before(async () => {
  ctx = await openApiTestContext();
});
after(async () => {
  await ctx.close();
});

const UA = { 'user-agent': 'Buchhaltung/2.1 (Müller & Söhne)' };

async function setUp() {
  const t = await apiTenant(ctx);
  const admin = t.keys.admin;
  const created = await call(ctx.app, 'POST', '/v1/customers', {
    key: admin,
    headers: UA,
    body: { externalId: 'K-0001', name: 'Müller & Söhne GmbH', bankAccounts: ['DE89370400440532013000'] },
  });
  assert.equal(created.status, 201, created.text);
  const id = created.body.id as string;
  const patched = await call(ctx.app, 'PATCH', `/v1/customers/${id}`, {
    key: t.keys.accountant,
    headers: UA,
    body: { bankAccounts: ['DE02120300000000202051'] },
  });
  assert.equal(patched.status, 200, patched.text);
  const limit = await call(ctx.app, 'POST', `/v1/credit/customers/${id}/limit`, {
    key: t.keys.credit_manager,
    headers: UA,
    body: { limit: '15000.00', reason: 'Bürgschaft der Hausbank liegt vor' },
  });
  assert.equal(limit.status, 200, limit.text);
  return { t, admin, id };
}

describe(`GET /v1/audit (${backendName})`, () => {
  it('shows each change with who, from where, before and after, and why — newest first', async () => {
    const { admin, id } = await setUp();
    const res = await call(ctx.app, 'GET', `/v1/audit?objectType=customer&objectId=${id}`, { key: admin });
    assert.equal(res.status, 200, res.text);
    const kinds = res.body.items.map((r: { kind: string }) => r.kind);
    assert.deepEqual(kinds, ['customer.credit_limit_changed', 'customer.updated', 'customer.created']);
    const [limit, bank] = res.body.items;
    assert.deepEqual(bank.changes, {
      bankAccounts: [['DE89370400440532013000'], ['DE02120300000000202051']],
    });
    assert.equal(bank.actor.kind, 'api_key');
    assert.equal(bank.origin.channel, 'http');
    assert.equal(bank.origin.agent, UA['user-agent']);
    assert.equal(typeof bank.origin.ip, 'string');
    assert.equal(limit.reason, 'Bürgschaft der Hausbank liegt vor');
    assert.deepEqual(limit.changes, { creditLimitMinor: [null, '1500000'] });
    assert.equal(bank.prevHash, res.body.items[2].hash);
  });

  it('filters by kind prefix, actor and time, and pages without skipping or repeating', async () => {
    const { t, admin } = await setUp();
    const byKind = await call(ctx.app, 'GET', '/v1/audit?kind=customer.updated', { key: admin });
    assert.deepEqual(
      byKind.body.items.map((r: { kind: string }) => r.kind),
      ['customer.updated'],
    );
    const byPrefix = await call(ctx.app, 'GET', '/v1/audit?kind=customer', { key: admin });
    assert.equal(byPrefix.body.items.length, 3);
    const actor = byKind.body.items[0].actor.id;
    const byActor = await call(ctx.app, 'GET', `/v1/audit?actor=${actor}`, { key: admin });
    assert.deepEqual(
      byActor.body.items.map((r: { kind: string }) => r.kind),
      ['customer.updated'],
    );
    const future = await call(ctx.app, 'GET', '/v1/audit?from=2999-01-01T00:00:00Z', { key: admin });
    assert.deepEqual(future.body.items, []);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(ctx.app, 'GET', `/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`, {
        key: admin,
      });
      assert.equal(page.status, 200, page.text);
      seen.push(...page.body.items.map((r: { seq: string }) => r.seq));
      cursor = page.body.nextCursor;
    } while (cursor);
    const all = await call(ctx.app, 'GET', '/v1/audit?limit=500', { key: admin });
    assert.deepEqual(
      seen,
      all.body.items.map((r: { seq: string }) => r.seq),
    );
    assert.ok(seen.length >= 4, `records of the keys and the customer, got ${seen.length}`);
    assert.equal(t.tenant.tenantId.length, 36);
  });

  it('refuses bad filters with 422 naming the field', async () => {
    const { admin } = await setUp();
    for (const q of ['kind=Customer%20Updated', 'actor=not-a-uuid', 'from=yesterday', 'cursor=zzz']) {
      const res = await call(ctx.app, 'GET', `/v1/audit?${q}`, { key: admin });
      assert.equal(res.status, 422, `${q}: ${res.text}`);
    }
    const reversed = await call(
      ctx.app,
      'GET',
      '/v1/audit?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z',
      { key: admin },
    );
    assert.equal(reversed.status, 422);
  });

  it('is for admins only, and shows a tenant only its own trail', async () => {
    const { t } = await setUp();
    for (const role of ['viewer', 'collector', 'accountant', 'credit_manager'] as const) {
      assert.equal((await call(ctx.app, 'GET', '/v1/audit', { key: t.keys[role] })).status, 403, role);
      assert.equal((await call(ctx.app, 'GET', '/v1/audit/export', { key: t.keys[role] })).status, 403, role);
    }
    const other = await apiTenant(ctx);
    const theirs = await call(ctx.app, 'GET', '/v1/audit?objectType=customer', { key: other.keys.admin });
    assert.deepEqual(theirs.body.items, []);
  });

  it('keeps one chain under concurrent requests that change customers and limits', async () => {
    const { t, admin } = await setUp();
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(ctx.app, 'POST', '/v1/customers', {
        key: admin,
        body: { externalId: `K-10${i}`, name: `Schmidt & Co. ${i}` },
      });
      ids.push(res.body.id);
    }
    const requests = ids.flatMap((id, i) => [
      call(ctx.app, 'PATCH', `/v1/customers/${id}`, {
        key: t.keys.accountant,
        body: { name: `Schmidt & Co KG ${i}` },
      }),
      call(ctx.app, 'POST', `/v1/credit/customers/${id}/limit`, {
        key: t.keys.credit_manager,
        body: { limit: `${1000 + i}.00`, reason: 'Auskunftei' },
      }),
    ]);
    const statuses = (await Promise.all(requests)).map((r) => r.status);
    assert.deepEqual(
      statuses,
      statuses.map(() => 200),
    );
    const v = await verifyAuditTrail(ctx.deps.db, t.tenant.tenantId);
    assert.equal(v.ok, true, v.firstBreak?.message);
    const changed = await call(ctx.app, 'GET', '/v1/audit?kind=customer.credit_limit_changed&limit=100', {
      key: admin,
    });
    assert.equal(changed.body.items.length, 7);
  });

  it('exports the same records as CSV', async () => {
    const { admin, id } = await setUp();
    const res = await call(ctx.app, 'GET', `/v1/audit/export?objectId=${id}`, { key: admin });
    assert.equal(res.status, 200, res.text);
    assert.match(String(res.headers['content-type']), /text\/csv/);
    const table = parseCsv(res.text);
    assert.equal(table.header[0], 'seq');
    assert.equal(table.rows.length, 3);
    const reasonAt = table.header.indexOf('reason');
    assert.equal(table.rows[0]?.values[reasonAt], 'Bürgschaft der Hausbank liegt vor');
  });
});
