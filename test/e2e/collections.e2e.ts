/**
 * Collections in the browser: the worklist, disputes, promises and credit holds render for the
 * roles that see them (interactive in under 1 s, accessible, no console error, a screenshot); a
 * collector logs a promise to pay from the worklist in two clicks and finds it in the promises list
 * and through the API; a viewer sees the worklist without the buttons that log.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  apiGet,
  assertNoConsoleErrors,
  type DemoRole,
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

const PAGES = [
  { name: 'collections-worklist', path: '/collections', ready: '[data-testid="worklist"]' },
  { name: 'collections-disputes', path: '/collections/disputes', ready: 'main h1' },
  { name: 'collections-promises', path: '/collections/promises?view=all', ready: 'main h1' },
  { name: 'collections-holds', path: '/collections/holds', ready: '[data-testid="holds"]' },
] as const;

const ROLES: DemoRole[] = ['admin', 'collector', 'viewer'];

interface Page<T> {
  items: T[];
}

describe('collections pages', () => {
  let server: E2eServer;
  let browser: Browser;
  const timings: Record<string, PageTimings> = {};
  before(async () => {
    server = await e2eServer();
    browser = await launchChromium();
  });
  after(async () => {
    writeFileSync(join(SCREENSHOT_DIR, 'timings-collections.json'), `${JSON.stringify(timings, null, 2)}\n`);
    await browser?.close();
    await server?.stop();
  });

  for (const role of ROLES) {
    it(`renders every collections page for the ${role}: under ${BUDGET_MS} ms, accessible, no console error`, async () => {
      const e2e = await openPage(browser, server.baseUrl);
      try {
        await signIn(e2e.page, role);
        for (const p of PAGES) {
          const timing = await timeToInteractive(e2e.page, p.path, p.ready);
          await e2e.page.getByRole('heading', { name: 'Collections' }).waitFor();
          await e2e.page
            .locator('[role="status"]')
            .first()
            .waitFor({ state: 'detached' })
            .catch(() => undefined);
          if (role === 'admin') timings[p.name] = timing;
          await screenshot(e2e.page, `${p.name}-${role}`);
          assert.deepEqual(await seriousAccessibilityViolations(e2e.page), [], `${p.name} as ${role}`);
          withinBudget(`${p.name} as ${role}`, timing.interactiveMs, BUDGET_MS);
        }
        const logButtons = await e2e.page.goto('/collections').then(async () => {
          await e2e.page.getByTestId('worklist').waitFor();
          return e2e.page.getByRole('button', { name: /^Log a promise to pay/ }).count();
        });
        if (role === 'viewer') assert.equal(logButtons, 0, 'a viewer may not log');
        else assert.ok(logButtons > 0, `the ${role} logs from the worklist`);
        assertNoConsoleErrors(e2e);
      } finally {
        await e2e.close();
      }
    });
  }

  it('a collector logs a promise to pay from the worklist and sees it in the promises list and the API', async () => {
    const e2e = await openPage(browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'collector');
      await e2e.page.goto('/collections');
      const worklist = e2e.page.getByTestId('worklist');
      await worklist.waitFor();
      const row = worklist.locator('tbody tr').first();
      const externalId = (await row.getAttribute('data-customer')) ?? '';
      assert.ok(externalId, 'the worklist has a customer');
      // The risk column shows the API's score and band for the customer, and its largest reason.
      const answer = (await (await e2e.page.request.get('/v1/worklist?limit=50')).json()) as {
        items: { customerExternalId: string; risk: { score: number; band: string; reasons: unknown[] } }[];
      };
      const risk = answer.items.find((i) => i.customerExternalId === externalId)?.risk;
      assert.ok(risk, `the API's worklist has ${externalId}`);
      const cell = (await row.getByTestId('worklist-risk').innerText()).replace(/\s+/g, ' ').toLowerCase();
      assert.ok(
        cell.startsWith(`${risk.score} · ${risk.band}`),
        `risk cell "${cell}" against the API's ${risk.score} ${risk.band}`,
      );
      assert.equal(
        await row.getByTestId('worklist-risk').locator('p').count(),
        Math.min(2, risk.reasons.length),
      );

      await row.getByRole('button', { name: /^Log a promise to pay/ }).click();
      const drawer = e2e.page.getByRole('dialog');
      await drawer.getByLabel('Promised payment date').waitFor();
      const promisedOn = await drawer.getByLabel('Promised payment date').inputValue();
      await drawer.locator('input[type="checkbox"]').first().waitFor();
      await drawer.getByRole('button', { name: 'Save' }).click();
      await e2e.page.getByTestId('logged').waitFor();
      await screenshot(e2e.page, 'collections-promise-logged');

      await e2e.page.getByRole('link', { name: 'See the open promises' }).click();
      await e2e.page.waitForURL(/\/collections\/promises\?view=open/);
      const promises = e2e.page.getByTestId('promises');
      await promises.waitFor();
      await promises.getByText(externalId, { exact: true }).first().waitFor();

      const api = await apiGet<
        Page<{ customerExternalId: string; promisedOn: string; status: string; createdBy: { name: string } }>
      >(server, `/v1/promises?status=open&customer=${encodeURIComponent(externalId)}`);
      const made = api.items.find((p) => p.promisedOn === promisedOn);
      assert.ok(made, `the API lists the promise of ${externalId} for ${promisedOn}`);
      assert.equal(made.status, 'open');
      assert.equal(made.createdBy.name, 'Cole Collector', 'recorded under the user who made it');
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });
});
