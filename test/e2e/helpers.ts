/**
 * End-to-end helpers: the real server (`cashloop start` on a fresh data directory with the demo
 * company, a free port), Debian's Chromium through playwright-core, and the checks every page
 * test runs — no console error, no serious or critical axe-core violation, a screenshot, and the
 * time to interactive from the browser's own timings.
 *
 * One server serves the whole run: `npm run test:e2e` (test/e2e/run.ts) starts it and passes its
 * address in E2E_BASE_URL; a single file run alone (`node --import tsx --test test/e2e/x.e2e.ts`)
 * starts its own.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { NODE_RUNTIME_FLAGS } from '../../src/cli/node-runtime.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOT_DIR = join(REPO, 'test', 'e2e', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];
/**
 * The demo company loads in about 1.5 minutes on a quiet machine and 5 beside the test suites
 * (CI runs them at once on 2 CPUs), plus a first web build.
 */
const START_TIMEOUT_MS = 15 * 60_000;

/**
 * How long a navigation or a wait may take before the test fails: playwright's 30 s default was
 * too short in CI, where the web app's server shares 2 CPUs with both test suites (a page load
 * then waits behind the previous page's requests). Speed is the timings' business, not this.
 */
const WAIT_MS = 90_000;

export type DemoRole = 'admin' | 'credit_manager' | 'accountant' | 'collector' | 'viewer';

/** The demo users of the shared contract (README), one per role. */
export const DEMO_USERS: Record<DemoRole, { email: string; password: string }> = {
  admin: { email: 'admin@demo.cashloop.test', password: 'demo-admin' },
  credit_manager: { email: 'credit@demo.cashloop.test', password: 'demo-credit' },
  accountant: { email: 'accountant@demo.cashloop.test', password: 'demo-accountant' },
  collector: { email: 'collector@demo.cashloop.test', password: 'demo-collector' },
  viewer: { email: 'viewer@demo.cashloop.test', password: 'demo-viewer' },
};

export interface E2eServer {
  baseUrl: string;
  /** The admin API key printed at first start (to read the API's own figures in a test). */
  apiKey: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function waitForLine(
  child: ChildProcess,
  pattern: RegExp,
  output: { text: string },
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server not ready in time:\n${output.text}`)),
      START_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output.text += chunk.toString('utf8');
      const match = pattern.exec(output.text);
      if (match) {
        clearTimeout(timer);
        child.stderr?.off('data', onData);
        resolve(match);
      }
    };
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before ready:\n${output.text}`)));
  });
}

/** Wait until `/` is the built app (not the "building the app…" page). */
async function waitForApp(baseUrl: string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const res = await fetch(baseUrl);
    if (res.status === 200 && (await res.text()).includes('id="root"')) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('the web app was not built in time');
}

/**
 * The server's environment: this one's, on an embedded database in `dataDir`, building the app —
 * as an installation that keeps secrets (a key of its own for the run, unless one is set) and lets
 * webhooks reach this machine (the tests' receivers listen on 127.0.0.1).
 */
function serverEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CASHLOOP_WEBHOOKS_ALLOW_PRIVATE: 'true',
    CASHLOOP_DATA_DIR: dataDir,
    CASHLOOP_LOG: 'silent',
  };
  delete env.DATABASE_URL;
  delete env.CASHLOOP_TENANT;
  delete env.CASHLOOP_WEB_BUILD;
  // A key for sealed secrets (the Stripe key of payments.e2e.ts, webhook secrets), fresh like the data directory.
  env.CASHLOOP_SECRET_KEY ??= randomBytes(32).toString('base64');
  return env;
}

/** `cashloop start --demo-if-empty` on a fresh data directory and a free port, ready to use. */
export async function startE2eServer(): Promise<E2eServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cashloop-e2e-'));
  return startE2eServerOn(join(dataDir, 'data'), ['--demo-if-empty'], () =>
    rmSync(dataDir, { recursive: true, force: true }),
  );
}

/**
 * `cashloop start` on `dataDir` (e.g. one seeded by bench/seed-large.ts) and a free port; `cleanUp`
 * runs after the server stopped. The data directory must have no API key yet (one is created and read).
 */
export async function startE2eServerOn(
  dataDir: string,
  flags: string[],
  cleanUp: () => void,
): Promise<E2eServer> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      // As `npm start` runs it.
      ...NODE_RUNTIME_FLAGS,
      '--import',
      'tsx',
      join(REPO, 'src/cli/bin.ts'),
      'start',
      ...flags,
      '--port',
      String(port),
    ],
    {
      cwd: REPO,
      env: serverEnv(dataDir),
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const output = { text: '' };
  const keyLine = waitForLine(child, /created admin key (\S+)/, output);
  await waitForLine(child, /cashloop ready at (http:\/\/\S+)/, output);
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitForApp(baseUrl);
  const apiKey = (await keyLine)[1] ?? '';
  return {
    baseUrl,
    apiKey,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      cleanUp();
    },
  };
}

/** The run's server (E2E_BASE_URL, E2E_API_KEY from run.ts), or one of this file's own. */
export async function e2eServer(): Promise<E2eServer> {
  const baseUrl = process.env.E2E_BASE_URL;
  if (baseUrl) return { baseUrl, apiKey: process.env.E2E_API_KEY ?? '', stop: async () => undefined };
  return startE2eServer();
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface E2eSuite {
  readonly server: E2eServer;
  readonly browser: Browser;
}

/**
 * Call in a `describe`: the server (`e2eServer`) and a Chromium, started in the suite's `before`
 * and stopped in its `after`; `afterAll` runs first (e.g. writing the suite's timings). Read the
 * fields inside tests, not at the call.
 */
export function e2eSuite(afterAll?: () => void): E2eSuite {
  let server: E2eServer | undefined;
  let browser: Browser | undefined;
  before(async () => {
    server = await e2eServer();
    browser = await launchChromium();
  });
  after(async () => {
    afterAll?.();
    await browser?.close();
    await server?.stop();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('e2eSuite: read the server and browser inside a test');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
  };
}

export interface E2ePage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far (a test fails on any: `assertNoConsoleErrors`). */
  consoleErrors: string[];
  close(): Promise<void>;
}

/** A desktop's window; `PHONE` is a phone's (390×844, as an iPhone 12–14). */
export const DESKTOP = { width: 1440, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A fresh context (no cookies) and page, in English and at desktop size unless told otherwise. */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  locale = 'en-US',
  viewport = DESKTOP,
): Promise<E2ePage> {
  const context = await browser.newContext({ baseURL: baseUrl, locale, viewport });
  context.setDefaultTimeout(WAIT_MS);
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  return { page, consoleErrors, close: () => context.close() };
}

/** Console errors are failures, except the browser's own log of an HTTP status a test caused. */
export function assertNoConsoleErrors(e2e: E2ePage, expectedStatuses: number[] = []): void {
  const unexpected = e2e.consoleErrors.filter(
    (text) => !expectedStatuses.some((s) => text.includes(`status of ${s}`)),
  );
  assert.deepEqual(unexpected, [], 'no console error');
}

/** Sign in through the sign-in page as the demo user of `role`; resolves on the overview. */
export async function signIn(page: Page, role: DemoRole): Promise<void> {
  const user = DEMO_USERS[role];
  await page.goto('/sign-in');
  await page.getByLabel('E-mail').fill(user.email);
  // The label reads "Password *" (Mantine's required mark) and the show-password toggle is named
  // too: the field by its name.
  await page.locator('input[name="password"]').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user-role').waitFor();
}

const AXE_SOURCE = readFileSync(join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical violations on the page as it is now (WCAG 2.x A and AA). */
export async function seriousAccessibilityViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, not as a <script> the app's CSP would block (and report).
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    type Result = {
      violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    const axe = (globalThis as unknown as { axe: { run(o: object): Promise<Result> } }).axe;
    const result = await axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.map(String).join(' ')),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Photograph the page as `name` and assert axe-core finds no serious violation; the pointer is
 * moved off first, so a just-clicked button's hover colour is the theme's, not the page's.
 */
export async function screenshotAndCheck(page: Page, name: string): Promise<void> {
  await page.mouse.move(0, 0);
  await screenshot(page, name);
  assert.deepEqual(await seriousAccessibilityViolations(page), [], name);
}

/** A full-page screenshot at test/e2e/screenshots/<name>.png (gitignored; look at them). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface PageTimings {
  /** Navigation start → DOMContentLoaded (Navigation Timing). */
  domContentLoadedMs: number;
  /** Navigation start → the page's ready marker visible: what a person waits for. */
  interactiveMs: number;
}

/**
 * Load `url` and time it with the browser's clock: `interactiveMs` is `performance.now()` (zero
 * at navigation start) when `readySelector` is visible, i.e. the page shows its data.
 */
export async function timeToInteractive(
  page: Page,
  url: string,
  readySelector: string,
): Promise<PageTimings> {
  await page.goto(url);
  await page.locator(readySelector).first().waitFor({ state: 'visible' });
  return page.evaluate(() => {
    // Runs in the page: Navigation Timing's entry (typed here, the test's lib has no DOM).
    const entries = (performance as unknown as { getEntriesByType(t: string): unknown[] }).getEntriesByType(
      'navigation',
    );
    const nav = entries[0] as { domContentLoadedEventEnd: number } | undefined;
    return {
      domContentLoadedMs: Math.round(nav?.domContentLoadedEventEnd ?? 0),
      interactiveMs: Math.round(performance.now()),
    };
  });
}

/** GET an API path with the admin key, as JSON (to compare the app with the API's figures). */
export async function apiGet<T>(server: E2eServer, path: string): Promise<T> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    headers: { authorization: `Bearer ${server.apiKey}` },
  });
  assert.equal(res.status, 200, `GET ${path}`);
  return (await res.json()) as T;
}

/** POST to an API path with the admin key (a test's set-up, or the API's own answer to compare), as JSON. */
export async function apiPost<T>(server: E2eServer, path: string, body: unknown = {}): Promise<T> {
  const res = await fetch(`${server.baseUrl}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  assert.ok(res.ok, `POST ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Every timing of the run, one JSON object per line (run.ts empties it first and prints it last). */
export const TIMINGS_FILE = join(SCREENSHOT_DIR, 'timings.jsonl');

export interface BudgetTiming {
  label: string;
  ms: number;
  budgetMs: number;
}

/** E2E_BUDGET=strict makes a timing over its budget fail its test; otherwise it is reported. */
export function budgetsAreStrict(): boolean {
  return process.env.E2E_BUDGET === 'strict';
}

/**
 * A speed budget (docs/web.md): the timing is written to TIMINGS_FILE, which run.ts prints as a
 * table at the end with every timing over its budget marked. Only with E2E_BUDGET=strict does an
 * overrun fail the test: timings taken while the test suites share the CPUs (CI) measure the
 * machine's load, not the app, so the figures in the docs come from a strict run on a quiet machine.
 */
export function withinBudget(label: string, ms: number, budgetMs: number): void {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  appendFileSync(TIMINGS_FILE, `${JSON.stringify({ label, ms, budgetMs } satisfies BudgetTiming)}\n`);
  if (budgetsAreStrict()) assert.ok(ms < budgetMs, `${label}: ${ms} ms (budget ${budgetMs} ms)`);
}

/** The timings recorded so far in this run (TIMINGS_FILE), in the order they were taken. */
export function readTimings(): BudgetTiming[] {
  if (!existsSync(TIMINGS_FILE)) return [];
  return readFileSync(TIMINGS_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as BudgetTiming);
}

/**
 * Run in the page (a string: this project's lib has no DOM): null when the document is no wider
 * than the window, else the widths and the first elements reaching past its right edge.
 */
const OVERFLOW_SCRIPT = `(() => {
  const doc = document.documentElement;
  if (doc.scrollWidth <= window.innerWidth + 1) return null;
  const wide = [...document.querySelectorAll('main *, header *')]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
    .slice(0, 3)
    .map((el) => (el.tagName.toLowerCase() + '.' + el.className).slice(0, 80));
  return 'scrollWidth ' + doc.scrollWidth + ' > innerWidth ' + window.innerWidth + ': ' + wide.join(' | ');
})()`;

/** The document is no wider than the window; else names the elements reaching past its edge. */
export async function assertNoHorizontalOverflow(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate<string | null>(OVERFLOW_SCRIPT);
  assert.equal(overflow, null, `${what}: the page scrolls sideways`);
}
