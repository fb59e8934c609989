/**
 * The worklist over real data, in the order worked out by hand from the formula in
 * docs/collections.md (score = W × H × B, W = Σ collectible × (1 + min(days, 90) / 30)).
 * As of 2026-03-31, every customer in EUR on NET30:
 *   B  3,000.00 due 03-26 ( 5 days)             3,000 × (1 + 5/30)              = 3,500
 *   G  1,000.00 due 03-01 (30 days), broken      1,000 × 2 × 1.5                 = 3,000
 *   F  1,000.00 due 03-01 (30 days), paid 2 of 2 invoices 20 and 40 days late:
 *      H = 0.5 + (2+1)/(2+2) + (60/4)/120 = 1.375  1,000 × 2 × 1.375             = 2,750
 *   C    600.00 due 2025-12-01 (120 days → 90)    600 × 4                        = 2,400
 *   A  1,000.00 due 03-01 (30 days), on hold      1,000 × 2                       = 2,000
 *   D  2,000.00 due 03-01, 1,500.00 disputed      500 × 2                         = 1,000
 *   E  5,000.00 due 03-01 under an open promise — not listed; H  all disputed — not listed;
 *   N  not yet due — not listed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SYSTEM_ACTOR } from '../../src/modules/activities/actor.ts';
import { createApiKey } from '../../src/modules/apikeys/apikeys.service.ts';
import { evaluatePromises } from '../../src/modules/collections/promise-evaluation.service.ts';
import { makePromise } from '../../src/modules/collections/promises.service.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

type Api = ReturnType<typeof client>;

async function customerWithInvoice(api: Api, id: string, net: string, issueDate: string) {
  await api.post('/v1/customers', { externalId: id, name: `Customer ${id}` });
  const res = await api.post('/v1/invoices', {
    customer: id,
    issue: true,
    issueDate,
    lines: [{ description: 'Goods', quantity: '1', unitPrice: net }],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; number: string };
}

async function paidInvoice(api: Api, customer: string, issueDate: string, paidOn: string) {
  const inv = await api.post('/v1/invoices', {
    customer,
    issue: true,
    issueDate,
    lines: [{ description: 'Earlier goods', quantity: '1', unitPrice: '100.00' }],
  });
  const paid = await api.post('/v1/receipts', {
    customer,
    method: 'bank_transfer',
    receivedOn: paidOn,
    amount: '100.00',
    allocations: [{ invoice: inv.body.number, amount: '100.00' }],
  });
  assert.equal(paid.status, 201);
}

describe(`worklist (${backendName})`, () => {
  let ctx: ApiTestContext;
  let keys: Awaited<ReturnType<typeof apiTenant>>['keys'];
  let kimKey: string;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
    const t = await apiTenant(ctx);
    keys = t.keys;
    const tenantId = t.tenant.tenantId;
    const api = client(ctx.app, keys.admin);
    await customerWithInvoice(api, 'A', '1000.00', '2026-01-30'); // due 03-01
    await customerWithInvoice(api, 'B', '3000.00', '2026-02-24'); // due 03-26
    await customerWithInvoice(api, 'C', '600.00', '2025-11-01'); // due 12-01
    const d = await customerWithInvoice(api, 'D', '2000.00', '2026-01-30');
    const e = await customerWithInvoice(api, 'E', '5000.00', '2026-01-30');
    await customerWithInvoice(api, 'F', '1000.00', '2026-01-30');
    const g = await customerWithInvoice(api, 'G', '1000.00', '2026-01-30');
    const h = await customerWithInvoice(api, 'H', '700.00', '2026-01-30');
    await customerWithInvoice(api, 'N', '900.00', '2026-03-20'); // due 04-19
    // F's history: due 2025-12-31 paid 2026-01-20 (20 days late), due 2026-01-09 paid 2026-02-18 (40).
    await paidInvoice(api, 'F', '2025-12-01', '2026-01-20');
    await paidInvoice(api, 'F', '2025-12-10', '2026-02-18');
    await api.post('/v1/disputes', { invoice: d.number, reason: 'quantity', amount: '1500.00' });
    await api.post('/v1/disputes', { invoice: h.number, reason: 'duplicate' });
    await api.post('/v1/promises', { customer: 'E', invoices: [e.number], promisedOn: '2026-04-10' });
    // G promised on 03-10 to pay by 03-15 (keep by 03-18) and paid nothing: broken on 03-20.
    const march10 = { ...ctx.deps, clock: fixedClock('2026-03-10T12:00:00Z') };
    await makePromise(
      march10,
      tenantId,
      { customer: 'G', invoices: [g.number], promisedOn: '2026-03-15' },
      SYSTEM_ACTOR,
    );
    const march20 = { ...ctx.deps, clock: fixedClock('2026-03-20T12:00:00Z') };
    const evaluation = await evaluatePromises(march20, tenantId, '2026-03-20');
    assert.deepEqual(
      evaluation.settled.map((s) => s.outcome),
      ['broken'],
    );
    await client(ctx.app, keys.credit_manager).post('/v1/credit/customers/A/hold', {
      reason: 'Audit pending',
    });
    const kim = await createApiKey(ctx.deps.db, tenantId, 'collector', 'Kim');
    kimKey = kim.key;
    const collector = await api.post('/v1/collectors', {
      name: 'Kim',
      email: 'kim@example.test',
      apiKey: kim.keyId,
    });
    assert.equal(collector.status, 201);
    const assigned = await api.post('/v1/assignments', {
      collector: collector.body.id,
      customers: ['B', 'C'],
    });
    assert.deepEqual(assigned.body, { collectorId: collector.body.id, customers: 2 });
  });
  after(() => ctx.close());

  it('orders customers by the expected value of a contact, with the reasons in words', async () => {
    const res = await client(ctx.app, keys.viewer).get('/v1/worklist?limit=50');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.asOf, '2026-03-31');
    assert.deepEqual(
      res.body.items.map((i: { customerExternalId: string; score: number; rank: number }) => [
        i.rank,
        i.customerExternalId,
        i.score,
      ]),
      [
        [1, 'B', 3500],
        [2, 'G', 3000],
        [3, 'F', 2750],
        [4, 'C', 2400],
        [5, 'A', 2000],
        [6, 'D', 1000],
      ],
    );
    const reasons = Object.fromEntries(
      res.body.items.map((i: { customerExternalId: string; reasons: string[] }) => [
        i.customerExternalId,
        i.reasons,
      ]),
    );
    assert.deepEqual(reasons.B, ['EUR 3,000.00 overdue, oldest 5 days', 'no payment history yet']);
    assert.deepEqual(reasons.G, [
      'EUR 1,000.00 overdue, oldest 30 days',
      'no payment history yet',
      'promise of 2026-03-15 broken',
    ]);
    assert.deepEqual(reasons.F, [
      'EUR 1,000.00 overdue, oldest 30 days',
      'pays 30 days late on average (2 of 2 invoices paid late)',
    ]);
    assert.deepEqual(reasons.A, [
      'EUR 1,000.00 overdue, oldest 30 days',
      'no payment history yet',
      'on credit hold',
    ]);
    assert.deepEqual(reasons.D, [
      'EUR 500.00 overdue, oldest 30 days',
      'no payment history yet',
      '1 invoice disputed and left out',
    ]);
    const b = res.body.items[0];
    assert.equal(b.collector.name, 'Kim');
    assert.deepEqual(b.overdue, [
      { currency: 'EUR', collectible: '3000.00', underPromise: '0.00', oldestDays: 5, disputedInvoices: 0 },
    ]);
    assert.equal(res.body.total, 6);
  });

  it('pages through the list without repeats and filters by collector', async () => {
    const api = client(ctx.app, keys.viewer);
    const seen: string[] = [];
    const ranks: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/worklist?limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await api.get(url);
      assert.equal(page.status, 200);
      seen.push(...page.body.items.map((i: { customerExternalId: string }) => i.customerExternalId));
      ranks.push(...page.body.items.map((i: { rank: number }) => i.rank));
      cursor = page.body.nextCursor;
    } while (cursor);
    assert.deepEqual(seen, ['B', 'G', 'F', 'C', 'A', 'D']);
    assert.deepEqual(ranks, [1, 2, 3, 4, 5, 6]);
    assert.equal((await api.get('/v1/worklist?cursor=bm9wZQ')).status, 422);

    const mine = await client(ctx.app, kimKey).get('/v1/worklist?collector=me');
    assert.deepEqual(
      mine.body.items.map((i: { customerExternalId: string }) => i.customerExternalId),
      ['B', 'C'],
    );
    const nobody = await api.get('/v1/worklist?collector=unassigned');
    assert.deepEqual(
      nobody.body.items.map((i: { customerExternalId: string }) => i.customerExternalId),
      ['G', 'F', 'A', 'D'],
    );
    assert.equal((await api.get('/v1/worklist?collector=me')).status, 422, 'the viewer key is no collector');
    const unassigned = await api.get('/v1/assignments?collector=unassigned&limit=100');
    assert.deepEqual(
      unassigned.body.items.map((a: { customerExternalId: string }) => a.customerExternalId),
      ['A', 'D', 'E', 'F', 'G', 'H', 'N'],
    );
  });

  it('a promise past its date + grace counts again, even before the evaluation settles it', async () => {
    // As of 2026-04-14 E's promise (keep by 04-13) is past, unpaid, not yet evaluated: E counts again.
    // 5,000 × (1 + 44/30) = 12,333.33 puts E first.
    const res = await client(ctx.app, keys.viewer).get('/v1/worklist?asOf=2026-04-14&limit=1');
    assert.equal(res.body.items[0].customerExternalId, 'E');
    assert.equal(res.body.items[0].score, 12333.33);
  });
});
