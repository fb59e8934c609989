/**
 * Every main page, signed in as the admin: it renders its heading in under 1 s (the browser's
 * timings), axe-core finds no serious or critical violation, no console error, and a screenshot
 * goes to test/e2e/screenshots/ in English and German, light and dark.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  assertNoConsoleErrors,
  type E2ePage,
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

/** Each main page and what shows when it is ready (its data, or its heading for pages still planned). */
const PAGES = [
  { name: 'overview', path: '/?currency=EUR', ready: '[data-testid="total-ar"]' },
  { name: 'customers', path: '/customers', ready: '[data-testid="customers"] tbody tr' },
  { name: 'invoices', path: '/invoices', ready: '[data-testid="invoices"] tbody tr' },
  { name: 'cash', path: '/cash', ready: 'main h1' },
  { name: 'collections', path: '/collections', ready: 'main h1' },
  { name: 'dunning', path: '/dunning', ready: 'main h1' },
  { name: 'reports', path: '/reports', ready: 'main h1' },
  { name: 'settings', path: '/settings', ready: 'main h1' },
] as const;

const INTERACTIVE_BUDGET_MS = 1000;

describe('main pages', () => {
  let server: E2eServer;
  let browser: Browser;
  let e2e: E2ePage;
  const timings: Record<string, PageTimings> = {};
  before(async () => {
    server = await e2eServer();
    browser = await launchChromium();
    e2e = await openPage(browser, server.baseUrl);
    await signIn(e2e.page, 'admin');
  });
  after(async () => {
    writeFileSync(join(SCREENSHOT_DIR, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
    await e2e?.close();
    await browser?.close();
    await server?.stop();
  });

  for (const page of PAGES) {
    it(`${page.name}: interactive in under ${INTERACTIVE_BUDGET_MS} ms, accessible, no console error`, async () => {
      const timing = await timeToInteractive(e2e.page, page.path, page.ready);
      timings[page.name] = timing;
      await screenshot(e2e.page, page.name);
      assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
      assertNoConsoleErrors(e2e);
      withinBudget(`${page.name}`, timing.interactiveMs, INTERACTIVE_BUDGET_MS);
    });
  }

  it('switches to German and to the dark theme, remembered across a reload', async () => {
    await e2e.page.goto('/?currency=EUR');
    await e2e.page.getByTestId('total-ar').waitFor();
    await e2e.page.getByText('DE', { exact: true }).click();
    await e2e.page.getByRole('button', { name: 'Zwischen hellem und dunklem Design wechseln' }).click();
    await e2e.page.reload();
    await e2e.page.getByRole('heading', { name: 'Übersicht' }).waitFor();
    assert.equal(await e2e.page.locator('html').getAttribute('data-mantine-color-scheme'), 'dark');
    assert.equal(await e2e.page.locator('html').getAttribute('lang'), 'de');
    assert.match((await e2e.page.getByTestId('total-ar').textContent()) ?? '', /\d\.\d{3},\d{2}\s€/);
    await screenshot(e2e.page, 'overview-de-dark');
    assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
    await e2e.page.getByText('EN', { exact: true }).click();
    await e2e.page.getByRole('button', { name: 'Switch between light and dark theme' }).click();
    assertNoConsoleErrors(e2e);
  });

  it('goes to a page with its keyboard shortcut (g then c)', async () => {
    await e2e.page.goto('/');
    await e2e.page.getByRole('heading', { name: 'Overview' }).waitFor();
    await e2e.page.keyboard.press('g');
    await e2e.page.keyboard.press('c');
    await e2e.page.getByRole('heading', { name: 'Customers' }).waitFor();
    assert.match(e2e.page.url(), /\/customers$/);
  });
});
