/**
 * Auth fails closed: every route declares its access level, the full table is pinned by a
 * snapshot (a new route must be added to it deliberately), a route without a level stops the app
 * from being built, and each role gets 403 exactly on the levels above it — by real requests.
 *
 * The snapshot is test/integration/api-routes.snapshot.txt; after adding a route, review the
 * change and rewrite it with `UPDATE_ROUTE_SNAPSHOT=1 node --import tsx --test <this file>`.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../src/http/app.ts';
import { listRouteAccess } from '../../src/http/auth.ts';
import type { Role } from '../../src/modules/apikeys/apikeys.service.ts';
import { createUser } from '../../src/modules/users/index.ts';
import {
  type ApiTestContext,
  apiTenant,
  call,
  openApiTestContext,
  sessionClient,
  signIn,
} from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

const SNAPSHOT = fileURLToPath(new URL('./api-routes.snapshot.txt', import.meta.url));

/** What docs/api.md promises each role, written out here rather than read from the code. */
const MAY: Record<Role, readonly string[]> = {
  viewer: ['public', 'read'],
  collector: ['public', 'read', 'collect'],
  accountant: ['public', 'read', 'collect', 'write'],
  credit_manager: ['public', 'read', 'collect', 'write', 'credit'],
  admin: ['public', 'read', 'collect', 'write', 'credit', 'admin'],
};

/**
 * One route per level. Bodies are empty or invalid on purpose: the role check runs before
 * validation, so a permitted role gets 200 or 422 and changes nothing, a forbidden one 403.
 */
const PROBES: { level: string; method: 'GET' | 'POST'; url: string; route?: string }[] = [
  { level: 'public', method: 'GET', url: '/health' },
  { level: 'read', method: 'GET', url: '/v1/customers' },
  { level: 'collect', method: 'POST', url: '/v1/activities' },
  { level: 'write', method: 'POST', url: '/v1/customers' },
  {
    level: 'credit',
    method: 'POST',
    url: '/v1/credit/customers/NOBODY/hold',
    route: '/v1/credit/customers/:id/hold',
  },
  { level: 'admin', method: 'GET', url: '/v1/api-keys' },
];

describe(`API access levels (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  it('lists every route with its method, URL and access level, as in the snapshot', () => {
    const table = listRouteAccess(ctx.app)
      .map((r) => `${r.method} ${r.url} ${r.access}`)
      .join('\n');
    if (process.env.UPDATE_ROUTE_SNAPSHOT === '1') writeFileSync(SNAPSHOT, `${table}\n`);
    assert.equal(table, readFileSync(SNAPSHOT, 'utf8').trimEnd());
    assert.ok(table.includes('GET /health public'));
    assert.ok(table.includes('POST /v1/api-keys admin'));
  });

  it('refuses to build an app with a route that declares no access level, naming it', async () => {
    const app = await buildApp(ctx.deps);
    try {
      assert.throws(
        () => app.post('/v1/forgotten', async () => ({ ok: true })),
        /POST \/v1\/forgotten declares no access level/,
      );
      assert.throws(
        () => app.get('/v1/typo', { config: { access: 'pubic' as never } }, async () => ({})),
        /GET \/v1\/typo declares an unknown access level "pubic"/,
      );
    } finally {
      await app.close();
    }
  });

  it('gives each role 403 on exactly the levels above it, with a real request per level', async () => {
    const { keys } = await apiTenant(ctx);
    const roles = Object.keys(MAY) as Role[];
    const seen: string[] = [];
    const expected: string[] = [];
    for (const role of roles)
      for (const probe of PROBES) {
        const res = await call(ctx.app, probe.method, probe.url, {
          key: keys[role],
          ...(probe.method === 'POST' ? { body: {} } : {}),
        });
        assert.notEqual(res.status, 401, `${role} ${probe.url}`);
        seen.push(`${role} ${probe.level} ${res.status === 403 ? 'forbidden' : 'allowed'}`);
        expected.push(`${role} ${probe.level} ${MAY[role].includes(probe.level) ? 'allowed' : 'forbidden'}`);
        if (res.status === 403) assert.equal(res.body.code, 'forbidden');
      }
    assert.deepEqual(seen, expected);
    assertProbesNameTheirLevels(ctx);
  });

  it('gives a signed-in user of each role the same answers as a key of that role (cookie + CSRF)', async () => {
    const { tenant } = await apiTenant(ctx);
    const roles = Object.keys(MAY) as Role[];
    const seen: string[] = [];
    const expected: string[] = [];
    for (const role of roles) {
      const email = `${role}-${tenant.tenantId.slice(-8)}@access.example`;
      await createUser(ctx.deps, tenant.tenantId, { email, role, password: `${role}-password` });
      const api = sessionClient(ctx.app, await signIn(ctx.app, email, `${role}-password`));
      for (const probe of PROBES) {
        const res = probe.method === 'POST' ? await api.post(probe.url, {}) : await api.get(probe.url);
        assert.notEqual(res.status, 401, `${role} ${probe.url}`);
        seen.push(`${role} ${probe.level} ${res.status === 403 ? 'forbidden' : 'allowed'}`);
        expected.push(`${role} ${probe.level} ${MAY[role].includes(probe.level) ? 'allowed' : 'forbidden'}`);
        if (res.status === 403) assert.equal(res.body.code, 'forbidden');
      }
    }
    assert.deepEqual(seen, expected);
  });

  it('refuses every non-public route without a key or a session, and a write under a session without CSRF', async () => {
    const { tenant } = await apiTenant(ctx);
    await createUser(ctx.deps, tenant.tenantId, {
      email: 'csrf@access.example',
      role: 'admin',
      password: 'admin-password',
    });
    const noCsrf = sessionClient(
      ctx.app,
      await signIn(ctx.app, 'csrf@access.example', 'admin-password'),
      false,
    );
    for (const probe of PROBES) {
      const anonymous = await call(
        ctx.app,
        probe.method,
        probe.url,
        probe.method === 'POST' ? { body: {} } : {},
      );
      assert.equal(anonymous.status, probe.level === 'public' ? 200 : 401, `${probe.method} ${probe.url}`);
      if (probe.method !== 'POST') continue;
      const res = await noCsrf.post(probe.url, {});
      assert.equal(res.status, 403, `${probe.url} without X-CSRF-Token`);
      assert.equal(res.body.code, 'csrf_failed');
    }
  });
});

function assertProbesNameTheirLevels(ctx: ApiTestContext): void {
  {
    const table = listRouteAccess(ctx.app);
    for (const probe of PROBES)
      assert.ok(
        table.some(
          (r) =>
            r.method === probe.method && r.url === (probe.route ?? probe.url) && r.access === probe.level,
        ),
        `${probe.method} ${probe.url} is a ${probe.level} route`,
      );
  }
}
