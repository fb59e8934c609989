/**
 * A tenant with Stripe set up against the fake (test/helpers/stripe-fake.ts), a customer with two
 * open invoices (100.00 and 250.00 EUR), and the deliveries of Stripe events signed by the
 * official `stripe` SDK — what the payout and chargeback tests share.
 */
import type { FastifyInstance } from 'fastify';
import Stripe from 'stripe';
import { createApiKey } from '../../src/modules/apikeys/apikeys.service.ts';
import type { CoreDeps } from '../../src/modules/core-deps.ts';
import { client, ok } from './api.ts';
import { newTenant, type TestContext } from './backends.ts';
import { issueInvoice, makeCustomer } from './factories.ts';
import { type StripeFake, stripeEvent } from './stripe-fake.ts';

export const SHOP_SECRET_KEY = 'sk_test_51CashloopFakeKey000000000000';
export const SHOP_WEBHOOK_SECRET = 'whsec_cashloopTestSigningSecret0123456789';
const sdk = new Stripe('sk_test_unused');

export type Shop = Awaited<ReturnType<typeof openShop>>;

/** The shop; `deliver` signs with the SDK at `nowSeconds` (the test clock). */
export async function openShop(ctx: TestContext, app: FastifyInstance, fake: StripeFake, nowSeconds: number) {
  const deps: CoreDeps = ctx.deps;
  const tenant = await newTenant(ctx);
  const t = tenant.tenantId;
  const admin = client(app, (await createApiKey(deps.db, t, 'admin')).key);
  const collector = client(app, (await createApiKey(deps.db, t, 'collector')).key);
  const reader = client(app, (await createApiKey(deps.db, t, 'viewer')).key);
  await ok(
    admin.put('/v1/payments/stripe/settings', {
      secretKey: SHOP_SECRET_KEY,
      webhookSecret: SHOP_WEBHOOK_SECRET,
      apiBaseUrl: fake.url,
    }),
    200,
  );
  const customer = await makeCustomer(deps, t, { emails: ['ap@kunde.example'] });
  const a = await issueInvoice(deps, t, customer.id, '100.00');
  const b = await issueInvoice(deps, t, customer.id, '250.00');

  /** Deliver `type` around `object`, signed; answers the webhook's JSON. */
  async function deliver(type: string, object: Record<string, unknown>, id?: string) {
    const payload = JSON.stringify(stripeEvent(type, object, nowSeconds, id));
    const header = sdk.webhooks.generateTestHeaderString({
      payload,
      secret: SHOP_WEBHOOK_SECRET,
      timestamp: nowSeconds,
    });
    const res = await app.inject({
      method: 'POST',
      url: `/v1/payments/stripe/webhook?tenant=${t}`,
      headers: { 'content-type': 'application/json; charset=utf-8', 'stripe-signature': header },
      payload,
    });
    if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}: ${res.body}`);
    return res.json() as { status: string; eventId: string };
  }

  /** Both invoices paid by card through one checkout, with `fee`: the intent paid. */
  async function payBoth(fee: number) {
    const session = await ok(
      collector.post('/v1/payments/checkout-sessions', {
        invoices: [a.invoiceId, b.invoiceId],
        successUrl: 'https://shop.example/paid',
        cancelUrl: 'https://shop.example/cancel',
      }),
    );
    const sent = fake.sessions.find((x) => x.id === session.sessionId);
    if (!sent) throw new Error('no session');
    const intent = fake.pay(sent.id, fee);
    const booked = await deliver('checkout.session.completed', fake.sessionObject(sent, 'paid'));
    if (booked.status !== 'booked') throw new Error(`payment ${booked.status}`);
    return intent;
  }

  /** AR control, clearing and fees, signed minor units. */
  async function balances() {
    const rows = await deps.ledger.accountBalances(deps.db, t, ['1100', '1360', '6810']);
    return Object.fromEntries(rows.map((r) => [r.accountCode, r.balanceMinor]));
  }

  return { t, admin, collector, reader, customer, a, b, deliver, payBoth, balances };
}
