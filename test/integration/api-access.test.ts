/**
 * Auth fails closed: every route declares its access level, the full table is pinned by a
 * snapshot (a new route must be added to it deliberately), a route without a level stops the app
 * from being built, and each role gets 403 exactly on the levels above it — by real requests to
 * every route the app has (the list is the app's own, so a new route cannot be left out), with the
 * expected answer taken from the one declared table of role rules (modules/apikeys/access-rules.ts).
 *
 * The snapshot is test/integration/api-routes.snapshot.txt; after adding a route, review the
 * change and rewrite it with `UPDATE_ROUTE_SNAPSHOT=1 node --import tsx --test <this file>`.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../src/http/app.ts';
import { listRouteAccess, type RouteAccess } from '../../src/http/auth.ts';
import { type Access, grantsInclude, grantsOf, ROLES, type Role } from '../../src/modules/apikeys/index.ts';
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

/** What the declared role rules grant each role (docs/api.md is generated from the same table). */
function may(role: Role, level: string): boolean {
  return level === 'public' || (grantsOf(role) as readonly string[]).includes(level);
}

/** A valid-shaped value for each kind of path parameter (ids are well-formed UUIDs nobody has). */
const PATH_VALUES: Record<string, string> = {
  id: '5b0c8a5e-7f0e-4d5c-9a41-1f1f2b6a9c3d',
  userId: '0f3c2d1e-4b5a-4c6d-8e7f-9a0b1c2d3e4f',
  sessionId: '9e8d7c6b-5a49-4382-a716-05f4e3d2c1b0',
  template: 'invoice',
  language: 'de',
  series: 'INV',
  name: 'no.such.job',
  key: 'no-such-preset',
  customer: 'no-such-customer',
  accountCode: '9999',
  batchNo: '999',
  n: '1',
};

/** The route's URL with a valid-shaped value for each parameter (an unknown one fails the test). */
function concreteUrl(url: string): string {
  return url.replace(/\*$/, 'index.html').replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = PATH_VALUES[name];
    assert.ok(value, `no test value for the path parameter :${name} of ${url}: add one to PATH_VALUES`);
    return value;
  });
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function probeRoute(ctx: ApiTestContext, route: RouteAccess, key: string | null) {
  const method = route.method as Method | 'HEAD';
  const res = await ctx.app.inject({
    method,
    url: concreteUrl(route.url),
    headers: key ? { authorization: `Bearer ${key}` } : {},
    ...(['POST', 'PUT', 'PATCH'].includes(method) ? { payload: {} } : {}),
  });
  const type = String(res.headers['content-type'] ?? '');
  return { status: res.statusCode, code: type.includes('json') && res.body ? res.json().code : undefined };
}

/**
 * `allowed`, `forbidden` (403 forbidden) or `unauthenticated` (401), as the declared rules say. A
 * `portal` route takes a customer's portal link only: every staff key there is 401.
 */
function expectedAnswer(role: Role | null, access: Access): string {
  if (access === 'public') return 'allowed';
  if (role === null || access === 'portal') return 'unauthenticated';
  return grantsInclude(grantsOf(role), access) ? 'allowed' : 'forbidden';
}

function seenAnswer(res: { status: number; code: string | undefined }): string {
  if (res.status === 401) return 'unauthenticated';
  if (res.status === 403) return res.code === 'forbidden' ? 'forbidden' : `403 ${res.code}`;
  return 'allowed';
}

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

  it('answers every route of the app, for every role and without a credential, as the role rules say', async () => {
    const { keys } = await apiTenant(ctx);
    const routes = listRouteAccess(ctx.app);
    assert.ok(routes.length > 150, `the app lists its routes (${routes.length})`);
    const principals: [Role | null, string | null][] = [
      [null, null],
      ...ROLES.map((r) => [r, keys[r]] as [Role, string]),
    ];
    const seen: string[] = [];
    const expected: string[] = [];
    for (const route of routes)
      for (const [role, key] of principals) {
        const res = await probeRoute(ctx, route, key);
        const name = `${route.method} ${route.url} (${route.access}) as ${role ?? 'nobody'}:`;
        seen.push(`${name} ${seenAnswer(res)}`);
        expected.push(`${name} ${expectedAnswer(role, route.access)}`);
      }
    assert.deepEqual(seen, expected);
  });

  it('gives each role 403 on exactly the levels above it, with a real request per level', async () => {
    const { keys } = await apiTenant(ctx);
    const roles = ROLES;
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
        expected.push(`${role} ${probe.level} ${may(role, probe.level) ? 'allowed' : 'forbidden'}`);
        if (res.status === 403) assert.equal(res.body.code, 'forbidden');
      }
    assert.deepEqual(seen, expected);
    assertProbesNameTheirLevels(ctx);
  });

  it('gives a signed-in user of each role the same answers as a key of that role (cookie + CSRF)', async () => {
    const { tenant } = await apiTenant(ctx);
    const roles = ROLES;
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
        expected.push(`${role} ${probe.level} ${may(role, probe.level) ? 'allowed' : 'forbidden'}`);
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
