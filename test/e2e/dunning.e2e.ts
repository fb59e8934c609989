/**
 * Dunning in the browser: the policies, preview, runs, print queue and templates render for the
 * admin and the viewer (under 1 s, accessible, no console error, a screenshot); the admin adds a
 * ready-made policy, edits its first level to go by post, previews today and runs it, prints two
 * letters of the queue as one PDF (returned, non-empty) and marks them as posted — which the API
 * then shows.
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
  { name: 'dunning-policies', path: '/dunning', ready: 'main h1' },
  { name: 'dunning-runs', path: '/dunning/runs', ready: 'main h1' },
  { name: 'dunning-print', path: '/dunning/print', ready: 'main h1' },
  {
    name: 'dunning-templates',
    path: '/dunning/templates?template=dunning-2&language=de',
    ready: '[data-testid="template-preview"]',
  },
] as const;

interface Letter {
  id: string;
  status: string;
  channel: string;
  printed: { by: { name: string } } | null;
}

describe('dunning pages', () => {
  let server: E2eServer;
  let browser: Browser;
  const timings: Record<string, PageTimings> = {};
  before(async () => {
    server = await e2eServer();
    browser = await launchChromium();
  });
  after(async () => {
    writeFileSync(join(SCREENSHOT_DIR, 'timings-dunning.json'), `${JSON.stringify(timings, null, 2)}\n`);
    await browser?.close();
    await server?.stop();
  });

  it('adds a policy, previews and runs dunning, prints two letters and marks them as posted', async () => {
    const e2e = await openPage(browser, server.baseUrl);
    try {
      await signIn(e2e.page, 'admin');
      const page = e2e.page;
      await page.goto('/dunning');
      await page.getByTestId('add-preset-de-b2b-statutory').click();
      const policy = page.getByTestId('policy').first();
      await policy.waitFor();
      await policy.getByRole('button', { name: /^Edit the policy/ }).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByLabel('Channel, level 1').click();
      await page.getByRole('option', { name: 'Letter', exact: true }).click();
      await drawer.getByRole('button', { name: 'Save' }).click();
      await drawer.waitFor({ state: 'hidden' });
      await policy.locator('tbody tr').first().getByText('Letter', { exact: true }).waitFor();
      await screenshot(page, 'dunning-policies-admin');

      await page.goto('/dunning/run');
      await page.getByTestId('preview-table').waitFor();
      const planned = Number(
        ((await page.getByTestId('preview-letters').textContent()) ?? '0').replace(/\D/g, ''),
      );
      assert.ok(planned > 0, 'the preview plans letters');
      await screenshot(page, 'dunning-preview-admin');
      assert.deepEqual(await seriousAccessibilityViolations(page), []);
      await page.getByTestId('run-dunning').click();
      await page.getByTestId('run-recorded').waitFor({ timeout: 120_000 });

      await page.getByRole('link', { name: 'See its letters' }).click();
      await page.getByTestId('run-letters').waitFor();
      await screenshot(page, 'dunning-run-letters-admin');

      await page.goto('/dunning/print');
      const queue = page.getByTestId('print-queue');
      await queue.waitFor();
      const rows = queue.locator('tbody tr');
      const chosen: string[] = [];
      for (const i of [0, 1]) {
        chosen.push((await rows.nth(i).getAttribute('data-letter')) ?? '');
        await rows.nth(i).getByRole('checkbox').check();
      }
      await page.getByTestId('print-batch').click();
      const link = page.getByTestId('batch-pdf');
      await link.waitFor({ timeout: 120_000 });
      assert.ok(
        Number(await link.getAttribute('data-bytes')) > 1000,
        'the batch PDF is returned and not empty',
      );
      const head = await page.evaluate(
        async (url) => {
          const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
          return String.fromCharCode(...bytes.slice(0, 5));
        },
        (await link.getAttribute('href')) ?? '',
      );
      assert.equal(head, '%PDF-');
      await screenshot(page, 'dunning-print-batch-admin');
      await page.getByTestId('mark-batch-posted').click();
      await page.getByTestId('batch-posted').waitFor({ timeout: 120_000 });

      for (const id of chosen) {
        const letter = await apiGet<Letter>(server, `/v1/dunning/letters/${id}`);
        assert.equal(letter.status, 'sent', `letter ${id} recorded as posted`);
        assert.equal(letter.channel, 'letter');
        assert.ok(letter.printed, 'with who printed it');
      }
      assert.equal(await queue.locator(`tr[data-letter="${chosen[0]}"]`).count(), 0, 'left the print queue');
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  for (const role of ['admin', 'viewer'] as DemoRole[]) {
    it(`renders the dunning pages for the ${role}: under ${BUDGET_MS} ms, accessible, no console error`, async () => {
      const e2e = await openPage(browser, server.baseUrl);
      try {
        await signIn(e2e.page, role);
        for (const p of PAGES) {
          const timing = await timeToInteractive(e2e.page, p.path, p.ready);
          await e2e.page.getByRole('heading', { name: 'Dunning' }).waitFor();
          if (role === 'admin') timings[p.name] = timing;
          await screenshot(e2e.page, `${p.name}-${role}`);
          assert.deepEqual(await seriousAccessibilityViolations(e2e.page), [], `${p.name} as ${role}`);
          withinBudget(`${p.name} as ${role}`, timing.interactiveMs, BUDGET_MS);
        }
        const edit = await e2e.page.goto('/dunning').then(async () => {
          await e2e.page.getByTestId('policy').first().waitFor();
          return e2e.page.getByRole('button', { name: /^Edit the policy/ }).count();
        });
        assert.equal(edit > 0, role === 'admin', 'only a writer edits policies');
        // Only an admin changes the wording (the API refuses everyone else): read-only, and said so.
        await e2e.page.goto('/dunning/templates?template=dunning-2&language=de');
        await e2e.page.getByTestId('template-preview').waitFor();
        assert.equal(await e2e.page.getByTestId('templates-read-only').count(), role === 'admin' ? 0 : 1);
        assert.equal(await e2e.page.getByLabel('Subject').isEditable(), role === 'admin');
        if (role === 'viewer') {
          // The preview is a read (GET /v1/dunning/preview): a viewer sees it, and no Run button.
          await e2e.page.goto('/dunning/run');
          await e2e.page.getByTestId('preview-letters').waitFor();
          assert.equal(await e2e.page.getByTestId('run-dunning').count(), 0);
          await screenshot(e2e.page, 'dunning-preview-viewer');
          assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
        }
        assertNoConsoleErrors(e2e);
      } finally {
        await e2e.close();
      }
    });
  }
});
