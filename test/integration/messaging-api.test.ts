/** The messaging API through `inject()`: templates (edit, reject, reset, preview), settings, the message log, delivery, retry, the raw message. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { withTransaction } from '../../src/db/client.ts';
import { buildApp } from '../../src/http/app.ts';
import { createApiKey, ROLES, type Role } from '../../src/modules/apikeys/apikeys.service.ts';
import { documentAttachmentRenderer } from '../../src/modules/documents/attachment-renderer.ts';
import type { MessagingDeps } from '../../src/modules/messaging/delivery.service.ts';
import { emlPath, fileTransport } from '../../src/modules/messaging/file-transport.ts';
import { queueMessage } from '../../src/modules/messaging/outbox-queue.service.ts';
import { call, client } from '../helpers/api.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { makeCustomer } from '../helpers/factories.ts';
import { documentStore } from '../helpers/messaging.ts';
import { parseMime } from '../helpers/mime.ts';

/** PUT with a JSON body (the shared `call` helper knows GET, POST, PATCH and DELETE). */
async function put(app: FastifyInstance, url: string, key: string, body: unknown) {
  const res = await app.inject({
    method: 'PUT',
    url,
    headers: { authorization: `Bearer ${key}` },
    payload: body as object,
  });
  return { status: res.statusCode, body: res.json() };
}

describe(`messaging API (${backendName})`, () => {
  let ctx: TestContext;
  let app: FastifyInstance;
  let dir: string;
  const store = documentStore();
  before(async () => {
    ctx = await openTestContext('2026-03-20T08:00:00Z');
    dir = mkdtempSync(join(tmpdir(), 'cashloop-api-outbox-'));
    const messaging: MessagingDeps = {
      transport: fileTransport(dir),
      resolveAttachment: store.resolver,
      renderAttachment: documentAttachmentRenderer(ctx.deps),
      mailFrom: 'ar@cashloop.example',
    };
    app = await buildApp({ ...ctx.deps, messaging });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await ctx.database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function tenantWithKeys() {
    const tenant = await newTenant(ctx);
    const keys = {} as Record<Role, string>;
    for (const role of ROLES) keys[role] = (await createApiKey(ctx.deps.db, tenant.tenantId, role)).key;
    return { tenantId: tenant.tenantId, name: tenant.name, keys };
  }

  it('lists the defaults, refuses a bad edit without changing anything, saves, previews and resets', async () => {
    const { keys } = await tenantWithKeys();
    const api = client(app, keys.accountant);
    const list = await api.get('/v1/message-templates');
    assert.equal(list.status, 200);
    // 9 default slots (invoice, credit note, statement, dunning 1–5, promise) × en, de, fr
    assert.equal(list.body.items.length, 27);
    const before = await api.get('/v1/message-templates/dunning-3/fr');
    assert.equal(before.body.source, 'default');
    assert.match(before.body.subject, /Deuxième relance/);
    assert.ok(
      before.body.variables.some(
        (v: { name: string; block: boolean }) => v.name === 'invoice_table' && v.block,
      ),
    );

    const bad = await put(app, '/v1/message-templates/dunning-3/fr', keys.admin, {
      subject: 'Relance {{numero}}',
      body: 'Payez {{total_due}} avant le {{date_limite}}.',
    });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.code, 'validation_failed');
    assert.deepEqual(
      bad.body.errors.map((e: { field: string; message: string }) => [e.field, e.message.split(';')[0]]),
      [
        ['subject', 'unknown placeholder {{numero}}'],
        ['body', 'unknown placeholder {{date_limite}}'],
      ],
    );
    assert.deepEqual(
      (await api.get('/v1/message-templates/dunning-3/fr')).body,
      before.body,
      'nothing changed',
    );

    const saved = await put(app, '/v1/message-templates/dunning-3/fr', keys.admin, {
      subject: 'Relance – {{customer_number}}',
      body: 'Merci de régler {{total_due}}.\n\n{{invoice_table}}\n',
    });
    assert.equal(saved.status, 200);
    assert.equal(saved.body.source, 'tenant');
    const preview = await api.post('/v1/message-templates/dunning-3/fr/preview', {});
    assert.equal(preview.status, 200);
    assert.equal(preview.body.subject, 'Relance – C-10042');
    assert.match(preview.body.text, /^Merci de régler 1\u202f407,34\u00a0€\.\n/);
    assert.match(preview.body.html, /<table/);
    const draft = await api.post('/v1/message-templates/invoice/de/preview', {
      subject: 'x {{nope}}',
      body: 'y',
    });
    assert.equal(draft.status, 422);

    const reset = await call(app, 'DELETE', '/v1/message-templates/dunning-3/fr', { key: keys.admin });
    assert.equal(reset.status, 204);
    assert.deepEqual((await api.get('/v1/message-templates/dunning-3/fr')).body, before.body);

    assert.equal((await api.get('/v1/message-templates/reminder/en')).status, 422);
    assert.equal(
      (await api.get('/v1/message-templates/invoice/it')).status,
      404,
      'no Italian until the tenant writes one',
    );
    // The wording carries the payment instructions: only an admin changes it.
    for (const role of ['viewer', 'collector', 'accountant', 'credit_manager'] as const) {
      const refused = await put(app, '/v1/message-templates/invoice/en', keys[role], {
        subject: 's',
        body: 'b',
      });
      assert.equal(refused.status, 403, role);
      const unreset = await call(app, 'DELETE', '/v1/message-templates/dunning-3/fr', { key: keys[role] });
      assert.equal(unreset.status, 403, role);
    }
  });

  it('a tenant may write a language of its own, and its settings choose the fallback language', async () => {
    const { keys } = await tenantWithKeys();
    const it1 = await put(app, '/v1/message-templates/invoice/it', keys.admin, {
      subject: 'Fattura {{invoice_number}}',
      body: 'Gentile {{customer_name}},\n\nin allegato la fattura.\n',
    });
    assert.equal(it1.status, 200);
    assert.equal(it1.body.hasDefault, false);
    assert.equal(
      (await client(app, keys.viewer).get('/v1/message-templates?language=it')).body.items.length,
      1,
    );
    const settings = await put(app, '/v1/messaging/settings', keys.admin, {
      defaultLanguage: 'de',
      fromAddress: 'buchhaltung@acme.example',
      companyName: 'Acme GmbH',
    });
    assert.equal(settings.status, 200);
    assert.deepEqual(settings.body, {
      defaultLanguage: 'de',
      companyName: 'Acme GmbH',
      fromName: 'Acme GmbH',
      fromAddress: 'buchhaltung@acme.example',
      replyTo: null,
      bcc: null,
      smtp: null,
    });
    const forbidden = await put(app, '/v1/messaging/settings', keys.accountant, { defaultLanguage: 'en' });
    assert.equal(forbidden.status, 403);
  });

  it('shows the outbox, delivers on demand (admin), serves the raw message and retries a failure', async () => {
    const { tenantId, name, keys } = await tenantWithKeys();
    const customer = await makeCustomer(ctx.deps, tenantId, { emails: ['ap@kunde.example'], language: 'de' });
    const pdf = await store.addPdf(tenantId, 'INV-000007.pdf', 'Rechnung INV-000007');
    const { bytes: _bytes, ...ref } = pdf;
    const content = {
      kind: 'invoice' as const,
      invoiceNumber: 'INV-000007',
      issueDate: '2026-03-20',
      dueDate: '2026-04-19',
      total: { amountMinor: 59500n, currency: 'EUR' },
    };
    const ok = await withTransaction(ctx.deps.db, (tx) =>
      queueMessage(
        tx,
        tenantId,
        { dedupeKey: 'inv-7', customerId: customer.id, content, attachments: [ref] },
        ctx.deps.clock,
      ),
    );
    const broken = await withTransaction(ctx.deps.db, (tx) =>
      queueMessage(
        tx,
        tenantId,
        {
          dedupeKey: 'inv-7-missing-doc',
          customerId: customer.id,
          content,
          attachments: [{ ...ref, documentId: '00000000-0000-7000-8000-00000000abcd' }],
        },
        ctx.deps.clock,
      ),
    );
    const api = client(app, keys.viewer);
    const queued = await api.get(`/v1/messages?status=queued&customer=${customer.externalId}`);
    assert.equal(queued.body.items.length, 2);
    assert.equal(
      (await call(app, 'POST', '/v1/outbox/deliver', { key: keys.accountant, body: {} })).status,
      403,
    );

    const delivered = await call(app, 'POST', '/v1/outbox/deliver', {
      key: keys.admin,
      body: {},
      headers: { 'idempotency-key': 'deliver-1' },
    });
    assert.equal(delivered.status, 200);
    assert.equal(delivered.body.sent, 1);
    assert.equal(delivered.body.failed, 1, 'a missing document fails permanently');
    const replay = await call(app, 'POST', '/v1/outbox/deliver', {
      key: keys.admin,
      body: {},
      headers: { 'idempotency-key': 'deliver-1' },
    });
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.deepEqual(replay.body, delivered.body);

    const detail = await api.get(`/v1/messages/${ok.messageId}`);
    assert.equal(detail.body.status, 'sent');
    assert.equal(detail.body.language, 'de');
    assert.equal(detail.body.subject, `Rechnung INV-000007 von ${name}`);
    assert.equal(detail.body.history.length, 1);
    assert.equal(detail.body.attachments[0].sha256, pdf.sha256);
    const eml = await app.inject({
      method: 'GET',
      url: `/v1/messages/${ok.messageId}/eml`,
      headers: { authorization: `Bearer ${keys.viewer}` },
    });
    assert.equal(eml.statusCode, 200);
    assert.equal(eml.headers['content-type'], 'message/rfc822');
    assert.deepEqual(eml.rawPayload, readFileSync(emlPath(dir, tenantId, ok.messageId)));
    assert.equal(parseMime(eml.rawPayload).headers.get('message-id'), detail.body.messageIdHeader);

    const failed = await api.get(`/v1/messages/${broken.messageId}`);
    assert.equal(failed.body.status, 'failed');
    assert.match(failed.body.lastError, /document 00000000-0000-7000-8000-00000000abcd not found/);
    const retried = await client(app, keys.accountant).post(`/v1/messages/${broken.messageId}/retry`);
    assert.equal(retried.status, 200);
    assert.equal(retried.body.status, 'queued');
    const again = await client(app, keys.accountant).post(`/v1/messages/${ok.messageId}/retry`);
    assert.equal(again.status, 409, 'a sent message is not sent again');
    assert.equal((await api.get('/v1/messages/not-a-uuid')).status, 404);
  });
});
