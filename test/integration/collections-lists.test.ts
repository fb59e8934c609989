/**
 * The list filters the Collections and Dunning pages rely on, on both back ends: promises due
 * (`status=open&promisedBy=`), the print queue (`/v1/dunning/letters?status=planned&channel=letter`)
 * and the customer's name beside its external id on disputes, promises and credit holds.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { invoiceDue } from '../helpers/dunning.ts';

type Api = ReturnType<typeof client>;

async function invoice(api: Api, customer: string, net: string, issueDate: string) {
  const res = await api.post('/v1/invoices', {
    customer,
    issue: true,
    issueDate,
    lines: [{ description: 'Goods', quantity: '1', unitPrice: net }],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; number: string };
}

describe(`collections and dunning lists (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
  });
  after(() => ctx.close());

  it('lists the open promises due by a day, and names the customers of promises, disputes and holds', async () => {
    const { keys } = await apiTenant(ctx);
    const admin = client(ctx.app, keys.admin);
    await admin.post('/v1/customers', { externalId: 'PR-1', name: 'Promise One GmbH' });
    await admin.post('/v1/customers', { externalId: 'PR-2', name: 'Promise Two AG' });
    const a = await invoice(admin, 'PR-1', '100.00', '2026-01-01');
    const b = await invoice(admin, 'PR-2', '200.00', '2026-01-01');
    const soon = await admin.post('/v1/promises', {
      customer: 'PR-1',
      promisedOn: '2026-04-02',
      invoices: [a.number],
    });
    const later = await admin.post('/v1/promises', {
      customer: 'PR-2',
      promisedOn: '2026-04-20',
      invoices: [b.number],
    });
    assert.equal(soon.status, 201, JSON.stringify(soon.body));
    assert.equal(later.status, 201);
    assert.equal(soon.body.customerName, 'Promise One GmbH');

    const due = await admin.get('/v1/promises?status=open&promisedBy=2026-04-05');
    assert.equal(due.status, 200);
    assert.deepEqual(
      due.body.items.map((p: { id: string }) => p.id),
      [soon.body.id],
      'only the promise of 04-02 is due by 04-05',
    );
    const both = await admin.get('/v1/promises?status=open&promisedBy=2026-04-20');
    assert.equal(both.body.items.length, 2, 'the promised day itself counts');
    assert.equal((await admin.get('/v1/promises?promisedBy=2026-04-01')).body.items.length, 0);
    const bad = await admin.get('/v1/promises?promisedBy=2026-13-01');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, 'promisedBy');

    const c = await invoice(admin, 'PR-2', '50.00', '2026-01-01');
    const dispute = await admin.post('/v1/disputes', { invoice: c.number, reason: 'quality' });
    assert.equal(dispute.status, 201, JSON.stringify(dispute.body));
    const disputes = await admin.get('/v1/disputes?status=open');
    assert.equal(disputes.body.items[0].customerName, 'Promise Two AG');

    const hold = await admin.post('/v1/credit/customers/PR-1/hold', { reason: 'Cheque bounced' });
    assert.equal(hold.status, 200, JSON.stringify(hold.body));
    const holds = await admin.get('/v1/credit/holds');
    assert.deepEqual(
      holds.body.items.map((h: { customerExternalId: string; customerName: string }) => [
        h.customerExternalId,
        h.customerName,
      ]),
      [['PR-1', 'Promise One GmbH']],
    );
  });

  it('filters letters by channel: the print queue is the planned letters for the post', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const admin = client(ctx.app, keys.admin);
    await admin.post('/v1/customers', { externalId: 'POST', name: 'By Post Ltd', deliveryChannel: 'none' });
    await admin.post('/v1/customers', {
      externalId: 'MAIL',
      name: 'By Mail Ltd',
      emails: ['ap@mail.example'],
    });
    await invoiceDue(ctx, tenant.tenantId, 'POST', '1000.00', '2026-02-01');
    await invoiceDue(ctx, tenant.tenantId, 'MAIL', '1000.00', '2026-02-01');
    await admin.post('/v1/dunning/policies', {
      name: 'Post',
      isDefault: true,
      levels: [{ offsetDays: 7, templateKey: 'reminder', channel: 'letter' }],
    });
    await admin.post('/v1/dunning/policies', {
      name: 'Mail',
      levels: [{ offsetDays: 7, templateKey: 'reminder', channel: 'email' }],
    });
    await admin.post('/v1/dunning/assignments', { policy: 'Mail', customer: 'MAIL' });
    const run = await admin.post('/v1/dunning/runs', { asOf: '2026-03-31' });
    assert.equal(run.status, 201, JSON.stringify(run.body));
    assert.equal(run.body.letters.length, 2);

    const queue = await admin.get('/v1/dunning/letters?status=planned&channel=letter');
    assert.equal(queue.status, 200);
    assert.deepEqual(
      queue.body.items.map((l: { customer: { externalId: string } }) => l.customer.externalId),
      ['POST'],
    );
    const email = await admin.get('/v1/dunning/letters?channel=email');
    assert.deepEqual(
      email.body.items.map((l: { customer: { externalId: string } }) => l.customer.externalId),
      ['MAIL'],
    );
    assert.equal((await admin.get('/v1/dunning/letters?channel=fax')).status, 422);
  });
});
