/**
 * A new installation over HTTP: a dunning run without any policy says why it plans nothing
 * (`notices`), the ready-made policies are listed and one is added in one call, and the run then
 * duns with it. An aging as of a day before an import says what it cannot show.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { importInvoicesCsv } from '../../src/modules/imports/invoices-import.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

describe(`dunning policy presets and run notices over HTTP (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-20T09:00:00Z');
  });
  after(() => ctx.close());

  it('a run without a policy says why; a preset is one call away', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    await api.post('/v1/customers', { externalId: '10001', name: 'Acme Trading GmbH' });
    await api.post('/v1/customers', { externalId: '10001-B', name: 'Acme Trading GmbH (Branch)' });
    for (const customer of ['10001', '10001-B'])
      await api.post('/v1/invoices', {
        customer,
        issue: true,
        issueDate: '2026-01-01',
        paymentTerms: 'NET30',
        lines: [{ description: 'Work', quantity: '1', unitPrice: '500.00' }],
      });
    const quiet = await api.post('/v1/dunning/runs', { asOf: '2026-03-10', dryRun: true });
    assert.equal(quiet.status, 200);
    assert.deepEqual(quiet.body.letters, []);
    assert.deepEqual(
      quiet.body.notices.map((n: { code: string; count: number }) => [n.code, n.count]),
      [['no_policy', 2]],
    );
    assert.match(quiet.body.notices[0].message, /the tenant has no dunning policy/);

    const presets = await api.get('/v1/dunning/policies/presets');
    assert.equal(presets.status, 200);
    const b2b = presets.body.items.find((p: { key: string }) => p.key === 'de-b2b-statutory');
    assert.equal(b2b.policy.interest.marginPct, '9', 'base rate + 9 points (§288(2) BGB)');
    assert.ok(
      b2b.policy.levels.some((l: { fees?: { EUR?: string } }) => l.fees?.EUR === '40.00'),
      'the 40 EUR flat fee (§288(5) BGB)',
    );
    const gentle = presets.body.items.find((p: { key: string }) => p.key === 'gentle');
    assert.equal(gentle.policy.interest, undefined);
    assert.ok(
      gentle.policy.levels.every(
        (l: { fees?: object; chargesInterest?: boolean }) => !l.fees && !l.chargesInterest,
      ),
    );

    assert.equal((await api.post('/v1/dunning/policies/presets/de-b2c', {})).status, 404);
    const added = await api.post('/v1/dunning/policies/presets/gentle', {});
    assert.equal(added.status, 201, JSON.stringify(added.body));
    assert.deepEqual([added.body.name, added.body.isDefault], ['Gentle (no fees or interest)', true]);
    const second = await api.post('/v1/dunning/policies/presets/de-b2b-statutory', { name: 'B2B' });
    assert.deepEqual([second.status, second.body.isDefault], [201, false], 'the first stays the default');

    const run = await api.post('/v1/dunning/runs', { asOf: '2026-03-10', dryRun: true });
    assert.deepEqual(
      run.body.letters.map((l: { customer: { externalId: string }; template: string }) => [
        l.customer.externalId,
        l.template,
      ]),
      [
        ['10001', 'dunning-2'],
        ['10001-B', 'dunning-2'],
      ],
      'the gentle pre-due level caught up after the due date takes the overdue wording',
    );
    assert.deepEqual(run.body.notices, []);
  });

  it('an aging as of a day before an import names the items it cannot show', async () => {
    const { keys, tenant } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    await api.post('/v1/customers', { externalId: '10001', name: 'Acme Trading GmbH' });
    const csv =
      'number,customer_external_id,issue_date,due_date,currency,total,open_amount\n2024-0815,10001,2026-01-10,2026-02-09,EUR,1000.00,400.00\n';
    // Imported today (the clock's 2026-03-20), by the service the CLI's `import invoices` calls.
    const imported = await importInvoicesCsv(ctx.deps, tenant.tenantId, csv);
    assert.equal(imported.imported, 1);
    const past = await api.get('/v1/reports/aging?asOf=2026-03-01');
    assert.deepEqual(past.body.reports, []);
    assert.deepEqual(
      past.body.notices.map((n: { code: string; count: number; message: string }) => [
        n.code,
        n.count,
        n.message,
      ]),
      [
        [
          'imported_after_as_of',
          1,
          '1 open item(s) imported on 2026-03-20 are after the as-of date 2026-03-01 and not shown (their history before the import is unknown).',
        ],
      ],
    );
    const now = await api.get('/v1/reports/aging');
    assert.deepEqual([now.body.reports.length, now.body.notices], [1, []]);
  });
});
