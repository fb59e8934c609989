/**
 * What a customer does on the portal, on both back ends: pay online through the local Stripe fake
 * (in full, and in part where the tenant allows it) until the signed webhook books the receipt and
 * the aging shows it; dispute an invoice with a file (dispute list, worklist's pause, activity log,
 * staff download with the same SHA-256); promise a date. Expected amounts are the invoices' own.
 */
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import { buildApp } from '../../src/http/app.ts';
import { createApiKey } from '../../src/modules/apikeys/apikeys.service.ts';
import type { CoreDeps } from '../../src/modules/core-deps.ts';
import { parseSecretKey } from '../../src/shared/secret-box.ts';
import { client, ok } from '../helpers/api.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { assertInvariants } from '../helpers/invariants.ts';
import { portalClient, tokenOf } from '../helpers/portal.ts';
import { type StripeFake, startStripeFake, stripeEvent } from '../helpers/stripe-fake.ts';

const NOW = '2026-03-31T12:00:00Z';
const NOW_SECONDS = Date.parse(NOW) / 1000;
const SECRET_KEY = 'sk_test_51CashloopPortalKey0000000000';
const WEBHOOK_SECRET = 'whsec_cashloopPortalSigningSecret012345';
const sdk = new Stripe('sk_test_unused');
/** The smallest PDF header and PNG signature a file must start with. */
const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n% Lieferschein Größe\n'), randomBytes(64)]);

describe(`customer portal: paying, disputing, promising (${backendName})`, () => {
  let ctx: TestContext;
  let deps: CoreDeps;
  let app: FastifyInstance;
  let fake: StripeFake;

  before(async () => {
    const base = await openTestContext(NOW);
    deps = {
      ...base.deps,
      secrets: { current: parseSecretKey(randomBytes(32).toString('base64')), previous: null },
    };
    ctx = { ...base, deps };
    app = await buildApp(deps);
    await app.ready();
    fake = await startStripeFake(SECRET_KEY);
  });
  after(async () => {
    await app.close();
    await fake.close();
    await ctx.database.close();
  });

  async function shop(settings: { partialPayments?: boolean; stripe?: boolean } = {}) {
    const t = (await newTenant(ctx)).tenantId;
    const admin = client(app, (await createApiKey(deps.db, t, 'admin')).key);
    const collector = client(app, (await createApiKey(deps.db, t, 'collector')).key);
    await ok(
      admin.put('/v1/settings/portal', { enabled: true, partialPayments: settings.partialPayments ?? false }),
      200,
    );
    if (settings.stripe !== false)
      await ok(
        admin.put('/v1/payments/stripe/settings', {
          secretKey: SECRET_KEY,
          webhookSecret: WEBHOOK_SECRET,
          apiBaseUrl: fake.url,
        }),
        200,
      );
    const customer = await makeCustomer(deps, t, {
      name: 'Müller & Söhne KG',
      emails: ['ap@müller.example'],
    });
    const other = await makeCustomer(deps, t, { name: 'Müller & Söhne KG (Filiale)' });
    const a = await issueInvoice(deps, t, customer.id, '100.00');
    const b = await issueInvoice(deps, t, customer.id, '250.00');
    const foreign = await issueInvoice(deps, t, other.id, '70.00');
    const link = await ok(collector.post(`/v1/customers/${customer.id}/portal-links`, {}));
    return { t, admin, collector, customer, a, b, foreign, portal: portalClient({ app }, tokenOf(link.url)) };
  }

  function deliver(t: string, event: unknown) {
    const payload = JSON.stringify(event);
    const header = sdk.webhooks.generateTestHeaderString({
      payload,
      secret: WEBHOOK_SECRET,
      timestamp: NOW_SECONDS,
    });
    return app.inject({
      method: 'POST',
      url: `/v1/payments/stripe/webhook?tenant=${t}`,
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header },
      payload,
    });
  }

  async function openOf(s: Awaited<ReturnType<typeof shop>>) {
    const page = await ok(s.portal.get('/v1/portal/invoices?status=all'), 200);
    return Object.fromEntries(page.items.map((i: { number: string; open: string }) => [i.number, i.open]));
  }

  it('pays one invoice in full and part of another; the webhook books exactly those amounts and the aging shows it', async () => {
    const s = await shop({ partialPayments: true });
    const started = await ok(
      s.portal.post('/v1/portal/payments', {
        items: [{ invoiceId: s.b.invoiceId, amount: '80.00' }, { invoiceId: s.a.invoiceId }],
        returnUrl: 'https://ar.example.com/portal?lang=de',
      }),
    );
    assert.equal(started.amount, '180.00');
    assert.equal(started.currency, 'EUR');
    const sent =
      fake.sessions.find((x) => x.form.get('metadata[checkout_id]') === started.checkoutId) ??
      fake.sessions.at(-1);
    assert.ok(sent);
    assert.equal(sent.amountTotal, 18000);
    assert.equal(sent.form.get('success_url'), 'https://ar.example.com/portal?lang=de&payment=success');
    fake.pay(sent.id, 0);
    const res = await deliver(
      s.t,
      stripeEvent('checkout.session.completed', fake.sessionObject(sent, 'paid'), NOW_SECONDS),
    );
    assert.equal(res.json().status, 'booked', res.body);
    // 100.00 paid in full, 80.00 of the 250.00: what the customer chose, not the order Stripe lists.
    assert.deepEqual(await openOf(s), { [s.a.number ?? '']: '0.00', [s.b.number ?? '']: '170.00' });
    const aging = await ok(s.admin.get(`/v1/reports/aging?customer=${s.customer.id}`), 200);
    assert.equal(aging.reports[0].total, '170.00');
    const log = await ok(s.admin.get(`/v1/activities?customer=${s.customer.id}`), 200);
    assert.ok(
      log.items.some(
        (x: { text: string; author: { name: string } }) =>
          x.text.includes('180.00 EUR started via portal') &&
          x.author.name === 'Customer Müller & Söhne KG (portal)',
      ),
      JSON.stringify(log.items),
    );
    await assertInvariants(ctx, s.t);
  });

  it('refuses a partial amount unless the company allows it, amounts over the open one, two partial items, other customers', async () => {
    const s = await shop();
    const pay = (items: unknown[]) =>
      s.portal.post('/v1/portal/payments', { items, returnUrl: 'https://ar.example.com/portal' });
    const refused = async (items: unknown[], status: number, field?: string) => {
      const res = await pay(items);
      assert.equal(res.status, status, res.text);
      if (field)
        assert.deepEqual(
          res.body.errors.map((e: { field: string }) => e.field),
          [field],
        );
    };
    await refused(
      [{ invoiceId: s.a.invoiceId }, { invoiceId: s.b.invoiceId, amount: '10.00' }],
      422,
      'items[1].amount',
    );
    await refused([{ invoiceId: s.a.invoiceId, amount: '100.01' }], 422, 'items[0].amount');
    await refused([{ invoiceId: s.foreign.invoiceId }], 404);
    await ok(s.admin.put('/v1/settings/portal', { partialPayments: true }), 200);
    await refused(
      [
        { invoiceId: s.a.invoiceId, amount: '1.00' },
        { invoiceId: s.b.invoiceId, amount: '2.00' },
      ],
      422,
      'invoices[1].amount',
    );
    await refused([{ invoiceId: s.a.invoiceId, amount: '0.00' }], 422, 'items[0].amount');
    const noStripe = await shop({ stripe: false });
    const res = await noStripe.portal.post('/v1/portal/payments', {
      items: [{ invoiceId: noStripe.a.invoiceId }],
      returnUrl: 'https://x.example/',
    });
    assert.equal(res.status, 409, res.text);
  });

  it('raises a dispute with a file: in the dispute list, the activity log, downloadable by staff with its SHA-256', async () => {
    const s = await shop();
    const dispute = await ok(
      s.portal.post('/v1/portal/disputes', {
        invoiceId: s.b.number,
        reason: 'not_received',
        message: 'Die Ware kam nie an – siehe Lieferschein.',
        attachment: {
          filename: 'lieferschein "größe".pdf',
          contentType: 'application/pdf',
          contentBase64: PDF.toString('base64'),
        },
      }),
    );
    assert.equal(dispute.invoiceId, s.b.invoiceId);
    assert.equal(dispute.amount, '250.00');
    const list = await ok(s.collector.get('/v1/disputes?status=open'), 200);
    assert.deepEqual(
      list.items.map((d: { id: string }) => d.id),
      [dispute.disputeId],
    );
    const files = await ok(s.collector.get(`/v1/disputes/${dispute.disputeId}/attachments`), 200);
    assert.equal(files.items.length, 1);
    assert.equal(files.items[0].sha256, createHash('sha256').update(PDF).digest('hex'));
    assert.equal(files.items[0].uploadedBy, 'Customer Müller & Söhne KG (portal)');
    const file = await app.inject({
      method: 'GET',
      url: `/v1/disputes/${dispute.disputeId}/attachments/1`,
      headers: { authorization: `Bearer ${(await createApiKey(deps.db, s.t, 'viewer')).key}` },
    });
    assert.equal(file.statusCode, 200);
    assert.deepEqual(file.rawPayload, PDF);
    const log = await ok(s.admin.get(`/v1/activities?customer=${s.customer.id}`), 200);
    assert.ok(
      log.items.some(
        (x: { author: { name: string } }) => x.author.name === 'Customer Müller & Söhne KG (portal)',
      ),
    );
    const invoices = await ok(s.portal.get('/v1/portal/invoices'), 200);
    assert.equal(invoices.items.find((i: { id: string }) => i.id === s.b.invoiceId).disputed, true);
  });

  it('refuses a file that is not what it says, too large, or on another customer’s invoice; nothing is stored', async () => {
    const s = await shop();
    const dispute = (invoiceId: string, contentBase64: string, contentType = 'application/pdf') =>
      s.portal.post('/v1/portal/disputes', {
        invoiceId,
        reason: 'quality',
        message: 'kaputt',
        attachment: { filename: 'x.pdf', contentType, contentBase64 },
      });
    const png = await dispute(s.a.invoiceId, PDF.toString('base64'), 'image/png');
    assert.equal(png.status, 422, png.text);
    assert.equal(png.body.errors[0].field, 'attachment');
    assert.equal((await dispute(s.foreign.invoiceId, PDF.toString('base64'))).status, 404);
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]).toString('base64');
    assert.equal((await dispute(s.a.invoiceId, big)).status, 422);
    assert.equal((await ok(s.collector.get('/v1/disputes'), 200)).items.length, 0);
  });

  it('records a promise to pay by a date, refused in the past and on another customer’s invoice', async () => {
    const s = await shop();
    const promise = await ok(
      s.portal.post('/v1/portal/promises', {
        invoiceIds: [s.a.invoiceId, s.b.invoiceId],
        promisedDate: '2026-04-15',
      }),
    );
    assert.deepEqual(
      [promise.amount, promise.currency, promise.promisedDate],
      ['350.00', 'EUR', '2026-04-15'],
    );
    const promises = await ok(s.collector.get(`/v1/promises?customer=${s.customer.id}`), 200);
    assert.equal(promises.items.length, 1);
    const past = await s.portal.post('/v1/portal/promises', {
      invoiceIds: [s.a.invoiceId],
      promisedDate: '2026-03-30',
    });
    assert.equal(past.status, 422);
    assert.equal(past.body.errors[0].field, 'promisedDate');
    const foreign = await s.portal.post('/v1/portal/promises', {
      invoiceIds: [s.foreign.invoiceId],
      promisedDate: '2026-04-15',
    });
    assert.equal(foreign.status, 404);
  });
});
