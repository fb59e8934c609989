/**
 * Customers in the browser, against the demo company: the list's search, sort and filter show
 * what the API answers; every tab of the customer page renders (timed, accessible, no console
 * error, screenshots light and dark, English and German) with the API's figures in its header; a
 * credit manager places and releases a hold; the statement PDF is served and "send statement" is
 * recorded in the outbox; a viewer sees no action button.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  apiGet,
  assertNoConsoleErrors,
  type E2eServer,
  e2eServer,
  launchChromium,
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

interface Row {
  id: string;
  externalId: string;
  name: string;
  onHold: boolean;
  balances: { currency: string; open: string; overdue: string }[];
}
interface List {
  items: Row[];
  nextCursor: string | null;
}

/** Each tab and what shows when it has its data (or its empty state). */
const TABS: { tab: string; ready: string }[] = [
  { tab: 'open', ready: '[data-testid="open-items"], main p:has-text("Nothing is open")' },
  { tab: 'history', ready: '[data-testid="history-invoices"]' },
  { tab: 'aging', ready: '[data-testid="customer-aging"]' },
  { tab: 'contacts', ready: '[data-testid="contacts"]' },
  { tab: 'credit', ready: '[data-testid="credit-panel"]' },
  {
    tab: 'dunning',
    ready: '[data-testid="dunning"] [data-testid="letters"], main p:has-text("No dunning letter")',
  },
  { tab: 'activity', ready: '[data-testid="activities"], main p:has-text("Nothing logged")' },
  { tab: 'disputes', ready: '[data-testid="disputes"], main p:has-text("No dispute")' },
  { tab: 'promises', ready: '[data-testid="promises"], main p:has-text("No promise")' },
  { tab: 'messages', ready: '[data-testid="messages"], main p:has-text("No message")' },
  { tab: 'statement', ready: '[data-testid="statement"]' },
];

const rowIds = (page: Page) =>
  page
    .locator('[data-testid="customers"] tbody tr')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-customer')));

/** The table shows exactly the API's first page for `query` (in its order). */
async function showsApiPage(page: Page, server: E2eServer, query: string) {
  const api = await apiGet<List>(server, `/v1/customers?limit=50${query ? `&${query}` : ''}`);
  const want = api.items.map((c) => c.externalId);
  await page
    .locator(`[data-testid="customers"] tbody tr:first-child[data-customer="${want[0] ?? ''}"]`)
    .waitFor();
  assert.deepEqual(await rowIds(page), want, query);
  return api;
}

describe('customers pages', () => {
  let server: E2eServer;
  let browser: Browser;
  let overdue: Row;
  const timings: Record<string, PageTimings> = {};
  before(async () => {
    server = await e2eServer();
    browser = await launchChromium();
    const top = await apiGet<List>(server, '/v1/customers?sort=overdueBalance&order=desc&limit=1');
    assert.ok(top.items[0], 'the demo company has customers');
    overdue = top.items[0];
  });
  after(async () => {
    writeFileSync(join(SCREENSHOT_DIR, 'timings-customers.json'), `${JSON.stringify(timings, null, 2)}\n`);
    await browser?.close();
    await server?.stop();
  });

  it('lists, searches, sorts and filters as the API does', async () => {
    const e2e = await openPage(browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'admin');
      const timing = await timeToInteractive(e2e.page, '/customers', '[data-testid="customers"] tbody tr');
      timings.list = timing;
      withinBudget('customers list', timing.interactiveMs, BUDGET_MS);
      await showsApiPage(e2e.page, server, '');
      assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
      await screenshot(e2e.page, 'customers-list');

      await e2e.page.keyboard.press('/');
      const term = overdue.name.split(' ')[0]?.toLowerCase() ?? '';
      await e2e.page.keyboard.type(term);
      await e2e.page.waitForURL(/[?&]q=/);
      await showsApiPage(e2e.page, server, `search=${encodeURIComponent(term)}`);

      await e2e.page.goto('/customers');
      await e2e.page.getByTestId('sort-overdueBalance').click();
      await e2e.page.waitForURL(/sort=overdueBalance/);
      assert.match(e2e.page.url(), /order=desc/);
      const sorted = await showsApiPage(e2e.page, server, 'sort=overdueBalance&order=desc');
      const first = e2e.page.locator('[data-testid="customers"] tbody tr').first();
      const own = sorted.items[0]?.balances[0];
      if (own) {
        const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: own.currency });
        assert.ok(
          ((await first.textContent()) ?? '').includes(
            money.format(own.overdue as Intl.StringNumericLiteral),
          ),
        );
      }

      await e2e.page.goto('/customers?hasOverdue=true&sort=oldestOverdueDays&order=desc');
      await showsApiPage(e2e.page, server, 'hasOverdue=true&sort=oldestOverdueDays&order=desc');
      await screenshot(e2e.page, 'customers-list-overdue');
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  it('renders every tab of the customer page with the API figures in its header', async () => {
    const e2e = await openPage(browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'admin');
      for (const { tab, ready } of TABS) {
        const timing = await timeToInteractive(e2e.page, `/customers/${overdue.id}?tab=${tab}`, ready);
        await e2e.page.getByTestId('customer-figures').waitFor();
        timings[`customer-${tab}`] = timing;
        withinBudget(`customer page: ${tab}`, timing.interactiveMs, BUDGET_MS);
        assert.deepEqual(await seriousAccessibilityViolations(e2e.page), [], tab);
        await screenshot(e2e.page, `customer-${tab}`);
      }
      const summary = await apiGet<Row>(server, `/v1/customers/${overdue.id}/summary`);
      const open = (await e2e.page.getByTestId('figure-open').textContent()) ?? '';
      for (const b of summary.balances) {
        const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: b.currency });
        assert.ok(
          open.includes(money.format(b.open as Intl.StringNumericLiteral)),
          `${open} shows ${b.open} ${b.currency}`,
        );
      }
      await e2e.page.goto(`/customers/${overdue.id}?tab=open`);
      await e2e.page.getByTestId('open-items').first().waitFor();
      const links = await e2e.page.locator('[data-testid="open-items"] a[href^="/invoices/"]').count();
      assert.ok(links > 0, 'open items link to their invoice page');
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  it('renders in German and in the dark theme', async () => {
    const e2e = await openPage(browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'admin');
      await e2e.page.getByText('DE', { exact: true }).click();
      await e2e.page.goto(`/customers/${overdue.id}?tab=open`);
      await e2e.page.getByRole('tab', { name: 'Offene Posten' }).waitFor();
      await e2e.page.getByTestId('customer-figures').waitFor();
      assert.match((await e2e.page.getByTestId('figure-open').textContent()) ?? '', /\d,\d{2}\s/);
      await screenshot(e2e.page, 'customer-open-de');
      await e2e.page.getByRole('button', { name: 'Zwischen hellem und dunklem Design wechseln' }).click();
      assert.equal(await e2e.page.locator('html').getAttribute('data-mantine-color-scheme'), 'dark');
      assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
      await screenshot(e2e.page, 'customer-open-de-dark');
      await e2e.page.goto('/customers');
      await e2e.page.getByRole('columnheader', { name: /Überfällig/ }).waitFor();
      await e2e.page.locator('[data-testid="customers"] tbody tr').first().waitFor();
      assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
      await screenshot(e2e.page, 'customers-list-de-dark');
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  it('lets a credit manager place and release a hold, shown as the API records it', async () => {
    const free = await apiGet<List>(server, '/v1/customers?onHold=false&sort=openBalance&order=desc&limit=1');
    const customer = free.items[0];
    assert.ok(customer, 'a customer without a hold');
    const e2e = await openPage(browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'credit_manager');
      await e2e.page.goto(`/customers/${customer.id}?tab=credit`);
      await e2e.page.getByTestId('hold-reason').fill('E2E: payment talks');
      await e2e.page.getByTestId('place-hold').click();
      await e2e.page.getByTestId('hold-badge').waitFor();
      const held = await apiGet<{
        onHold: boolean;
        holds: { note: string | null; releasedAt: string | null }[];
      }>(server, `/v1/credit/customers/${customer.id}`);
      assert.equal(held.onHold, true);
      assert.ok(held.holds.some((h) => h.note === 'E2E: payment talks' && h.releasedAt === null));
      await screenshot(e2e.page, 'customer-credit-held');
      await e2e.page.getByTestId('release-hold').click();
      await e2e.page.getByTestId('hold-badge').waitFor({ state: 'detached' });
      const released = await apiGet<{ onHold: boolean }>(server, `/v1/credit/customers/${customer.id}`);
      assert.equal(released.onHold, false);
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  it('serves the statement PDF and records "send statement" in the outbox', async () => {
    const e2e = await openPage(browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'admin');
      await e2e.page.goto(`/customers/${overdue.id}?tab=statement`);
      const href = (await e2e.page.getByTestId('statement-pdf').getAttribute('href')) ?? '';
      const pdf = await e2e.page.request.get(href);
      assert.equal(pdf.status(), 200);
      assert.match(pdf.headers()['content-type'] ?? '', /application\/pdf/);
      assert.equal((await pdf.body()).subarray(0, 5).toString('latin1'), '%PDF-');
      await e2e.page.getByTestId('send-statement').click();
      const outcome = e2e.page.getByTestId('statement-sent').or(e2e.page.getByRole('alert'));
      await outcome.first().waitFor();
      await screenshot(e2e.page, 'customer-statement-sent');
      const text = (await e2e.page.getByTestId('statement-sent').textContent()) ?? '';
      const messageId = /message (\S+)\.$/.exec(text)?.[1] ?? '';
      const messages = await apiGet<{ items: { id: string; kind: string }[] }>(
        server,
        `/v1/messages?customer=${overdue.id}&kind=statement`,
      );
      assert.ok(
        messages.items.some((m) => m.id === messageId && m.kind === 'statement'),
        text,
      );
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  it('shows a viewer no limit, hold or send button', async () => {
    const e2e = await openPage(browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'viewer');
      await e2e.page.goto(`/customers/${overdue.id}?tab=credit`);
      await e2e.page.getByTestId('credit-panel').waitFor();
      assert.equal(
        await e2e.page.getByTestId('place-hold').or(e2e.page.getByTestId('release-hold')).count(),
        0,
      );
      assert.equal(await e2e.page.getByRole('button', { name: 'Set limit' }).count(), 0);
      await e2e.page.goto(`/customers/${overdue.id}?tab=statement`);
      await e2e.page.getByTestId('statement-pdf').waitFor();
      assert.equal(await e2e.page.getByTestId('send-statement').count(), 0);
      await screenshot(e2e.page, 'customer-statement-viewer');
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });
});
