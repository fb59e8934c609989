/**
 * GET /v1/invoices filters and sorts, PATCH /v1/invoices/{id} on drafts and POST /v1/invoices/preview,
 * on both back ends. Expected figures are worked out by hand from the invoices created here.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type ApiTenant,
  type ApiTestContext,
  apiTenant,
  client,
  openApiTestContext,
} from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { examplePolicyInput } from '../helpers/dunning.ts';

type Api = ReturnType<typeof client>;

async function invoice(api: Api, customer: string, unitPrice: string, issueDate: string, issue = true) {
  const res = await api.post('/v1/invoices', {
    customer,
    issue,
    issueDate,
    paymentTerms: 'NET30',
    lines: [{ description: 'Goods', quantity: '1', unitPrice, taxRate: '19' }],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; number: string | null; total: string };
}

describe(`invoice list, drafts and preview (${backendName})`, () => {
  let ctx: ApiTestContext;
  let t: ApiTenant;
  let admin: Api;
  const ids: Record<string, string> = {};
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
    t = await apiTenant(ctx);
    admin = client(ctx.app, t.keys.admin);
    const cat = await admin.post('/v1/categories', { name: 'Retail' });
    assert.equal(cat.status, 201, JSON.stringify(cat.body));
    ids.category = cat.body.id;
    const beta = await admin.post('/v1/customers', {
      externalId: 'L-B',
      name: 'Beta AG',
      category: 'Retail',
    });
    assert.equal(beta.status, 201, JSON.stringify(beta.body));
    await admin.post('/v1/customers', { externalId: 'L-A', name: 'Alpha GmbH' });
    // NET30: due 2026-02-01 (overdue 58 days at 03-31), 2026-03-11 (20 days), 2026-04-20 (not due).
    ids.a = (await invoice(admin, 'L-A', '100.00', '2026-01-02')).id; // total 119.00
    ids.b = (await invoice(admin, 'L-B', '300.00', '2026-02-09')).id; // total 357.00
    ids.c = (await invoice(admin, 'L-A', '50.00', '2026-03-21')).id; // total 59.50
    ids.d = (await invoice(admin, 'L-B', '10.00', '2026-03-30', false)).id; // draft 11.90
  });
  after(() => ctx.close());

  const list = async (query: string) => {
    const res = await admin.get(`/v1/invoices?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as {
      items: { id: string; daysOverdue: number; customerName: string }[];
      total: number | null;
      nextCursor: string | null;
    };
  };
  const idsOf = async (query: string) => (await list(query)).items.map((i) => i.id);

  it('filters by status, overdue, customer, category, dates, amounts and text', async () => {
    assert.deepEqual(await idsOf('status=draft'), [ids.d]);
    assert.deepEqual(await idsOf('status=issued,draft&sort=total'), [ids.d, ids.c, ids.a, ids.b]);
    assert.deepEqual(await idsOf('overdue=true&sort=dueDate'), [ids.a, ids.b]);
    assert.deepEqual(await idsOf('status=overdue&sort=dueDate'), [ids.a, ids.b], 'the old status=overdue');
    assert.deepEqual(await idsOf('overdue=false&sort=dueDate'), [ids.c, ids.d], 'null due dates last');
    assert.deepEqual(await idsOf('customer=L-B&sort=number'), [ids.b, ids.d]);
    assert.deepEqual(await idsOf(`category=${ids.category}&sort=number`), [ids.b, ids.d]);
    assert.deepEqual(await idsOf('issuedFrom=2026-02-01&issuedTo=2026-03-21&sort=issueDate'), [ids.b, ids.c]);
    assert.deepEqual(await idsOf('dueFrom=2026-03-01&dueTo=2026-03-31'), [ids.b]);
    assert.deepEqual(await idsOf('amountMin=59.50&amountMax=119&sort=total'), [ids.c, ids.a]);
    assert.deepEqual(await idsOf('amountOf=open&amountMin=357&currency=EUR'), [ids.b]);
    const first = await list('sort=number&limit=1');
    const number = (await admin.get(`/v1/invoices/${ids.b}`)).body.number as string;
    assert.deepEqual(await idsOf(`q=${encodeURIComponent(number.toLowerCase())}`), [ids.b]);
    assert.equal(first.items.length, 1);
    const bad = await admin.get('/v1/invoices?status=nope');
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, 'status');
  });

  it('sorts by days overdue and customer name, and pages stably with a total', async () => {
    const overdue = await list('sort=-daysOverdue&limit=2');
    assert.deepEqual(
      overdue.items.map((i) => [i.id, i.daysOverdue]),
      [
        [ids.a, 58],
        [ids.b, 20],
      ],
    );
    assert.deepEqual(
      (await list('sort=customerName&limit=2')).items.map((i) => i.customerName),
      ['Alpha GmbH', 'Alpha GmbH'],
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`sort=-total&limit=3&withTotal=true${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.total, 4);
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, [ids.b, ids.a, ids.c, ids.d]);
    assert.equal((await list('limit=2')).total, null, 'no count unless asked');
  });

  it('previews totals, tax and due date without saving, as issuing computes them', async () => {
    const body = {
      customer: 'L-A',
      issueDate: '2026-03-31',
      paymentTerms: 'NET14',
      lines: [
        { description: 'A', quantity: '3', unitPrice: '19.99', discountPct: '10', taxRate: '19' },
        { description: 'B', quantity: '1', unitPrice: '10', taxRate: '7' },
      ],
    };
    const before = (await list('withTotal=true')).total;
    const res = await admin.post('/v1/invoices/preview', body);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    // 3 × 19.99 × 0.9 = 53.973 → 53.97; tax 19% of 53.97 = 10.2543 → 10.25; 7% of 10.00 = 0.70.
    assert.deepEqual(res.body.lines, [{ net: '53.97' }, { net: '10.00' }]);
    assert.equal(res.body.net, '63.97');
    assert.equal(res.body.tax, '10.95');
    assert.equal(res.body.total, '74.92');
    assert.equal(res.body.dueDate, '2026-04-14');
    assert.equal((await list('withTotal=true')).total, before, 'nothing saved');
    const issued = await admin.post('/v1/invoices', { ...body, issue: true });
    assert.equal(issued.body.total, res.body.total);
    assert.equal(issued.body.dueDate, res.body.dueDate);
    const wrong = await admin.post('/v1/invoices/preview', {
      ...body,
      lines: [{ description: 'x', quantity: 'a', unitPrice: '1' }],
    });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.errors[0].field, 'lines[0].quantity');
  });

  it('edits a draft (lines, customer, terms) and refuses an issued invoice', async () => {
    const draft = await invoice(admin, 'L-A', '10.00', '2026-03-30', false);
    const res = await admin.patch(`/v1/invoices/${draft.id}`, {
      customer: 'L-B',
      paymentTerms: 'NET14',
      poNumber: 'PO-9',
      lines: [{ description: 'Two', quantity: '2', unitPrice: '25.00', taxRate: '19' }],
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.customerExternalId, 'L-B');
    assert.equal(res.body.total, '59.50');
    assert.equal(res.body.lines.length, 1);
    assert.equal(res.body.poNumber, 'PO-9');
    const cleared = await admin.patch(`/v1/invoices/${draft.id}`, { poNumber: null });
    assert.equal(cleared.body.poNumber, null);
    assert.equal(cleared.body.total, '59.50');
    const issued = await admin.patch(`/v1/invoices/${ids.a}`, { poNumber: 'x' });
    assert.equal(issued.status, 409);
    const viewer = client(ctx.app, t.keys.viewer);
    assert.equal((await viewer.patch(`/v1/invoices/${draft.id}`, { poNumber: 'y' })).status, 403);
    const collector = client(ctx.app, t.keys.collector);
    assert.equal((await collector.patch(`/v1/invoices/${draft.id}`, { poNumber: 'y' })).status, 403);
  });

  it('lists the receipts, messages and dunning letters of one invoice (?invoice=)', async () => {
    const number = (await admin.get(`/v1/invoices/${ids.a}`)).body.number as string;
    const paid = await admin.post('/v1/receipts', {
      customer: 'L-A',
      method: 'bank_transfer',
      receivedOn: '2026-03-05',
      amount: '19.00',
      allocations: [{ invoice: number, amount: '19.00' }],
    });
    assert.equal(paid.status, 201, JSON.stringify(paid.body));
    await admin.post('/v1/receipts', {
      customer: 'L-A',
      method: 'card',
      receivedOn: '2026-03-06',
      amount: '5.00',
    });
    const receipts = await admin.get(`/v1/receipts?invoice=${number}`);
    assert.deepEqual(
      receipts.body.items.map((r: { id: string }) => r.id),
      [paid.body.id],
    );
    assert.equal((await admin.get('/v1/receipts?invoice=NOPE-1')).status, 404);

    await admin.patch('/v1/customers/L-A', { emails: ['ap@alpha.example'] });
    const sent = await admin.post(`/v1/invoices/${ids.a}/send`, {});
    assert.equal(sent.status < 300, true, JSON.stringify(sent.body));
    const messages = await admin.get(`/v1/messages?invoice=${ids.a}`);
    assert.equal(messages.body.items.length, 1);
    assert.equal((await admin.get(`/v1/messages?invoice=${ids.c}`)).body.items.length, 0);

    await admin.post('/v1/dunning/policies', examplePolicyInput());
    const run = await admin.post('/v1/dunning/runs', { asOf: '2026-03-31' });
    assert.equal(run.status, 201, JSON.stringify(run.body));
    const letters = await admin.get(`/v1/dunning/letters?invoice=${number}`);
    assert.equal(letters.body.items.length, 1, 'A (58 days overdue) is named in a letter');
    assert.equal(
      (await admin.get(`/v1/dunning/letters?invoice=${ids.c}`)).body.items.length,
      0,
      'C is not due',
    );
  });
});
