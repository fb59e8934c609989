/**
 * Settings → Matching thresholds against the demo company: an admin changes the threshold and the
 * API has it; a viewer sees the values read-only (no form). Restores the default afterwards.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  apiGet,
  assertNoConsoleErrors,
  e2eSuite,
  openPage,
  screenshot,
  seriousAccessibilityViolations,
  signIn,
} from './helpers.ts';

describe('settings: matching thresholds', () => {
  const suite = e2eSuite();

  it('an admin changes the threshold; the API answers the new value', async () => {
    const e2e = await openPage(suite.browser, suite.server.baseUrl);
    try {
      await signIn(e2e.page, 'admin');
      await e2e.page.goto('/settings?section=matching');
      const field = e2e.page.getByLabel('Apply automatically from confidence');
      await field.fill('0.95');
      await e2e.page.getByRole('button', { name: 'Save' }).click();
      await e2e.page.getByRole('status').waitFor();
      const s = await apiGet<{ autoApplyThreshold: number }>(suite.server, '/v1/cash-application/settings');
      assert.equal(s.autoApplyThreshold, 0.95);
      await screenshot(e2e.page, 'settings-matching-admin');
      assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
      await field.fill('0.9');
      await e2e.page.getByRole('button', { name: 'Save' }).click();
      await e2e.page.getByRole('status').waitFor();
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });

  it('a viewer sees the thresholds read-only', async () => {
    const e2e = await openPage(suite.browser, suite.server.baseUrl);
    try {
      await signIn(e2e.page, 'viewer');
      await e2e.page.goto('/settings?section=matching');
      await e2e.page.getByTestId('matching-settings').waitFor();
      const s = await apiGet<{ autoApplyThreshold: number }>(suite.server, '/v1/cash-application/settings');
      assert.equal(
        await e2e.page.getByTestId('matching-autoApplyThreshold').textContent(),
        String(s.autoApplyThreshold),
      );
      assert.equal(await e2e.page.getByRole('button', { name: 'Save' }).count(), 0);
      await screenshot(e2e.page, 'settings-matching-viewer');
      assert.deepEqual(await seriousAccessibilityViolations(e2e.page), []);
      assertNoConsoleErrors(e2e);
    } finally {
      await e2e.close();
    }
  });
});
