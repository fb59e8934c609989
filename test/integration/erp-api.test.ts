/** The GL export, its mappings and the ERP reconciliation through the API, with the roles each needs. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_CHART } from '../../src/modules/ledger/chart-of-accounts.ts';
import { type ApiTestContext, apiTenant, call, client, ok, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

describe(`GL export API (${backendName})`, () => {
  let ctx: ApiTestContext;
  let admin: ReturnType<typeof client>;
  let accountant: ReturnType<typeof client>;
  let viewer: ReturnType<typeof client>;
  let viewerKey: string;
  let adminKey: string;

  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
    const t = await apiTenant(ctx);
    admin = client(ctx.app, t.keys.admin);
    accountant = client(ctx.app, t.keys.accountant);
    viewer = client(ctx.app, t.keys.viewer);
    viewerKey = t.keys.viewer;
    adminKey = t.keys.admin;
    await ok(admin.post('/v1/customers', { externalId: 'K-0001', name: 'Müller & Söhne GmbH' }));
    const draft = await ok(
      admin.post('/v1/invoices', {
        customer: 'K-0001',
        issueDate: '2026-03-10',
        lines: [{ description: 'Wartung', quantity: '1', unitPrice: '119.00' }],
      }),
    );
    await ok(admin.post(`/v1/invoices/${draft.id}/issue`, {}), 200);
  });
  after(() => ctx.close());

  it('maps accounts (admin only), exports a DATEV batch once and re-exports it byte for byte', async () => {
    const mappings = DEFAULT_CHART.map((a) => ({ accountCode: a.code, erpAccount: a.code }));
    assert.equal((await accountant.put('/v1/ledger/erp-mappings', { mappings })).status, 403);
    const unknown = await admin.put('/v1/ledger/erp-mappings', {
      mappings: [{ accountCode: '9999', erpAccount: '1' }],
    });
    assert.equal(unknown.status, 422);
    assert.equal(unknown.body.errors[0].field, 'mappings[0].accountCode');
    await ok(admin.put('/v1/ledger/erp-mappings', { mappings }), 200);
    const datev = { consultantNumber: 1001, clientNumber: 1 };
    assert.equal((await viewer.post('/v1/ledger/export/batches', { format: 'datev', datev })).status, 403);
    const batch = await ok(accountant.post('/v1/ledger/export/batches', { format: 'datev', datev }));
    assert.equal(batch.batchNo, 1);
    assert.equal(batch.fileName, 'EXTF_Buchungsstapel_1.csv');
    const again = await accountant.post('/v1/ledger/export/batches', { format: 'csv' });
    assert.equal(again.status, 409);
    const file = await ctx.app.inject({
      method: 'GET',
      url: '/v1/ledger/export/batches/1/file',
      headers: { authorization: `Bearer ${viewerKey}` },
    });
    assert.equal(file.statusCode, 200);
    assert.match(String(file.headers['content-type']), /windows-1252/);
    assert.equal(createHash('sha256').update(file.rawPayload).digest('hex'), batch.sha256);
    assert.ok(file.rawPayload.toString('latin1').startsWith('"EXTF";700;21;"Buchungsstapel";13;'));
    const list = await ok(viewer.get('/v1/ledger/export/batches'), 200);
    assert.equal(list.items.length, 1);
    const accounts = await ok(viewer.get('/v1/ledger/erp-customer-accounts'), 200);
    assert.deepEqual(
      accounts.items.map((a: { erpAccount: string }) => a.erpAccount),
      ['10000'],
    );
  });

  it('audits mapping changes (who, when, before and after), like other settings', async () => {
    await ok(
      admin.put('/v1/ledger/erp-mappings', { mappings: [{ accountCode: '4000', erpAccount: '8400' }] }),
      200,
    );
    await ok(
      admin.put('/v1/ledger/erp-mappings', { mappings: [{ accountCode: '4000', erpAccount: '8400' }] }),
      200,
    );
    assert.equal(
      (await call(ctx.app, 'DELETE', '/v1/ledger/erp-mappings/4000', { key: adminKey })).status,
      204,
    );
    const trail = await ok(admin.get('/v1/audit?kind=erp_mappings.updated'), 200);
    const records = trail.items as {
      kind: string;
      objectType: string;
      occurredAt: string;
      actor: { kind: string };
      changes: Record<string, [unknown, unknown]>;
    }[];
    // Newest first: the removal, then the change from the first test's 4000 → 4000; an unchanged PUT records nothing.
    assert.deepEqual(
      records.slice(0, 2).map((r) => r.changes),
      [{ '4000': ['8400', null] }, { '4000': ['4000', '8400'] }],
    );
    assert.ok(records.every((r) => r.objectType === 'tenant' && r.actor.kind === 'api_key' && r.occurredAt));
  });

  it("audits a customer's debtor account set by hand (before and after)", async () => {
    await ok(admin.put('/v1/ledger/erp-customer-accounts/K-0001', { erpAccount: '10042' }), 204);
    const trail = await ok(admin.get('/v1/audit?kind=erp_customer_account.updated'), 200);
    assert.equal(trail.items.length, 1);
    assert.equal(trail.items[0].objectType, 'customer');
    assert.deepEqual(trail.items[0].changes, { erpAccount: ['10000', '10042'] });
  });

  it('serves the feed by cursor', async () => {
    const page = await ok(viewer.get('/v1/ledger/export/feed?after=0&limit=1'), 200);
    assert.equal(page.entries.length, 1);
    assert.equal(page.entries[0].lines[0].erpAccount !== undefined, true);
    const next = await ok(viewer.get(`/v1/ledger/export/feed?after=${page.nextCursor}&limit=10`), 200);
    assert.equal(next.entries.length, 0);
    assert.equal(next.caughtUp, true);
    assert.equal(next.nextCursor, page.nextCursor);
  });

  it('reconciles an ERP file, and refuses a bad one naming line and field', async () => {
    const send = (body: string) =>
      ctx.app.inject({
        method: 'POST',
        url: '/v1/ledger/erp-reconciliation?asOf=2026-03-31',
        headers: { authorization: `Bearer ${viewerKey}`, 'content-type': 'text/csv' },
        payload: body,
      });
    const bad = await send(
      'customer_ref;document_number;date;amount;currency\nK-0001;X;2026-03-01;12;EURO\n',
    );
    assert.equal(bad.statusCode, 422, bad.body);
    assert.deepEqual(
      bad.json().errors.map((e: { line: number; field: string }) => [e.line, e.field]),
      [[2, 'currency']],
    );
    const good = await send('customer_ref,balance,currency\nk-0001,119.00,EUR\n');
    assert.equal(good.statusCode, 200, good.body);
    assert.equal(good.json().balanced, true);
  });
});
