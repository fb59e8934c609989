/**
 * A tenant's own SMTP server with its password encrypted at rest, through the API: set it, see
 * that the database holds no plaintext and the API only `passwordSet`, deliver to an SMTP sink
 * that requires AUTH with exactly those credentials, rotate the key and deliver again; without a
 * key a password is refused (409 secret_key_missing), and the request log never shows it. A
 * delivery batch reads a tenant's settings once, and a change is used from the next batch on.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { withTransaction } from '../../src/db/client.ts';
import { buildApp } from '../../src/http/app.ts';
import { createApiKey } from '../../src/modules/apikeys/apikeys.service.ts';
import { deliverOutbox } from '../../src/modules/messaging/delivery.service.ts';
import { fileTransport } from '../../src/modules/messaging/file-transport.ts';
import { queueMessage } from '../../src/modules/messaging/outbox-queue.service.ts';
import { rotateSecrets } from '../../src/modules/messaging/secret-rotation.service.ts';
import { type SmtpServer, smtpTransport } from '../../src/modules/messaging/smtp-transport.ts';
import { tenantAwareTransport } from '../../src/modules/messaging/tenant-transport.ts';
import type { MailTransport } from '../../src/modules/messaging/transport.ts';
import { parseSecretKey, type SecretKeyring, secretKeyIdOf } from '../../src/shared/secret-box.ts';
import { call } from '../helpers/api.ts';
import { backendName, newTenant, openPrivateTestContext, type TestContext } from '../helpers/backends.ts';
import { makeCustomer } from '../helpers/factories.ts';
import {
  countingSelects,
  deliveryDeps,
  documentStore,
  dunningLetter,
  steppingClock,
} from '../helpers/messaging.ts';
import { type SmtpTestServer, startSmtpServer } from '../helpers/smtp.ts';

const PASSWORD = 'Pässwört–S3cret!';
const USER = 'ar@müller-bau.example';
const newKey = () => parseSecretKey(randomBytes(32).toString('base64'));
/** The settings' `smtp` of a server with USER and PASSWORD, with `change`s. */
const smtpOf = (change: Record<string, unknown> = {}) => ({
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  user: USER,
  password: PASSWORD,
  ...change,
});
const sinkOf = (server: SmtpTestServer, change: Record<string, unknown> = {}) =>
  smtpOf({ host: '127.0.0.1', port: server.port, security: 'none', ...change });

describe(`tenant SMTP with an encrypted password (${backendName})`, () => {
  let ctx: TestContext & { close(): Promise<void> };
  let outbox: string;
  const ring1: SecretKeyring = { current: newKey(), previous: null };
  before(async () => {
    // Rotation covers every tenant: on PostgreSQL, a database of this file's own, so that the
    // secrets other test files seal with their keys (SMTP passwords, webhook endpoints) are not
    // in it — rotation rightly refuses a secret sealed with neither key.
    ctx = await openPrivateTestContext('2026-03-20T08:00:00Z');
    outbox = mkdtempSync(join(tmpdir(), 'cashloop-tenant-smtp-'));
  });
  after(async () => {
    rmSync(outbox, { recursive: true, force: true });
    await ctx.close();
  });

  interface AdminTenant {
    readonly tenantId: string;
    readonly key: string;
    /** PUT /v1/messaging/settings as the tenant's admin. */
    put(body: unknown): ReturnType<typeof call>;
  }

  /** A new tenant and its admin key, on an app built with `secrets` (and `logger`), closed after `fn`. */
  async function withAdmin<T>(
    options: { secrets?: SecretKeyring; logger?: { stream: { write(line: string): void }; level: string } },
    fn: (admin: AdminTenant, app: FastifyInstance) => Promise<T>,
  ): Promise<T> {
    const app = await buildApp({ ...ctx.deps, ...options });
    try {
      const { tenantId } = await newTenant(ctx);
      const key = (await createApiKey(ctx.deps.db, tenantId, 'admin')).key;
      const put = (body: unknown) => call(app, 'PUT', '/v1/messaging/settings', { key, body });
      return await fn({ tenantId, key, put }, app);
    } finally {
      await app.close();
    }
  }

  async function sealedOf(tenantId: string): Promise<string | null> {
    const res = (await ctx.deps.db.execute(
      sql`select password_sealed from tenant_smtp_settings where tenant_id = ${tenantId}`,
    )) as unknown as { rows: { password_sealed: string | null }[] };
    return res.rows[0]?.password_sealed ?? null;
  }

  const clock = steppingClock('2026-03-20T08:00:00Z');

  async function queueDunning(tenantId: string, ...keys: string[]) {
    const c = await makeCustomer(ctx.deps, tenantId, { emails: ['ap@kunde.example'] });
    for (const key of keys)
      await withTransaction(ctx.deps.db, (tx) => queueMessage(tx, tenantId, dunningLetter(c.id, key), clock));
  }

  const shortTimeouts = (server: SmtpServer) =>
    smtpTransport({ server, connectionTimeoutMs: 3000, socketTimeoutMs: 3000 });

  /** Deliver the tenant's due messages in one batch; `reads` counts the SMTP settings read. */
  async function deliver(
    tenantId: string,
    secrets: SecretKeyring | null,
    build: (server: SmtpServer) => MailTransport = shortTimeouts,
  ) {
    const counted = countingSelects(ctx.deps.db, 'tenant_smtp_settings');
    const transport = tenantAwareTransport({
      db: counted.db,
      fallback: fileTransport(outbox),
      secrets,
      build,
    });
    try {
      const summary = await deliverOutbox(deliveryDeps(ctx, clock, transport, documentStore().resolver), {
        tenantId,
      });
      return { ...summary, reads: counted.count() };
    } finally {
      await transport.close();
    }
  }

  async function queueAndDeliver(tenantId: string, key: string, secrets: SecretKeyring | null) {
    await queueDunning(tenantId, key);
    return deliver(tenantId, secrets);
  }

  it('stores the password sealed, shows passwordSet only, delivers with it, rotates, delivers again', async () => {
    const server = await startSmtpServer({ auth: { user: USER, pass: PASSWORD } });
    try {
      await withAdmin({ secrets: ring1 }, async ({ tenantId, key, put }, app) => {
        const set = await put({ defaultLanguage: 'en', smtp: sinkOf(server) });
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
        for (const text of [set.text, got.text])
          assert.ok(!text.includes(PASSWORD) && !text.includes(sealed));
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
      });
    } finally {
      await server.close();
    }
  });

  it('reads the settings once per delivery batch; a changed password is used from the next batch on', async () => {
    const old = await startSmtpServer({ auth: { user: USER, pass: PASSWORD } });
    const moved = await startSmtpServer({ auth: { user: USER, pass: 'the new one' } });
    try {
      await withAdmin({ secrets: ring1 }, async ({ tenantId, put }) => {
        assert.equal((await put({ defaultLanguage: 'en', smtp: sinkOf(old) })).status, 200);
        await queueDunning(tenantId, 'b1', 'b2', 'b3', 'b4');
        const batch = await deliver(tenantId, ring1);
        assert.deepEqual([batch.sent, batch.reads], [4, 1], JSON.stringify(batch.messages));
        // Moved to a server that takes only the new password: the next batch must not use the old.
        await put({ defaultLanguage: 'en', smtp: sinkOf(moved, { password: 'the new one' }) });
        await queueDunning(tenantId, 'b5');
        assert.equal((await deliver(tenantId, ring1)).sent, 1);
        assert.deepEqual([old.received.length, moved.received.length], [4, 1]);
      });
    } finally {
      await Promise.all([old.close(), moved.close()]);
    }
  });

  it('within a batch, a send that fails drops the kept settings: the password changed meanwhile is read', async () => {
    const old = await startSmtpServer({ auth: { user: USER, pass: PASSWORD } });
    const moved = await startSmtpServer({ auth: { user: USER, pass: 'the new one' } });
    try {
      await withAdmin({ secrets: ring1 }, async ({ tenantId, put }) => {
        await put({ defaultLanguage: 'en', smtp: sinkOf(old) });
        await queueDunning(tenantId, 'c1', 'c2', 'c3');
        let changed = false;
        // At the batch's first send the settings move to the new server and the old one goes away.
        const build = (server: SmtpServer): MailTransport => {
          const inner = shortTimeouts(server);
          return {
            ...inner,
            async send(mail) {
              if (!changed) {
                changed = true;
                await put({ defaultLanguage: 'en', smtp: sinkOf(moved, { password: 'the new one' }) });
                await old.close();
              }
              return inner.send(mail);
            },
            close: () => inner.close(),
          };
        };
        const batch = await deliver(tenantId, ring1, build);
        assert.deepEqual(
          [batch.sent, batch.retrying, batch.reads],
          [2, 1, 2],
          JSON.stringify(batch.messages),
        );
        assert.equal(moved.received.length, 2);
      });
    } finally {
      await moved.close();
    }
  });

  it('keeps, replaces and clears; audits markers, never the password', async () => {
    await withAdmin({ secrets: ring1 }, async ({ tenantId, key, put }, app) => {
      const smtp = smtpOf();
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
    });
  });

  it('without a key: a password is refused (409 secret_key_missing), nothing stored; no password is fine', async () => {
    await withAdmin({}, async ({ key, put }, app) => {
      const smtp = smtpOf({ port: 465, security: 'tls' });
      const refused = await put({ defaultLanguage: 'en', smtp });
      assert.equal(refused.status, 409);
      assert.equal(refused.body.code, 'secret_key_missing');
      assert.match(refused.body.detail, /CASHLOOP_SECRET_KEY/);
      assert.ok(!refused.text.includes(PASSWORD));
      assert.equal((await call(app, 'GET', '/v1/messaging/settings', { key })).body.smtp, null);
      const { password: _p, user: _u, ...open } = smtp;
      const ok = await put({ defaultLanguage: 'en', smtp: open });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.smtp.passwordSet, false);
      await assert.rejects(rotateSecrets(ctx.deps.db, null), /CASHLOOP_SECRET_KEY/);
    });
  });

  it('the request log never shows the password, an API key or an SMTP URL’s password', async () => {
    const lines: string[] = [];
    const logger = { stream: { write: (l: string) => lines.push(l) }, level: 'debug' };
    await withAdmin({ secrets: ring1, logger }, async ({ key, put }, app) => {
      const smtp = smtpOf();
      await put({ defaultLanguage: 'en', smtp });
      await put({ defaultLanguage: 'en', smtp: { ...smtp, port: 'x' } });
      app.log.info({ body: { smtp }, headers: { authorization: `Bearer ${key}` } }, 'a logged body');
      app.log.error(new Error('connect smtp://ar:hunter2-pw@mail.example.com:587 failed'));
      app.log.info('retrying smtps://ar:hunter2-pw@mail.example.com');
      const text = lines.join('');
      assert.ok(text.includes('a logged body') && text.includes('/v1/messaging/settings'));
      for (const secret of [PASSWORD, key, 'hunter2-pw']) assert.ok(!text.includes(secret), secret);
    });
  });
});
