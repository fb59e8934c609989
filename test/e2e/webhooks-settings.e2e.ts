/**
 * Settings → Webhooks in a real browser, against a receiver on 127.0.0.1: an admin adds an endpoint
 * (a URL the API refuses is shown at the field; the signing secret is shown once and never listed
 * again), sends a test event (the receiver gets it, signed, and the log shows it delivered with its
 * attempt), switches the endpoint off, opens it by the link the bell uses for a switched-off
 * endpoint, and deletes it after a confirmation; a viewer has no Webhooks section; the section fits
 * a phone.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import {
  apiGet,
  assertNoConsoleErrors,
  assertNoHorizontalOverflow,
  type E2eServer,
  e2eSuite,
  openPage,
  PHONE,
  screenshotAndCheck,
  signIn,
} from './helpers.ts';

interface Endpoint {
  endpointId: string;
  url: string;
  status: string;
}

/** A webhook receiver on 127.0.0.1 that answers 204 and keeps what it got. */
function startReceiver() {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  const listening = new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
  return { received, listening, close: () => new Promise((r) => server.close(r)) };
}

async function deleteEndpointsAt(server: E2eServer, prefix: string): Promise<void> {
  const { items } = await apiGet<{ items: Endpoint[] }>(server, '/v1/webhooks/endpoints');
  for (const e of items.filter((i) => i.url.startsWith(prefix))) {
    const res = await fetch(`${server.baseUrl}/v1/webhooks/endpoints/${e.endpointId}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${server.apiKey}` },
    });
    assert.equal(res.status, 204);
  }
}

describe('webhooks in settings', () => {
  const suite = e2eSuite();
  const receiver = startReceiver();
  let base = '';
  before(async () => {
    base = await receiver.listening;
  });
  after(() => receiver.close());
  /** The endpoints whose URL starts with `prefix` (the API stores a URL normalised: ü as %C3%BC). */
  const endpointsAt = async (prefix: string) =>
    (await apiGet<{ items: Endpoint[] }>(suite.server, '/v1/webhooks/endpoints')).items.filter((e) =>
      e.url.startsWith(prefix),
    );

  it('adds an endpoint, shows its secret once, tests it, reads its log, switches it off and deletes it', async () => {
    await deleteEndpointsAt(suite.server, base);
    let url = `${base}/hooks/erp?system=Müller`;
    const e2e = await openPage(suite.browser, suite.server.baseUrl);
    const { page } = e2e;
    try {
      await signIn(page, 'admin');
      await page.goto('/settings');
      await page.getByRole('navigation', { name: 'Settings sections' }).getByText('Webhooks').click();
      const form = page.getByRole('form', { name: 'New webhook endpoint' });
      await form.getByTestId('webhook-events').click({ force: true });
      await page.getByRole('option', { name: /^invoice\.paid/ }).click();
      await form.getByRole('textbox', { name: 'Description' }).click(); // closes the list
      await form.getByRole('textbox', { name: 'URL' }).fill('ftp://erp.example/hooks');
      await form.getByRole('button', { name: 'Add endpoint' }).click();
      await form.getByText('must be http or https').waitFor();
      assert.deepEqual(await endpointsAt('ftp://erp.example/hooks'), [], 'nothing saved');
      await screenshotAndCheck(page, 'settings-webhooks-refused');

      await form.getByRole('textbox', { name: 'URL' }).fill(url);
      await form.getByRole('button', { name: 'Add endpoint' }).click();
      const secret = (await page.getByTestId('webhook-secret').textContent()) ?? '';
      assert.match(secret, /^whsec_/);
      const [created] = await endpointsAt(`${base}/hooks/erp`);
      assert.ok(created, 'stored');
      assert.equal(created.url, `${base}/hooks/erp?system=M%C3%BCller`, 'as the API normalised it');
      url = created.url;
      const listed = JSON.stringify(await apiGet(suite.server, '/v1/webhooks/endpoints'));
      assert.ok(!listed.includes(secret.slice(6)), 'the secret is never listed');
      await screenshotAndCheck(page, 'settings-webhooks-created');
      await page.getByRole('button', { name: 'Done' }).click();
      assert.equal(await page.getByTestId('webhook-secret').count(), 0, 'shown once');

      const row = page.locator(`tr[data-endpoint-url="${url}"]`);
      await row.getByRole('button', { name: 'Send test' }).click();
      await row.getByText('Test event: succeeded (204)').waitFor();
      const ping = receiver.received.at(-1);
      assert.match(String(ping?.headers['webhook-signature']), /^v1,/);
      assert.equal(JSON.parse(ping?.body ?? '{}').type, 'webhook.ping');

      await row.getByRole('button', { name: 'Deliveries' }).click();
      const log = page.getByTestId('webhook-deliveries');
      const delivery = log.locator('tr[data-delivery-event="webhook.ping"]');
      await delivery.getByText('Succeeded').waitFor();
      await delivery.getByRole('button', { name: 'Details' }).click();
      await page
        .getByTestId('webhook-delivery-detail')
        .getByText(/Attempt 1, .*: HTTP 204/)
        .waitFor();
      await screenshotAndCheck(page, 'settings-webhooks-log');

      const saved = page.waitForResponse(
        (r) => r.url().includes('/v1/webhooks/endpoints/') && r.request().method() === 'PATCH',
      );
      await row.getByRole('switch', { name: `Endpoint ${url} enabled` }).click({ force: true });
      assert.equal((await saved).ok(), true);
      await row.getByText(/^Switched off /).waitFor();
      assert.equal((await endpointsAt(url))[0]?.status, 'disabled');

      // The bell's link for a switched-off endpoint: the section with that endpoint's log.
      await page.goto(`/settings?section=webhooks&endpoint=${created.endpointId}`);
      await page
        .getByTestId('webhook-deliveries')
        .locator('tr[data-delivery-event="webhook.ping"]')
        .waitFor();

      page.once('dialog', (d) => void d.dismiss());
      await row.getByRole('button', { name: `Delete endpoint ${url}` }).click();
      assert.equal((await endpointsAt(url)).length, 1, 'a dismissed confirmation keeps it');
      page.once('dialog', (d) => void d.accept());
      await row.getByRole('button', { name: `Delete endpoint ${url}` }).click();
      await row.waitFor({ state: 'detached' });
      assert.deepEqual(await endpointsAt(url), [], 'deleted');
      assertNoConsoleErrors(e2e, [422]);
    } finally {
      await e2e.close();
    }
  });

  it('lists no Webhooks section for a viewer', async () => {
    const e2e = await openPage(suite.browser, suite.server.baseUrl);
    const { page } = e2e;
    try {
      await signIn(page, 'viewer');
      await page.goto('/settings');
      const nav = page.getByRole('navigation', { name: 'Settings sections' });
      await nav.getByText('Company').waitFor();
      assert.equal(await nav.getByText('Webhooks').count(), 0);
      await page.goto('/settings?section=webhooks');
      await page.getByRole('alert').getByText('Not available to your role').waitFor();
      assertNoConsoleErrors(e2e, [403]);
    } finally {
      await e2e.close();
    }
  });

  it('fits a phone', async () => {
    const e2e = await openPage(suite.browser, suite.server.baseUrl, 'en-US', PHONE);
    const { page } = e2e;
    try {
      await signIn(page, 'admin');
      await page.goto('/settings?section=webhooks');
      await page.getByRole('form', { name: 'New webhook endpoint' }).waitFor();
      await assertNoHorizontalOverflow(page, 'webhooks section');
      await screenshotAndCheck(page, 'settings-webhooks-phone');
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });
});
