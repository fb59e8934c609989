/**
 * The app on a phone (390×844) for each demo role: the navigation sits behind the header's Burger
 * (opened by keyboard, closed again when a page is chosen), and every main page and every Settings
 * section the role sees fits the screen's width — wide tables scroll inside themselves, never the
 * page. Each is photographed (test/e2e/screenshots/phone-*.png); the admin's pass is repeated in
 * German, switched through the phone's header menu, and the header is checked at 360 px.
 *
 * One browser, one signed-in context per role, reused for all of that role's pages.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { SETTINGS_SECTIONS } from '../../web/src/pages/settings/settings-search.ts';
import {
  assertNoConsoleErrors,
  assertNoHorizontalOverflow,
  DEMO_USERS,
  type DemoRole,
  type E2eServer,
  e2eServer,
  launchChromium,
  openPage,
  PHONE,
  screenshot,
  signIn,
} from './helpers.ts';

/** The Settings sections only some roles see (SettingsPage.tsx); every role sees the others. */
const SECTION_ROLES: Partial<Record<string, readonly DemoRole[]>> = {
  alerts: ['admin', 'credit_manager'],
  jobs: ['admin'],
  users: ['admin'],
  'api-keys': ['admin'],
};

/** Wait until the navigation is entirely on screen (slid in). */
async function waitUntilOnScreen(page: Page, locator: Locator): Promise<void> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const box = await locator.boundingBox();
    if (box && box.x >= 0 && box.x + box.width <= PHONE.width + 1) return;
    if (Date.now() > deadline) assert.fail(`not on screen: ${JSON.stringify(box)}`);
    await page.waitForTimeout(50);
  }
}

/** Load `path`, let its data arrive, check the width and photograph it. */
async function visit(page: Page, path: string, name: string): Promise<void> {
  await page.goto(path);
  await page.locator('main h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  await assertNoHorizontalOverflow(page, path);
  await screenshot(page, name);
}

/**
 * The Burger (by keyboard) shows the navigation on screen; its links are the main pages. Choosing
 * one goes there and hides the navigation again. Returns the pages' paths.
 */
async function mainPagesThroughBurger(page: Page, burgerName: string, navName: string): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: navName });
  assert.equal(await nav.isVisible(), false, 'the navigation starts hidden on a phone');
  await page.getByRole('button', { name: burgerName }).focus();
  await page.keyboard.press('Enter');
  await nav.waitFor({ state: 'visible' });
  await waitUntilOnScreen(page, nav);
  const links = nav.getByRole('link');
  const paths: string[] = [];
  for (const link of await links.all()) {
    paths.push(new URL((await link.getAttribute('href')) ?? '', page.url()).pathname);
  }
  assert.ok(paths.length >= 8, `the navigation lists the main pages (${paths.join(', ')})`);
  await links.nth(1).click();
  await page.waitForURL((url) => url.pathname === paths[1]);
  await nav.waitFor({ state: 'hidden' });
  return paths;
}

/** Every main page and every Settings section `role` sees, as `prefix-<page>` screenshots. */
async function visitAll(page: Page, role: DemoRole, paths: string[], prefix: string): Promise<void> {
  for (const path of paths) await visit(page, path, `${prefix}${path === '/' ? 'overview' : path.slice(1)}`);
  const sections = SETTINGS_SECTIONS.filter((s) => SECTION_ROLES[s]?.includes(role) ?? true);
  for (const section of sections)
    await visit(page, `/settings?section=${section}`, `${prefix}settings-${section}`);
}

describe('on a phone', () => {
  let server: E2eServer;
  let browser: Browser;
  before(async () => {
    server = await e2eServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const role of Object.keys(DEMO_USERS) as DemoRole[]) {
    it(`${role}: the Burger opens the navigation; no page or Settings section is wider than the screen`, async () => {
      const e2e = await openPage(browser, server.baseUrl, 'en-US', PHONE);
      try {
        await signIn(e2e.page, role);
        const paths = await mainPagesThroughBurger(
          e2e.page,
          'Show or hide the navigation',
          'Main navigation',
        );
        await visitAll(e2e.page, role, paths, `phone-${role}-`);
        if (role === 'admin') await germanPass(e2e.page, paths);
        assertNoConsoleErrors(e2e);
      } finally {
        await e2e.close();
      }
    });
  }
});

/** The admin switches to German in the phone's menu, sees every page in German, and at 360 px. */
async function germanPass(page: Page, paths: string[]): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Your sessions, language, theme and sign-out' }).click();
  await page.getByRole('menuitem', { name: 'DE', exact: true }).click();
  await page.getByRole('heading', { name: 'Übersicht' }).waitFor();
  await mainPagesThroughBurger(page, 'Navigation ein- oder ausblenden', 'Hauptnavigation');
  await visitAll(page, 'admin', paths, 'phone-de-admin-');
  await page.setViewportSize({ width: 360, height: 780 });
  await visit(page, '/settings?section=users', 'phone-de-360-settings-users');
  const menu = page.getByRole('button', { name: 'Ihre Sitzungen, Sprache, Design und Abmelden' });
  const box = await menu.boundingBox();
  assert.ok(box && box.x + box.width <= 360, 'the header menu is on screen at 360 px');
  await menu.click();
  await page.getByRole('menuitem', { name: 'Abmelden' }).waitFor();
  await page.getByRole('menuitem', { name: 'EN', exact: true }).click();
  await page.setViewportSize(PHONE);
}
