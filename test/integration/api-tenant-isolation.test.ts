/**
 * Tenants are walled off: every route with an object id in its path, called by tenant A's admin
 * key with the id of tenant B's object, answers 404, never B's data, and changes nothing of B's.
 * The routes come from the app itself: a new route with an id in its path fails this test until
 * tenant B gets an object of its kind below (or its parameter is named as not an id).
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { listRouteAccess } from '../../src/http/auth.ts';
import { createCheckout, updateStripeSettings } from '../../src/modules/payments/index.ts';
import { createUser } from '../../src/modules/users/index.ts';
import { createWebhookEndpoint } from '../../src/modules/webhooks/index.ts';
import { parseSecretKey } from '../../src/shared/secret-box.ts';
import {
  type ApiTestContext,
  apiTenant,
  call,
  client,
  openApiTestContext,
  sessionClient,
  signIn,
} from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { startStripeFake } from '../helpers/stripe-fake.ts';

/** Path parameters that name shared things (a template, a job, a preset), not a tenant's objects. */
// An export batch's number and an account code are per tenant, not ids: tenant A's batch 1 is its own.
const NOT_IDS = new Set([':template', ':language', ':series', ':name', ':key', ':batchNo', ':accountCode']);

/**
 * Routes whose objects need more than the app of this test: a job run needs the job scheduler
 * (test/integration/jobs-api.test.ts asks another tenant's run and gets 404 there).
 */
const ELSEWHERE = new Set([
  '/v1/jobs/:name/runs/:id',
  // A notification is a user's own: an API key has no inbox (409 before any id is looked up);
  // alerts-api.test.ts asks another user's notification and gets 404.
  '/v1/notifications/:id/read',
  // The portal's own routes take a customer's portal link, never a staff key (401 before any id);
  // portal.test.ts asks them for another customer's and another tenant's invoices and gets 404.
  '/v1/portal/invoices/:id/pdf',
  '/v1/portal/invoices/:id/einvoice',
]);

const ALERT_RULE = {
  name: 'Überfällig',
  notifyCollector: true,
  params: { kind: 'invoice_overdue', currency: 'EUR', minAmount: '1000', minDaysLate: 10 },
};

const GOAL = { name: 'DSO ≤ 35', kpi: 'dso', comparison: 'at_most', target: '35', periodKind: 'month' };

const camt = readFileSync(new URL('../fixtures/bank/handmade/camt053-a.xml', import.meta.url), 'utf8');

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Valid bodies (and queries) where `{}` would be refused before the object is looked up. */
const BODIES: Record<string, unknown> = {
  'PUT /v1/ledger/erp-customer-accounts/:customer': { erpAccount: '10001' },
  'POST /v1/bank/transactions/:id/apply': { customer: 'A-NOBODY' },
  'POST /v1/approvals/:id/reject': { reason: 'not ours to decide' },
  'POST /v1/sepa/mandates/:id/revoke': { reason: 'Widerruf des Kunden' },
  'POST /v1/bank/transactions/:id/ignore': { reason: 'Gebühr' },
  'POST /v1/credit/customers/:id/hold': { reason: 'Zahlungsverzug' },
  'POST /v1/credit/customers/:id/limit': { limit: '1000' },
  'POST /v1/disputes/:id/notes': { text: 'Rückruf vereinbart' },
  'POST /v1/disputes/:id/reject': { reason: 'Lieferschein unterschrieben' },
  'POST /v1/findings/:id/confirm': { note: 'not ours to decide' },
  'POST /v1/findings/:id/dismiss': { note: 'not ours to decide' },
  'POST /v1/dunning/customers/:id/hold': { reason: 'Klärung läuft' },
  'POST /v1/invoices/:id/credit': { reason: 'Kulanz' },
  'POST /v1/invoices/:id/write-off': { reason: 'insolvent' },
  'PUT /v1/alerts/rules/:id': { ...ALERT_RULE, name: 'not ours to change' },
  'PUT /v1/analytics/goals/:id': { ...GOAL, name: 'not ours to change' },
  'POST /v1/receipts/:id/allocate': { allocations: [{ invoice: 'A-NOTHING', amount: '1.00' }] },
};
const QUERIES: Record<string, string> = {
  'GET /v1/bank/transactions/:id/open-items': '?customer=A-NOBODY',
};

/** A well-formed id that no tenant has. */
const NOBODYS_ID = '3d9f1c8e-2b7a-4e6d-9c5b-0a1f2e3d4c5b';

/** Tenant B with one object of every kind a route takes by id; answers the URL for each route. */
/** `res` when it is a 2xx; else the test fails naming `what`. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON and assert on it
const ok = <T extends { status: number; text: string; body?: any }>(res: T, what: string) => {
  assert.ok(res.status >= 200 && res.status < 300, `${what}: ${res.status} ${res.text}`);
  return res;
};

async function foreignTenant(ctx: ApiTestContext) {
  const { tenant, keys } = await apiTenant(ctx);
  const api = client(ctx.app, keys.admin);
  const customer = ok(
    await api.post('/v1/customers', {
      externalId: 'B-0001',
      name: 'Beta Größhandel GmbH',
      emails: ['buchhaltung@beta-größhandel.example'],
      billingAddress: { street: 'Kaiserstraße 1', postalCode: '60311', city: 'Frankfurt', country: 'DE' },
    }),
    'customer',
  ).body;
  const lines = [{ description: 'Paletten', quantity: '3', unitPrice: '400.00', taxRate: '19' }];
  const invoice = ok(
    await api.post('/v1/invoices', { customer: 'B-0001', issueDate: '2026-01-02', lines, issue: true }),
    'invoice',
  ).body;
  const receipt = ok(
    await api.post('/v1/receipts', {
      customer: 'B-0001',
      method: 'bank_transfer',
      receivedOn: '2026-03-10',
      amount: '100.00',
      allocations: [{ invoice: invoice.number, amount: '100.00' }],
    }),
    'receipt',
  ).body;
  ok(
    await ctx.app
      .inject({
        method: 'POST',
        url: '/v1/bank/statements',
        headers: { authorization: `Bearer ${keys.admin}`, 'content-type': 'application/xml' },
        payload: camt,
      })
      .then((r) => ({ status: r.statusCode, text: r.body, body: undefined })),
    'bank statement',
  );
  ok(await api.post('/v1/cash-application/run', {}), 'cash application');
  const lineLists = await Promise.all(
    ['', '?status=applied', '?status=ignored'].map((q) => api.get(`/v1/bank/transactions${q}`)),
  );
  const bankLine = lineLists.flatMap((l) => l.body.items ?? [])[0];
  const rule = ok(
    await api.post('/v1/cash-application/rules', {
      name: 'Kontoführung ist kein Zahlungseingang',
      conditions: { textMatches: 'Kontofuehrung' },
      action: { type: 'ignore' },
    }),
    'rule',
  ).body;
  const collector = ok(
    await api.post('/v1/collectors', { name: 'Bärbel Beta', email: 'bärbel@beta-größhandel.example' }),
    'collector',
  ).body;
  const policy = ok(
    await api.post('/v1/dunning/policies', {
      name: 'Beta letters',
      isDefault: true,
      levels: [{ offsetDays: 7, templateKey: 'dunning-4', channel: 'letter' }],
    }),
    'policy',
  ).body;
  const run = ok(await api.post('/v1/dunning/runs', { asOf: '2026-03-30' }), 'dunning run').body;
  const letter = run.letters?.[0];
  const dispute = ok(
    await api.post('/v1/disputes', { invoice: invoice.number, reason: 'quality' }),
    'dispute',
  ).body;
  const promise = ok(
    await api.post('/v1/promises', {
      customer: 'B-0001',
      invoices: [invoice.number],
      promisedOn: '2026-04-10',
    }),
    'promise',
  ).body;
  // An invoice's PDF is stored at its first request (a statement read stores nothing).
  const pdf = await ctx.app.inject({
    method: 'GET',
    url: `/v1/invoices/${invoice.id}/pdf`,
    headers: { authorization: `Bearer ${keys.admin}` },
  });
  const documentId = String(pdf.headers['x-document-id']);
  assert.match(documentId, /^[0-9a-f-]{36}$/, 'the stored PDF names its document');
  ok(await api.post(`/v1/invoices/${invoice.id}/send`, {}), 'send');
  const entry = (await api.get('/v1/ledger/journal?limit=1')).body.items[0];
  const apiKey = (await api.get('/v1/api-keys')).body.items[0];
  const advice = ok(
    await ctx.app
      .inject({
        method: 'POST',
        url: '/v1/remittance-advices',
        headers: { authorization: `Bearer ${keys.admin}`, 'content-type': 'text/csv' },
        payload: `Rechnungsnummer;Betrag\r\n${invoice.number};100,00\r\n`,
      })
      .then((r) => ({ status: r.statusCode, text: r.body, body: r.json() })),
    'remittance advice',
  ).body.advices[0];
  await createUser(ctx.deps, tenant.tenantId, {
    email: 'björn@beta-größhandel.example',
    role: 'viewer',
    password: 'beta-viewer-pass',
  });
  const signed = await signIn(ctx.app, 'björn@beta-größhandel.example', 'beta-viewer-pass');
  const view = ok(
    await sessionClient(ctx.app, signed).post('/v1/saved-views', {
      page: 'invoices',
      name: 'Beta overdue',
      query: 'overdue=true',
    }),
    'saved view',
  ).body;
  ok(
    await api.put('/v1/approval-policy', {
      kinds: [
        { kind: 'dunning_policy.update', enabled: true, approverLevel: 'admin', expiresAfterHours: 72 },
      ],
      sodRules: [],
    }),
    'approval policy',
  );
  const approval = ok(
    await api.patch(`/v1/dunning/policies/${policy.id}`, { name: 'Beta letters, renamed' }),
    'approval request',
  ).body.approvalRequest;
  const messages = (await api.get('/v1/messages')).body.items;
  const finding = await failedSignInsFinding(ctx, tenant.tenantId, api);
  const alertRule = ok(await api.post('/v1/alerts/rules', ALERT_RULE), 'alert rule').body;
  const goal = ok(await api.post('/v1/analytics/goals', GOAL), 'goal').body;
  const sepa = await sepaObjects(api, customer.id);
  const hooks = await webhookObjects(ctx, tenant.tenantId, api, customer.id);
  const payments = await paymentObjects(ctx, tenant.tenantId, api, customer.id);
  ok(await api.put('/v1/settings/portal', { enabled: true }), 'portal settings');
  const portalLink = ok(await api.post(`/v1/customers/${customer.id}/portal-links`, {}), 'portal link').body;
  const ids: Record<string, string | undefined> = {
    '/v1/sepa/mandates/:id': sepa.mandateId,
    '/v1/sepa/runs/:id': sepa.runId,
    '/v1/sepa/collections/:id': sepa.runId,
    '/v1/payments/checkout-sessions/:id': payments.checkoutId,
    '/v1/portal-links/:id': portalLink.id,
    '/v1/webhooks/endpoints/:id': hooks.endpointId,
    '/v1/webhooks/deliveries/:id': hooks.deliveryId,
    '/v1/webhooks/events/:id': hooks.eventId,
    '/v1/customers/:id': customer.id,
    '/v1/ledger/erp-customer-accounts/:customer': customer.id,
    '/v1/credit/customers/:id': customer.id,
    '/v1/dunning/customers/:id': customer.id,
    '/v1/invoices/:id': invoice.id,
    '/v1/receipts/:id': receipt.id,
    '/v1/allocations/:id': receipt.allocations?.[0]?.id,
    '/v1/bank/transactions/:id': bankLine?.id,
    '/v1/cash-application/rules/:id': rule.ruleId,
    '/v1/collectors/:id': collector.id,
    '/v1/disputes/:id': dispute.id,
    '/v1/promises/:id': promise.id,
    '/v1/documents/:id': documentId,
    '/v1/dunning/policies/:id': policy.id,
    '/v1/dunning/runs/:id': run.runId,
    '/v1/dunning/letters/:id': letter?.id,
    '/v1/ledger/entries/:id': entry?.id,
    '/v1/messages/:id': messages[0]?.id,
    '/v1/remittance-advices/:id': advice?.id,
    '/v1/saved-views/:id': view.id,
    '/v1/approvals/:id': approval?.id,
    '/v1/findings/:id': finding?.id,
    '/v1/alerts/rules/:id': alertRule.id,
    '/v1/analytics/goals/:id': goal.id,
    '/v1/api-keys/:id': apiKey?.id,
    '/v1/users/:userId': signed.body.user.userId,
    '/v1/users/:userId/sessions/:sessionId': signed.body.user.userId,
  };
  const sessionId = (await client(ctx.app, keys.admin).get(`/v1/users/${signed.body.user.userId}/sessions`))
    .body.items[0]?.id;
  return { tenant, keys, ids, sessionId, customer, invoice, receipt, signed };
}

/** Tenant B's SEPA mandate and a collection run of its own (creditor id and IBAN set first). */
async function sepaObjects(api: ReturnType<typeof client>, customerId: string) {
  ok(await api.patch('/v1/sepa/settings', { creditorId: 'DE98ZZZ09999999999' }), 'sepa settings');
  ok(await api.patch('/v1/tenant/letterhead', { iban: 'DE02120300000000202051' }), 'letterhead iban');
  const mandate = ok(
    await api.post('/v1/sepa/mandates', {
      customer: customerId,
      reference: 'BETA-M-1',
      signedOn: '2025-03-01',
      iban: 'DE89370400440532013000',
    }),
    'mandate',
  ).body;
  ok(
    await api.post('/v1/invoices', {
      customer: customerId,
      issue: true,
      issueDate: '2026-03-01',
      lines: [{ description: 'Lastschrift', quantity: '1', unitPrice: '12.00', taxRate: '0' }],
    }),
    'sepa invoice',
  );
  const run = ok(await api.post('/v1/sepa/collections', { collectionDate: '2026-04-01' }), 'collection').body;
  return { mandateId: mandate.id as string | undefined, runId: run.id as string | undefined };
}

/** The test's deps with a secret key of their own (webhook and Stripe secrets are sealed with it). */
function withSecretKey(ctx: ApiTestContext) {
  return {
    ...ctx.deps,
    secrets: { current: parseSecretKey(randomBytes(32).toString('base64')), previous: null },
  };
}

/** Tenant B's webhook endpoint, and the event and delivery an issued invoice gave it. */
async function webhookObjects(
  ctx: ApiTestContext,
  tenantId: string,
  api: ReturnType<typeof client>,
  customerId: string,
) {
  const deps = withSecretKey(ctx);
  const endpoint = await createWebhookEndpoint(deps, tenantId, {
    url: 'https://erp.beta-grosshandel.example/hooks',
    eventTypes: ['invoice.issued'],
  });
  ok(
    await api.post('/v1/invoices', {
      customer: customerId,
      issue: true,
      lines: [{ description: 'Webhook', quantity: '1', unitPrice: '1.00', taxRate: '0' }],
    }),
    'webhook invoice',
  );
  const delivery = (await api.get('/v1/webhooks/deliveries')).body.items[0];
  return {
    endpointId: endpoint.endpointId as string | undefined,
    deliveryId: delivery?.deliveryId as string | undefined,
    eventId: delivery?.eventId as string | undefined,
  };
}

/** Tenant B's Stripe checkout of an invoice of its own, asked of a local fake of Stripe's API. */
async function paymentObjects(
  ctx: ApiTestContext,
  tenantId: string,
  api: ReturnType<typeof client>,
  customerId: string,
) {
  const deps = withSecretKey(ctx);
  const fake = await startStripeFake('sk_test_betaGroesshandel0001');
  try {
    await updateStripeSettings(deps, tenantId, {
      secretKey: 'sk_test_betaGroesshandel0001',
      apiBaseUrl: fake.url,
    });
    const invoice = ok(
      await api.post('/v1/invoices', {
        customer: customerId,
        issue: true,
        lines: [{ description: 'Online bezahlt', quantity: '1', unitPrice: '9.00', taxRate: '0' }],
      }),
      'payment invoice',
    ).body;
    const checkout = await createCheckout(deps, tenantId, {
      invoices: [invoice.id],
      successUrl: 'https://beta.example/paid',
      cancelUrl: 'https://beta.example/cancel',
    });
    return { checkoutId: checkout.checkoutId };
  } finally {
    await fake.close();
  }
}

/** A monitoring finding of tenant B: five wrong passwords for a user of its own (not björn, whose session the test uses). */
async function failedSignInsFinding(
  ctx: ApiTestContext,
  tenantId: string,
  api: ReturnType<typeof client>,
): Promise<{ id: string } | undefined> {
  const email = 'gesperrt@beta-größhandel.example';
  await createUser(ctx.deps, tenantId, { email, role: 'viewer', password: 'beta-locked-pass' });
  for (let i = 0; i < 5; i++)
    await ctx.app.inject({ method: 'POST', url: '/v1/session', payload: { email, password: `wrong-${i}` } });
  const scan = await api.post('/v1/monitoring/scan');
  assert.equal(scan.status, 200, scan.text);
  const findings = await api.get('/v1/findings');
  assert.equal(findings.status, 200, findings.text);
  return findings.body.items[0];
}

/** The URL of `route` with tenant B's ids, or a message naming what is missing. */
function foreignUrl(route: string, b: Awaited<ReturnType<typeof foreignTenant>>): string {
  const objectPath = Object.keys(b.ids)
    .filter((p) => route.startsWith(p))
    .sort((x, y) => y.length - x.length)[0];
  assert.ok(objectPath, `${route}: tenant B has no object for this route (add one to foreignTenant)`);
  const id = b.ids[objectPath];
  assert.ok(id, `${route}: tenant B's object was not created (${JSON.stringify(b.ids)})`);
  return route
    .replace(':userId', id)
    .replace(':sessionId', b.sessionId ?? 'missing-session')
    .replace(':name', 'promises.check')
    .replace(':customer', id)
    .replace(':id', id);
}

describe(`tenant isolation of every route with an id (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  it("answers 404 to tenant A's admin for each of tenant B's objects, and changes none of them", async () => {
    const b = await foreignTenant(ctx);
    const a = await apiTenant(ctx);
    const bBefore = await snapshotOf(ctx, b.keys.admin, b);
    const routes = listRouteAccess(ctx.app).filter(
      (r) =>
        r.url.startsWith('/v1/') &&
        !ELSEWHERE.has(r.url) &&
        r.url.split('/').some((part) => part.startsWith(':') && !NOT_IDS.has(part)),
    );
    assert.ok(routes.length >= 60, `routes with an id: ${routes.length}`);
    const seen: string[] = [];
    const expected: string[] = [];
    for (const route of routes) {
      const name = `${route.method} ${route.url}`;
      const ask = (url: string) =>
        call(ctx.app, route.method as Method, `${url}${QUERIES[name] ?? ''}`, {
          key: a.keys.admin,
          ...(['POST', 'PUT', 'PATCH'].includes(route.method) ? { body: BODIES[name] ?? {} } : {}),
        });
      const res = await ask(foreignUrl(route.url, b));
      const unknown = await ask(route.url.replace(/:[A-Za-z]+/g, (p) => (NOT_IDS.has(p) ? p : NOBODYS_ID)));
      seen.push(`${name} ${res.status} ${res.body?.code}`);
      // B's id gets the answer an id nobody has gets: 404, or a refusal that does not look at ids.
      expected.push(`${name} ${unknown.status === 404 ? 404 : unknown.status} ${unknown.body?.code}`);
      assert.ok(!res.text.includes('B-0001') && !res.text.includes('Beta'), `${name} leaks B's data`);
    }
    assert.deepEqual(seen, expected);
    const notFound = seen.filter((line) => line.endsWith(' 404 not_found')).length;
    // Refused before any id is read: a bank line applied to a customer nobody has (422), an .eml
    // without stored messages (409), and rotating a webhook secret on an app without
    // CASHLOOP_SECRET_KEY (409 secret_key_missing).
    assert.ok(
      notFound >= routes.length - 3,
      `${notFound} of ${routes.length} answer 404:\n${seen.join('\n')}`,
    );
    assert.deepEqual(await snapshotOf(ctx, b.keys.admin, b), bBefore, "tenant B's objects are unchanged");
  });
});

/** What tenant B sees of its objects and its journal (to compare before and after). */
async function snapshotOf(ctx: ApiTestContext, key: string, b: Awaited<ReturnType<typeof foreignTenant>>) {
  const api = client(ctx.app, key);
  const read = async (url: string) => (await api.get(url)).text;
  return {
    customer: await read(`/v1/customers/${b.customer.id}`),
    invoice: await read(`/v1/invoices/${b.invoice.id}`),
    receipt: await read(`/v1/receipts/${b.receipt.id}`),
    journal: await read('/v1/ledger/journal?limit=200'),
    keys: await read('/v1/api-keys'),
    sessions: await read(`/v1/users/${b.signed.body.user.userId}/sessions`),
    disputes: await read('/v1/disputes'),
    policies: await read('/v1/dunning/policies'),
    alertRules: await read('/v1/alerts/rules'),
    goals: await read('/v1/analytics/goals'),
  };
}
