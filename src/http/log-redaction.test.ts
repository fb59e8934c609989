import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import pino from 'pino';
import { cpuTimed } from '../../test/helpers/cpu-time.ts';
import { LOG_REDACT_PATHS, loggerOptions, redactUrlCredentials } from './log-redaction.ts';

/** A Fastify app logging into `lines` with cashloop's logger options, and one route. */
async function loggingApp() {
  const lines: string[] = [];
  const app = Fastify({ logger: loggerOptions({ stream: { write: (l) => lines.push(l) }, level: 'debug' }) });
  app.get('/v1/echo', async () => ({ ok: true }));
  await app.ready();
  return { app, text: () => lines.join('') };
}

describe('log redaction', () => {
  it('why a walker: pino redact paths miss deeper fields, array items below the path and URL passwords', () => {
    const lines: string[] = [];
    const wildcards = ['password', '*.password', '*.*.password', '*.*.*.password'];
    const log = pino({ redact: { paths: wildcards, censor: 'X' } }, { write: (l: string) => lines.push(l) });
    log.info({ a: { b: { c: { d: { password: 'deep' } } } } });
    log.info({ items: [{ nested: [{ password: 'in-array' }] }] });
    log.info({ url: 'postgres://u:in-url@h/db' });
    for (const leaked of ['deep', 'in-array', 'in-url']) assert.ok(lines.join('').includes(leaked), leaked);
  });

  it('censors fields named like secrets at any depth, in nested arrays too', async () => {
    const { app, text } = await loggingApp();
    const body = {
      a: { b: { c: { d: { e: { password: 'pw-depth-6' } } } } },
      rows: [[{ smtp: [{ secret: 's-in-array' }] }], { apiKey: 'clk_x', accessToken: 'tok-1' }],
      headers: { authorization: 'Bearer clk_header', cookie: 'cl_session=sess-1' },
      passwordSet: true,
      note: 'kept',
    };
    app.log.info({ body }, 'a body');
    await app.close();
    for (const secret of ['pw-depth-6', 's-in-array', 'clk_x', 'tok-1', 'clk_header', 'sess-1'])
      assert.ok(!text().includes(secret), secret);
    assert.ok(text().includes('"note":"kept"') && text().includes('[redacted]'));
    assert.equal(body.a.b.c.d.e.password, 'pw-depth-6', "the caller's object is not changed");
  });

  it("scrubs an error's message, stack and config, and leaves the thrown error as it was", async () => {
    const { app, text } = await loggingApp();
    const error = Object.assign(new TypeError('connect postgres://cl:p@ss:w0rd@db.internal:5432/cl failed'), {
      config: { connection: { user: 'cl', password: 'cfg-pw' }, url: 'smtp://ar:url-pw@mail.example' },
    });
    app.log.error(error);
    app.log.error({ err: error }, 'wrapped');
    await app.close();
    for (const secret of ['p@ss', 'w0rd', 'cfg-pw', 'url-pw']) assert.ok(!text().includes(secret), secret);
    const first = JSON.parse(text().split('\n')[0] ?? '{}');
    assert.equal(first.err.type, 'TypeError');
    assert.match(first.err.message, /postgres:\/\/cl:\*\*\*@db\.internal:5432/);
    assert.match(first.err.stack, /^TypeError: connect postgres:\/\/cl:\*\*\*@/);
    assert.equal(error.config.connection.password, 'cfg-pw');
    assert.match(error.message, /p@ss:w0rd/);
  });

  it('scrubs token=, key= and password= of a query string, in the request line and in texts', async () => {
    const { app, text } = await loggingApp();
    const res = await app.inject({ url: '/v1/echo?page=2&token=q-tok&api_key=q-key', headers: {} });
    assert.equal(res.statusCode, 200);
    app.log.info('fetching https://bank.example/export?from=2026-01-01&access_token=t-tok;password=t-pw');
    app.log.info({ links: ['/reset?token=l-tok'] }, 'links');
    await app.close();
    for (const secret of ['q-tok', 'q-key', 't-tok', 't-pw', 'l-tok'])
      assert.ok(!text().includes(secret), secret);
    assert.ok(text().includes('/v1/echo?page=2&token=***&api_key=***'));
  });

  it('censors the credential headers of a serialized request (redact paths)', () => {
    const lines: string[] = [];
    const log = pino(
      { redact: { paths: [...LOG_REDACT_PATHS], censor: '[redacted]' } },
      { write: (l: string) => lines.push(l) },
    );
    log.info({ req: { headers: { authorization: 'Bearer h1', cookie: 'c=h2', 'x-csrf-token': 'h3' } } });
    log.info({ res: { headers: { 'set-cookie': 'cl_session=h4' } } });
    for (const secret of ['h1', 'h2', 'h3', 'h4']) assert.ok(!lines.join('').includes(secret), secret);
  });

  it('keeps URLs without credentials, survives cycles, and stays linear on long texts', async () => {
    assert.equal(redactUrlCredentials('https://example.com/a?b=c'), 'https://example.com/a?b=c');
    assert.equal(redactUrlCredentials('smtp://ar:pw@mail:587'), 'smtp://ar:***@mail:587');
    const { app, text } = await loggingApp();
    const cyclic: Record<string, unknown> = { password: 'cyc-pw' };
    cyclic.self = cyclic;
    app.log.info({ cyclic }, 'cyclic');
    await app.close();
    assert.ok(!text().includes('cyc-pw'));
    // The unbounded /[a-z][a-z0-9+.-]*:\/\/…/ this replaced took 128 s on 200 kB of letters.
    const long = `${'a'.repeat(200_000)}:${'b'.repeat(200_000)} s://`;
    const { result, ms } = cpuTimed(() => redactUrlCredentials(long));
    assert.equal(result, long);
    assert.ok(ms < 5000, `a 400 kB text is scanned in linear time (took ${Math.round(ms)} ms)`);
  });
});
