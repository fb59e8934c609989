/**
 * Online payment through Stripe's protocol, on both back ends: a hosted checkout asked of a local
 * fake of Stripe's REST API (test/helpers/stripe-fake.ts), then Stripe's events signed with the
 * official `stripe` SDK (`webhooks.generateTestHeaderString`) and delivered to the public webhook.
 * Expected amounts are the invoices' totals and the fee the fake was told, not what the code printed.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import { buildApp } from '../../src/http/app.ts';
import { createApiKey } from '../../src/modules/apikeys/apikeys.service.ts';
import type { CoreDeps } from '../../src/modules/core-deps.ts';
import { getInvoiceRowOrThrow } from '../../src/modules/invoices/index.ts';
import { rotateSecrets } from '../../src/modules/messaging/index.ts';
import { receiveStripeWebhook, updateStripeSettings } from '../../src/modules/payments/index.ts';
import { parseSecretKey } from '../../src/shared/secret-box.ts';
import { client, ok } from '../helpers/api.ts';
import {
  backendName,
  newTenant,
  openPrivateTestContext,
  openTestContext,
  type TestContext,
} from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { assertInvariants, tenantState } from '../helpers/invariants.ts';
import { type StripeFake, startStripeFake, stripeEvent } from '../helpers/stripe-fake.ts';

const NOW = '2026-03-31T12:00:00Z';
const NOW_SECONDS = Date.parse(NOW) / 1000;
const SECRET_KEY = 'sk_test_51CashloopFakeKey000000000000';
const WEBHOOK_SECRET = 'whsec_cashloopTestSigningSecret0123456789';
const sdk = new Stripe('sk_test_unused');

describe(`payments through Stripe (${backendName})`, () => {
  let ctx: TestContext;
  let deps: CoreDeps;
  let app: FastifyInstance;
  let fake: StripeFake;
  const logLines: string[] = [];

  before(async () => {
    const base = await openTestContext(NOW);
    deps = {
      ...base.deps,
      secrets: { current: parseSecretKey(randomBytes(32).toString('base64')), previous: null },
    };
    ctx = { ...base, deps };
    app = await buildApp({
      ...deps,
      logger: { level: 'info', stream: { write: (line: string) => void logLines.push(line) } },
    });
    await app.ready();
    fake = await startStripeFake(SECRET_KEY);
  });
  after(async () => {
    await app.close();
    await fake.close();
    await ctx.database.close();
  });

  /** A tenant with Stripe set up, a customer with two open invoices (100.00 and 250.00 EUR). */
  async function shop() {
    const tenant = await newTenant(ctx);
    const t = tenant.tenantId;
    const admin = client(app, (await createApiKey(deps.db, t, 'admin')).key);
    const collector = client(app, (await createApiKey(deps.db, t, 'collector')).key);
    const reader = client(app, (await createApiKey(deps.db, t, 'viewer')).key);
    await ok(
      admin.put('/v1/payments/stripe/settings', {
        secretKey: SECRET_KEY,
        webhookSecret: WEBHOOK_SECRET,
        apiBaseUrl: fake.url,
      }),
      200,
    );
    const customer = await makeCustomer(deps, t, { emails: ['ap@kunde.example'] });
    const a = await issueInvoice(deps, t, customer.id, '100.00');
    const b = await issueInvoice(deps, t, customer.id, '250.00');
    return { t, admin, collector, reader, customer, a, b };
  }

  async function checkout(s: Awaited<ReturnType<typeof shop>>, invoices: string[]) {
    return s.collector.post('/v1/payments/checkout-sessions', {
      invoices,
      successUrl: 'https://shop.example/paid',
      cancelUrl: 'https://shop.example/cancel',
    });
  }

  /** Deliver `event` to the webhook, signed by the SDK (at `timestamp`, with `secret`). */
  function deliver(
    t: string,
    event: unknown,
    opts: { secret?: string; timestamp?: number; header?: string } = {},
  ) {
    const payload = JSON.stringify(event);
    const header =
      opts.header ??
      sdk.webhooks.generateTestHeaderString({
        payload,
        secret: opts.secret ?? WEBHOOK_SECRET,
        timestamp: opts.timestamp ?? NOW_SECONDS,
      });
    return app.inject({
      method: 'POST',
      url: `/v1/payments/stripe/webhook?tenant=${t}`,
      // As Stripe sends it.
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header },
      payload,
    });
  }

  async function balances(t: string) {
    const rows = await deps.ledger.accountBalances(deps.db, t, ['1100', '1360', '6810']);
    return Object.fromEntries(rows.map((r) => [r.accountCode, r.balanceMinor]));
  }

  it('keeps the secrets sealed: never answered, never in the audit trail', async () => {
    const s = await shop();
    const view = await ok(s.admin.get('/v1/payments/stripe/settings'), 200);
    assert.deepEqual(
      { ...view, updatedAt: null },
      {
        provider: 'stripe',
        secretKeySet: true,
        webhookSecretSet: true,
        apiBaseUrl: fake.url,
        // Where to register the webhook in Stripe (the web app puts its origin in front).
        webhookPath: `/v1/payments/stripe/webhook?tenant=${s.t}`,
        updatedAt: null,
      },
    );
    const audit = await s.admin.get('/v1/audit?limit=50');
    assert.ok(!audit.text.includes(SECRET_KEY) && !audit.text.includes(WEBHOOK_SECRET));
    assert.equal((await s.collector.get('/v1/payments/stripe/settings')).status, 403);
  });

  it('asks Stripe for one checkout of two invoices and refuses what is not payable', async () => {
    const s = await shop();
    const session = await ok(checkout(s, [s.a.number ?? '', s.b.invoiceId]));
    assert.equal(session.amount, '350.00');
    assert.equal(session.status, 'open');
    const sent = fake.sessions.find((x) => x.id === session.sessionId);
    assert.ok(sent);
    assert.equal(sent.form.get('mode'), 'payment');
    assert.deepEqual(
      [sent.form.get('payment_method_types[0]'), sent.form.get('payment_method_types[1]')],
      ['card', 'sepa_debit'],
    );
    assert.equal(sent.form.get('line_items[0][price_data][unit_amount]'), '10000');
    assert.equal(sent.form.get('line_items[1][price_data][unit_amount]'), '25000');
    assert.equal(sent.form.get('line_items[1][price_data][currency]'), 'eur');
    assert.equal(sent.form.get('metadata[tenant_id]'), s.t);
    assert.equal(sent.form.get('metadata[invoice_ids]'), `${s.a.invoiceId},${s.b.invoiceId}`);
    assert.equal(sent.headers['idempotency-key'], `cashloop-checkout-${session.checkoutId}`);
    assert.equal(sent.headers.authorization, `Bearer ${SECRET_KEY}`);

    const other = await makeCustomer(deps, s.t);
    const foreign = await issueInvoice(deps, s.t, other.id, '10.00');
    const draft = await issueInvoice(deps, s.t, s.customer.id, '10.00', { issue: false });
    const dollars = await issueInvoice(deps, s.t, s.customer.id, '10.00', { currency: 'USD', fxRate: '0.9' });
    const refused = async (invoices: string[], field: string) => {
      const r = await checkout(s, invoices);
      assert.equal(r.status, 422, r.text);
      assert.equal(r.body.errors[0].field, field);
    };
    await refused([s.a.invoiceId, foreign.invoiceId], 'invoices[1]');
    await refused([draft.invoiceId], 'invoices[0]');
    await refused([s.a.invoiceId, dollars.invoiceId], 'invoices[1]');
    assert.equal((await s.reader.post('/v1/payments/checkout-sessions', {})).status, 403);
  });

  it('books a paid session: receipt on the clearing account applied to both invoices, the fee, AR and aging down', async () => {
    const s = await shop();
    const agingBefore = await ok(s.reader.get('/v1/reports/aging'), 200);
    assert.equal(agingBefore.reports[0].total, '350.00');
    const session = await ok(checkout(s, [s.a.invoiceId, s.b.invoiceId]));
    const sent = fake.sessions.find((x) => x.id === session.sessionId);
    assert.ok(sent);
    fake.pay(sent.id, 1045);
    const res = await deliver(
      s.t,
      stripeEvent('checkout.session.completed', fake.sessionObject(sent, 'paid'), NOW_SECONDS),
    );
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'booked');

    for (const inv of [s.a, s.b]) {
      const row = await getInvoiceRowOrThrow(deps.db, s.t, inv.invoiceId);
      assert.deepEqual([row.status, row.openMinor], ['paid', 0n]);
    }
    const after = await ok(s.reader.get(`/v1/payments/checkout-sessions/${session.checkoutId}`), 200);
    assert.deepEqual([after.status, after.fee, after.refunded], ['paid', '10.45', '0.00']);
    assert.ok(after.receiptId);
    // AR control: 350.00 issued − 350.00 received; clearing: 350.00 in − 10.45 fee; fee expense 10.45.
    assert.deepEqual(await balances(s.t), { '1100': 0n, '1360': 35000n - 1045n, '6810': 1045n });
    const aging = await ok(s.reader.get('/v1/reports/aging'), 200);
    assert.ok(aging.reports.length === 0 || aging.reports[0].total === '0.00', JSON.stringify(aging.reports));
    await assertInvariants(ctx, s.t);
  });

  it('books once when the same event arrives 100 times at once, and when payment_intent.succeeded follows', async () => {
    const s = await shop();
    const session = await ok(checkout(s, [s.a.invoiceId, s.b.invoiceId]));
    const sent = fake.sessions.find((x) => x.id === session.sessionId);
    assert.ok(sent);
    const intent = fake.pay(sent.id, 500);
    const event = stripeEvent('checkout.session.completed', fake.sessionObject(sent, 'paid'), NOW_SECONDS);
    const answers = await Promise.all(Array.from({ length: 100 }, () => deliver(s.t, event)));
    assert.deepEqual(
      answers.map((r) => r.statusCode),
      answers.map(() => 200),
    );
    const statuses = answers.map((r) => r.json().status);
    assert.equal(statuses.filter((x) => x === 'booked').length, 1, statuses.join(','));
    assert.equal(statuses.filter((x) => x === 'duplicate').length, 99);
    const state = await tenantState(deps.db, s.t);
    // Stripe retries a delivery it thinks failed: answered from the stored event, Stripe not asked again.
    const asked = fake.requests.length;
    assert.equal((await deliver(s.t, event)).json().status, 'duplicate');
    assert.deepEqual(fake.requests.slice(asked), [], 'a handled event asks Stripe nothing');
    const again = await deliver(
      s.t,
      stripeEvent('payment_intent.succeeded', fake.intentObject(intent), NOW_SECONDS),
    );
    assert.equal(again.json().status, 'recorded');
    assert.equal(await tenantState(deps.db, s.t), state);
    assert.deepEqual(await balances(s.t), { '1100': 0n, '1360': 35000n - 500n, '6810': 500n });
    await assertInvariants(ctx, s.t);
  });

  it('books an async success that overtakes its completed event; the late completed event changes nothing', async () => {
    const s = await shop();
    const session = await ok(checkout(s, [s.a.invoiceId]));
    const sent = fake.sessions.find((x) => x.id === session.sessionId);
    assert.ok(sent);
    fake.pay(sent.id, 35);
    const early = await deliver(
      s.t,
      stripeEvent('checkout.session.async_payment_succeeded', fake.sessionObject(sent, 'paid'), NOW_SECONDS),
    );
    assert.equal(early.json().status, 'booked');
    const state = await tenantState(deps.db, s.t);
    const late = await deliver(
      s.t,
      stripeEvent('checkout.session.completed', fake.sessionObject(sent, 'unpaid'), NOW_SECONDS),
    );
    assert.equal(late.json().status, 'recorded');
    assert.equal(await tenantState(deps.db, s.t), state);
    assert.equal(
      (await ok(s.reader.get(`/v1/payments/checkout-sessions/${session.checkoutId}`), 200)).status,
      'paid',
    );
    await assertInvariants(ctx, s.t);
  });

  it('refuses forged, stale and missing signatures with 400, changes nothing, logs no secret', async () => {
    const s = await shop();
    const session = await ok(checkout(s, [s.a.invoiceId]));
    const sent = fake.sessions.find((x) => x.id === session.sessionId);
    assert.ok(sent);
    fake.pay(sent.id, 100);
    const event = stripeEvent('checkout.session.completed', fake.sessionObject(sent, 'paid'), NOW_SECONDS);
    const before = await tenantState(deps.db, s.t);
    const forged = await deliver(s.t, event, { secret: 'whsec_someoneElsesSecret0000000000' });
    const stale = await deliver(s.t, event, { timestamp: NOW_SECONDS - 301 });
    const missing = await deliver(s.t, event, { header: '' });
    const otherTenant = await deliver((await newTenant(ctx)).tenantId, event);
    for (const r of [forged, stale, missing, otherTenant]) {
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().code, 'signature_invalid');
    }
    assert.equal(await tenantState(deps.db, s.t), before);
    const events = await ok(s.reader.get('/v1/payments/events'), 200);
    assert.deepEqual(events.items, []);
    const refusals = logLines.filter((l) => l.includes('stripe webhook refused'));
    assert.ok(refusals.length >= 4);
    assert.ok(logLines.every((l) => !l.includes(WEBHOOK_SECRET) && !l.includes(SECRET_KEY)));
    // Within the tolerance it is accepted.
    const fresh = await deliver(s.t, event, { timestamp: NOW_SECONDS - 299 });
    assert.equal(fresh.json().status, 'booked');
  });

  it('SEPA debit out of order: a refund before the payment waits, then both book; a failed debit books nothing', async () => {
    const s = await shop();
    const session = await ok(checkout(s, [s.a.invoiceId, s.b.invoiceId]));
    const sent = fake.sessions.find((x) => x.id === session.sessionId);
    assert.ok(sent);
    const intent = fake.pay(sent.id, 35);
    const completed = await deliver(
      s.t,
      stripeEvent('checkout.session.completed', fake.sessionObject(sent, 'unpaid'), NOW_SECONDS),
    );
    assert.equal(completed.json().status, 'recorded');
    assert.equal(
      (await ok(s.reader.get(`/v1/payments/checkout-sessions/${session.checkoutId}`), 200)).status,
      'processing',
    );
    const refund = await deliver(
      s.t,
      stripeEvent('charge.refunded', fake.chargeObject(intent, 10000), NOW_SECONDS),
    );
    assert.equal(refund.json().status, 'pending');
    assert.equal((await getInvoiceRowOrThrow(deps.db, s.t, s.b.invoiceId)).openMinor, 25000n);
    const paid = await deliver(
      s.t,
      stripeEvent('checkout.session.async_payment_succeeded', fake.sessionObject(sent, 'paid'), NOW_SECONDS),
    );
    assert.equal(paid.json().status, 'booked');
    // 350.00 paid, 100.00 refunded: the later invoice (250.00) is open for 100.00 again.
    assert.equal((await getInvoiceRowOrThrow(deps.db, s.t, s.a.invoiceId)).openMinor, 0n);
    assert.equal((await getInvoiceRowOrThrow(deps.db, s.t, s.b.invoiceId)).openMinor, 10000n);
    const events = await ok(s.reader.get('/v1/payments/events'), 200);
    assert.deepEqual(events.items.map((e: { status: string }) => e.status).sort(), [
      'booked',
      'booked',
      'recorded',
    ]);
    const first = await ok(s.reader.get('/v1/payments/events?limit=2'), 200);
    const rest = await ok(s.reader.get(`/v1/payments/events?limit=2&cursor=${first.nextCursor}`), 200);
    assert.deepEqual(
      [...first.items, ...rest.items].map((e: { eventId: string }) => e.eventId),
      events.items.map((e: { eventId: string }) => e.eventId),
    );
    assert.equal(rest.nextCursor, null);
    assert.deepEqual(await balances(s.t), { '1100': 10000n, '1360': 35000n - 35n - 10000n, '6810': 35n });
    await assertInvariants(ctx, s.t);

    const failing = await ok(checkout(s, [s.b.invoiceId]));
    const failSent = fake.sessions.find((x) => x.id === failing.sessionId);
    assert.ok(failSent);
    const before = await tenantState(deps.db, s.t);
    const failed = await deliver(
      s.t,
      stripeEvent(
        'checkout.session.async_payment_failed',
        fake.sessionObject(failSent, 'unpaid'),
        NOW_SECONDS,
      ),
    );
    assert.equal(failed.json().status, 'recorded');
    assert.equal(await tenantState(deps.db, s.t), before);
    assert.equal(
      (await ok(s.reader.get(`/v1/payments/checkout-sessions/${failing.checkoutId}`), 200)).status,
      'failed',
    );
  });
});

describe(`payments: the Stripe secrets in a key rotation (${backendName})`, () => {
  let ctx: TestContext & { close(): Promise<void> };
  before(async () => {
    // Rotation covers every tenant: a database of this file's own (as in tenant-smtp.test.ts).
    ctx = await openPrivateTestContext(NOW);
  });
  after(() => ctx.close());

  it('re-seals both secrets with the new key; the webhook secret opens with the new key alone', async () => {
    const key1 = parseSecretKey(randomBytes(32).toString('base64'));
    const key2 = parseSecretKey(randomBytes(32).toString('base64'));
    const t = (await newTenant(ctx)).tenantId;
    await updateStripeSettings({ ...ctx.deps, secrets: { current: key1, previous: null } }, t, {
      secretKey: SECRET_KEY,
      webhookSecret: WEBHOOK_SECRET,
    });
    const rotated = await rotateSecrets(ctx.deps.db, { current: key2, previous: key1 });
    assert.deepEqual([rotated.resealed, rotated.alreadyCurrent], [1, 0]);
    const again = await rotateSecrets(ctx.deps.db, { current: key2, previous: key1 });
    assert.deepEqual([again.resealed, again.alreadyCurrent], [0, 1]);
    const payload = JSON.stringify(
      stripeEvent('customer.created', { id: 'cus_1', object: 'customer' }, NOW_SECONDS),
    );
    const header = sdk.webhooks.generateTestHeaderString({
      payload,
      secret: WEBHOOK_SECRET,
      timestamp: NOW_SECONDS,
    });
    const outcome = await receiveStripeWebhook(
      { ...ctx.deps, secrets: { current: key2, previous: null } },
      { tenantId: t, rawBody: payload, signature: header },
    );
    assert.equal(outcome.status, 'ignored');
  });
});
