/** /v1/saved-views on both back ends: own and shared views, one default per page, owners only change them. */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/modules/users/index.ts';
import {
  type ApiTenant,
  type ApiTestContext,
  apiTenant,
  call,
  client,
  openApiTestContext,
  sessionClient,
  signIn,
} from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

const RUN = randomUUID().slice(0, 8);

describe(`saved views (${backendName})`, () => {
  let ctx: ApiTestContext;
  let t: ApiTenant;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
    t = await apiTenant(ctx);
  });
  after(() => ctx.close());

  async function user(role: 'collector' | 'viewer', n: number) {
    const email = `views${n}-${RUN}@example.com`;
    const password = `password-${n}-long-enough`;
    await createUser(ctx.deps, t.tenant.tenantId, { email, role, password, name: `User ${n}` });
    return sessionClient(ctx.app, await signIn(ctx.app, email, password));
  }

  it('saves, lists, renames, shares, defaults and deletes; others only read shared views', async () => {
    const ana = await user('collector', 1);
    const ben = await user('viewer', 2);
    const created = await ana.post('/v1/saved-views', {
      page: 'invoices',
      name: 'Overdue EUR',
      query: 'overdue=true&currency=EUR&sort=-daysOverdue',
      isDefault: true,
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.mine, true);
    assert.equal(created.body.owner.name, 'User 1');
    const id = created.body.id as string;
    const twin = await ana.post('/v1/saved-views', { page: 'invoices', name: 'Overdue EUR', query: 'x=1' });
    assert.equal(twin.status, 409);
    assert.equal(twin.body.errors[0].field, 'name');
    const second = await ana.post('/v1/saved-views', {
      page: 'invoices',
      name: 'Big',
      query: 'amountMin=1000',
      isDefault: true,
    });
    const mine = (await ana.get('/v1/saved-views?page=invoices')).body.items;
    assert.deepEqual(
      mine.map((v: { name: string; isDefault: boolean }) => [v.name, v.isDefault]),
      [
        ['Big', true],
        ['Overdue EUR', false],
      ],
      'one default per page: the newer took it',
    );
    assert.equal((await ben.get('/v1/saved-views?page=invoices')).body.items.length, 0, 'private to Ana');
    const keyReader = client(ctx.app, t.keys.viewer);
    assert.equal((await keyReader.get('/v1/saved-views?page=invoices')).body.items.length, 0);

    const shared = await ana.patch(`/v1/saved-views/${id}`, { name: 'Overdue (EUR)', shared: true });
    assert.equal(shared.status, 200, shared.text);
    assert.equal(shared.body.name, 'Overdue (EUR)');
    const seen = (await ben.get('/v1/saved-views?page=invoices')).body.items;
    assert.deepEqual(
      seen.map((v: { id: string; mine: boolean }) => [v.id, v.mine]),
      [[id, false]],
    );
    assert.equal(
      (await keyReader.get('/v1/saved-views?page=invoices')).body.items[0].id,
      id,
      'API keys read shared',
    );
    assert.equal((await ben.patch(`/v1/saved-views/${id}`, { name: 'Mine now' })).status, 403);
    assert.equal((await ben.delete(`/v1/saved-views/${id}`)).status, 403);
    assert.equal(
      (await ben.delete(`/v1/saved-views/${second.body.id}`)).status,
      404,
      'a private view stays unknown',
    );
    const byKey = await keyReader.post('/v1/saved-views', { page: 'invoices', name: 'k', query: '' });
    assert.equal(byKey.status, 403);

    assert.equal((await ana.delete(`/v1/saved-views/${id}`)).status, 204);
    assert.equal((await ana.get('/v1/saved-views?page=invoices')).body.items.length, 1);
    const noCsrf = await call(ctx.app, 'GET', '/v1/saved-views?page=reports', {});
    assert.equal(noCsrf.status, 401);
  });
});
