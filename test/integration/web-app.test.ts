/**
 * The web app over HTTP (no real build needed: a stand-in web/dist in a temporary folder): files
 * and SPA fallback at `/`, cache headers, the API paths that never fall back, the building page,
 * and when `start` decides to build.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import type { WebApp } from '../../src/http/web-app.ts';
import { webBuildIsStale } from '../../src/http/web-build.ts';
import { openTestContext, type TestContext } from '../helpers/backends.ts';

const INDEX = '<!doctype html><title>cashloop test app</title><div id="root"></div>';
const PORTAL = '<!doctype html><title>cashloop test portal</title><div id="portal"></div>';

function fakeWebDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cashloop-web-'));
  mkdirSync(join(dir, 'dist', 'assets'), { recursive: true });
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'dist', 'index.html'), INDEX);
  writeFileSync(join(dir, 'dist', 'assets', 'index-Ab12Cd34.js'), 'console.log("app")');
  writeFileSync(join(dir, 'src', 'main.tsx'), 'export {}');
  writeFileSync(join(dir, 'index.html'), INDEX);
  writeFileSync(join(dir, 'dist', 'portal.html'), PORTAL);
  writeFileSync(join(dir, 'portal.html'), PORTAL);
  return dir;
}

describe('web app serving', () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let dir: string;
  let state: ReturnType<WebApp['state']> = 'ready';
  before(async () => {
    ctx = await openTestContext();
    dir = fakeWebDir();
    app = await buildApp({ ...ctx.deps, web: { distDir: join(dir, 'dist'), state: () => state } });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await ctx.database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and at every app URL (deep links), never cached', async () => {
    for (const url of ['/', '/customers', '/invoices/9f0c?status=open', '/sign-in']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.match(String(res.headers['content-type']), /text\/html/, url);
      assert.equal(res.body, INDEX, url);
      assert.equal(res.headers['cache-control'], 'no-cache', url);
    }
  });

  it('serves the customer portal (portal.html) at /portal and below, never the staff app; /portals is the app', async () => {
    for (const url of ['/portal', '/portal/', '/portal?lang=de', '/portal/anything']) {
      const res = await app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.body, PORTAL, url);
      assert.equal(res.headers['cache-control'], 'no-cache', url);
    }
    assert.equal((await app.inject({ method: 'GET', url: '/portals' })).body, INDEX);
  });

  it('serves hashed assets with a year of immutable cache; a missing asset is 404, not the app', async () => {
    const js = await app.inject({ method: 'GET', url: '/assets/index-Ab12Cd34.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['content-type']), /javascript/);
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    const missing = await app.inject({ method: 'GET', url: '/assets/index-gone.js' });
    assert.equal(missing.statusCode, 404);
    assert.notEqual(missing.body, INDEX);
  });

  it('never answers the app for the API, Swagger UI, the OpenAPI document or health', async () => {
    const unknownApi = await app.inject({ method: 'GET', url: '/v1/no-such-thing' });
    assert.equal(unknownApi.statusCode, 404);
    assert.match(String(unknownApi.headers['content-type']), /application\/problem\+json/);
    assert.equal(unknownApi.json().code, 'not_found');
    const unknownDocs = await app.inject({ method: 'GET', url: '/docs/no-such-file.js' });
    assert.equal(unknownDocs.statusCode, 404);
    assert.notEqual(unknownDocs.body, INDEX);
    assert.equal((await app.inject({ method: 'GET', url: '/openapi.json' })).json().openapi, '3.1.0');
    assert.deepEqual((await app.inject({ method: 'GET', url: '/health' })).json(), { status: 'ok' });
    const customers = await app.inject({ method: 'GET', url: '/v1/customers' });
    assert.equal(customers.statusCode, 401, 'the API still wants a key');
    const post = await app.inject({ method: 'POST', url: '/customers' });
    assert.equal(post.statusCode, 404, 'only GET and HEAD fall back to the app');
  });

  it('says "building the app…" (and reloads) while a build runs, the API answering meanwhile', async () => {
    state = 'building';
    try {
      const res = await app.inject({ method: 'GET', url: '/overview' });
      assert.equal(res.statusCode, 503);
      assert.match(res.body, /building the app…/);
      assert.match(res.body, /http-equiv="refresh"/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 200);
    } finally {
      state = 'ready';
    }
  });
});

describe('web build staleness', () => {
  it('builds when dist is missing or older than a source, not when it is newer than all', () => {
    const dir = fakeWebDir();
    try {
      const old = new Date('2026-01-01T00:00:00Z');
      const later = new Date('2026-01-02T00:00:00Z');
      utimesSync(join(dir, 'src', 'main.tsx'), old, old);
      utimesSync(join(dir, 'src'), old, old);
      utimesSync(join(dir, 'index.html'), old, old);
      utimesSync(join(dir, 'portal.html'), old, old);
      utimesSync(join(dir, 'dist', 'index.html'), later, later);
      utimesSync(join(dir, 'dist', 'portal.html'), later, later);
      assert.equal(webBuildIsStale(dir), false);
      rmSync(join(dir, 'dist', 'portal.html'));
      assert.equal(webBuildIsStale(dir), true, 'the portal page is missing');
      writeFileSync(join(dir, 'dist', 'portal.html'), PORTAL);
      utimesSync(join(dir, 'dist', 'portal.html'), later, later);
      assert.equal(webBuildIsStale(dir), false);
      const newer = new Date('2026-01-03T00:00:00Z');
      utimesSync(join(dir, 'src', 'main.tsx'), newer, newer);
      assert.equal(webBuildIsStale(dir), true);
      rmSync(join(dir, 'dist'), { recursive: true });
      assert.equal(webBuildIsStale(dir), true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
