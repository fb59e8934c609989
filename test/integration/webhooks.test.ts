/**
 * Outbound webhooks end to end, on both back ends, against a real HTTP receiver (node:http on
 * 127.0.0.1): events recorded in the business transaction arrive after commit, none for a change
 * that rolled back; signatures verify with the independent `standardwebhooks` package (also both
 * during a secret rotation); a failing receiver gets the retry schedule and its endpoint is
 * disabled at the threshold, then re-enabled by hand; a replay carries the same webhook-id; no
 * secret in the log. Time moves only by the test's clock (the verifier's 5-minute tolerance is
 * why the clock starts at the real now).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { queryRows } from '../../src/db/client.ts';
import { buildApp } from '../../src/http/app.ts';
import { httpTransport } from '../../src/jobs/webhook-transport.ts';
import { webhooksDeliverJob } from '../../src/jobs/webhooks-deliver.job.ts';
import { listNotifications, notifyAdminsOfDisabledEndpoint } from '../../src/modules/alerts/index.ts';
import { createApiKey } from '../../src/modules/apikeys/apikeys.service.ts';
import type { CoreDeps } from '../../src/modules/core-deps.ts';
import { announceOverdueInvoices } from '../../src/modules/invoices/index.ts';
import { createUser } from '../../src/modules/users/index.ts';
import { deliverWebhooks } from '../../src/modules/webhooks/index.ts';
import { addDays } from '../../src/shared/calendar-date.ts';
import { parseSecretKey } from '../../src/shared/secret-box.ts';
import { type ApiTestContext, client, ok, openApiTestContext } from '../helpers/api.ts';
import { backendName, newTenant } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { dropSchema, eventually, startTestScheduler } from '../helpers/scheduler.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A receiver answering `status()` to every POST and keeping what it got. */
async function receiver(status: () => number) {
  const got: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.writeHead(status(), { 'content-type': 'text/plain' });
      res.end(status() >= 300 ? `boom ${'x'.repeat(3000)}` : 'ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/cashloop`;
  return { got, url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const headersOf = (r: Received) => ({
  'webhook-id': String(r.headers['webhook-id']),
  'webhook-timestamp': String(r.headers['webhook-timestamp']),
  'webhook-signature': String(r.headers['webhook-signature']),
});

describe(`outbound webhooks (${backendName})`, () => {
  let ctx: ApiTestContext;
  let deps: CoreDeps;
  let app: FastifyInstance;
  const logLines: string[] = [];
  let t = Date.now();
  const setClock = (ms: number) => {
    t = ms;
    (ctx.deps.clock as { now: () => Date }).now = () => new Date(t);
  };

  before(async () => {
    ctx = await openApiTestContext(new Date(t).toISOString());
    setClock(t);
    deps = {
      ...ctx.deps,
      secrets: { current: parseSecretKey(randomBytes(32).toString('base64')), previous: null },
      webhooks: {
        transport: httpTransport,
        policy: {
          allowPrivateAddresses: true,
          retryDelaysSeconds: [1, 2],
          disableAfterFailures: 3,
          disableAfterSeconds: 2,
        },
        onEndpointDisabled: notifyAdminsOfDisabledEndpoint,
      },
    };
    app = await buildApp({
      ...deps,
      logger: { level: 'trace', stream: { write: (line: string) => void logLines.push(line) } },
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await ctx.close();
  });

  async function adminOf() {
    const tenant = await newTenant(ctx);
    const key = (await createApiKey(ctx.deps.db, tenant.tenantId, 'admin')).key;
    return { tenantId: tenant.tenantId, api: client(app, key) };
  }

  it('tells issued, received, applied and paid after commit, nothing of a rolled-back receipt; signatures verify', async () => {
    const hook = await receiver(() => 204);
    try {
      const { tenantId, api } = await adminOf();
      const endpoint = await ok(
        api.post('/v1/webhooks/endpoints', {
          url: hook.url,
          eventTypes: [
            'invoice.issued',
            'invoice.paid',
            'payment.received',
            'payment.applied',
            'dispute.opened',
          ],
        }),
      );
      assert.match(endpoint.secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      const customer = await makeCustomer(deps, tenantId, {
        name: 'Müller & Söhne GmbH',
        emails: ['ap@bücher.example'],
      });
      const invoice = await issueInvoice(deps, tenantId, customer.externalId, '1190.00');
      const refused = await api.post('/v1/receipts', {
        customer: customer.externalId,
        method: 'bank_transfer',
        receivedOn: '2026-03-10',
        amount: '2000.00',
        allocations: [{ invoice: invoice.invoiceId, amount: '2000.00' }],
      });
      assert.equal(refused.status, 409, refused.text);
      await ok(
        api.post('/v1/receipts', {
          customer: customer.externalId,
          method: 'bank_transfer',
          receivedOn: '2026-03-10',
          amount: '1190.00',
          allocations: [{ invoice: invoice.invoiceId, amount: '1190.00' }],
        }),
      );
      assert.equal(hook.got.length, 0, 'nothing is sent inside the transaction');
      const sent = await deliverWebhooks(deps, { tenantId });
      assert.deepEqual(sent, { attempted: 4, succeeded: 4, failed: 0, disabledEndpoints: 0 });
      const verifier = new Webhook(endpoint.secret);
      const events = hook.got.map(
        (r) => verifier.verify(r.body, headersOf(r)) as { type: string; data: Record<string, unknown> },
      );
      assert.deepEqual(events.map((e) => e.type).sort(), [
        'invoice.issued',
        'invoice.paid',
        'payment.applied',
        'payment.received',
      ]);
      const received = events.filter((e) => e.type === 'payment.received');
      assert.equal(received.length, 1, 'the refused receipt rolled back its event');
      assert.deepEqual(
        { amount: received[0]?.data.amount, currency: received[0]?.data.currency },
        { amount: '1190.00', currency: 'EUR' },
      );
      const paid = events.find((e) => e.type === 'invoice.paid');
      assert.equal(paid?.data.invoiceId, invoice.invoiceId);
      const forged = { ...headersOf(hook.got[0] as Received) };
      assert.throws(() => verifier.verify(`${hook.got[0]?.body} `, forged));
      assert.equal(new Set(hook.got.map((r) => r.headers['webhook-id'])).size, 4, 'one id per event');
      assert.deepEqual(await deliverWebhooks(deps, { tenantId }), {
        attempted: 0,
        succeeded: 0,
        failed: 0,
        disabledEndpoints: 0,
      });

      const dispute = await api.post('/v1/disputes', { invoice: invoice.invoiceId, reason: 'pricing' });
      if (dispute.status === 201) {
        await deliverWebhooks(deps, { tenantId });
        const last = hook.got[hook.got.length - 1] as Received;
        assert.equal(
          (verifier.verify(last.body, headersOf(last)) as { type: string }).type,
          'dispute.opened',
        );
      }
    } finally {
      await hook.close();
    }
  });

  it('delivers right after commit through the job queue, the clock not moved (issued, dispute.opened)', async () => {
    const hook = await receiver(() => 204);
    const { scheduler, schema } = await startTestScheduler(ctx.database, deps, [webhooksDeliverJob], {
      bindTransactions: true,
    });
    try {
      const { tenantId, api } = await adminOf();
      await ok(
        api.post('/v1/webhooks/endpoints', {
          url: hook.url,
          eventTypes: ['invoice.issued', 'dispute.opened'],
        }),
      );
      const customer = await makeCustomer(deps, tenantId, { name: 'Rossi S.p.A.' });
      const t0 = t;
      const invoice = await issueInvoice(deps, tenantId, customer.externalId, '42.00');
      await eventually(() => hook.got.length === 1);
      await ok(api.post('/v1/disputes', { invoice: invoice.invoiceId, reason: 'pricing' }));
      await eventually(() => hook.got.length === 2);
      assert.deepEqual(
        hook.got.map((r) => (JSON.parse(r.body) as { type: string }).type),
        ['invoice.issued', 'dispute.opened'],
      );
      assert.equal(t, t0, 'the test clock never moved');
    } finally {
      await scheduler.stop();
      await dropSchema(ctx.database, schema);
      await hook.close();
    }
  });

  it('retries a failing receiver on the schedule, disables it at the threshold, re-enables by hand; replay keeps the webhook-id', async () => {
    let status = 500;
    const hook = await receiver(() => status);
    try {
      const { tenantId, api } = await adminOf();
      const endpoint = await ok(
        api.post('/v1/webhooks/endpoints', { url: hook.url, eventTypes: ['invoice.issued'] }),
      );
      const customer = await makeCustomer(deps, tenantId, { name: 'Muller & Sohne GmbH' });
      const person = (role: 'admin' | 'collector') =>
        createUser(deps, tenantId, { email: `${role}-${tenantId}@example.com`, name: role, role });
      const admin = (await person('admin')).user;
      const collector = (await person('collector')).user;
      const t0 = t;
      await issueInvoice(deps, tenantId, customer.externalId, '10.00');
      assert.equal((await deliverWebhooks(deps, { tenantId })).failed, 1);
      setClock(t0 + 999);
      assert.equal((await deliverWebhooks(deps, { tenantId })).attempted, 0, 'not before 1 s');
      setClock(t0 + 1000);
      assert.equal((await deliverWebhooks(deps, { tenantId })).failed, 1);
      setClock(t0 + 2999);
      assert.equal((await deliverWebhooks(deps, { tenantId })).attempted, 0, 'not before 2 s more');
      setClock(t0 + 3000);
      assert.deepEqual(await deliverWebhooks(deps, { tenantId }), {
        attempted: 1,
        succeeded: 0,
        failed: 1,
        disabledEndpoints: 1,
      });
      assert.equal(hook.got.length, 3);
      assert.equal(
        new Set(hook.got.map((r) => r.headers['webhook-id'])).size,
        1,
        'the same webhook-id on each retry',
      );
      const shown = await ok(api.get(`/v1/webhooks/endpoints/${endpoint.endpointId}`), 200);
      assert.equal(shown.status, 'disabled');
      assert.match(shown.disabledReason, /^3 failed attempts in a row/);
      const inbox = async (userId: string) =>
        (await listNotifications(deps.db, tenantId, userId, { unreadOnly: true }, { limit: 10 }))
          .notifications;
      const told = await inbox(admin.userId);
      assert.deepEqual(
        told.map((n) => [n.kind, n.subject.type, n.subject.id, n.subject.label]),
        [['webhook_endpoint_disabled', 'webhook_endpoint', endpoint.endpointId, hook.url]],
        'the admin finds the switch-off in the product',
      );
      assert.match(told[0]?.title ?? '', /3 failed attempts in a row/);
      assert.deepEqual(await inbox(collector.userId), [], 'a collector is not told');
      const mails = await queryRows<{ to: string[]; subject: string; body: string }>(
        deps.db,
        sql`select to_addresses as "to", subject, body_text as body from outbox_messages
            where tenant_id = ${tenantId} and kind = 'webhook_endpoint_disabled'`,
      );
      assert.deepEqual(
        mails.map((m) => [m.to, m.subject]),
        [[[admin.email], `Webhook endpoint switched off: ${hook.url}`]],
        'the admin is e-mailed once, the collector not',
      );
      assert.match(mails[0]?.body ?? '', /3 failed attempts in a row/);
      const list = await ok(
        api.get(`/v1/webhooks/deliveries?endpointId=${endpoint.endpointId}&status=failed`),
        200,
      );
      assert.equal(list.items.length, 1);
      const detail = await ok(api.get(`/v1/webhooks/deliveries/${list.items[0].deliveryId}`), 200);
      assert.deepEqual(
        detail.attempts.map((a: { attemptNo: number; statusCode: number }) => [a.attemptNo, a.statusCode]),
        [
          [1, 500],
          [2, 500],
          [3, 500],
        ],
      );
      assert.equal(detail.attempts[0].responseBody.length, 1001, 'the answer cut at 1,000 characters');

      status = 200;
      await ok(api.patch(`/v1/webhooks/endpoints/${endpoint.endpointId}`, { enabled: true }), 200);
      await ok(api.post(`/v1/webhooks/deliveries/${list.items[0].deliveryId}/replay`), 202);
      assert.equal((await deliverWebhooks(deps, { tenantId })).succeeded, 1);
      assert.equal(hook.got.length, 4);
      assert.equal(
        hook.got[3]?.headers['webhook-id'],
        hook.got[0]?.headers['webhook-id'],
        'a replay keeps the id',
      );
      const again = await ok(api.get(`/v1/webhooks/endpoints/${endpoint.endpointId}`), 200);
      assert.deepEqual([again.status, again.consecutiveFailures], ['enabled', 0]);
    } finally {
      await hook.close();
    }
  });

  it('signs with both secrets during a rotation; refuses private URLs unless allowed; never logs a secret', async () => {
    const hook = await receiver(() => 200);
    try {
      const { tenantId, api } = await adminOf();
      const created = await ok(
        api.post('/v1/webhooks/endpoints', { url: hook.url, eventTypes: ['invoice.issued'] }),
      );
      const rotated = await ok(api.post(`/v1/webhooks/endpoints/${created.endpointId}/rotate-secret`), 200);
      assert.notEqual(rotated.secret, created.secret);
      const ping = await ok(api.post(`/v1/webhooks/endpoints/${created.endpointId}/ping`), 200);
      assert.equal(ping.attempts[0].statusCode, 200);
      const r = hook.got[0] as Received;
      assert.equal(String(r.headers['webhook-signature']).split(' ').length, 2);
      for (const secret of [created.secret, rotated.secret])
        assert.equal(
          (new Webhook(secret).verify(r.body, headersOf(r)) as { type: string }).type,
          'webhook.ping',
        );

      const listed = await ok(api.get('/v1/webhooks/endpoints'), 200);
      assert.equal(JSON.stringify(listed).includes('whsec_'), false, 'a listing shows no secret');
      const strict = await buildApp({ ...deps, webhooks: { transport: httpTransport } });
      try {
        const key = (await createApiKey(ctx.deps.db, tenantId, 'admin')).key;
        const refused = await client(strict, key).post('/v1/webhooks/endpoints', {
          url: 'https://10.1.2.3/hook',
          eventTypes: ['invoice.issued'],
        });
        assert.equal(refused.status, 422);
        assert.equal(refused.body.errors[0].field, 'url');
        const plain = await client(strict, key).post('/v1/webhooks/endpoints', {
          url: 'http://erp.example.com/hook',
          eventTypes: ['invoice.issued'],
        });
        assert.equal(plain.status, 422);
      } finally {
        await strict.close();
      }
      const log = logLines.join('\n');
      assert.ok(log.length > 0, 'the log was captured');
      for (const secret of [created.secret, rotated.secret]) {
        assert.equal(log.includes(secret.slice(6)), false, 'no secret in the log');
      }
      assert.ok(await deliverWebhooks(deps, { tenantId }));
    } finally {
      await hook.close();
    }
  });

  it('tells invoice.overdue once per invoice, the day after its due date, and not for one not yet due or paid', async () => {
    const hook = await receiver(() => 200);
    try {
      const { tenantId, api } = await adminOf();
      await ok(api.post('/v1/webhooks/endpoints', { url: hook.url, eventTypes: ['invoice.overdue'] }));
      const customer = await makeCustomer(deps, tenantId, { name: 'Dupont SARL' });
      const late = await issueInvoice(deps, tenantId, customer.externalId, '500.00', {
        issueDate: '2026-03-01',
      });
      const later = await issueInvoice(deps, tenantId, customer.externalId, '80.00', {
        issueDate: '2026-03-02',
      });
      const paid = await issueInvoice(deps, tenantId, customer.externalId, '70.00', {
        issueDate: '2026-03-01',
      });
      await ok(
        api.post('/v1/receipts', {
          customer: customer.externalId,
          method: 'bank_transfer',
          receivedOn: '2026-03-05',
          amount: '70.00',
          allocations: [{ invoice: paid.invoiceId, amount: '70.00' }],
        }),
      );
      const due = String(late.dueDate);
      assert.deepEqual(
        await announceOverdueInvoices(deps, tenantId, due),
        { told: 0 },
        'on the due date: not yet',
      );
      assert.deepEqual(await announceOverdueInvoices(deps, tenantId, addDays(due, 1)), { told: 1 });
      assert.deepEqual(await announceOverdueInvoices(deps, tenantId, addDays(due, 1)), { told: 0 }, 'once');
      assert.deepEqual(await announceOverdueInvoices(deps, tenantId, addDays(String(later.dueDate), 1)), {
        told: 1,
      });
      await deliverWebhooks(deps, { tenantId });
      const told = hook.got.map(
        (r) => JSON.parse(r.body) as { type: string; data: { invoiceId: string; open: string } },
      );
      assert.deepEqual(
        told.map((e) => [e.type, e.data.invoiceId, e.data.open]),
        [
          ['invoice.overdue', late.invoiceId, '500.00'],
          ['invoice.overdue', later.invoiceId, '80.00'],
        ],
      );
    } finally {
      await hook.close();
    }
  });
});
