/** HTTP tests through `app.inject()`: the app over a test database, tenants with one key per role. */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { createApiKey, ROLES, type Role } from '../../src/modules/apikeys/apikeys.service.ts';
import type { Tenant } from '../../src/modules/tenants/tenants.service.ts';
import { atTime, newTenant, openTestContext, type TestContext } from './backends.ts';

export interface ApiTestContext extends TestContext {
  app: FastifyInstance;
  close(): Promise<void>;
}

export async function openApiTestContext(now?: string): Promise<ApiTestContext> {
  const ctx = await openTestContext(now);
  const app = await buildApp(ctx.deps);
  await app.ready();
  return {
    ...ctx,
    app,
    close: async () => {
      await app.close();
      await ctx.database.close();
    },
  };
}

export interface ApiTenant {
  tenant: Tenant;
  keys: Record<Role, string>;
}

/** A fresh tenant with one API key per role. */
export async function apiTenant(ctx: ApiTestContext, baseCurrency = 'EUR'): Promise<ApiTenant> {
  const tenant = await newTenant(ctx, baseCurrency);
  const entries = await Promise.all(
    ROLES.map(async (role) => [role, (await createApiKey(ctx.deps.db, tenant.tenantId, role)).key] as const),
  );
  return { tenant, keys: Object.fromEntries(entries) as Record<Role, string> };
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON and assert on it
  body: any;
  text: string;
}

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One request; the body is parsed when the response is JSON (problem+json included). */
export async function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  options: CallOptions = {},
): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  const res = await app.inject({
    method,
    url,
    headers,
    ...(options.body !== undefined ? { payload: options.body as object } : {}),
  });
  const type = String(res.headers['content-type'] ?? '');
  return {
    status: res.statusCode,
    headers: res.headers,
    body: type.includes('json') ? res.json() : undefined,
    text: res.body,
  };
}

/** The body of an answer with `status` (default 201 Created); else the test fails with the answer's text. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON and assert on it
export async function ok(res: Promise<ApiResponse>, status = 201): Promise<any> {
  const r = await res;
  assert.equal(r.status, status, r.text);
  return r.body;
}

/** A client bound to one key. */
export function client(app: FastifyInstance, key: string | null) {
  return {
    get: (url: string, headers?: Record<string, string>) =>
      call(app, 'GET', url, { key, ...(headers ? { headers } : {}) }),
    post: (url: string, body: unknown = {}, headers?: Record<string, string>) =>
      call(app, 'POST', url, { key, body, ...(headers ? { headers } : {}) }),
    patch: (url: string, body: unknown) => call(app, 'PATCH', url, { key, body }),
    put: (url: string, body: unknown) => call(app, 'PUT', url, { key, body }),
  };
}

/** A signed-in user's cookie and CSRF token (POST /v1/session). */
export interface SignedIn {
  cookie: string;
  csrfToken: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON and assert on it
  body: any;
}

/** Sign in; fails the test unless the answer is 200 with a session cookie. */
export async function signIn(app: FastifyInstance, email: string, password: string): Promise<SignedIn> {
  const res = await call(app, 'POST', '/v1/session', { body: { email, password } });
  if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${res.text}`);
  const setCookie = String(res.headers['set-cookie'] ?? '');
  const cookie = /^(cashloop_session=[^;]+)/.exec(setCookie)?.[1];
  if (!cookie) throw new Error(`no session cookie in ${setCookie}`);
  return { cookie, csrfToken: res.body.csrfToken, body: res.body };
}

/** A client that sends the session cookie, and the CSRF token on writes unless `csrf` is false. */
export function sessionClient(
  app: FastifyInstance,
  session: Pick<SignedIn, 'cookie' | 'csrfToken'>,
  csrf = true,
) {
  const headers = (write: boolean): Record<string, string> => ({
    cookie: session.cookie,
    ...(write && csrf ? { 'x-csrf-token': session.csrfToken } : {}),
  });
  return {
    get: (url: string) => call(app, 'GET', url, { headers: headers(false) }),
    post: (url: string, body: unknown = {}) => call(app, 'POST', url, { body, headers: headers(true) }),
    patch: (url: string, body: unknown) => call(app, 'PATCH', url, { body, headers: headers(true) }),
    delete: (url: string) => call(app, 'DELETE', url, { headers: headers(true) }),
  };
}

/**
 * A history written through the API with the clock at each day (10:00 UTC): `at(day, fn)`;
 * `issue` an invoice of one line at `unitPrice`, dated and posted on `issueDate` (`extra`: more of
 * the body, e.g. a currency and rate); `pay` a receipt by bank transfer applied to one invoice.
 */
export function apiHistory(ctx: ApiTestContext, api: ReturnType<typeof client>) {
  const at = <T>(day: string, fn: () => Promise<T>) => atTime(ctx, `${day}T10:00:00Z`, fn);
  const issue = (customer: string, issueDate: string, unitPrice: string, extra: object = {}) =>
    at(issueDate, () =>
      ok(
        api.post('/v1/invoices', {
          customer,
          issue: true,
          issueDate,
          lines: [{ description: 'Wartung', quantity: '1', unitPrice }],
          ...extra,
        }),
      ),
    ) as Promise<{ id: string; number: string }>;
  const pay = (customer: string, invoice: string, day: string, amount: string) =>
    at(day, () =>
      ok(
        api.post('/v1/receipts', {
          customer,
          method: 'bank_transfer',
          receivedOn: day,
          amount,
          allocations: [{ invoice, amount }],
        }),
      ),
    );
  return { at, issue, pay };
}
