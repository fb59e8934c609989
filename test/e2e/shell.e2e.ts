/**
 * The app's frame in a real Chromium against the real server with the demo company: sign-in per
 * role (the five demo users), a wrong password's message, and the overview's figures equal to the
 * API's. Needs the session routes of the shared contract (POST/GET/DELETE /v1/session).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apiGet,
  assertNoConsoleErrors,
  DEMO_USERS,
  type DemoRole,
  e2eSuite,
  openPage,
  screenshot,
  seriousAccessibilityViolations,
  signIn,
} from './helpers.ts';

const ROLE_LABELS: Record<DemoRole, string> = {
  admin: 'Administrator',
  credit_manager: 'Credit manager',
  accountant: 'Accountant',
  collector: 'Collector',
  viewer: 'Viewer',
};

describe('sign-in and the shell', () => {
  const suite = e2eSuite();

  for (const role of Object.keys(DEMO_USERS) as DemoRole[]) {
    it(`signs in as the demo ${role}, shows the role and every page's link it may open, signs out`, async () => {
      const e2e = await openPage(suite.browser, suite.server.baseUrl);
      try {
        await signIn(e2e.page, role);
        assert.equal(await e2e.page.getByTestId('user-role').textContent(), ROLE_LABELS[role]);
        const nav = e2e.page.getByRole('navigation', { name: 'Main navigation' });
        for (const name of [
          'Overview',
          'Customers',
          'Invoices',
          'Cash application',
          'Collections',
          'Dunning',
          'Reports',
          'Settings',
        ])
          assert.equal(await nav.getByRole('link', { name }).count(), 1, name);
        // Findings (anomalies, monitoring) are the admins' (the API refuses them to other roles).
        assert.equal(await nav.getByRole('link', { name: 'Findings' }).count(), role === 'admin' ? 1 : 0);
        await e2e.page.getByRole('button', { name: 'Sign out' }).click();
        await e2e.page.getByRole('button', { name: 'Sign in' }).waitFor();
        await e2e.page.goto('/customers');
        await e2e.page.getByRole('button', { name: 'Sign in' }).waitFor();
        assert.match(
          e2e.page.url(),
          /\/sign-in\?redirect=%2Fcustomers/,
          'signed out: back to sign-in, then here',
        );
        assertNoConsoleErrors(e2e, [401]);
      } finally {
        await e2e.close();
      }
    });
  }

  it('says so when the password is wrong, and stays on the sign-in page', async () => {
    const e2e = await openPage(suite.browser, suite.server.baseUrl);
    try {
      await e2e.page.goto('/sign-in');
      await e2e.page.getByLabel('E-mail').fill(DEMO_USERS.viewer.email);
      await e2e.page.locator('input[name="password"]').fill('not-the-password');
      await e2e.page.getByRole('button', { name: 'Sign in' }).click();
      const alert = e2e.page.getByRole('alert');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', /Sign-in failed/);
      assert.match(e2e.page.url(), /\/sign-in/);
      await screenshot(e2e.page, 'sign-in-wrong-password');
      assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
      assertNoConsoleErrors(e2e, [401]);
    } finally {
      await e2e.close();
    }
  });

  it("shows the overview's figures as the API computes them (total, current, unapplied per currency)", async () => {
    type Aging = {
      reports: { currency: string; total: string; unapplied: string; buckets: { current: string } }[];
    };
    const aging = await apiGet<Aging>(suite.server, '/v1/reports/aging');
    const eur = aging.reports.find((r) => r.currency === 'EUR');
    assert.ok(eur, 'the demo company has EUR receivables');
    const e2e = await openPage(suite.browser, suite.server.baseUrl);
    try {
      await signIn(e2e.page, 'viewer');
      await e2e.page.goto('/?currency=EUR');
      const money = (amount: string) =>
        new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(amount as `${number}`);
      const text = async (id: string) => (await e2e.page.getByTestId(id).textContent())?.replace(/\s/g, ' ');
      assert.equal(await text('total-ar'), money(eur.total));
      assert.equal(await text('current'), money(eur.buckets.current));
      assert.equal(await text('unapplied'), money(eur.unapplied));
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });
});
