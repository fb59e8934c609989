/**
 * A tenant's own SMTP server with its password encrypted at rest, through the API: set it, see
 * that the database holds no plaintext and the API only `passwordSet`, deliver to an SMTP sink
 * that requires AUTH with exactly those credentials, rotate the key and deliver again; without a
 * key a password is refused (409 secret_key_missing), and the request log never shows it.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { withTransaction } from '../../src/db/client.ts';
import { buildApp } from '../../src/http/app.ts';
import { createApiKey } from '../../src/modules/apikeys/apikeys.service.ts';
import { deliverOutbox } from '../../src/modules/messaging/delivery.service.ts';
import { fileTransport } from '../../src/modules/messaging/file-transport.ts';
import { queueMessage } from '../../src/modules/messaging/outbox-queue.service.ts';
import { rotateSecrets } from '../../src/modules/messaging/secret-rotation.service.ts';
import { smtpTransport } from '../../src/modules/messaging/smtp-transport.ts';
import { tenantAwareTransport } from '../../src/modules/messaging/tenant-transport.ts';
import { parseSecretKey, type SecretKeyring, secretKeyIdOf } from '../../src/shared/secret-box.ts';
import { call } from '../helpers/api.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { makeCustomer } from '../helpers/factories.ts';
import { deliveryDeps, documentStore, steppingClock } from '../helpers/messaging.ts';
import { startSmtpServer } from '../helpers/smtp.ts';

const PASSWORD = 'Pässwört–S3cret!';
const USER = 'ar@müller-bau.example';
const newKey = () => parseSecretKey(randomBytes(32).toString('base64'));

describe(`tenant SMTP with an encrypted password (${backendName})`, () => {
  let ctx: TestContext;
  let outbox: string;
  const ring1: SecretKeyring = { current: newKey(), previous: null };
  before(async () => {
    ctx = await openTestContext('2026-03-20T08:00:00Z');
    outbox = mkdtempSync(join(tmpdir(), 'cashloop-tenant-smtp-'));
    // Rotation covers every tenant; rows left by earlier runs on a kept PostgreSQL test database
    // were sealed with keys of those runs.
    await ctx.deps.db.execute(sql`delete from tenant_smtp_settings`);
  });
  after(async () => {
    rmSync(outbox, { recursive: true, force: true });
    await ctx.database.close();
  });

  async function adminOf(tenantId: string) {
    return (await createApiKey(ctx.deps.db, tenantId, 'admin')).key;
  }

  async function sealedOf(tenantId: string): Promise<string | null> {
    const res = (await ctx.deps.db.execute(
      sql`select password_sealed from tenant_smtp_settings where tenant_id = ${tenantId}`,
    )) as unknown as { rows: { password_sealed: string | null }[] };
    return res.rows[0]?.password_sealed ?? null;
  }

  async function queueAndDeliver(tenantId: string, key: string, secrets: SecretKeyring | null) {
    const c = await makeCustomer(ctx.deps, tenantId, { emails: ['ap@kunde.example'] });
    const clock = steppingClock('2026-03-20T08:00:00Z');
    await withTransaction(ctx.deps.db, (tx) =>
      queueMessage(
        tx,
        tenantId,
        {
          dedupeKey: key,
          customerId: c.id,
          content: {
            kind: 'dunning',
            level: 1,
            letterDate: '2026-03-20',
            invoices: [
              {
                number: `INV-${key}`,
                issueDate: '2026-02-01',
                dueDate: '2026-03-03',
                total: { amountMinor: 11900n, currency: 'EUR' },
                open: { amountMinor: 11900n, currency: 'EUR' },
              },
            ],
            payBy: '2026-03-31',
          },
        },
        clock,
      ),
    );
    const transport = tenantAwareTransport({
      db: ctx.deps.db,
      fallback: fileTransport(outbox),
      secrets,
      build: (server) => smtpTransport({ server, connectionTimeoutMs: 3000, socketTimeoutMs: 3000 }),
    });
    try {
      return await deliverOutbox(deliveryDeps(ctx, clock, transport, documentStore().resolver), { tenantId });
    } finally {
      await transport.close();
    }
  }

  it('stores the password sealed, shows passwordSet only, delivers with it, rotates, delivers again', async () => {
    const server = await startSmtpServer({ auth: { user: USER, pass: PASSWORD } });
    const app = await buildApp({ ...ctx.deps, secrets: ring1 });
    try {
      const { tenantId } = await newTenant(ctx);
      const key = await adminOf(tenantId);
      const smtp = { host: '127.0.0.1', port: server.port, security: 'none', user: USER, password: PASSWORD };
      const set = await call(app, 'PUT', '/v1/messaging/settings', {
        key,
        body: { defaultLanguage: 'en', smtp },
      });
      assert.equal(set.status, 200, set.text);
      assert.deepEqual(set.body.smtp, {
        host: '127.0.0.1',
        port: server.port,
        security: 'none',
        user: USER,
        passwordSet: true,
      });
      const sealed = (await sealedOf(tenantId)) ?? '';
      assert.ok(sealed.startsWith(`v1:${ring1.current.id}:`));
      assert.ok(!sealed.includes(PASSWORD) && !sealed.includes('S3cret'));
      const got = await call(app, 'GET', '/v1/messaging/settings', { key });
      for (const text of [set.text, got.text]) assert.ok(!text.includes(PASSWORD) && !text.includes(sealed));
      assert.equal(got.body.smtp.passwordSet, true);

      const first = await queueAndDeliver(tenantId, 'm1', ring1);
      assert.equal(first.sent, 1, JSON.stringify(first.messages));
      assert.equal(server.received.length, 1);
      // The wrong password reaches the server as a failed AUTH, retried later, never sent.
      await ctx.deps.db.execute(
        sql`update tenant_smtp_settings set username = 'someone-else' where tenant_id = ${tenantId}`,
      );
      const refused = await queueAndDeliver(tenantId, 'm2', ring1);
      assert.equal(refused.sent, 0);
      assert.equal(server.received.length, 1);
      await ctx.deps.db.execute(
        sql`update tenant_smtp_settings set username = ${USER} where tenant_id = ${tenantId}`,
      );

      const ring2: SecretKeyring = { current: newKey(), previous: ring1.current };
      const rotation = await rotateSecrets(ctx.deps.db, ring2);
      assert.equal(rotation.resealed, 1);
      assert.equal(secretKeyIdOf((await sealedOf(tenantId)) ?? ''), ring2.current.id);
      assert.equal((await rotateSecrets(ctx.deps.db, ring2)).resealed, 0);
      const third = await queueAndDeliver(tenantId, 'm3', { current: ring2.current, previous: null });
      assert.equal(third.sent, 1, JSON.stringify(third.messages));
      assert.equal(server.received.length, 2);
      const audit = await call(app, 'GET', '/v1/audit?kind=secrets.rotated', { key });
      assert.equal(audit.body.items.length, 1);
      assert.ok(!audit.text.includes(PASSWORD));
    } finally {
      await app.close();
      await server.close();
    }
  });

  it('keeps, replaces and clears; audits markers, never the password', async () => {
    const app = await buildApp({ ...ctx.deps, secrets: ring1 });
    try {
      const { tenantId } = await newTenant(ctx);
      const key = await adminOf(tenantId);
      const smtp = {
        host: 'smtp.example.com',
        port: 587,
        security: 'starttls',
        user: USER,
        password: PASSWORD,
      };
      const put = (body: unknown) => call(app, 'PUT', '/v1/messaging/settings', { key, body });
      assert.equal((await put({ defaultLanguage: 'en', smtp })).status, 200);
      const sealed = await sealedOf(tenantId);
      const { password: _p, ...noPassword } = smtp;
      const kept = await put({ defaultLanguage: 'de', smtp: { ...noPassword, port: 2525 } });
      assert.equal(kept.body.smtp.passwordSet, true);
      assert.equal(await sealedOf(tenantId), sealed);
      assert.equal((await put({ defaultLanguage: 'de' })).body.smtp.port, 2525);
      await put({ defaultLanguage: 'de', smtp: { ...smtp, password: 'another one' } });
      assert.notEqual(await sealedOf(tenantId), sealed);
      const cleared = await put({ defaultLanguage: 'de', smtp: null });
      assert.equal(cleared.body.smtp, null);
      const audit = await call(app, 'GET', `/v1/audit?kind=messaging_settings.updated&objectId=${tenantId}`, {
        key,
      });
      const passwordChanges = audit.body.items.map(
        (r: { changes: Record<string, unknown> }) => r.changes.smtpPassword,
      );
      assert.deepEqual(passwordChanges, [
        ['(set)', null],
        ['(set)', '(changed)'],
        undefined,
        undefined,
        [null, '(set)'],
      ]);
      assert.ok(
        !audit.text.includes(PASSWORD) && !audit.text.includes('another one') && !audit.text.includes('v1:'),
      );
    } finally {
      await app.close();
    }
  });

  it('without a key: a password is refused (409 secret_key_missing), nothing stored; no password is fine', async () => {
    const app = await buildApp({ ...ctx.deps });
    try {
      const { tenantId } = await newTenant(ctx);
      const key = await adminOf(tenantId);
      const smtp = { host: 'smtp.example.com', port: 465, security: 'tls', user: USER, password: PASSWORD };
      const refused = await call(app, 'PUT', '/v1/messaging/settings', {
        key,
        body: { defaultLanguage: 'en', smtp },
      });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'secret_key_missing');
      assert.match(refused.body.detail, /CASHLOOP_SECRET_KEY/);
      assert.ok(!refused.text.includes(PASSWORD));
      assert.equal((await call(app, 'GET', '/v1/messaging/settings', { key })).body.smtp, null);
      const { password: _p, user: _u, ...open } = smtp;
      const ok = await call(app, 'PUT', '/v1/messaging/settings', {
        key,
        body: { defaultLanguage: 'en', smtp: open },
      });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.smtp.passwordSet, false);
      await assert.rejects(rotateSecrets(ctx.deps.db, null), /CASHLOOP_SECRET_KEY/);
    } finally {
      await app.close();
    }
  });

  it('the request log never shows the password, an API key or an SMTP URL’s password', async () => {
    const lines: string[] = [];
    const app = await buildApp({
      ...ctx.deps,
      secrets: ring1,
      logger: { stream: { write: (l) => lines.push(l) }, level: 'debug' },
    });
    try {
      const { tenantId } = await newTenant(ctx);
      const key = await adminOf(tenantId);
      const smtp = {
        host: 'smtp.example.com',
        port: 587,
        security: 'starttls',
        user: USER,
        password: PASSWORD,
      };
      await call(app, 'PUT', '/v1/messaging/settings', { key, body: { defaultLanguage: 'en', smtp } });
      await call(app, 'PUT', '/v1/messaging/settings', {
        key,
        body: { defaultLanguage: 'en', smtp: { ...smtp, port: 'x' } },
      });
      app.log.info({ body: { smtp }, headers: { authorization: `Bearer ${key}` } }, 'a logged body');
      app.log.error(new Error('connect smtp://ar:hunter2-pw@mail.example.com:587 failed'));
      app.log.info('retrying smtps://ar:hunter2-pw@mail.example.com');
      const text = lines.join('');
      assert.ok(text.includes('a logged body') && text.includes('/v1/messaging/settings'));
      for (const secret of [PASSWORD, key, 'hunter2-pw']) assert.ok(!text.includes(secret), secret);
    } finally {
      await app.close();
    }
  });
});
