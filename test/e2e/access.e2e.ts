/**
 * Sessions and API keys in a real browser: an admin creates a key with a scope and an expiry,
 * sees them listed (the API agrees), sees a scope the role does not hold refused under the field,
 * and revokes the key; a user signed in twice sees both sessions and signs the other out (that
 * browser is signed out); an admin ends one session of a user, then all of them. Each state is
 * checked with axe-core and photographed (desktop and phone width, English and German).
 *
 * The users are made for the test (POST /v1/users with the admin key), so ending their sessions
 * disturbs no other test signed in as a demo user.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  apiGet,
  assertNoConsoleErrors,
  type E2ePage,
  type E2eServer,
  e2eSuite,
  openPage,
  screenshot,
  screenshotAndCheck,
  signIn,
} from './helpers.ts';

interface ApiKeyRow {
  id: string;
  label: string | null;
  role: string;
  scope: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

const PHONE = { width: 390, height: 844 };

/** A new user of `role` with a known password, through the API with the admin key. */
async function createUser(server: E2eServer, name: string): Promise<{ email: string; password: string }> {
  const email = `e2e-${randomUUID().slice(0, 8)}@demo.cashloop.test`;
  const password = 'e2e-sessions-pass';
  const res = await fetch(`${server.baseUrl}/v1/users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ email, name, role: 'viewer', password }),
  });
  assert.equal(res.status, 201, await res.text());
  return { email, password };
}

async function signInAs(page: Page, user: { email: string; password: string }): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(user.email);
  await page.locator('input[name="password"]').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user-role').waitFor();
}

/** Accept the next confirmation, asserting it asks what it should. */
function acceptNextDialog(page: Page, expected: RegExp): void {
  page.once('dialog', (dialog) => {
    assert.match(dialog.message(), expected);
    void dialog.accept();
  });
}

/** Wait until `locator` matches `n` elements (a list re-fetched after a change). */
async function waitForCount(locator: Locator, n: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await locator.count()) !== n) {
    if (Date.now() > deadline) assert.fail(`expected ${n} elements, found ${await locator.count()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Signed out: the next page load lands on the sign-in page, and the API answers 401. */
async function assertSignedOut(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForURL(/\/sign-in/);
  const status = await page.evaluate(async () => (await fetch('/v1/session')).status);
  assert.equal(status, 401);
}

describe('sessions and API keys', () => {
  const suite = e2eSuite();
  const checked = (e2e: E2ePage, name: string) => screenshotAndCheck(e2e.page, name);

  it('an admin creates a key with a scope and an expiry, sees it listed, and revokes it', async () => {
    const e2e = await openPage(suite.browser, suite.server.baseUrl);
    const { page } = e2e;
    try {
      await signIn(page, 'admin');
      await page.goto('/settings?section=api-keys');
      await page.getByTestId('api-keys-table').waitFor();
      const form = page.locator('form[aria-label="Create key"]');
      const label = `e2e scoped ${randomUUID().slice(0, 6)}`;
      // A scope above the role: the API's own rule, shown under the field.
      await form.getByLabel('Label').fill(label);
      await form.getByLabel('Scope', { exact: true }).click();
      await page.getByRole('option', { name: 'Write', exact: true }).click();
      await page.getByRole('button', { name: 'Create key' }).click();
      await page.getByText('role viewer does not hold write').waitFor();
      await checked(e2e, 'access-api-key-refused');

      await form.getByLabel('Role', { exact: true }).click();
      await page.getByRole('option', { name: 'Accountant', exact: true }).click();
      await form.getByLabel('Scope', { exact: true }).click();
      await page.getByRole('option', { name: 'Read', exact: true }).click();
      assert.match((await page.getByTestId('scope-covers').textContent()) ?? '', /^Read: lists/);
      await form.getByLabel('Valid through').fill('2099-12-31');
      await page.getByRole('button', { name: 'Create key' }).click();
      const shown = page.getByTestId('new-api-key');
      assert.match((await shown.textContent()) ?? '', /clk_[0-9a-f]{8}_/);
      await shown.getByRole('button', { name: 'Copy' }).waitFor();
      const row = page.getByRole('row').filter({ hasText: label });
      await row.waitFor();
      const cells = await row.getByRole('cell').allTextContents();
      assert.equal(cells[2], 'Accountant');
      assert.equal(cells[3], 'Read');
      assert.match(cells[4] ?? '', /2100|2099/, 'the expiry is shown');
      assert.equal(cells[5], 'Never', 'not used yet');

      const listed = (await apiGet<{ items: ApiKeyRow[] }>(suite.server, '/v1/api-keys')).items.find(
        (k) => k.label === label,
      );
      assert.ok(listed, 'the API lists the key');
      assert.equal(listed.role, 'accountant');
      assert.equal(listed.scope, 'read');
      assert.ok(listed.expiresAt?.startsWith('2099-12-31') || listed.expiresAt?.startsWith('2100-01-01'));
      // The admin key the test reads with shows its last use.
      await page.reload();
      const adminRow = page.getByRole('row').filter({ hasText: `${suite.server.apiKey.slice(4, 12)}…` });
      assert.notEqual((await adminRow.getByRole('cell').nth(5).textContent()) ?? 'Never', 'Never');
      await checked(e2e, 'access-api-keys-en');
      await page.setViewportSize(PHONE);
      await screenshot(page, 'access-api-keys-phone');
      await page.setViewportSize({ width: 1440, height: 900 });

      acceptNextDialog(page, /Programs using it stop working/);
      await row.getByRole('button', { name: /^Revoke key/ }).click();
      await row.getByText(/^Revoked /).waitFor();
      const after = (await apiGet<{ items: ApiKeyRow[] }>(suite.server, '/v1/api-keys')).items.find(
        (k) => k.id === listed.id,
      );
      assert.ok(after?.revokedAt, 'the API has it revoked');
      assertNoConsoleErrors(e2e, [422]);
    } finally {
      await e2e.close();
    }
  });

  it('a user signed in twice sees both sessions and signs the other out', async () => {
    const user = await createUser(suite.server, 'Zoë Sitzung');
    const here = await openPage(suite.browser, suite.server.baseUrl);
    const there = await openPage(suite.browser, suite.server.baseUrl);
    try {
      await signInAs(there.page, user);
      await signInAs(here.page, user);
      // The user's name in the header leads to the sessions.
      await here.page.getByTestId('user-name').click();
      await here.page.waitForURL(/section=sessions/);
      const table = here.page.getByTestId('my-sessions-table');
      await table.waitFor();
      assert.equal(await table.locator('tbody tr').count(), 2);
      const current = table.locator('tbody tr[data-current]');
      assert.equal(await current.count(), 1);
      assert.match((await current.textContent()) ?? '', /This session/);
      assert.match((await current.textContent()) ?? '', /Headless Chrome \d+ on Linux/);
      await checked(here, 'access-sessions-en');
      await here.page.setViewportSize(PHONE);
      await screenshot(here.page, 'access-sessions-phone');

      acceptNextDialog(here.page, /Sign out your 1 other session/);
      await here.page.getByRole('button', { name: 'Sign out all other sessions' }).click();
      await here.page.getByTestId('signed-out-others').waitFor();
      await waitForCount(table.locator('tbody tr'), 1);
      await assertSignedOut(there.page);
      // This browser stays signed in.
      await here.page.goto('/settings?section=sessions');
      await here.page.getByTestId('my-sessions-table').waitFor();
      assertNoConsoleErrors(here);
      assertNoConsoleErrors(there, [401]);
    } finally {
      await here.close();
      await there.close();
    }
  });

  it('an admin ends one session of a user, then all of them', async () => {
    const user = await createUser(suite.server, 'Jürgen Ende');
    const first = await openPage(suite.browser, suite.server.baseUrl);
    const second = await openPage(suite.browser, suite.server.baseUrl);
    const admin = await openPage(suite.browser, suite.server.baseUrl);
    try {
      await signInAs(first.page, user);
      await signInAs(second.page, user);
      await signIn(admin.page, 'admin');
      await admin.page.goto('/settings?section=users');
      await admin.page.getByTestId('users-table').waitFor();
      await admin.page.getByRole('button', { name: `Sessions of ${user.email}` }).click();
      const panel = admin.page.getByTestId(`user-sessions-${user.email}`);
      const rows = panel.locator('[data-testid="user-sessions-table"] tbody tr');
      await rows.first().waitFor();
      assert.equal(await rows.count(), 2);
      await checked(admin, 'access-user-sessions-en');

      acceptNextDialog(admin.page, new RegExp(`End this session of ${user.email}`));
      await rows.first().getByRole('button', { name: 'End' }).click();
      await waitForCount(rows, 1);
      acceptNextDialog(admin.page, new RegExp(`End all 1 session\\(s\\) of ${user.email}`));
      await panel.getByRole('button', { name: 'End all sessions' }).click();
      await panel.getByText(`1 session(s) of ${user.email} ended.`).waitFor();
      await panel.getByText('No session.').waitFor();
      await assertSignedOut(first.page);
      await assertSignedOut(second.page);
      assertNoConsoleErrors(admin);
    } finally {
      await first.close();
      await second.close();
      await admin.close();
    }
  });

  it('reads in German', async () => {
    const e2e = await openPage(suite.browser, suite.server.baseUrl);
    try {
      await signIn(e2e.page, 'admin');
      await e2e.page.getByText('DE', { exact: true }).click();
      await e2e.page.goto('/settings?section=sessions');
      await e2e.page.getByTestId('my-sessions-table').waitFor();
      await e2e.page.getByText('Diese Sitzung').first().waitFor();
      await checked(e2e, 'access-sessions-de');
      await e2e.page.goto('/settings?section=api-keys');
      await e2e.page.getByTestId('api-keys-table').waitFor();
      await e2e.page.getByRole('columnheader', { name: 'Umfang' }).waitFor();
      await checked(e2e, 'access-api-keys-de');
      await e2e.page.setViewportSize(PHONE);
      await screenshot(e2e.page, 'access-api-keys-de-phone');
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });
});
