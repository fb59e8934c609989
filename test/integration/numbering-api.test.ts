/** `/v1/numbering-series`: anyone may read, only an admin may change; refusals name the field. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiTestContext, apiTenant, call, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

describe(`numbering series API on ${backendName}`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(async () => {
    await ctx.close();
  });

  test('list, change the INV series, and issue concurrently through the API', async () => {
    const { keys } = await apiTenant(ctx);
    const listed = await call(ctx.app, 'GET', '/v1/numbering-series', { key: keys.viewer });
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.data.map((s: { series: string; nextNumber: string }) => `${s.series}=${s.nextNumber}`),
      ['CN=CN-000001', 'DUN=DUN-000001', 'INV=INV-000001'],
    );
    const forbidden = await call(ctx.app, 'PATCH', '/v1/numbering-series/INV', {
      key: keys.accountant,
      body: { next: 10 },
    });
    assert.equal(forbidden.status, 403);
    const set = await call(ctx.app, 'PATCH', '/v1/numbering-series/INV', {
      key: keys.admin,
      body: { pattern: 'RE-{YYYY}-{seq}', digits: 5, next: '40' },
    });
    assert.equal(set.status, 200, set.text);
    assert.equal(set.body.nextNumber, 'RE-2026-00040');
    assert.equal(set.body.yearly, true);

    const customer = await call(ctx.app, 'POST', '/v1/customers', {
      key: keys.accountant,
      body: { externalId: 'K-1', name: 'Bäckerei Öztürk' },
    });
    assert.equal(customer.status, 201, customer.text);
    const issued = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(ctx.app, 'POST', '/v1/invoices', {
          key: keys.accountant,
          body: {
            customer: 'K-1',
            issue: true,
            issueDate: '2026-03-10',
            lines: [{ description: `Brot ${i}`, quantity: '1', unitPrice: '3.20' }],
          },
        }),
      ),
    );
    for (const r of issued) assert.equal(r.status, 201, r.text);
    const numbers = issued.map((r) => r.body.number as string).sort();
    assert.deepEqual(
      numbers,
      Array.from({ length: 20 }, (_, i) => `RE-2026-${String(40 + i).padStart(5, '0')}`),
    );

    const low = await call(ctx.app, 'PATCH', '/v1/numbering-series/INV', {
      key: keys.admin,
      body: { next: 59 },
    });
    assert.equal(low.status, 409, low.text);
    assert.deepEqual(
      low.body.errors.map((e: { field: string }) => e.field),
      ['next'],
    );
    const bad = await call(ctx.app, 'PATCH', '/v1/numbering-series/INV', {
      key: keys.admin,
      body: { pattern: 'RE-{seq}-{seq}' },
    });
    assert.equal(bad.status, 422, bad.text);
    assert.ok(
      bad.body.errors.some((e: { field: string }) => e.field === 'pattern'),
      bad.text,
    );
  });

  test('PUT creates a series; PATCH of an unknown one is a 404', async () => {
    const { keys } = await apiTenant(ctx);
    const created = await call(ctx.app, 'PUT', '/v1/numbering-series/EXP', {
      key: keys.admin,
      body: { prefix: 'EX-', digits: 4 },
    });
    assert.equal(created.status, 200, created.text);
    assert.equal(created.body.nextNumber, 'EX-0001');
    const missing = await call(ctx.app, 'PATCH', '/v1/numbering-series/NOPE', {
      key: keys.admin,
      body: { digits: 4 },
    });
    assert.equal(missing.status, 404);
    const badKey = await call(ctx.app, 'PUT', '/v1/numbering-series/in%20v', {
      key: keys.admin,
      body: { digits: 4 },
    });
    assert.equal(badKey.status, 422, badKey.text);
  });
});
