/**
 * The Overview against the demo company: every figure on the page equals GET /v1/reports/overview
 * (per currency), each work card leads to the page that works it with its filter in the URL, a top
 * overdue customer links to its page; interactive under 1 s, no serious axe violation, no console
 * error; screenshots in English and German, light and dark.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  apiGet,
  assertNoConsoleErrors,
  type E2ePage,
  type E2eServer,
  e2eServer,
  launchChromium,
  openPage,
  screenshot,
  seriousAccessibilityViolations,
  signIn,
  timeToInteractive,
  withinBudget,
} from './helpers.ts';

interface Overview {
  currency: string;
  currencies: string[];
  total: string;
  overdue: string;
  percentCurrent: number | null;
  unapplied: string;
  buckets: Record<'current' | '1-30' | '31-60' | '61-90' | '91+', string>;
  dso: { dso: number | null };
  topOverdue: { customerId: string; name: string; overdue: string; oldestDaysOverdue: number }[];
  work: Record<string, number>;
}

/** As the page formats it, spaces (Intl's no-break spaces too) read as plain ones. */
const money = (amount: string, currency: string) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency })
    .format(amount as `${number}`)
    .replace(/\s/g, ' ');
const oneDecimal = (n: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(n);
const text = async (page: Page, id: string) =>
  ((await page.getByTestId(id).textContent()) ?? '').replace(/\s/g, ' ').trim();

/** Where each work card must lead: path and search. */
const WORK_LINKS: Record<string, string> = {
  bankLinesToReview: '/cash',
  promisesDue: '/collections/promises?view=due',
  promisesBroken: '/collections/promises?view=broken',
  disputesOpen: '/collections/disputes?status=open',
  lettersToPrint: '/dunning/print',
  failedMessages: '/settings?section=delivery',
  customersOnHold: '/collections/holds',
};

async function assertFiguresEqualApi(page: Page, o: Overview) {
  const c = o.currency;
  assert.equal(await text(page, 'total-ar'), money(o.total, c));
  assert.equal(await text(page, 'overdue'), money(o.overdue, c));
  assert.equal(await text(page, 'current'), money(o.buckets.current, c));
  assert.equal(await text(page, 'unapplied'), money(o.unapplied, c));
  const percent = o.percentCurrent === null ? '–' : `${oneDecimal(o.percentCurrent)} %`;
  assert.equal(await text(page, 'percent-current'), percent);
  assert.equal(await text(page, 'dso'), o.dso.dso === null ? '–' : `${oneDecimal(o.dso.dso)} days`);
  for (const [bucket, amount] of Object.entries(o.buckets))
    assert.equal(await text(page, `bucket-${bucket}`), money(amount, c), bucket);
  for (const [key, count] of Object.entries(o.work))
    assert.equal(await text(page, `work-${key}-count`), new Intl.NumberFormat('en-US').format(count), key);
  const rows = page.getByTestId('top-overdue').locator('tbody tr');
  assert.equal(await rows.count(), o.topOverdue.length);
  for (const [i, customer] of o.topOverdue.entries()) {
    const cells = rows.nth(i).locator('td');
    assert.match(
      (await cells.nth(0).textContent()) ?? '',
      new RegExp(`^${customer.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    assert.equal(((await cells.nth(1).textContent()) ?? '').replace(/\s/g, ' '), money(customer.overdue, c));
    assert.equal(
      await cells.nth(2).textContent(),
      new Intl.NumberFormat('en-US').format(customer.oldestDaysOverdue),
    );
    assert.equal(
      await cells.nth(0).getByRole('link').getAttribute('href'),
      `/customers/${customer.customerId}`,
    );
  }
}

describe('overview', () => {
  let server: E2eServer;
  let browser: Browser;
  let e2e: E2ePage;
  before(async () => {
    server = await e2eServer();
    browser = await launchChromium();
    e2e = await openPage(browser, server.baseUrl);
    await signIn(e2e.page, 'viewer');
  });
  after(async () => {
    await e2e?.close();
    await browser?.close();
    await server?.stop();
  });

  it('is interactive in under 1 s, accessible, and shows the base currency by default', async () => {
    const timing = await timeToInteractive(e2e.page, '/', '[data-testid="total-ar"]');
    const o = await apiGet<Overview>(server, '/v1/reports/overview');
    await e2e.page.getByTestId('top-overdue').waitFor();
    await assertFiguresEqualApi(e2e.page, o);
    await screenshot(e2e.page, 'overview-en-light');
    assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
    assertNoConsoleErrors(e2e);
    withinBudget('overview', timing.interactiveMs, 1000);
  });

  it("shows every currency's figures as the API computes them", async () => {
    const first = await apiGet<Overview>(server, '/v1/reports/overview');
    assert.ok(first.currencies.length >= 1, 'the demo company has receivables');
    for (const currency of first.currencies) {
      const o = await apiGet<Overview>(server, `/v1/reports/overview?currency=${currency}`);
      await e2e.page.goto(`/?currency=${currency}`);
      await e2e.page.getByTestId('total-ar').waitFor();
      await assertFiguresEqualApi(e2e.page, o);
    }
    assertNoConsoleErrors(e2e);
  });

  it('leads from each work card to the page that works it, filter in the URL', async () => {
    for (const [key, target] of Object.entries(WORK_LINKS)) {
      await e2e.page.goto('/');
      await e2e.page.getByTestId(`work-${key}`).click();
      await e2e.page.waitForURL((url) => `${url.pathname}${url.search}` === target, { timeout: 5000 });
      await e2e.page.locator('main h1').first().waitFor();
    }
    assertNoConsoleErrors(e2e);
  });

  it('reads in German and in the dark theme', async () => {
    await e2e.page.goto('/');
    await e2e.page.getByTestId('total-ar').waitFor();
    await e2e.page.getByRole('button', { name: 'Switch between light and dark theme' }).click();
    await e2e.page.getByTestId('dso').waitFor();
    await screenshot(e2e.page, 'overview-en-dark');
    assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
    await e2e.page.getByText('DE', { exact: true }).click();
    await e2e.page.getByRole('heading', { name: 'Übersicht' }).waitFor();
    await screenshot(e2e.page, 'overview-de-dark');
    assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
    await e2e.page.getByRole('button', { name: 'Zwischen hellem und dunklem Design wechseln' }).click();
    await screenshot(e2e.page, 'overview-de-light');
    assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
    assert.match(await text(e2e.page, 'total-ar'), /\d,\d{2}\s/);
    await e2e.page.getByText('EN', { exact: true }).click();
    assertNoConsoleErrors(e2e);
  });
});
