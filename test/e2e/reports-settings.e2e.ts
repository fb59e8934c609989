/**
 * Reports and Settings in a real browser: the aging's figures are the API's, a figure drills down
 * to its items, the CSV export (parsed) and the XLSX export (read back) hold the API's totals,
 * the trial balance and reconciliation render; the settings render for an admin, and a viewer
 * sees no admin section and is refused by the API.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { parseCsv, recordsAsObjects } from '../../src/shared/csv.ts';
import { parseAmount } from '../../src/shared/money.ts';
import { type ReadCell, readXlsx } from '../helpers/xlsx.ts';
import {
  apiGet,
  apiPost,
  assertNoConsoleErrors,
  assertNoHorizontalOverflow,
  type E2ePage,
  type E2eServer,
  e2eServer,
  launchChromium,
  openPage,
  type PageTimings,
  PHONE,
  SCREENSHOT_DIR,
  screenshot,
  seriousAccessibilityViolations,
  signIn,
  timeToInteractive,
  withinBudget,
} from './helpers.ts';

interface AgingAnswer {
  reports: { currency: string; total: string; unapplied: string; buckets: Record<string, string> }[];
}

const BUDGET_MS = 1000;

interface KpiAnswer {
  months: { period: string; kpis: Record<string, number | null> }[];
}
/** KPIs compared between the app and the API when a scope is picked. */
const KPI_KEYS = ['dso', 'percentCurrent', 'averageDaysDelinquent'];

/** A KPI as the KPI table shows it in English (two decimals, "—" when undefined). */
function kpiCell(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(value);
}

describe('reports and settings', () => {
  let server: E2eServer;
  let browser: Browser;
  const timings: Record<string, PageTimings> = {};
  before(async () => {
    server = await e2eServer();
    browser = await launchChromium();
  });
  after(async () => {
    writeFileSync(join(SCREENSHOT_DIR, 'timings-reports.json'), `${JSON.stringify(timings, null, 2)}\n`);
    await browser?.close();
    await server?.stop();
  });

  async function checked(e2e: E2ePage, name: string) {
    await screenshot(e2e.page, name);
    assert.deepEqual(await seriousAccessibilityViolations(e2e.page), [], name);
  }

  it('shows the aging with the API’s totals and drills down to the items', async () => {
    const e2e = await openPage(browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'accountant');
      const api = await apiGet<AgingAnswer>(server, '/v1/reports/aging');
      const eur = api.reports.find((r) => r.currency === 'EUR');
      assert.ok(eur, 'the demo company has EUR receivables');
      const timing = await timeToInteractive(
        e2e.page,
        '/reports?currency=EUR',
        '[data-testid="aging-total"]',
      );
      timings.reports = timing;
      const total = await e2e.page.getByTestId('aging-total').textContent();
      assert.equal(
        total?.replace(/\s/g, ' '),
        new Intl.NumberFormat('en-US', { style: 'currency', currency: 'EUR' }).format(
          eur.total as Intl.StringNumericLiteral,
        ),
      );
      await checked(e2e, 'reports-aging');
      withinBudget(`reports`, timing.interactiveMs, BUDGET_MS);

      await e2e.page.goto('/reports?currency=EUR&by=category');
      await e2e.page.getByRole('columnheader', { name: 'Category' }).waitFor();
      await checked(e2e, 'reports-aging-categories');

      await e2e.page.getByTestId('aging-total-91+').getByRole('link').click();
      await e2e.page.getByTestId('aging-items-table').waitFor();
      assert.match(e2e.page.url(), /\/reports\/aging\/items\?.*bucket=91%2B/);
      const firstBucket = await e2e.page
        .locator('[data-testid="aging-items-table"] tbody tr td:nth-child(6)')
        .first()
        .textContent();
      assert.equal(firstBucket, 'over 90 days');
      const itemsTiming = await timeToInteractive(
        e2e.page,
        e2e.page.url(),
        '[data-testid="aging-items-table"]',
      );
      timings['reports-items'] = itemsTiming;
      await checked(e2e, 'reports-aging-items');
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  it('exports the aging as CSV whose rows sum to the API’s figures, and as XLSX with the same numbers', async () => {
    const e2e = await openPage(browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'viewer');
      await e2e.page.goto('/reports');
      await e2e.page.getByTestId('aging-total').waitFor();
      const [csvDownload] = await Promise.all([
        e2e.page.waitForEvent('download'),
        e2e.page.getByTestId('export-csv').click(),
      ]);
      assert.match(csvDownload.suggestedFilename(), /^aging-\d{4}-\d{2}-\d{2}-customers\.csv$/);
      const csvPath = await csvDownload.path();
      const { readFileSync } = await import('node:fs');
      const table = parseCsv(readFileSync(csvPath, 'utf8'));
      const rows = table.rows.map((r) => recordsAsObjects(table.header, r));
      const api = await apiGet<AgingAnswer>(server, '/v1/reports/aging');
      for (const report of api.reports) {
        const mine = rows.filter((r) => r.currency === report.currency);
        const sum = (column: string) =>
          mine.reduce((s, r) => s + parseAmount(r[column] ?? '', report.currency), 0n);
        assert.equal(sum('total'), parseAmount(report.total, report.currency), `${report.currency} total`);
        assert.equal(
          sum('unapplied'),
          parseAmount(report.unapplied, report.currency),
          `${report.currency} unapplied`,
        );
        assert.equal(sum('days_91_plus'), parseAmount(report.buckets['91+'] ?? '', report.currency));
      }

      const [xlsxDownload] = await Promise.all([
        e2e.page.waitForEvent('download'),
        e2e.page.getByTestId('export-xlsx').click(),
      ]);
      const sheets = readXlsx(readFileSync(await xlsxDownload.path()));
      const totals = sheets.find((s) => s.name === 'Totals');
      assert.ok(totals);
      const header = totals.rows[0]?.map((c) => c?.value) ?? [];
      for (const report of api.reports) {
        const row: (ReadCell | null)[] | undefined = totals.rows.find((r) => r[0]?.value === report.currency);
        const cell: ReadCell | null | undefined = row?.[header.indexOf('total')];
        assert.equal(cell?.type, 'n', 'a number, not text');
        assert.equal(cell?.value, report.total);
      }
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  it('shows the KPIs and the cash forecast as the API computes them, in English and German', async () => {
    const month = new Date().toISOString().slice(0, 7);
    const from = new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth() - 11, 1))
      .toISOString()
      .slice(0, 7);
    const kpis = await apiGet<{
      currency: string;
      months: { period: string; kpis: Record<string, number | null> }[];
    }>(server, `/v1/reports/kpis?from=${from}&to=${month}`);
    const measured = kpis.months.filter((m) => m.kpis.dso !== null);
    const last = measured.at(-1);
    assert.ok(last, 'the demo company has a month with a DSO');
    const forecast = await apiGet<{
      estimator: string;
      currencies: { currency: string; open: string }[];
      weeks: { currency: string; expected: string }[];
    }>(server, '/v1/analytics/forecast');
    const first = forecast.currencies[0];
    assert.ok(first, 'the demo company has open items to forecast');
    for (const language of ['en', 'de'] as const) {
      const e2e = await openPage(browser, server.baseUrl);
      try {
        await signIn(e2e.page, 'viewer');
        await e2e.page.evaluate(
          (lang) =>
            (
              globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
            ).localStorage.setItem('cashloop.language', lang),
          language,
        );
        const locale = language === 'de' ? 'de-DE' : 'en-US';
        const decimal = (v: number) =>
          new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(v);
        await timeToInteractive(e2e.page, '/reports?view=kpis', '[data-testid="kpi-table"]');
        for (const key of ['dso', 'bestPossibleDso', 'averageDaysDelinquent', 'percentCurrent']) {
          const shown: string | null = await e2e.page.getByTestId(`kpi-${key}-${last.period}`).textContent();
          const value: number | null | undefined = last.kpis[key];
          assert.equal(
            shown,
            value === null || value === undefined ? '—' : decimal(value),
            `${key} ${last.period}`,
          );
        }
        await checked(e2e, `reports-kpis-${language}`);

        await timeToInteractive(e2e.page, '/reports?view=forecast', '[data-testid="forecast-weeks"]');
        const open = await e2e.page.getByTestId('forecast-open').textContent();
        assert.equal(
          open?.replace(/\s/g, ' '),
          new Intl.NumberFormat(locale, { style: 'currency', currency: first.currency })
            .format(first.open as Intl.StringNumericLiteral)
            .replace(/\s/g, ' '),
        );
        const rows = await e2e.page.locator('[data-testid="forecast-weeks"] tbody tr').count();
        assert.equal(rows, forecast.weeks.filter((w) => w.currency === first.currency).length);
        const note = (await e2e.page.getByTestId('forecast-estimator').textContent()) ?? '';
        assert.equal(
          /model|Zahlungsmodell, trainiert/.test(note) && !/no payment-date model|noch kein/.test(note),
          forecast.estimator === 'payment_model',
          note,
        );
        await checked(e2e, `reports-forecast-${language}`);
        assertNoConsoleErrors(e2e);
      } finally {
        await e2e.close();
      }
    }
  });

  it('narrows the KPIs to a category, a collector and a customer — exports too — and shows an unknown one as an error', async () => {
    const now = new Date();
    const to = now.toISOString().slice(0, 7);
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1))
      .toISOString()
      .slice(0, 7);
    const kpisOf = (scope: string) =>
      apiGet<KpiAnswer>(server, `/v1/reports/kpis?from=${from}&to=${to}${scope}`);
    const whole = await kpisOf('');
    const period = whole.months.filter((m) => m.kpis.dso !== null).at(-1)?.period;
    assert.ok(period, 'the demo company has a month with a DSO');
    const shownOf = (answer: KpiAnswer) => {
      const m = answer.months.find((x) => x.period === period);
      return KPI_KEYS.map((k) => kpiCell(m?.kpis[k]));
    };
    // A category whose figures are not the whole's (else the test could not tell a scope was applied).
    const categories = await apiGet<{ items: { id: string; name: string }[] }>(server, '/v1/categories');
    let category: { id: string; name: string; shown: string[] } | undefined;
    for (const c of categories.items) {
      const shown = shownOf(await kpisOf(`&category=${c.id}`));
      if (shown.join() !== shownOf(whole).join()) {
        category = { ...c, shown };
        break;
      }
    }
    assert.ok(category, 'a category with figures of its own');
    // A collector of three customers nobody works (unassigned again at the end).
    const unassigned = await apiGet<{ items: { customerId: string }[] }>(
      server,
      '/v1/assignments?collector=unassigned&limit=3',
    );
    const ids = unassigned.items.map((a) => a.customerId);
    const stamp = Date.now();
    const collector = await apiPost<{ id: string; name: string }>(server, '/v1/collectors', {
      name: `Ana Kovač ${stamp}`,
      email: `ana.${stamp}@e2e.cashloop.test`,
    });
    await apiPost(server, '/v1/assignments', { collector: collector.id, customers: ids });
    const customer = await apiGet<{ id: string; name: string; externalId: string }>(
      server,
      `/v1/customers/${ids[0]}`,
    );
    const e2e = await openPage(browser, server.baseUrl);
    const { page } = e2e;
    const cells = () =>
      Promise.all(KPI_KEYS.map((k) => page.getByTestId(`kpi-${k}-${period}`).textContent()));
    const heading = page.getByTestId('kpi-scope-heading');
    try {
      await signIn(page, 'accountant');
      await timeToInteractive(page, '/reports?view=kpis', '[data-testid="kpi-table"]');
      assert.equal(await heading.textContent(), 'KPIs: all customers');
      assert.deepEqual(await cells(), shownOf(whole), 'the whole tenant');

      await page.getByTestId('kpi-scope-category').click();
      await page.getByRole('option', { name: category.name, exact: true }).click();
      await heading.getByText(`category ${category.name}`).waitFor();
      await page.waitForURL(new RegExp(`category=${category.id}`));
      await page.getByTestId('kpi-table').waitFor();
      assert.deepEqual(await cells(), category.shown, 'the category’s figures');
      const csv = await page.getByTestId('export-csv').getAttribute('href');
      assert.match(csv ?? '', new RegExp(`category=${category.id}`), 'the export has the scope');

      await page.getByRole('button', { name: 'All customers again' }).click();
      await page.getByTestId('kpi-scope-collector').click();
      await page.getByRole('option', { name: collector.name }).click();
      await heading.getByText(`customers of collector ${collector.name}`).waitFor();
      await page.getByTestId('kpi-table').or(page.getByTestId('empty-state')).waitFor();
      const byCollector = await kpisOf(`&collector=${collector.id}`);
      if (await page.getByTestId('kpi-table').count())
        assert.deepEqual(await cells(), shownOf(byCollector), 'the collector’s customers’ figures');
      await checked(e2e, 'reports-kpis-collector');

      await page.getByRole('button', { name: 'All customers again' }).click();
      await page.getByTestId('kpi-scope-customer').fill(customer.externalId);
      await page.getByRole('option', { name: `${customer.name} (${customer.externalId})` }).click();
      await heading.getByText(`customer ${customer.name}`).waitFor();
      await page.waitForURL(new RegExp(`customer=${customer.id}`));
      const byCustomer = await kpisOf(`&customer=${customer.id}`);
      await page.getByTestId('kpi-table').or(page.getByTestId('empty-state')).waitFor();
      if (await page.getByTestId('kpi-table').count())
        assert.deepEqual(await cells(), shownOf(byCustomer), 'the customer’s figures');
      assert.match((await page.getByTestId('export-xlsx').getAttribute('href')) ?? '', /customer=/);
      await checked(e2e, 'reports-kpis-customer');

      await page.goto('/reports?view=kpis&customer=NO-SUCH-CUSTOMER');
      await page.getByRole('alert').getByText('customer NO-SUCH-CUSTOMER not found').waitFor();
      assert.equal(await page.getByTestId('kpi-table').count(), 0, 'no figures for an unknown scope');
      assert.equal(await page.getByTestId('export-csv').count(), 0, 'nor an export of them');
      await checked(e2e, 'reports-kpis-unknown-scope');
      assertNoConsoleErrors(e2e, [404]);

      await page.setViewportSize(PHONE);
      await page.goto(`/reports?view=kpis&category=${category.id}`);
      await heading.getByText(`category ${category.name}`).waitFor();
      await page.getByTestId('kpi-table').waitFor();
      await assertNoHorizontalOverflow(page, 'scoped KPIs on a phone');
      await checked(e2e, 'reports-kpis-category-phone');
    } finally {
      await e2e.close();
      await apiPost(server, '/v1/assignments', { collector: null, customers: ids });
    }
  });

  it('shows the trial balance and the reconciliation', async () => {
    const e2e = await openPage(browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'accountant');
      timings['reports-trial-balance'] = await timeToInteractive(
        e2e.page,
        '/reports?view=trial-balance',
        '[data-testid="trial-balance-table"]',
      );
      await checked(e2e, 'reports-trial-balance');
      const rec = await apiGet<{ balanced: boolean }>(server, '/v1/ledger/reconciliation');
      timings['reports-reconciliation'] = await timeToInteractive(
        e2e.page,
        '/reports?view=reconciliation',
        '[data-testid="reconciliation-table"]',
      );
      assert.equal(
        await e2e.page.getByTestId('reconciliation-verdict').textContent(),
        rec.balanced ? 'Ties out' : 'Does not tie out',
      );
      await checked(e2e, 'reports-reconciliation');
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  it('renders every settings section for an admin', async () => {
    const e2e = await openPage(browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'admin');
      timings.settings = await timeToInteractive(
        e2e.page,
        '/settings',
        'form[aria-label="Company and letterhead"]',
      );
      await checked(e2e, 'settings-company');
      withinBudget(`settings`, timings.settings.interactiveMs, BUDGET_MS);
      const sections: [string, string][] = [
        ['numbering', '[data-testid="numbering-table"]'],
        ['terms', '[data-testid="terms-table"]'],
        ['categories', 'form[aria-label="Add category"]'],
        ['delivery', 'form[aria-label="Messages"]'],
        ['alerts', '[data-testid="alert-rule-new"]'],
        ['jobs', '[data-testid="jobs-table"]'],
        ['users', '[data-testid="users-table"]'],
        ['api-keys', '[data-testid="api-keys-table"]'],
      ];
      for (const [section, ready] of sections) {
        timings[`settings-${section}`] = await timeToInteractive(
          e2e.page,
          `/settings?section=${section}`,
          ready,
        );
        await checked(e2e, `settings-${section}`);
      }
      // A key is shown once, on creation.
      await e2e.page.getByLabel('Label').fill('e2e export robot');
      await e2e.page.getByRole('button', { name: 'Create key' }).click();
      assert.match((await e2e.page.getByTestId('new-api-key').textContent()) ?? '', /clk_[0-9a-f]{8}_/);
      await e2e.page.getByRole('cell', { name: 'e2e export robot' }).waitFor();
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  it('hides the admin sections from a viewer, and the API refuses them', async () => {
    const e2e = await openPage(browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'viewer');
      await e2e.page.goto('/settings');
      await e2e.page.getByTestId('letterhead-table').waitFor();
      assert.equal(await e2e.page.locator('form[aria-label="Company and letterhead"]').count(), 0, 'no form');
      const nav = e2e.page.getByRole('navigation', { name: 'Settings sections' });
      assert.equal(await nav.getByText('Scheduled jobs').count(), 0);
      assert.equal(await nav.getByText('API keys').count(), 0);
      assert.equal(await nav.getByText('Users').count(), 0);
      await e2e.page.goto('/settings?section=api-keys');
      await e2e.page.getByText('Your role may not see this.').waitFor();
      await checked(e2e, 'settings-viewer');
      const statuses = await e2e.page.evaluate(async () =>
        Promise.all(['/v1/api-keys', '/v1/users', '/v1/jobs'].map(async (p) => (await fetch(p)).status)),
      );
      assert.deepEqual(statuses, [403, 403, 403]);
      assertNoConsoleErrors(e2e, [403]);
    } finally {
      await e2e.close();
    }
  });
});
