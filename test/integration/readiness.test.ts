import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { Readiness } from '../../src/http/readiness.ts';
import { apiTenant, call } from '../helpers/api.ts';
import { backendName, openTestContext, type TestContext } from '../helpers/backends.ts';

describe(`the server while it starts, on ${backendName}`, () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  const readiness = new Readiness('starting');
  before(async () => {
    ctx = await openTestContext();
    app = await buildApp({ ...ctx.deps, readiness });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await ctx.database.close();
  });

  test('reports the demo load and its progress, and holds the API back with 503 and Retry-After', async () => {
    readiness.report('loading_demo', 'invoices 1200/4000, receipts 800', 1500, 6000);
    const status = await call(app, 'GET', '/v1/status', { key: null });
    assert.equal(status.status, 200);
    assert.deepEqual(status.body, {
      state: 'loading_demo',
      step: 'invoices 1200/4000, receipts 800',
      done: 1500,
      total: 6000,
    });
    for (const url of ['/v1/customers', '/health', '/v1/reports/aging']) {
      const held = await call(app, 'GET', url, { key: null });
      assert.equal(held.status, 503, url);
      assert.equal(held.body.code, 'not_ready');
      assert.equal(held.headers['retry-after'], '2');
      assert.match(held.body.detail, /loading the demo company: invoices 1200\/4000/);
    }
    const spec = await call(app, 'GET', '/openapi.json', { key: null });
    assert.equal(spec.status, 200, 'the OpenAPI document is served while the server starts');
  });

  test('answers as usual once ready', async () => {
    readiness.ready();
    const { keys } = await apiTenant({ ...ctx, app, close: async () => undefined });
    assert.equal((await call(app, 'GET', '/v1/customers', { key: keys.viewer })).status, 200);
    assert.equal((await call(app, 'GET', '/health', { key: null })).status, 200);
    const status = await call(app, 'GET', '/v1/status', { key: null });
    assert.deepEqual(status.body, { state: 'ready', step: null, done: 0, total: 0 });
  });
});
