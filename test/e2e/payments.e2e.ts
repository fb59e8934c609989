/**
 * Online payment in the browser (docs/payments.md), against the local fake of Stripe's API
 * (test/helpers/stripe-fake.ts; the e2e server has a CASHLOOP_SECRET_KEY to seal the key with):
 * before a key is set a collector's "Payment link" shows the API's 409; an admin sets the key,
 * the webhook secret and the fake's URL in Settings → Payments, which then says "set" and never
 * shows a secret; the collector's link is the checkout the fake made for the invoice's open
 * amount; Stripe's signed event shows up booked in the payment events. Screenshots on desktop and phone.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Stripe from 'stripe';
import { type StripeFake, startStripeFake, stripeEvent } from '../helpers/stripe-fake.ts';
import {
  apiGet,
  assertNoConsoleErrors,
  assertNoHorizontalOverflow,
  e2eSuite,
  openPage,
  PHONE,
  screenshotAndCheck,
  signIn,
} from './helpers.ts';

const SECRET_KEY = 'sk_test_51CashloopE2eKey0000000000000';
const WEBHOOK_SECRET = 'whsec_cashloopE2eSigningSecret0123456789';
const sdk = new Stripe('sk_test_unused');

interface Invoice {
  id: string;
  number: string;
  open: string;
  currency: string;
}
interface StripeSettings {
  secretKeySet: boolean;
  webhookSecretSet: boolean;
  apiBaseUrl: string;
  webhookPath: string;
}

describe('online payment in the web app', () => {
  let fake: StripeFake | undefined;
  const suite = e2eSuite(() => void fake?.close());

  /** An open EUR invoice of the demo, from the end of the list (other files take the first ones). */
  async function openInvoice(): Promise<Invoice> {
    const page = await apiGet<{ items: Invoice[] }>(
      suite.server,
      '/v1/invoices?status=issued&kind=invoice&currency=EUR&limit=40',
    );
    const invoice = page.items.at(-1);
    assert.ok(invoice, 'the demo has an open EUR invoice');
    return invoice;
  }

  async function putSettings(body: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${suite.server.baseUrl}/v1/payments/stripe/settings`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${suite.server.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200, await res.text());
  }

  it('shows the API’s 409 while no Stripe key is set, then a checkout link once an admin set one', async () => {
    fake = await startStripeFake(SECRET_KEY);
    await putSettings({ secretKey: null, webhookSecret: null, apiBaseUrl: 'https://api.stripe.com' });
    const invoice = await openInvoice();

    const collector = await openPage(suite.browser, suite.server.baseUrl);
    await signIn(collector.page, 'collector');
    await collector.page.goto(`/invoices/${invoice.id}`);
    await collector.page.getByTestId('payment-link').click();
    await collector.page.getByRole('button', { name: 'Create payment link' }).click();
    await collector.page.getByRole('alert').getByText('no Stripe secret key is set').waitFor();
    await screenshotAndCheck(collector.page, 'payments-link-409-collector');

    const admin = await openPage(suite.browser, suite.server.baseUrl);
    await signIn(admin.page, 'admin');
    await admin.page.goto('/settings?section=payments');
    const form = admin.page.getByTestId('stripe-settings');
    await form.waitFor();
    assert.equal(await form.getByText('not set').count(), 2);
    const webhookUrl = await admin.page.getByTestId('stripe-webhook-url').inputValue();
    const settings = await apiGet<StripeSettings>(suite.server, '/v1/payments/stripe/settings');
    assert.equal(webhookUrl, `${suite.server.baseUrl}${settings.webhookPath}`);
    assert.match(webhookUrl, /\/v1\/payments\/stripe\/webhook\?tenant=[0-9a-f-]{36}$/);
    await admin.page.getByLabel('Secret key').fill(SECRET_KEY);
    await admin.page.getByLabel('Webhook signing secret').fill(WEBHOOK_SECRET);
    await admin.page.getByLabel('API base URL').fill(fake.url);
    await admin.page.getByRole('button', { name: 'Save' }).click();
    await form.getByText('Saved.').waitFor();
    assert.equal(await form.getByText('not set').count(), 0);
    assert.equal(await form.getByText('set', { exact: true }).count(), 2);
    const html = await admin.page.content();
    assert.ok(!html.includes(SECRET_KEY) && !html.includes(WEBHOOK_SECRET), 'no secret shown back');
    const stored = await apiGet<StripeSettings>(suite.server, '/v1/payments/stripe/settings');
    assert.deepEqual(
      [stored.secretKeySet, stored.webhookSecretSet, stored.apiBaseUrl],
      [true, true, fake.url],
    );
    await screenshotAndCheck(admin.page, 'payments-settings-admin');

    // The drawer still holds the refusal: close it and ask again.
    await collector.page.reload();
    await collector.page.getByTestId('payment-link').click();
    await collector.page.getByRole('button', { name: 'Create payment link' }).click();
    const url = await collector.page.getByTestId('checkout-url').inputValue();
    const session = fake.sessions.at(-1);
    assert.ok(session);
    assert.equal(url, `https://checkout.stripe.com/c/pay/${session.id}`);
    assert.equal(session.form.get('line_items[0][price_data][unit_amount]'), invoice.open.replace('.', ''));
    assert.equal(session.form.get('metadata[invoice_ids]'), invoice.id);
    await screenshotAndCheck(collector.page, 'payments-link-created-collector');
    assertNoConsoleErrors(collector, [409]);
    assertNoConsoleErrors(admin);
    await collector.close();

    // Stripe reports the payment: the admin sees the event booked.
    fake.pay(session.id, 250);
    const payload = JSON.stringify(
      stripeEvent(
        'checkout.session.completed',
        fake.sessionObject(session, 'paid'),
        Math.floor(Date.now() / 1000),
      ),
    );
    const delivered = await fetch(`${suite.server.baseUrl}${settings.webhookPath}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'stripe-signature': sdk.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }),
      },
      body: payload,
    });
    assert.equal(delivered.status, 200, await delivered.text());
    await admin.page.reload();
    const events = admin.page.getByTestId('payment-events');
    await events.getByText('checkout.session.completed').first().waitFor();
    await events.getByText('Booked').first().waitFor();
    await admin.close();

    const phone = await openPage(suite.browser, suite.server.baseUrl, 'en-US', PHONE);
    await signIn(phone.page, 'admin');
    await phone.page.goto('/settings?section=payments');
    await phone.page.getByTestId('payment-events').waitFor();
    await assertNoHorizontalOverflow(phone.page, 'settings → payments on a phone');
    await screenshotAndCheck(phone.page, 'payments-settings-admin-phone');
    assertNoConsoleErrors(phone);
    await phone.close();
    await putSettings({ secretKey: null, webhookSecret: null, apiBaseUrl: 'https://api.stripe.com' });
  });
});
