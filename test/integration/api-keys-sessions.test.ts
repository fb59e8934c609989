/**
 * Credentials that can be limited and ended: API keys with a scope below their role and an
 * expiry (then 401 `api_key_expired`), created over the API and the CLI; sessions that a user
 * and an admin can list and end, and that end when the user is locked out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { withTransaction } from '../../src/db/client.ts';
import { authenticateApiKey, createApiKey } from '../../src/modules/apikeys/apikeys.service.ts';
import { createUser } from '../../src/modules/users/index.ts';
import {
  type ApiTestContext,
  apiTenant,
  call,
  client,
  openApiTestContext,
  sessionClient,
  signIn,
} from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';
import { cliSandbox } from '../helpers/cli.ts';

describe(`API keys with scope and expiry, revocable sessions (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
  });
  after(() => ctx.close());

  it('keeps a scoped key below its role: an accountant key scoped to read only reads', async () => {
    const { keys } = await apiTenant(ctx);
    const admin = client(ctx.app, keys.admin);
    const created = await admin.post('/v1/api-keys', {
      role: 'accountant',
      scope: 'read',
      label: 'Power BI – Ärger­frei',
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.scope, 'read');
    const bi = client(ctx.app, created.body.key);
    assert.equal((await bi.get('/v1/customers')).status, 200);
    const write = await bi.post('/v1/customers', { externalId: 'BI-1', name: 'Should Not Exist' });
    assert.equal(write.status, 403);
    assert.match(write.body.detail, /scoped to read/);
    assert.equal((await admin.get('/v1/customers/BI-1')).status, 404, 'nothing was created');
    assert.deepEqual((await bi.get('/v1/session')).body.permissions, ['read']);
    const listed = (await admin.get('/v1/api-keys')).body.items.find(
      (k: { id: string }) => k.id === created.body.id,
    );
    assert.equal(listed.scope, 'read');
    assert.equal(listed.expiresAt, null);
    assert.equal(listed.lastUsedAt, '2026-03-31T12:00:00.000Z', 'its use is recorded');
    const unused = await admin.post('/v1/api-keys', { role: 'viewer', label: 'never used' });
    const neverUsed = (await admin.get('/v1/api-keys')).body.items.find(
      (k: { id: string }) => k.id === unused.body.id,
    );
    assert.equal(neverUsed.lastUsedAt, null);
  });

  it("records a key's use without waiting for its row: a lock held on it does not stall requests", {
    skip: backendName === 'pglite' && 'PGlite has one connection: no second session can hold the lock',
  }, async () => {
    const { tenant } = await apiTenant(ctx);
    const { key, keyId } = await createApiKey(ctx.deps.db, tenant.tenantId, 'viewer');
    await authenticateApiKey(ctx.deps.db, key, new Date('2026-03-31T12:00:00Z'));
    // Another session holds the key's row (as a concurrent request's last-use write would) while
    // a request comes in a minute later, when its use is due to be recorded again.
    const outcome = await withTransaction(ctx.deps.db, async (tx) => {
      await tx.execute(sql`select 1 from api_keys where key_id = ${keyId} for update`);
      const auth = authenticateApiKey(ctx.deps.db, key, new Date('2026-03-31T12:01:30Z'));
      const late = new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), 2000).unref());
      return Promise.race([auth.then((p) => p?.keyId ?? null), late]);
    });
    assert.equal(outcome, keyId, 'the request went on while the row was locked');
  });

  it('refuses a scope the role does not hold and an expiry in the past, naming the field', async () => {
    const { keys } = await apiTenant(ctx);
    const admin = client(ctx.app, keys.admin);
    const tooHigh = await admin.post('/v1/api-keys', { role: 'collector', scope: 'write' });
    assert.equal(tooHigh.status, 422);
    assert.equal(tooHigh.body.errors[0].field, 'scope');
    const past = await admin.post('/v1/api-keys', { role: 'viewer', expiresAt: '2026-03-31T11:59:59Z' });
    assert.equal(past.status, 422);
    assert.equal(past.body.errors[0].field, 'expiresAt');
    assert.equal((await admin.get('/v1/api-keys')).body.items.length, 5, 'no key was created');
  });

  it('answers 401 api_key_expired once a key has expired, with when', async () => {
    const { keys } = await apiTenant(ctx);
    const created = await client(ctx.app, keys.admin).post('/v1/api-keys', {
      role: 'viewer',
      expiresAt: '2026-04-01T00:00:00+02:00',
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.body.expiresAt, '2026-03-31T22:00:00.000Z');
    const key = created.body.key;
    assert.equal((await call(ctx.app, 'GET', '/v1/customers', { key })).status, 200);
    const late = await atTime(ctx, '2026-03-31T22:00:00Z', () =>
      call(ctx.app, 'GET', '/v1/customers', { key }),
    );
    assert.equal(late.status, 401);
    assert.equal(late.body.code, 'api_key_expired');
    assert.match(late.body.detail, /expired at 2026-03-31T22:00:00.000Z/);
    assert.match(String(late.headers['www-authenticate']), /^Bearer/);
  });

  it('lets a user list their sessions and sign out the others; an admin lists and ends them', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const email = `zoë-${tenant.tenantId.slice(-6)}@müller-bau.example`;
    await createUser(ctx.deps, tenant.tenantId, { email, role: 'collector', password: 'zoë-password-1' });
    const laptop = await signIn(ctx.app, email, 'zoë-password-1');
    const phone = await signIn(ctx.app, email, 'zoë-password-1');
    const kiosk = await signIn(ctx.app, email, 'zoë-password-1');
    const userId = laptop.body.user.userId;
    const own = await sessionClient(ctx.app, laptop).get('/v1/session/sessions');
    assert.equal(own.status, 200);
    assert.equal(own.body.items.length, 3);
    assert.equal(own.body.items.filter((s: { current: boolean }) => s.current).length, 1, 'one is this one');
    assert.ok(own.body.items.every((s: { ip: unknown; expiresAt: string }) => s.expiresAt > '2026-03-31'));
    const admin = client(ctx.app, keys.admin);
    const listed = await admin.get(`/v1/users/${userId}/sessions`);
    assert.equal(listed.body.items.length, 3);
    const kioskId = (await sessionClient(ctx.app, kiosk).get('/v1/session/sessions')).body.items.find(
      (s: { current: boolean }) => s.current,
    ).id;
    const one = await admin.post(`/v1/users/${userId}/sessions/${kioskId}/revoke`, {});
    assert.equal(one.status, 200);
    assert.equal((await sessionClient(ctx.app, kiosk).get('/v1/session')).status, 401);
    assert.equal((await admin.post(`/v1/users/${userId}/sessions/${kioskId}/revoke`, {})).status, 404);

    const others = await sessionClient(ctx.app, laptop).post('/v1/session/sign-out-others', {});
    assert.deepEqual(others.body, { revoked: 1 });
    assert.equal((await sessionClient(ctx.app, phone).get('/v1/session')).status, 401);
    assert.equal((await sessionClient(ctx.app, laptop).get('/v1/session')).status, 200);

    const foreign = await apiTenant(ctx);
    assert.equal((await client(ctx.app, foreign.keys.admin).get(`/v1/users/${userId}/sessions`)).status, 404);
    assert.equal(
      (await client(ctx.app, keys.credit_manager).get(`/v1/users/${userId}/sessions`)).status,
      403,
    );
    const all = await admin.post(`/v1/users/${userId}/sessions/revoke`, {});
    assert.deepEqual(all.body, { revoked: 1 });
    assert.equal((await sessionClient(ctx.app, laptop).get('/v1/session')).status, 401);
    assert.equal((await admin.get(`/v1/users/${userId}/sessions`)).body.items.length, 0);
    assert.equal((await call(ctx.app, 'GET', '/v1/session/sessions', { key: keys.viewer })).status, 409);
  });

  it("ends a user's sessions when failed sign-ins lock them out", async () => {
    const { tenant } = await apiTenant(ctx);
    const email = `lock-${tenant.tenantId.slice(-6)}@access.example`;
    await createUser(ctx.deps, tenant.tenantId, { email, role: 'viewer', password: 'right-password-1' });
    const open = await signIn(ctx.app, email, 'right-password-1');
    const answers: number[] = [];
    for (let i = 0; i < 5; i++)
      answers.push(
        (await call(ctx.app, 'POST', '/v1/session', { body: { email, password: 'wrong' } })).status,
      );
    assert.deepEqual(answers, [401, 401, 401, 401, 423]);
    assert.equal((await sessionClient(ctx.app, open).get('/v1/session')).status, 401);
  });

  it('creates a scoped, expiring key from the CLI, and refuses a date it cannot read', async () => {
    const box = await cliSandbox();
    try {
      const made = await box.run(
        'apikey',
        'create',
        '--role',
        'credit_manager',
        '--scope',
        'collect',
        '--expires',
        '2027-01-31',
        '--json',
      );
      assert.equal(made.code, 0, made.stderr);
      const body = JSON.parse(made.stdout);
      assert.equal(body.scope, 'collect');
      assert.equal(body.expiresAt, '2027-02-01T00:00:00.000Z', 'works through the 31st, UTC');
      const bad = await box.run('apikey', 'create', '--role', 'viewer', '--expires', 'next week');
      assert.equal(bad.code, 3);
      assert.match(bad.stderr, /--expires/);
      const above = await box.run('apikey', 'create', '--role', 'viewer', '--scope', 'admin');
      assert.equal(above.code, 3);
      assert.match(above.stderr, /scope/);
    } finally {
      box.cleanup();
    }
  });
});
