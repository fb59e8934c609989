/**
 * Settings → Alerts in a real browser: a credit manager creates a rule (the API's refusal of an
 * amount with too many decimals shown next to the field, then the rule saved with the decimal
 * string typed), edits it, switches it off, and deletes it after a confirmation (a dismissed one
 * keeps it) — each step read back from the API; a viewer has no Alerts section and the API refuses
 * its rule; the section and its form at phone width.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apiGet,
  apiPost,
  assertNoConsoleErrors,
  assertNoHorizontalOverflow,
  type E2eServer,
  e2eSuite,
  openPage,
  PHONE,
  screenshotAndCheck,
  signIn,
} from './helpers.ts';

interface Rule {
  id: string;
  name: string;
  enabled: boolean;
  params: Record<string, unknown>;
  notifyCollector: boolean;
  notifyRoles: string[];
}

const NAME = 'Große Posten — e2e';
const PHONE_RULE = 'Späte Zahler (Prognose) — e2e';

/** DELETE with the admin key (a rule an earlier failed run left behind). */
async function apiDelete(server: E2eServer, path: string): Promise<void> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${server.apiKey}` },
  });
  assert.equal(res.status, 204, `DELETE ${path}`);
}

describe('alert rules in settings', () => {
  const suite = e2eSuite();
  const rulesNamed = async (name: string) =>
    (await apiGet<{ items: Rule[] }>(suite.server, '/v1/alerts/rules')).items.filter((r) => r.name === name);

  it('creates, edits, switches off and deletes a rule, showing the API’s field errors', async () => {
    for (const left of await rulesNamed(NAME)) await apiDelete(suite.server, `/v1/alerts/rules/${left.id}`);
    const e2e = await openPage(suite.browser, suite.server.baseUrl);
    const { page } = e2e;
    try {
      await signIn(page, 'credit_manager');
      await page.goto('/settings');
      await page.getByRole('navigation', { name: 'Settings sections' }).getByText('Alerts').click();
      await page.getByTestId('alert-rule-new').click();
      const form = page.getByTestId('alert-rule-form');
      await form.getByLabel('Name').fill(NAME);
      await form.getByRole('textbox', { name: 'Currency', exact: true }).fill('JPY');
      await form.getByLabel('Open amount at least, in the currency').fill('10.5');
      await form.getByLabel('Days past due, at least').fill('15');
      await form.getByRole('button', { name: 'Save rule' }).click();
      // The API's message, next to the amount: JPY has no decimals.
      await form.getByText('"10.5" has more decimals than JPY allows').waitFor();
      // Every message stands at its field: the alert above says where to look, not "not valid".
      await form.getByRole('alert').getByText('Check the marked fields').waitFor();
      assert.deepEqual(await rulesNamed(NAME), [], 'nothing saved');
      await screenshotAndCheck(page, 'settings-alerts-form-error');

      await form.getByRole('textbox', { name: 'Currency', exact: true }).fill('EUR');
      await form.getByLabel('Open amount at least, in the currency').fill('10000.00');
      await form.getByRole('button', { name: 'Save rule' }).click();
      const row = page.locator(`tr[data-rule-name="${NAME}"]`);
      await row.getByText('open €10,000.00 or more, 15 days or more past due').waitFor();
      const [created] = await rulesNamed(NAME);
      assert.deepEqual(created?.params, {
        kind: 'invoice_overdue',
        currency: 'EUR',
        minAmount: '10000.00',
        minDaysLate: 15,
      });
      assert.equal(created?.notifyCollector, true);
      await screenshotAndCheck(page, 'settings-alerts');

      await row.getByRole('button', { name: `Edit rule “${NAME}”` }).click();
      await form.getByLabel('Open amount at least, in the currency').fill('2500.5');
      await form.getByLabel('Days past due, at least').fill('30');
      await form.getByTestId('alert-rule-roles').click({ force: true });
      await page.getByRole('option', { name: 'Credit manager' }).click();
      await form.getByLabel('Name').click(); // closes the role list
      await form.getByRole('button', { name: 'Save rule' }).click();
      await row.getByText('open €2,500.50 or more, 30 days or more past due').waitFor();
      await row.getByText('the customer’s collector, Credit manager').waitFor();
      const [edited] = await rulesNamed(NAME);
      assert.equal(edited?.id, created?.id, 'the same rule, replaced');
      assert.deepEqual(edited?.params, {
        kind: 'invoice_overdue',
        currency: 'EUR',
        minAmount: '2500.5',
        minDaysLate: 30,
      });
      assert.deepEqual(edited?.notifyRoles, ['credit_manager']);

      // Listen before the click: a fast server answers before a listener set up afterwards
      // could hear it (CI once waited 90 s for a response that had already come).
      const saved = page.waitForResponse(
        (r) => r.url().includes('/v1/alerts/rules/') && r.request().method() !== 'GET',
      );
      const enabledSwitch = row.getByRole('switch', { name: `Rule “${NAME}” enabled` });
      await enabledSwitch.click({ force: true });
      assert.equal((await saved).ok(), true, 'the change was accepted');
      assert.equal((await rulesNamed(NAME))[0]?.enabled, false, 'switched off');
      // Shown off once the list is read again.
      await row.getByRole('switch', { name: `Rule “${NAME}” enabled`, checked: false }).waitFor();

      page.once('dialog', (d) => void d.dismiss());
      await row.getByRole('button', { name: `Delete rule “${NAME}”` }).click();
      assert.equal((await rulesNamed(NAME)).length, 1, 'a dismissed confirmation keeps the rule');
      page.once('dialog', (d) => {
        assert.match(d.message(), /Delete the alert rule “Große Posten — e2e”\?/);
        void d.accept();
      });
      await row.getByRole('button', { name: `Delete rule “${NAME}”` }).click();
      await row.waitFor({ state: 'detached' });
      assert.deepEqual(await rulesNamed(NAME), [], 'deleted');
      assertNoConsoleErrors(e2e, [422]);
    } finally {
      await e2e.close();
    }
  });

  it('lists no Alerts section for a viewer, and the API refuses its rule', async () => {
    const e2e = await openPage(suite.browser, suite.server.baseUrl);
    const { page } = e2e;
    try {
      await signIn(page, 'viewer');
      await page.goto('/settings');
      const nav = page.getByRole('navigation', { name: 'Settings sections' });
      await nav.getByText('Company').waitFor();
      assert.equal(await nav.getByText('Alerts').count(), 0, 'no Alerts link');
      await page.goto('/settings?section=alerts');
      await page.getByText('Your role may not see this.').waitFor();
      await page.getByRole('alert').getByText('Not available to your role').waitFor();
      assert.equal(
        await page.getByText('Something went wrong').count(),
        0,
        'a refusal for the role is no failure',
      );
      await screenshotAndCheck(page, 'settings-alerts-viewer');
      const session = await (await page.request.get('/v1/session')).json();
      const refused = await page.request.post('/v1/alerts/rules', {
        headers: { 'x-csrf-token': session.csrfToken },
        data: { name: 'x', notifyCollector: true, params: { kind: 'promise_broken' } },
      });
      const status = refused.status();
      assert.equal((await refused.json()).code, 'forbidden');
      assert.equal(status, 403);
      assertNoConsoleErrors(e2e, [403]);
    } finally {
      await e2e.close();
    }
  });

  it('fits a phone: the rules and the form', async () => {
    const e2e = await openPage(suite.browser, suite.server.baseUrl, 'en-US', PHONE);
    const { page } = e2e;
    try {
      for (const left of await rulesNamed(PHONE_RULE))
        await apiDelete(suite.server, `/v1/alerts/rules/${left.id}`);
      const rule = await apiPost<Rule>(suite.server, '/v1/alerts/rules', {
        name: PHONE_RULE,
        notifyCollector: true,
        notifyRoles: ['credit_manager', 'admin'],
        params: { kind: 'predicted_lateness_jump', minIncreaseDays: 10 },
      });
      await signIn(page, 'admin');
      await page.goto('/settings?section=alerts');
      await page.locator(`tr[data-rule-name="${PHONE_RULE}"]`).waitFor();
      await page.getByTestId('alert-rule-new').waitFor();
      await assertNoHorizontalOverflow(page, 'alerts section');
      await screenshotAndCheck(page, 'settings-alerts-phone');
      await page.getByTestId('alert-rule-new').click();
      await page.getByTestId('alert-rule-form').waitFor();
      await screenshotAndCheck(page, 'settings-alerts-form-phone');
      assertNoConsoleErrors(e2e);
      await apiDelete(suite.server, `/v1/alerts/rules/${rule.id}`);
    } finally {
      await e2e.close();
    }
  });
});
