/** The API's shared contract: problem+json, pagination, OpenAPI and docs, terms and categories. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, call, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

describe(`API contract (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  it('answers a bad body with 422 problem+json naming each field path', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    await api.post('/v1/customers', { externalId: 'P-1', name: 'Problem BV' });
    const res = await api.post('/v1/invoices', {
      customer: 'P-1',
      currency: 'XXQ',
      lines: [
        { description: 'ok', quantity: '1', unitPrice: '10' },
        { description: 'bad', quantity: 'two', unitPrice: '10', colour: 'red' },
      ],
    });
    assert.equal(res.status, 422);
    assert.equal(res.headers['content-type'], PROBLEM_JSON);
    assert.equal(res.body.type, 'urn:cashloop:problem:validation_failed');
    assert.equal(res.body.title, 'Unprocessable Content');
    assert.equal(res.body.status, 422);
    assert.equal(res.body.code, 'validation_failed');
    assert.equal(typeof res.body.detail, 'string');
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    assert.deepEqual(fields, ['currency', 'lines[1].colour', 'lines[1].quantity']);
    for (const e of res.body.errors) assert.equal(typeof e.message, 'string');
  });

  it('says a missing or empty field is required, in words a clerk reads next to the field', async () => {
    const { keys } = await apiTenant(ctx);
    const res = await client(ctx.app, keys.admin).post('/v1/alerts/rules', {
      name: '',
      notifyCollector: true,
      params: { kind: 'invoice_overdue', minAmount: '10000.00' },
    });
    assert.equal(res.status, 422, res.text);
    const byField = Object.fromEntries(
      res.body.errors.map((e: { field: string; message: string }) => [e.field, e.message]),
    );
    assert.deepEqual(byField, {
      name: 'must not be empty',
      'params.currency': 'required',
      'params.minDaysLate': 'required',
    });
  });

  it('maps domain errors: amount precision 422, over-allocation 409, duplicate 409, unknown 404', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    await api.post('/v1/customers', { externalId: 'E-1', name: 'Errors SpA' });
    const dup = await api.post('/v1/customers', { externalId: 'E-1', name: 'Again' });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'conflict');
    assert.deepEqual(dup.body.errors, [{ field: 'externalId', message: 'already exists' }]);
    const precise = await api.post('/v1/receipts', {
      customer: 'E-1',
      method: 'cash',
      receivedOn: '2026-03-01',
      amount: '10.005',
    });
    assert.equal(precise.status, 422);
    assert.equal(precise.body.errors[0].field, 'amount');
    const inv = await api.post('/v1/invoices', {
      customer: 'E-1',
      issue: true,
      lines: [{ description: 'x', quantity: '1', unitPrice: '50' }],
    });
    const over = await api.post('/v1/receipts', {
      customer: 'E-1',
      method: 'cash',
      receivedOn: '2026-03-01',
      amount: '100',
      allocations: [{ invoice: inv.body.id, amount: '50.01' }],
    });
    assert.equal(over.status, 409);
    assert.equal(over.body.code, 'over_allocation');
    assert.equal(over.body.errors[0].field, 'allocations[0].amount');
    assert.equal((await api.get('/v1/receipts')).body.items.length, 0, 'the failed receipt left nothing');
    const unknown = await api.get('/v1/invoices/INV-404');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.headers['content-type'], PROBLEM_JSON);
  });

  it('answers malformed JSON with 400 and unknown routes with a 404 problem', async () => {
    const { keys } = await apiTenant(ctx);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: { authorization: `Bearer ${keys.admin}`, 'content-type': 'application/json' },
      payload: '{"externalId": "x",',
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.headers['content-type'], PROBLEM_JSON);
    assert.equal(res.json().code, 'bad_request');
    const text = await ctx.app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: { authorization: `Bearer ${keys.admin}`, 'content-type': 'text/plain' },
      payload: 'externalId=x',
    });
    assert.equal(text.statusCode, 415);
    assert.equal(text.json().code, 'unsupported_media_type');
    const nowhere = await call(ctx.app, 'GET', '/v1/nowhere', { key: keys.admin });
    assert.equal(nowhere.status, 404);
    assert.equal(nowhere.headers['content-type'], PROBLEM_JSON);
    assert.equal(nowhere.body.code, 'not_found');
  });

  it('walks every page of customers and invoices exactly once', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    const ids: string[] = [];
    for (let i = 1; i <= 23; i++) {
      const id = `PG-${String(i).padStart(3, '0')}`;
      ids.push(id);
      await api.post('/v1/customers', { externalId: id, name: `Page ${i}` });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/v1/customers?limit=5${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.get(url);
      assert.equal(page.status, 200);
      assert.ok(page.body.items.length <= 5);
      seen.push(...page.body.items.map((c: { externalId: string }) => c.externalId));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null);
    assert.equal(pages, 5);
    assert.deepEqual(seen, ids);

    for (let i = 0; i < 7; i++)
      await api.post('/v1/invoices', {
        customer: 'PG-001',
        lines: [{ description: `n${i}`, quantity: '1', unitPrice: `${i + 1}` }],
      });
    const totals: string[] = [];
    cursor = null;
    do {
      const page = await api.get(`/v1/invoices?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      totals.push(...page.body.items.map((inv: { total: string }) => inv.total));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    // Ids order by creation only across milliseconds, so compare as a set: each exactly once.
    assert.deepEqual([...totals].sort(), ['1.00', '2.00', '3.00', '4.00', '5.00', '6.00', '7.00']);

    const big = await api.get('/v1/customers?limit=501');
    assert.equal(big.status, 422);
    assert.equal(big.body.errors[0].field, 'limit');
    const forged = await api.get('/v1/invoices?cursor=not-a-cursor');
    assert.equal(forged.status, 422);
    assert.equal(forged.body.errors[0].field, 'cursor');
    assert.equal((await api.get('/v1/customers?search=PG-02')).body.items.length, 4);
  });

  it('lists seeded payment terms and adds a custom code checked by the grammar', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    const list = await api.get('/v1/payment-terms');
    const codes = list.body.items.map((t: { code: string }) => t.code);
    assert.ok(codes.includes('NET30') && codes.includes('2/10 NET30') && codes.includes('DUE_ON_RECEIPT'));
    const created = await api.post('/v1/payment-terms', { code: '3/15 net 60' });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body, {
      code: '3/15 NET60',
      description: '3% discount within 15 days, net 60 days',
      kind: 'discount',
    });
    const dup = await api.post('/v1/payment-terms', { code: '3/15 NET60' });
    assert.equal(dup.status, 409);
    const bad = await api.post('/v1/payment-terms', { code: 'NET400' });
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, 'code');
    assert.equal(
      (await client(ctx.app, keys.viewer).post('/v1/payment-terms', { code: 'NET10' })).status,
      403,
    );
  });

  it('creates categories and returns the tree', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    const top = await api.post('/v1/categories', { name: 'Retail' });
    assert.equal(top.status, 201);
    const sub = await api.post('/v1/categories', { name: 'Online', parent: 'Retail' });
    assert.equal(sub.body.parent, 'Retail');
    await api.post('/v1/customers', {
      externalId: 'CAT-1',
      name: 'Cat',
      category: 'Retail',
      subcategory: 'Online',
    });
    const tree = await api.get('/v1/categories');
    assert.deepEqual(tree.body.items, [
      { id: top.body.id, name: 'Retail', subcategories: [{ id: sub.body.id, name: 'Online' }] },
    ]);
    const filtered = await api.get(`/v1/customers?category=${sub.body.id}`);
    assert.deepEqual(
      filtered.body.items.map((c: { externalId: string }) => c.externalId),
      ['CAT-1'],
    );
  });

  it('serves an OpenAPI 3 document covering every route, and Swagger UI at /docs', async () => {
    const res = await call(ctx.app, 'GET', '/openapi.json');
    assert.equal(res.status, 200);
    const doc = JSON.parse(res.text);
    assert.match(doc.openapi, /^3\./);
    const expected: [string, string][] = [
      ['get', '/health'],
      ['get', '/v1/status'],
      ['get', '/v1/customers'],
      ['post', '/v1/customers'],
      ['get', '/v1/customers/{id}'],
      ['patch', '/v1/customers/{id}'],
      ['get', '/v1/customers/{id}/summary'],
      ['get', '/v1/categories'],
      ['post', '/v1/categories'],
      ['get', '/v1/payment-terms'],
      ['post', '/v1/payment-terms'],
      ['get', '/v1/invoices'],
      ['post', '/v1/invoices'],
      ['get', '/v1/invoices/{id}'],
      ['patch', '/v1/invoices/{id}'],
      ['post', '/v1/invoices/preview'],
      ['get', '/v1/saved-views'],
      ['post', '/v1/saved-views'],
      ['patch', '/v1/saved-views/{id}'],
      ['delete', '/v1/saved-views/{id}'],
      ['post', '/v1/invoices/{id}/issue'],
      ['post', '/v1/invoices/{id}/void'],
      ['post', '/v1/invoices/{id}/credit'],
      ['post', '/v1/invoices/{id}/write-off'],
      ['get', '/v1/receipts'],
      ['post', '/v1/receipts'],
      ['get', '/v1/receipts/{id}'],
      ['post', '/v1/receipts/{id}/allocate'],
      ['post', '/v1/allocations/{id}/unapply'],
      ['post', '/v1/receipts/{id}/refund'],
      ['post', '/v1/receipts/{id}/write-off'],
      ['get', '/v1/ledger/journal'],
      ['get', '/v1/ledger/entries/{id}'],
      ['get', '/v1/ledger/trial-balance'],
      ['get', '/v1/ledger/trial-balance/export'],
      ['get', '/v1/ledger/reconciliation'],
      ['get', '/v1/ledger/reconciliation/export'],
      ['get', '/v1/ledger/export/feed'],
      ['post', '/v1/ledger/export/batches'],
      ['get', '/v1/ledger/export/batches'],
      ['get', '/v1/ledger/export/batches/{batchNo}/file'],
      ['get', '/v1/ledger/erp-mappings'],
      ['put', '/v1/ledger/erp-mappings'],
      ['delete', '/v1/ledger/erp-mappings/{accountCode}'],
      ['get', '/v1/ledger/erp-customer-accounts'],
      ['put', '/v1/ledger/erp-customer-accounts/{customer}'],
      ['post', '/v1/ledger/erp-reconciliation'],
      ['get', '/v1/reports/aging'],
      ['get', '/v1/reports/aging/items'],
      ['get', '/v1/reports/aging/export'],
      ['get', '/v1/reports/overview'],
      ['get', '/v1/reports/kpis'],
      ['get', '/v1/analytics/forecast'],
      ['get', '/v1/analytics/forecast/accuracy'],
      ['get', '/v1/analytics/payment-model'],
      ['post', '/v1/analytics/payment-model/train'],
      ['get', '/v1/invoices/{id}/prediction'],
      ['get', '/v1/customers/{id}/risk'],
      ['get', '/v1/api-keys'],
      ['post', '/v1/api-keys'],
      ['post', '/v1/api-keys/{id}/revoke'],
      ['post', '/v1/bank/statements'],
      ['get', '/v1/bank/transactions'],
      ['get', '/v1/bank/transactions/{id}/open-items'],
      ['post', '/v1/bank/transactions/{id}/accept'],
      ['post', '/v1/bank/transactions/{id}/apply'],
      ['post', '/v1/bank/transactions/{id}/ignore'],
      ['post', '/v1/bank/transactions/{id}/unapply'],
      ['post', '/v1/cash-application/run'],
      ['get', '/v1/cash-application/rules'],
      ['post', '/v1/cash-application/rules'],
      ['get', '/v1/cash-application/settings'],
      ['patch', '/v1/cash-application/settings'],
      ['post', '/v1/cash-application/rules/{id}/enable'],
      ['post', '/v1/cash-application/rules/{id}/disable'],
      ['post', '/v1/remittance-advices'],
      ['get', '/v1/remittance-advices'],
      ['get', '/v1/remittance-advices/{id}'],
      ['post', '/v1/fx/rates'],
      ['get', '/v1/fx/rates'],
      ['get', '/v1/fx/rates/in-force'],
      ['get', '/v1/fx/exposure'],
      ['post', '/v1/fx/revaluations'],
      ['get', '/v1/fx/revaluations'],
      ['get', '/v1/tenant/letterhead'],
      ['patch', '/v1/tenant/letterhead'],
      ['get', '/v1/invoices/{id}/pdf'],
      ['get', '/v1/invoices/{id}/einvoice'],
      ['get', '/v1/customers/{id}/statement.pdf'],
      ['get', '/v1/documents/{id}'],
      ['get', '/v1/documents/{id}/content'],
      ['get', '/v1/messages'],
      ['get', '/v1/messages/{id}'],
      ['get', '/v1/messages/{id}/eml'],
      ['post', '/v1/messages/{id}/retry'],
      ['post', '/v1/outbox/deliver'],
      ['get', '/v1/message-templates'],
      ['get', '/v1/message-templates/{template}/{language}'],
      ['put', '/v1/message-templates/{template}/{language}'],
      ['delete', '/v1/message-templates/{template}/{language}'],
      ['post', '/v1/message-templates/{template}/{language}/preview'],
      ['get', '/v1/messaging/settings'],
      ['post', '/v1/invoices/{id}/send'],
      ['post', '/v1/customers/{id}/statement/send'],
      ['get', '/v1/delivery/settings'],
      ['patch', '/v1/delivery/settings'],
      ['put', '/v1/messaging/settings'],
      ['get', '/v1/jobs'],
      ['post', '/v1/jobs/{name}/run'],
      ['get', '/v1/jobs/{name}/runs/{id}'],
      ['get', '/v1/dunning/policies'],
      ['post', '/v1/dunning/policies'],
      ['get', '/v1/dunning/policies/{id}'],
      ['get', '/v1/dunning/policies/presets'],
      ['post', '/v1/dunning/policies/presets/{key}'],
      ['patch', '/v1/dunning/policies/{id}'],
      ['get', '/v1/dunning/assignments'],
      ['post', '/v1/dunning/assignments'],
      ['get', '/v1/dunning/customers/{id}'],
      ['post', '/v1/dunning/customers/{id}/hold'],
      ['delete', '/v1/dunning/customers/{id}/hold'],
      ['post', '/v1/dunning/runs'],
      ['get', '/v1/dunning/preview'],
      ['get', '/v1/dunning/runs'],
      ['get', '/v1/dunning/runs/{id}'],
      ['get', '/v1/dunning/letters'],
      ['get', '/v1/dunning/letters/{id}'],
      ['get', '/v1/dunning/letters/{id}/pdf'],
      ['post', '/v1/dunning/letters/{id}/printed'],
      ['post', '/v1/dunning/letters/print'],
      ['get', '/v1/worklist'],
      ['get', '/v1/activities'],
      ['post', '/v1/activities'],
      ['get', '/v1/disputes'],
      ['post', '/v1/disputes'],
      ['get', '/v1/disputes/{id}'],
      ['post', '/v1/disputes/{id}/notes'],
      ['post', '/v1/disputes/{id}/resolve'],
      ['post', '/v1/disputes/{id}/reject'],
      ['get', '/v1/promises'],
      ['post', '/v1/promises'],
      ['get', '/v1/promises/{id}'],
      ['post', '/v1/promises/{id}/cancel'],
      ['post', '/v1/promises/check'],
      ['get', '/v1/collectors'],
      ['post', '/v1/collectors'],
      ['get', '/v1/collectors/{id}'],
      ['patch', '/v1/collectors/{id}'],
      ['get', '/v1/assignments'],
      ['post', '/v1/assignments'],
      ['get', '/v1/collections/settings'],
      ['patch', '/v1/collections/settings'],
      ['get', '/v1/credit/customers/{id}'],
      ['get', '/v1/credit/customers/{id}/holds'],
      ['post', '/v1/credit/customers/{id}/limit'],
      ['post', '/v1/credit/customers/{id}/hold'],
      ['post', '/v1/credit/customers/{id}/release'],
      ['get', '/v1/credit/holds'],
      ['post', '/v1/credit/check'],
      ['get', '/v1/credit/settings'],
      ['patch', '/v1/credit/settings'],
      ['get', '/v1/numbering-series'],
      ['put', '/v1/numbering-series/{series}'],
      ['patch', '/v1/numbering-series/{series}'],
      ['post', '/v1/session'],
      ['get', '/v1/session'],
      ['delete', '/v1/session'],
      ['post', '/v1/session/password'],
      ['get', '/v1/session/sessions'],
      ['post', '/v1/session/sign-out-others'],
      ['get', '/v1/users'],
      ['post', '/v1/users'],
      ['patch', '/v1/users/{userId}'],
      ['post', '/v1/users/{userId}/reset-password'],
      ['get', '/v1/users/{userId}/sessions'],
      ['post', '/v1/users/{userId}/sessions/revoke'],
      ['post', '/v1/users/{userId}/sessions/{sessionId}/revoke'],
      ['get', '/v1/audit'],
      ['get', '/v1/audit/export'],
      ['get', '/v1/approvals'],
      ['get', '/v1/approvals/{id}'],
      ['post', '/v1/approvals/{id}/approve'],
      ['post', '/v1/approvals/{id}/reject'],
      ['post', '/v1/approvals/{id}/cancel'],
      ['get', '/v1/approval-policy'],
      ['put', '/v1/approval-policy'],
      ['get', '/v1/findings'],
      ['get', '/v1/findings/{id}'],
      ['post', '/v1/findings/{id}/confirm'],
      ['post', '/v1/findings/{id}/dismiss'],
      ['get', '/v1/monitoring/policy'],
      ['put', '/v1/monitoring/policy'],
      ['post', '/v1/monitoring/scan'],
      ['post', '/v1/analytics/anomalies/scan'],
      ['get', '/v1/analytics/anomalies'],
      ['get', '/v1/alerts/rules'],
      ['post', '/v1/alerts/rules'],
      ['put', '/v1/alerts/rules/{id}'],
      ['delete', '/v1/alerts/rules/{id}'],
      ['post', '/v1/alerts/check'],
      ['get', '/v1/notifications'],
      ['post', '/v1/notifications/{id}/read'],
      ['post', '/v1/notifications/read-all'],
      ['get', '/v1/analytics/goals'],
      ['post', '/v1/analytics/goals'],
      ['put', '/v1/analytics/goals/{id}'],
      ['delete', '/v1/analytics/goals/{id}'],
      ['get', '/v1/analytics/goals/{id}/attainment'],
      ['get', '/v1/analytics/goals/{id}/attainment/export'],
      ['get', '/v1/reports/kpis/export'],
      ['get', '/v1/reports/ar-pack'],
      ['get', '/v1/analytics/forecast/export'],
      ['get', '/v1/analytics/anomalies/export'],
      ['get', '/v1/sepa/settings'],
      ['patch', '/v1/sepa/settings'],
      ['get', '/v1/sepa/mandates'],
      ['post', '/v1/sepa/mandates'],
      ['get', '/v1/sepa/mandates/{id}'],
      ['patch', '/v1/sepa/mandates/{id}'],
      ['post', '/v1/sepa/mandates/{id}/revoke'],
      ['get', '/v1/sepa/runs'],
      ['get', '/v1/sepa/runs/{id}'],
      ['get', '/v1/sepa/runs/{id}/file'],
      ['post', '/v1/sepa/collections'],
      ['post', '/v1/sepa/collections/{id}/book'],
      ['post', '/v1/sepa/collections/{id}/cancel'],
      ['post', '/v1/sepa/returns'],
      ['post', '/v1/sepa/returns/import'],
      ['post', '/v1/sepa/refunds'],
      ['get', '/v1/payments/stripe/settings'],
      ['put', '/v1/payments/stripe/settings'],
      ['post', '/v1/payments/checkout-sessions'],
      ['get', '/v1/payments/checkout-sessions/{id}'],
      ['get', '/v1/payments/events'],
      ['post', '/v1/payments/stripe/webhook'],
      ['post', '/v1/customers/{id}/portal-links'],
      ['get', '/v1/customers/{id}/portal-links'],
      ['post', '/v1/customers/{id}/portal-links/revoke'],
      ['post', '/v1/portal-links/{id}/revoke'],
      ['get', '/v1/settings/portal'],
      ['put', '/v1/settings/portal'],
      ['post', '/v1/settings/portal/rotate-key'],
      ['get', '/v1/portal/session'],
      ['get', '/v1/portal/invoices'],
      ['get', '/v1/portal/invoices/{id}/pdf'],
      ['get', '/v1/portal/invoices/{id}/einvoice'],
      ['get', '/v1/portal/statement'],
      ['get', '/v1/portal/statement.pdf'],
      ['post', '/v1/portal/payments'],
      ['post', '/v1/portal/disputes'],
      ['post', '/v1/portal/promises'],
      ['get', '/v1/disputes/{id}/attachments'],
      ['get', '/v1/disputes/{id}/attachments/{n}'],
      ['get', '/v1/webhooks/event-types'],
      ['get', '/v1/webhooks/endpoints'],
      ['post', '/v1/webhooks/endpoints'],
      ['get', '/v1/webhooks/endpoints/{id}'],
      ['patch', '/v1/webhooks/endpoints/{id}'],
      ['delete', '/v1/webhooks/endpoints/{id}'],
      ['post', '/v1/webhooks/endpoints/{id}/rotate-secret'],
      ['post', '/v1/webhooks/endpoints/{id}/ping'],
      ['get', '/v1/webhooks/deliveries'],
      ['get', '/v1/webhooks/deliveries/{id}'],
      ['post', '/v1/webhooks/deliveries/{id}/replay'],
      ['post', '/v1/webhooks/events/{id}/replay'],
    ];
    const operationIds = new Set<string>();
    for (const [method, path] of expected) {
      const op = doc.paths[path]?.[method];
      assert.ok(op, `${method.toUpperCase()} ${path} documented`);
      assert.ok(
        op.tags?.length > 0 && op.summary && op.operationId,
        `${method} ${path} tagged and described`,
      );
      operationIds.add(op.operationId);
    }
    assert.equal(operationIds.size, expected.length, 'operationIds are unique');
    const documented = Object.values(doc.paths).flatMap((p) => Object.keys(p as object));
    assert.equal(documented.length, expected.length, 'no undocumented extras, nothing missing');
    assert.equal(doc.components.securitySchemes.bearerAuth.scheme, 'bearer');
    assert.deepEqual(doc.paths['/health'].get.security, []);
    const body = doc.paths['/v1/receipts'].post.requestBody.content['application/json'].schema;
    assert.equal(body.properties.amount.type, 'string', 'amounts are strings in the contract');
    assert.ok(body.required.includes('receivedOn'));
    assert.ok(doc.components.schemas.Problem);

    const docs = await call(ctx.app, 'GET', '/docs');
    const page = docs.status === 302 ? await call(ctx.app, 'GET', String(docs.headers.location)) : docs;
    assert.equal(page.status, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(page.text, /swagger/i);
  });
});
