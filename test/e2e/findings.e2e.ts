/**
 * Findings, goals and the inbox in the browser, on the demo company: an admin runs the anomaly
 * scan from the findings page, sees the API's open findings, opens one with its evidence and
 * dismisses it with a note (the API then says dismissed, by whom); other roles have no findings
 * link and the API refuses them the page's data. A credit manager adds a KPI goal on the Reports'
 * goals tab and sees its attainment as the API judges it; an alert rule's events land in the
 * bell, whose notification leads to the invoice and is then read.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  apiGet,
  apiPost,
  assertNoConsoleErrors,
  e2eSuite,
  openPage,
  type PageTimings,
  SCREENSHOT_DIR,
  screenshot,
  seriousAccessibilityViolations,
  signIn,
  timeToInteractive,
  withinBudget,
} from './helpers.ts';

const BUDGET_MS = 1000;

interface Finding {
  id: string;
  kind: string;
  title: string;
  status: string;
  decision: { note: string; byName: string } | null;
}

interface Attainment {
  periods: { period: string; currencies: { currency: string; value: string | null; status: string }[] }[];
}

describe('findings, goals and notifications', () => {
  const timings: Record<string, PageTimings> = {};
  const suite = e2eSuite(() =>
    writeFileSync(join(SCREENSHOT_DIR, 'timings-findings.json'), `${JSON.stringify(timings, null, 2)}\n`),
  );

  it('an admin scans for anomalies, reviews the open findings the API lists and dismisses one with a note', async () => {
    const { server } = suite;
    const e2e = await openPage(suite.browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'admin');
      await e2e.page.goto('/findings');
      await e2e.page.getByRole('button', { name: 'Scan for anomalies now' }).click();
      await e2e.page.getByTestId('anomaly-scan-result').waitFor();
      const open = await apiGet<{ items: Finding[] }>(server, '/v1/findings?status=open&limit=50');
      assert.ok(open.items.length > 0, 'the demo company has something to review after a scan');
      timings.findings = await timeToInteractive(e2e.page, '/findings', '[data-testid="findings"]');
      withinBudget('findings', timings.findings.interactiveMs, BUDGET_MS);
      const rows = e2e.page.getByTestId('findings').locator('tbody tr');
      assert.equal(await rows.count(), open.items.length, 'one row per open finding of the first page');
      await screenshot(e2e.page, 'findings');
      assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);

      const first = open.items[0] as Finding;
      await rows.first().getByRole('button', { name: first.title }).click();
      const detail = e2e.page.getByTestId('finding-detail');
      await detail.waitFor();
      assert.ok((await detail.textContent())?.includes(first.title));
      await screenshot(e2e.page, 'findings-detail');
      assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
      await detail.getByLabel('Note (required: why)').fill('Geprüft: Gutschrift laut Vertrag, kein Betrug');
      await detail.getByRole('button', { name: 'Dismiss' }).click();
      await e2e.page.getByTestId('finding-decision').waitFor();
      const after = await apiGet<Finding>(server, `/v1/findings/${first.id}`);
      assert.equal(after.status, 'dismissed');
      assert.equal(after.decision?.note, 'Geprüft: Gutschrift laut Vertrag, kein Betrug');
      assert.equal(after.decision?.byName.length !== 0, true);
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  it('shows no findings link to a viewer, and the API refuses the page’s data', async () => {
    const e2e = await openPage(suite.browser, suite.server.baseUrl);
    try {
      await signIn(e2e.page, 'viewer');
      const nav = e2e.page.getByRole('navigation', { name: 'Main navigation' });
      assert.equal(await nav.getByRole('link', { name: 'Findings' }).count(), 0);
      await e2e.page.goto('/findings');
      await e2e.page.getByRole('alert').first().waitFor();
      // A refusal for the role says so; nothing "went wrong" and there is nothing to try again.
      await e2e.page.getByRole('alert').getByText('Not available to your role').first().waitFor();
      assert.equal(await e2e.page.getByRole('button', { name: 'Try again' }).count(), 0);
      assertNoConsoleErrors(e2e, [403]);
    } finally {
      await e2e.close();
    }
  });

  it('a credit manager adds a goal and sees each period’s verdict as the API gives it', async () => {
    const { server } = suite;
    const e2e = await openPage(suite.browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'credit_manager');
      const name = `DSO höchstens 1 Tag · ${Date.now().toString(36)}`;
      timings.goals = await timeToInteractive(e2e.page, '/reports?view=goals', 'main h1');
      const form = e2e.page.getByRole('form', { name: 'Add a goal' });
      await form.getByLabel('Name').fill(name);
      await form.getByLabel('Target').fill('1');
      await form.getByRole('button', { name: 'Add goal' }).click();
      const card = e2e.page.locator(`[data-goal="${name}"]`);
      await card.getByTestId('goal-attainment').waitFor();
      const goals = await apiGet<{ items: { id: string; name: string }[] }>(server, '/v1/analytics/goals');
      const goal = goals.items.find((g) => g.name === name);
      assert.ok(goal, 'the goal the form added');
      const attainment = await apiGet<Attainment>(server, `/v1/analytics/goals/${goal.id}/attainment`);
      const eur = attainment.periods.map((p) => p.currencies.find((c) => c.currency === 'EUR')?.status ?? '');
      const row = card.getByTestId('goal-attainment').locator('tbody tr', { hasText: 'EUR' });
      const shown = await row
        .locator('td[data-status]')
        .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-status') ?? ''));
      assert.deepEqual(shown, eur, 'each period’s verdict is the API’s');
      assert.ok(eur.includes('missed'), 'DSO ≤ 1 is missed in the demo’s months');
      await screenshot(e2e.page, 'reports-goals');
      assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);

      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  it('an alert rule’s events reach the bell; following one opens its invoice and marks it read', async () => {
    const { server } = suite;
    const rule = `Große Posten · ${Date.now().toString(36)}`;
    await apiPost(server, '/v1/alerts/rules', {
      name: rule,
      notifyCollector: false,
      notifyRoles: ['credit_manager'],
      params: { kind: 'invoice_overdue', currency: 'EUR', minAmount: '2000.00', minDaysLate: 15 },
    });
    const check = await apiPost<{ notifications: number }>(server, '/v1/alerts/check', {});
    assert.ok(check.notifications > 0, 'the demo company has large EUR invoices over 15 days late');
    const e2e = await openPage(suite.browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'credit_manager');
      const bell = e2e.page.getByTestId('notification-bell');
      const unread = async () => Number((await bell.getAttribute('aria-label'))?.match(/(\d+) unread/)?.[1]);
      // The bell's label carries the count; it is polled every minute and after each change.
      const unreadBecomes = async (ok: (n: number) => boolean) => {
        for (let i = 0; i < 180 && !ok(await unread()); i++) await e2e.page.waitForTimeout(500);
        return unread();
      };
      const before = await unreadBecomes((n) => n > 0);
      assert.ok(before > 0);
      await bell.click();
      const item = e2e.page.getByTestId('notifications').locator('[data-unread] a').first();
      await item.waitFor();
      await screenshot(e2e.page, 'notifications');
      assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
      // Under load the popover was once found closed after the full-page screenshot: open it again.
      if (!(await item.isVisible())) await bell.click();
      await item.click();
      await e2e.page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
      assert.equal(await unreadBecomes((n) => n === before - 1), before - 1, 'the followed one is read');
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });
});
