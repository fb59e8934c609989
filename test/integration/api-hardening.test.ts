/**
 * The HTTP layer's own defences (issue 11): rate limits per client IP, per principal and on the
 * password routes (429 + Retry-After); body size limits per route (413 naming the limit); the
 * security headers (CSP, nosniff, Referrer-Policy, frame-ancestors, HSTS only behind TLS).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp, type HttpOptions } from '../../src/http/app.ts';
import { JSON_BODY_LIMIT, UPLOAD_BODY_LIMIT } from '../../src/http/body-limits.ts';
import type { RateLimits } from '../../src/http/rate-limits.ts';
import { APP_CSP } from '../../src/http/security-headers.ts';
import { type ApiTenant, type ApiTestContext, apiTenant, call, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

const OFF: RateLimits = { perIpPerMinute: 0, perPrincipalPerMinute: 0, credentialsPerIpPerMinute: 0 };

describe(`HTTP hardening on ${backendName}`, () => {
  let ctx: ApiTestContext;
  let t: ApiTenant;
  const apps: FastifyInstance[] = [];
  let nowMs = 0;

  async function appWith(http: HttpOptions): Promise<FastifyInstance> {
    const app = await buildApp({ ...ctx.deps, http: { nowMs: () => nowMs, ...http } });
    apps.push(app);
    return app;
  }

  before(async () => {
    ctx = await openApiTestContext();
    t = await apiTenant(ctx);
  });
  after(async () => {
    for (const app of apps) await app.close();
    await ctx.close();
  });

  test('per API key: the 4th request in a minute is 429 with Retry-After; other keys and /health go on; time refills', async () => {
    const app = await appWith({ rateLimits: { ...OFF, perPrincipalPerMinute: 3 } });
    for (let i = 0; i < 3; i++)
      assert.equal((await call(app, 'GET', '/v1/customers', { key: t.keys.viewer })).status, 200);
    const refused = await call(app, 'GET', '/v1/customers', { key: t.keys.viewer });
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(refused.body.code, 'rate_limited');
    assert.equal(refused.headers['retry-after'], '20');
    assert.match(refused.body.detail, /for this API key; try again in 20 s/);
    assert.equal((await call(app, 'GET', '/v1/customers', { key: t.keys.accountant })).status, 200);
    for (let i = 0; i < 5; i++) assert.equal((await call(app, 'GET', '/health')).status, 200);
    nowMs += 20_000;
    assert.equal((await call(app, 'GET', '/v1/customers', { key: t.keys.viewer })).status, 200);
    assert.equal((await call(app, 'GET', '/v1/customers', { key: t.keys.viewer })).status, 429);
  });

  test('per client IP, before authentication: unknown keys count too; X-Forwarded-For only with trust-proxy', async () => {
    const app = await appWith({ rateLimits: { ...OFF, perIpPerMinute: 2 } });
    const guess = (ip: string) =>
      call(app, 'GET', '/v1/customers', { key: 'cl_guessed_key', headers: { 'x-forwarded-for': ip } });
    assert.equal((await guess('203.0.113.7')).status, 401);
    assert.equal((await guess('203.0.113.8')).status, 401);
    assert.equal((await guess('203.0.113.9')).status, 429, 'without trust-proxy the header is ignored');
    const proxied = await appWith({ rateLimits: { ...OFF, perIpPerMinute: 2 }, trustProxy: true });
    const via = (ip: string) =>
      call(proxied, 'GET', '/v1/customers', { key: t.keys.viewer, headers: { 'x-forwarded-for': ip } });
    assert.equal((await via('198.51.100.1')).status, 200);
    assert.equal((await via('198.51.100.1')).status, 200);
    assert.equal((await via('198.51.100.1')).status, 429);
    assert.equal(
      (await via('198.51.100.2')).status,
      200,
      'another client behind the proxy has its own bucket',
    );
    assert.equal((await call(proxied, 'GET', '/v1/status')).status, 200, 'the start-up status is exempt');
  });

  test('sign-in is limited far below the rest: the 3rd attempt from an address is 429 whatever the account', async () => {
    const app = await appWith({ rateLimits: { ...OFF, credentialsPerIpPerMinute: 2, perIpPerMinute: 100 } });
    const signIn = (email: string) =>
      call(app, 'POST', '/v1/session', { body: { email, password: 'Passwort-1234!' } });
    assert.equal((await signIn('anna@müller-gmbh.example')).status, 401);
    assert.equal((await signIn('anna@mueller-gmbh.example')).status, 401);
    const third = await signIn('ana@müller-gmbh.example');
    assert.equal(third.status, 429);
    assert.match(third.body.detail, /with a password from this address/);
    assert.equal((await call(app, 'GET', '/v1/customers', { key: t.keys.viewer })).status, 200);
  });

  test('a JSON body over 1 MiB is 413 naming the limit; a statement upload may be larger', async () => {
    const app = await appWith({});
    const big = { name: 'x'.repeat(JSON_BODY_LIMIT.bytes) };
    const refused = await call(app, 'POST', '/v1/customers', { key: t.keys.accountant, body: big });
    assert.equal(refused.status, 413);
    assert.equal(refused.body.code, 'payload_too_large');
    assert.match(refused.body.detail, /a request body may be at most 1 MiB \(1048576 bytes\)/);
    const statement = `:20:X\n:25:DE89370400440532013000\n:28C:1\n:60F:C260615EUR0,00\n:86:${'y'.repeat(JSON_BODY_LIMIT.bytes)}\n`;
    const upload = await app.inject({
      method: 'POST',
      url: '/v1/bank/statements',
      headers: { authorization: `Bearer ${t.keys.accountant}`, 'content-type': 'text/plain' },
      payload: statement,
    });
    assert.notEqual(upload.statusCode, 413, 'over the JSON limit, under the upload limit: read and judged');
    const tooBig = await app.inject({
      method: 'POST',
      url: '/v1/bank/statements',
      headers: { authorization: `Bearer ${t.keys.accountant}`, 'content-type': 'text/plain' },
      payload: Buffer.alloc(UPLOAD_BODY_LIMIT.bytes + 1, 'z'),
    });
    assert.equal(tooBig.statusCode, 413);
    assert.match(tooBig.json().detail, /an uploaded file may be at most 50 MiB/);
  });

  test('security headers on API answers, errors and the app; HSTS only over TLS as a trusted proxy says', async () => {
    const app = await appWith({});
    for (const res of [await call(app, 'GET', '/health'), await call(app, 'GET', '/v1/customers')]) {
      assert.equal(res.headers['content-security-policy'], APP_CSP);
      assert.match(String(res.headers['content-security-policy']), /frame-ancestors 'self'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.equal(res.headers['x-powered-by'], undefined);
      assert.equal(res.headers['strict-transport-security'], undefined);
    }
    const https = { 'x-forwarded-proto': 'https' };
    const untrusted = await call(app, 'GET', '/health', { headers: https });
    assert.equal(untrusted.headers['strict-transport-security'], undefined, 'a client cannot claim TLS');
    const proxied = await appWith({ trustProxy: true });
    const behindTls = await call(proxied, 'GET', '/health', { headers: https });
    assert.equal(behindTls.headers['strict-transport-security'], 'max-age=31536000');
    const docs = await call(app, 'GET', '/docs/');
    assert.match(String(docs.headers['content-security-policy']), /frame-ancestors 'none'/);
  });

  test('the web app has nothing the CSP would block: no inline script, no inline event handler', () => {
    const html = readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    assert.ok(scripts.length > 0);
    for (const [, attributes, body] of scripts) {
      assert.match(attributes ?? '', /\ssrc=/, 'every script is a file of this origin');
      assert.equal(body?.trim(), '', 'no inline script');
    }
    assert.doesNotMatch(html, /\son[a-z]+\s*=/i, 'no inline event handler');
    assert.doesNotMatch(html, /javascript:/i);
  });
});
