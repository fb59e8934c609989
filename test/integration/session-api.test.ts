/**
 * Signing in through the API: cookie and CSRF, wrong passwords and lock-out, expiry by the clock,
 * sign-out, password change and admin reset, role checks for users, and users named as the
 * authors of what they do (an activity, a journal entry).
 */
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
import { atTime, backendName } from '../helpers/backends.ts';

const NOW = '2026-03-31T12:00:00Z';
/** E-mails unique per run: on PostgreSQL earlier runs' tenants (and users) stay. */
const RUN = randomUUID().slice(0, 8);
const later = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();

describe(`sessions and users through the API (${backendName})`, () => {
  let ctx: ApiTestContext;
  let t: ApiTenant;
  let seq = 0;
  before(async () => {
    ctx = await openApiTestContext(NOW);
    t = await apiTenant(ctx);
  });
  after(() => ctx.close());

  /** A new user of the tenant with a known password (each test its own, so none share a lock). */
  async function user(role: 'admin' | 'accountant' | 'collector' | 'viewer', name?: string) {
    seq += 1;
    const email = `user${seq}-${RUN}@example.com`;
    const password = `password-${seq}-long`;
    const created = await createUser(ctx.deps, t.tenant.tenantId, {
      email,
      role,
      password,
      ...(name ? { name } : {}),
    });
    return { email, password, userId: created.user.userId };
  }

  it('signs in with a cookie that is HttpOnly, SameSite=Strict and Secure over https', async () => {
    const u = await user('accountant', 'Anna Accountant');
    const res = await call(ctx.app, 'POST', '/v1/session', {
      body: { email: u.email.toUpperCase(), password: u.password },
    });
    assert.equal(res.status, 200, res.text);
    const cookie = String(res.headers['set-cookie']);
    assert.match(cookie, /^cashloop_session=cls_[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Strict; Path=\/$/);
    assert.deepEqual(res.body.user, {
      userId: u.userId,
      email: u.email,
      name: 'Anna Accountant',
      role: 'accountant',
      mustChangePassword: false,
    });
    assert.deepEqual(res.body.permissions, ['read', 'collect', 'write']);
    assert.equal(res.body.expiresAt, '2026-03-31T20:00:00.000Z', '8 h idle limit from now');
    assert.match(res.body.csrfToken, /^[A-Za-z0-9_-]{43}$/);
    const proxied = await call(ctx.app, 'POST', '/v1/session', {
      body: { email: u.email, password: u.password },
      headers: { 'x-forwarded-proto': 'https' },
    });
    assert.match(String(proxied.headers['set-cookie']), /; Secure$/);
    const me = await sessionClient(ctx.app, await signIn(ctx.app, u.email, u.password)).get('/v1/session');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.userId, u.userId);
  });

  it('answers a wrong password and an unknown e-mail alike, in comparable time', async () => {
    const u = await user('viewer');
    const t0 = performance.now();
    const wrong = await call(ctx.app, 'POST', '/v1/session', {
      body: { email: u.email, password: 'nope-nope' },
    });
    const t1 = performance.now();
    const unknown = await call(ctx.app, 'POST', '/v1/session', {
      body: { email: 'nobody@example.com', password: 'nope-nope' },
    });
    const t2 = performance.now();
    for (const res of [wrong, unknown]) {
      assert.equal(res.status, 401);
      assert.equal(res.body.code, 'invalid_credentials');
      assert.equal(res.body.detail, 'wrong e-mail or password');
      assert.equal(res.headers['set-cookie'], undefined);
    }
    // Both run one scrypt verification (tens of ms); an unknown e-mail must not answer at once.
    assert.ok(t2 - t1 > (t1 - t0) / 4, `unknown ${t2 - t1} ms vs wrong ${t1 - t0} ms`);
  });

  it('locks after five failures in a row for 15 minutes, then lets the right password in', async () => {
    const u = await user('viewer');
    const attempt = (password: string) =>
      call(ctx.app, 'POST', '/v1/session', { body: { email: u.email, password } });
    for (let i = 0; i < 4; i++) assert.equal((await attempt('wrong-password')).status, 401);
    const fifth = await attempt('wrong-password');
    assert.equal(fifth.status, 423);
    assert.equal(fifth.body.code, 'account_locked');
    assert.equal(fifth.headers['retry-after'], '900');
    const rightButLocked = await atTime(ctx, later(10), () => attempt(u.password));
    assert.equal(rightButLocked.status, 423, 'even the right password waits');
    assert.equal(rightButLocked.headers['retry-after'], '300');
    const afterLock = await atTime(ctx, later(15), () => attempt(u.password));
    assert.equal(afterLock.status, 200, afterLock.text);
  });

  it('refuses writes under the cookie without the CSRF token, and accepts them with it', async () => {
    const u = await user('accountant');
    const session = await signIn(ctx.app, u.email, u.password);
    const customer = { externalId: `CSRF-${seq}`, name: 'Csrf GmbH' };
    const without = await sessionClient(ctx.app, session, false).post('/v1/customers', customer);
    assert.equal(without.status, 403);
    assert.equal(without.body.code, 'csrf_failed');
    const wrong = await sessionClient(ctx.app, { ...session, csrfToken: 'x'.repeat(43) }).post(
      '/v1/customers',
      customer,
    );
    assert.equal(wrong.body.code, 'csrf_failed');
    const notCreated = await client(ctx.app, t.keys.viewer).get(`/v1/customers/${customer.externalId}`);
    assert.equal(notCreated.status, 404, 'nothing was written');
    const withToken = await sessionClient(ctx.app, session).post('/v1/customers', customer);
    assert.equal(withToken.status, 201, withToken.text);
    assert.equal(
      (await sessionClient(ctx.app, session, false).get('/v1/customers')).status,
      200,
      'reads need none',
    );
  });

  it('ends a session 8 h after its last use and 24 h after sign-in, whatever the use', async () => {
    const u = await user('viewer');
    const session = await signIn(ctx.app, u.email, u.password);
    const api = sessionClient(ctx.app, session);
    assert.equal((await atTime(ctx, later(7 * 60), () => api.get('/v1/session'))).status, 200);
    const slid = await atTime(ctx, later(14 * 60), () => api.get('/v1/session'));
    assert.equal(slid.status, 200, 'used at 7 h: the idle limit moved to 15 h');
    assert.equal(slid.body.expiresAt, later(22 * 60));
    for (const h of [21, 23.5])
      assert.equal((await atTime(ctx, later(h * 60), () => api.get('/v1/session'))).status, 200);
    const ended = await atTime(ctx, later(24 * 60), () => api.get('/v1/session'));
    assert.equal(ended.status, 401, 'the absolute limit holds');
    const idle = await signIn(ctx.app, u.email, u.password);
    const gone = await atTime(ctx, later(8 * 60), () => sessionClient(ctx.app, idle).get('/v1/customers'));
    assert.equal(gone.status, 401);
    assert.match(gone.body.detail, /session has ended/);
  });

  it('signs out: the cookie is cleared and the session no longer works', async () => {
    const u = await user('viewer');
    const session = await signIn(ctx.app, u.email, u.password);
    const api = sessionClient(ctx.app, session);
    const out = await api.delete('/v1/session');
    assert.equal(out.status, 204);
    assert.match(
      String(out.headers['set-cookie']),
      /^cashloop_session=; HttpOnly; SameSite=Strict; Path=\/; Max-Age=0/,
    );
    assert.equal((await api.get('/v1/session')).status, 401);
  });

  it('changes the password: the old one fails, other sessions end, this one stays', async () => {
    const u = await user('viewer');
    const here = await signIn(ctx.app, u.email, u.password);
    const elsewhere = await signIn(ctx.app, u.email, u.password);
    const api = sessionClient(ctx.app, here);
    const wrong = await api.post('/v1/session/password', {
      currentPassword: 'not-it-at-all',
      newPassword: 'brand-new-secret',
    });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.errors[0].field, 'currentPassword');
    const short = await api.post('/v1/session/password', {
      currentPassword: u.password,
      newPassword: 'short',
    });
    assert.equal(short.status, 422);
    const changed = await api.post('/v1/session/password', {
      currentPassword: u.password,
      newPassword: 'brand-new-secret',
    });
    assert.equal(changed.status, 204, changed.text);
    assert.equal((await api.get('/v1/session')).status, 200, 'this session stays');
    assert.equal(
      (await sessionClient(ctx.app, elsewhere).get('/v1/session')).status,
      401,
      'the other one ended',
    );
    const old = await call(ctx.app, 'POST', '/v1/session', {
      body: { email: u.email, password: u.password },
    });
    assert.equal(old.status, 401);
    await signIn(ctx.app, u.email, 'brand-new-secret');
  });

  it('lets an admin create, list, change and reset users; reset and role change end sessions', async () => {
    const admin = sessionClient(ctx.app, await signIn(ctx.app, ...(await creds(user('admin')))));
    const email = `New.Person${seq}-${RUN}@Example.com`;
    const created = await admin.post('/v1/users', { email, name: 'New Person', role: 'collector' });
    assert.equal(created.status, 201, created.text);
    assert.match(created.body.password, /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    assert.equal(created.body.mustChangePassword, true);
    const dup = await admin.post('/v1/users', {
      email: email.toLowerCase(),
      role: 'viewer',
      password: 'another-password',
    });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.errors[0].field, 'email');
    const listed = await admin.get('/v1/users');
    assert.ok(listed.body.items.some((u: { email: string }) => u.email === email));

    // A generated password must be changed before anything else.
    const first = await signIn(ctx.app, email, created.body.password);
    assert.equal(first.body.user.mustChangePassword, true);
    const blocked = await sessionClient(ctx.app, first).get('/v1/customers');
    assert.equal(blocked.status, 403);
    assert.equal(blocked.body.code, 'password_change_required');
    const own = await sessionClient(ctx.app, first).post('/v1/session/password', {
      currentPassword: created.body.password,
      newPassword: 'chosen-by-me-123',
    });
    assert.equal(own.status, 204);
    const worker = await signIn(ctx.app, email, 'chosen-by-me-123');
    assert.equal((await sessionClient(ctx.app, worker).get('/v1/customers')).status, 200);

    const promoted = await admin.patch(`/v1/users/${created.body.userId}`, { role: 'accountant' });
    assert.equal(promoted.status, 200);
    assert.equal(promoted.body.role, 'accountant');
    assert.equal(
      (await sessionClient(ctx.app, worker).get('/v1/session')).status,
      401,
      'role change ends sessions',
    );

    const again = await signIn(ctx.app, email, 'chosen-by-me-123');
    assert.deepEqual(again.body.permissions, ['read', 'collect', 'write']);
    const reset = await admin.post(`/v1/users/${created.body.userId}/reset-password`);
    assert.equal(reset.status, 200, reset.text);
    assert.notEqual(reset.body.password, null);
    assert.equal((await sessionClient(ctx.app, again).get('/v1/session')).status, 401, 'reset ends sessions');
    const afterReset = await signIn(ctx.app, email, reset.body.password);
    assert.equal(afterReset.body.user.mustChangePassword, true);

    const disabled = await admin.patch(`/v1/users/${created.body.userId}`, { disabled: true });
    assert.equal(disabled.body.disabled, true);
    assert.equal((await sessionClient(ctx.app, afterReset).get('/v1/session')).status, 401);
    const refused = await call(ctx.app, 'POST', '/v1/session', {
      body: { email, password: reset.body.password },
    });
    assert.equal(refused.status, 401, 'a disabled user cannot sign in');
  });

  it('refuses a collector user a write with 403, and a non-admin the users', async () => {
    const collector = sessionClient(ctx.app, await signIn(ctx.app, ...(await creds(user('collector')))));
    const write = await collector.post('/v1/customers', { externalId: 'NOPE', name: 'Nope' });
    assert.equal(write.status, 403);
    assert.equal(write.body.code, 'forbidden');
    assert.equal((await collector.get('/v1/users')).status, 403);
    const viaKey = await client(ctx.app, t.keys.collector).get('/v1/session');
    assert.deepEqual(viaKey.body, {
      user: null,
      role: 'collector',
      permissions: ['read', 'collect'],
      csrfToken: null,
      expiresAt: null,
    });
  });

  it("records the user's name on an activity and on the journal entries they post", async () => {
    const u = await user('accountant', 'Anna Accountant');
    const api = sessionClient(ctx.app, await signIn(ctx.app, u.email, u.password));
    const externalId = `ACT-${seq}`;
    assert.equal((await api.post('/v1/customers', { externalId, name: 'Actor AG' })).status, 201);
    const activity = await api.post('/v1/activities', {
      customer: externalId,
      kind: 'call',
      text: 'Called AP',
    });
    assert.equal(activity.status, 201, activity.text);
    assert.deepEqual(activity.body.author, { name: 'Anna Accountant', keyId: null, userId: u.userId });
    const invoice = await api.post('/v1/invoices', {
      customer: externalId,
      issue: true,
      lines: [{ description: 'Work', quantity: '1', unitPrice: '100.00' }],
    });
    assert.equal(invoice.status, 201, invoice.text);
    const journal = await client(ctx.app, t.keys.viewer).get('/v1/ledger/journal?limit=500');
    const entry = journal.body.items.find((e: { sourceId: string }) => e.sourceId === invoice.body.id);
    assert.ok(entry, 'the issue entry is in the journal');
    assert.deepEqual(entry.postedBy, { name: 'Anna Accountant', keyId: null, userId: u.userId });
  });
});

async function creds(u: Promise<{ email: string; password: string }>): Promise<[string, string]> {
  const { email, password } = await u;
  return [email, password];
}
