/**
 * Invoices in the browser, against the demo company: the list's filters and sort show the API's
 * figures; a saved view round trip (save, default on reopening, delete); a draft whose live totals
 * equal the API's preview, issued and then found in the aging; the PDF preview served; a collector
 * sees no write-off and the API refuses it (403); a viewer sees no action; the predicted payment
 * shows the API's prediction and its reasons (in German too), and a paid invoice has none. Timed (1 s budget),
 * axe-clean, no console error, screenshots in English and German, light and dark.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { invoicesDe, invoicesEn } from '../../web/src/i18n/messages.invoices.ts';
import {
  apiGet,
  apiPost,
  assertNoConsoleErrors,
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

const BUDGET_MS = 1000;
const ROWS = '[data-testid="invoices"] tbody tr';

interface Item {
  id: string;
  number: string | null;
  customerId: string;
  customerExternalId: string;
  status: string;
  open: string;
  currency: string;
}
interface Prediction {
  basis: 'model' | 'customer_history';
  dueOn: string;
  predictedOn: string;
  daysLate: number;
  lateProbability: number | null;
  reasons: { feature: string; description: string; days: number }[];
}
interface ListPage {
  items: Item[];
  total: number | null;
}

async function firstNumbers(page: Page, n: number): Promise<string[]> {
  const cells = page.locator(`${ROWS} td:first-child`);
  return (await cells.allInnerTexts()).slice(0, n).map((s) => s.trim());
}

/** Wait until the table's first row shows `number` (the server answered the new query). */
async function firstRowIs(page: Page, number: string): Promise<void> {
  await page.locator(`${ROWS}:first-child td:first-child`, { hasText: number }).waitFor();
}

describe('invoices pages', () => {
  let server: E2eServer;
  let browser: Browser;
  let overdue: Item;
  /** A EUR customer with nothing overdue and no hold: its new invoice passes the credit check. */
  let inGoodStanding: { id: string; externalId: string };
  before(async () => {
    server = await e2eServer();
    browser = await launchChromium();
    const list = await apiGet<ListPage>(
      server,
      '/v1/invoices?overdue=true&currency=EUR&sort=-daysOverdue&limit=1',
    );
    const first = list.items[0];
    assert.ok(first, 'the demo company has an overdue EUR invoice');
    overdue = first;
    const good = await apiGet<{ items: { id: string; externalId: string }[] }>(
      server,
      '/v1/customers?hasOverdue=false&onHold=false&currency=EUR&limit=1',
    );
    assert.ok(good.items[0], 'the demo company has a EUR customer in good standing');
    inGoodStanding = good.items[0];
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('lists, filters and sorts with the API figures; saves a view and reopens it as the default', async () => {
    const e2e = await openPage(browser, server.baseUrl);
    try {
      const { page } = e2e;
      await signIn(page, 'admin');
      const timing = await timeToInteractive(page, '/invoices', ROWS);
      withinBudget('invoices list as admin', timing.interactiveMs, BUDGET_MS);
      const all = await apiGet<ListPage>(server, '/v1/invoices?withTotal=true&limit=1');
      await page
        .getByTestId('invoice-count')
        .filter({ hasText: String(all.total).slice(-3) })
        .waitFor();
      assert.deepEqual(await seriousAccessibilityViolations(page), [], 'list');
      await screenshot(page, 'invoices-list-admin');

      const filtered = '/invoices?overdue=true&currency=EUR&sort=-daysOverdue';
      const t2 = await timeToInteractive(page, filtered, ROWS);
      withinBudget('invoices filtered (overdue EUR by days overdue)', t2.interactiveMs, BUDGET_MS);
      const api = await apiGet<ListPage>(
        server,
        '/v1/invoices?overdue=true&currency=EUR&sort=-daysOverdue&limit=5',
      );
      await firstRowIs(page, api.items[0]?.number ?? '');
      assert.deepEqual(
        await firstNumbers(page, 5),
        api.items.map((i) => i.number),
      );

      await page.getByRole('button', { name: 'Sort by Total' }).click();
      const byTotal = await apiGet<ListPage>(
        server,
        '/v1/invoices?overdue=true&currency=EUR&sort=total&limit=5',
      );
      await firstRowIs(page, byTotal.items[0]?.number ?? '');
      assert.deepEqual(
        await firstNumbers(page, 5),
        byTotal.items.map((i) => i.number),
      );
      assert.match(page.url(), /sort=total/);

      await page.getByRole('button', { name: 'Save view' }).click();
      await page.getByLabel('Name').fill('E2E overdue by total');
      await page.getByLabel('My default view').check();
      await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
      await page.getByRole('dialog').waitFor({ state: 'detached' });
      await page.goto('/invoices');
      await page.waitForURL(/overdue=true/);
      await firstRowIs(page, byTotal.items[0]?.number ?? '');
      await page.getByTestId('saved-views').click();
      await page.getByRole('button', { name: 'Delete: E2E overdue by total' }).click();
      await page.getByTestId('saved-views').filter({ hasText: '(0)' }).waitFor();

      await page.keyboard.press('Escape');
      await page.locator('main h1').click();
      await page.keyboard.press('/');
      assert.equal(await page.locator(':focus').getAttribute('placeholder'), 'Press / to search');
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  it('creates a draft with live totals equal to the API, issues it and finds it in the aging', async () => {
    const e2e = await openPage(browser, server.baseUrl);
    try {
      const { page } = e2e;
      await signIn(page, 'accountant');
      await page.goto('/invoices');
      await page.locator(ROWS).first().waitFor();
      await page.locator('main h1').click();
      await page.keyboard.press('n');
      await page.waitForURL(/\/invoices\/new$/);
      const picker = page.getByTestId('customer-picker');
      await picker.fill(inGoodStanding.externalId);
      await page
        .getByRole('option', { name: new RegExp(inGoodStanding.externalId) })
        .first()
        .click();
      await page.getByLabel('Description 1').fill('Consulting');
      await page.getByLabel('Quantity 1').fill('3');
      await page.getByLabel('Unit price 1').fill('19.99');
      await page.getByLabel('Tax % 1').fill('19');
      const expected = await apiPost<{ total: string; net: string; currency: string }>(
        server,
        '/v1/invoices/preview',
        {
          customer: inGoodStanding.id,
          lines: [{ description: 'Consulting', quantity: '3', unitPrice: '19.99', taxRate: '19' }],
        },
      );
      const shown = new Intl.NumberFormat('en-US', { style: 'currency', currency: expected.currency }).format(
        expected.total as unknown as number,
      );
      await page.getByTestId('preview-total').filter({ hasText: shown }).waitFor();
      assert.deepEqual(await seriousAccessibilityViolations(page), [], 'editor');
      await screenshot(page, 'invoices-editor-accountant');
      await page.getByRole('button', { name: 'Save and issue' }).click();
      await page.waitForURL(/\/invoices\/[0-9a-f-]{36}$/);
      const id = page.url().split('/').at(-1) ?? '';
      await page.getByTestId('invoice-total').filter({ hasText: shown }).waitFor();
      const issued = await apiGet<{ number: string; total: string; status: string }>(
        server,
        `/v1/invoices/${id}`,
      );
      assert.deepEqual([issued.status, issued.total], ['issued', expected.total]);

      const pdf = await page.request.get(`/v1/invoices/${id}/pdf`);
      assert.equal(pdf.status(), 200);
      assert.match(pdf.headers()['content-type'] ?? '', /application\/pdf/);
      await page.getByTestId('invoice-pdf').waitFor({ state: 'attached' });
      await screenshot(page, 'invoice-page-accountant');

      await page.goto(
        `/reports/aging/items?currency=${expected.currency}&customer=${inGoodStanding.id}&bucket=current`,
      );
      await page.getByTestId('aging-items-table').getByText(issued.number, { exact: true }).waitFor();
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  it('shows the invoice page with actions by role: a collector has no write-off (and the API says 403), a viewer none', async () => {
    for (const role of ['collector', 'viewer'] as const) {
      const e2e = await openPage(browser, server.baseUrl);
      try {
        const { page } = e2e;
        await signIn(page, role);
        if (role === 'viewer')
          await page.evaluate(() =>
            (
              globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
            ).localStorage.setItem('cashloop.language', 'de'),
          );
        const timing = await timeToInteractive(
          page,
          `/invoices/${overdue.id}`,
          '[data-testid="invoice-lines"]',
        );
        withinBudget(`invoice page as ${role}`, timing.interactiveMs, BUDGET_MS);
        await page.getByTestId('invoice-open').waitFor();
        const actions = await page.getByTestId('invoice-actions').getByRole('button').allInnerTexts();
        if (role === 'collector') {
          // Both are collections work (level collect): neither posts money.
          assert.deepEqual(
            actions,
            ['Open dispute', 'Payment link'],
            'a collector may only open a dispute or send a payment link',
          );
          const session = await (await page.request.get('/v1/session')).json();
          const refused = await page.request.post(`/v1/invoices/${overdue.id}/write-off`, {
            headers: { 'x-csrf-token': session.csrfToken },
            data: { reason: 'uncollectable' },
          });
          assert.equal(refused.status(), 403);
        } else {
          assert.deepEqual(actions, [], 'a viewer sees no action');
          await page.getByRole('button', { name: /Design wechseln/ }).click();
        }
        await page
          .locator('[role="status"]')
          .first()
          .waitFor({ state: 'detached' })
          .catch(() => undefined);
        assert.deepEqual(await seriousAccessibilityViolations(page), [], `invoice page as ${role}`);
        await screenshot(page, `invoice-page-${role}${role === 'viewer' ? '-de-dark' : ''}`);
        if (role === 'viewer') {
          await timeToInteractive(page, '/invoices?status=paid', ROWS);
          await screenshot(page, 'invoices-list-viewer-de-dark');
        }
        assertNoConsoleErrors(e2e, [403]);
      } finally {
        await e2e.close();
      }
    }
  });

  it('shows the API’s predicted payment on an open invoice with its reasons in the page’s language, and none on a paid invoice', async () => {
    const prediction = await apiGet<Prediction>(server, `/v1/invoices/${overdue.id}/prediction`);
    assert.ok(prediction.reasons.length > 0, 'the demo customer has a payment history to give reasons');
    const paid = (await apiGet<ListPage>(server, '/v1/invoices?status=paid&limit=1')).items[0];
    assert.ok(paid, 'the demo company has a paid invoice');
    const catalogue = { en: invoicesEn, de: invoicesDe };
    for (const language of ['en', 'de'] as const) {
      const e2e = await openPage(browser, server.baseUrl);
      try {
        const { page } = e2e;
        await signIn(page, 'collector');
        await page.evaluate(
          (lang) =>
            (
              globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
            ).localStorage.setItem('cashloop.language', lang),
          language,
        );
        await timeToInteractive(page, `/invoices/${overdue.id}`, '[data-testid="invoice-lines"]');
        const panel = page.getByTestId('invoice-prediction');
        await panel.locator('table').waitFor();
        const text = await panel.innerText();
        const probability =
          prediction.lateProbability === null ? '—' : `${Math.round(prediction.lateProbability * 100)} %`;
        assert.ok(
          text.includes(probability),
          `${language}: the API's late probability ${probability} in "${text}"`,
        );
        const due = new Date(`${prediction.dueOn}T00:00:00Z`).getTime();
        const passed = new Date(due + Math.round(prediction.daysLate) * 86_400_000)
          .toISOString()
          .slice(0, 10);
        const passedWords = catalogue[language]['inv.prediction.passed'].split('{days}')[0] ?? '';
        assert.equal(
          text.includes(passedWords),
          passed < prediction.predictedOn,
          `${language}: says so when the predicted day has passed ("${text}")`,
        );
        const fallback = catalogue[language]['inv.prediction.fallback'];
        assert.equal(
          text.includes(fallback),
          prediction.basis === 'customer_history',
          `${language}: fallback note`,
        );
        const shown = (await panel.locator('tbody tr td:first-child').allInnerTexts()).map((s) => s.trim());
        const expected = prediction.reasons.map(
          (r) => catalogue[language][`inv.prediction.feature.${r.feature}` as keyof typeof invoicesEn],
        );
        assert.deepEqual(shown, expected, `${language}: one row per reason, in the API's order`);
        if (language === 'de') {
          for (const r of prediction.reasons)
            assert.ok(!shown.includes(r.description), `untranslated reason: ${r.description}`);
        }
        await screenshot(page, `invoice-prediction-collector-${language}`);
        await timeToInteractive(page, `/invoices/${paid.id}`, '[data-testid="invoice-lines"]');
        assert.equal(
          await page.getByTestId('invoice-prediction').count(),
          0,
          'a paid invoice has no prediction',
        );
        assertNoConsoleErrors(e2e);
      } finally {
        await e2e.close();
      }
    }
  });
});
