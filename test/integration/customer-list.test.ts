/**
 * GET /v1/customers as an AR list: search over name, legal name, external id, e-mail and tax id
 * (case and accents ignored), balances per currency from the open invoices, hold, collector,
 * filters, sorts with keyset paging, and the refusals (bad cursor, bad sort). Expected balances
 * are the issued invoices' own totals, summed here; "today" is the fixed clock, 2026-03-31.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

type Api = ReturnType<typeof client>;
interface Item {
  externalId: string;
  balances: { currency: string; open: string; overdue: string }[];
  oldestOverdueDays: number | null;
  onHold: boolean;
  holdKinds: string[];
  creditLimit: string | null;
  collector: { id: string; name: string } | null;
}

async function issue(api: Api, customer: string, issueDate: string, net: string, currency?: string) {
  const res = await api.post('/v1/invoices', {
    customer,
    issue: true,
    issueDate,
    ...(currency ? { currency, fxRate: '0.9' } : {}),
    lines: [{ description: 'Goods', quantity: '1', unitPrice: net }],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { total: string; dueDate: string };
}

async function ids(api: Api, query: string): Promise<string[]> {
  const res = await api.get(`/v1/customers?${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.items.map((c: Item) => c.externalId);
}

/** Every page of `query` walked with `limit`, as external ids. */
async function walk(api: Api, query: string, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await api.get(`/v1/customers?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    seen.push(...res.body.items.map((c: Item) => c.externalId));
    cursor = res.body.nextCursor;
  } while (cursor !== null);
  return seen;
}

async function seed(ctx: ApiTestContext) {
  const { keys } = await apiTenant(ctx);
  const admin = client(ctx.app, keys.admin);
  const customers = [
    {
      externalId: 'MUE-1',
      name: 'Müller Bau GmbH',
      legalName: 'Müller Bau GmbH & Co. KG',
      emails: ['ar@mueller-bau.example'],
      taxId: 'DE 123 456 789',
      creditLimit: '5000.00',
    },
    { externalId: 'ZET-1', name: 'Zeta Handel', emails: ['pay@zeta.example'] },
    { externalId: 'ALP-1', name: 'Alpha Logistik' },
    { externalId: 'CHF-1', name: 'Émile Durand SA', currency: 'CHF' },
  ];
  for (const c of customers) assert.equal((await admin.post('/v1/customers', c)).status, 201);
  // NET30: 2026-01-10 is due 2026-02-09 (50 days overdue on 2026-03-31); 2026-03-20 is not due.
  const mue = [
    await issue(admin, 'MUE-1', '2026-01-10', '1000.00'),
    await issue(admin, 'MUE-1', '2026-03-20', '10.00'),
  ];
  const zet = [await issue(admin, 'ZET-1', '2026-02-20', '200.00')];
  const alp = [
    await issue(admin, 'ALP-1', '2026-03-25', '4000.00'),
    await issue(admin, 'ALP-1', '2026-03-01', '5.00', 'USD'),
  ];
  assert.equal((await admin.post('/v1/credit/customers/ZET-1/hold', { reason: 'talks' })).status, 200);
  const collector = await admin.post('/v1/collectors', { name: 'Cora Collector', email: 'cora@example.com' });
  assert.equal(collector.status, 201);
  const assigned = await admin.post('/v1/assignments', {
    collector: collector.body.id,
    customers: ['MUE-1'],
  });
  assert.equal(assigned.status, 200, JSON.stringify(assigned.body));
  return { keys, api: client(ctx.app, keys.viewer), mue, zet, alp, collectorId: collector.body.id as string };
}

const sum = (amounts: string[]) =>
  (amounts.reduce((s, a) => s + Math.round(Number(a) * 100), 0) / 100).toFixed(2);

describe(`customer list (${backendName})`, () => {
  let ctx: ApiTestContext;
  let s: Awaited<ReturnType<typeof seed>>;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
    s = await seed(ctx);
  });
  after(() => ctx.close());

  it('shows open and overdue per currency, limit, hold and collector on each row', async () => {
    const res = await s.api.get('/v1/customers');
    assert.deepEqual(
      res.body.items.map((c: Item) => c.externalId),
      ['ALP-1', 'CHF-1', 'MUE-1', 'ZET-1'],
    );
    const byId = new Map<string, Item>(res.body.items.map((c: Item) => [c.externalId, c]));
    const mue = byId.get('MUE-1');
    assert.deepEqual(mue?.balances, [
      { currency: 'EUR', open: sum(s.mue.map((i) => i.total)), overdue: s.mue[0]?.total },
    ]);
    assert.equal(mue?.oldestOverdueDays, 50);
    assert.equal(mue?.creditLimit, '5000.00');
    assert.deepEqual(mue?.collector?.name, 'Cora Collector');
    assert.equal(mue?.onHold, false);
    const zet = byId.get('ZET-1');
    assert.deepEqual([zet?.onHold, zet?.holdKinds], [true, ['manual']]);
    assert.equal(zet?.oldestOverdueDays, 9, 'due 2026-03-22');
    assert.deepEqual(
      byId.get('ALP-1')?.balances.map((b) => b.currency),
      ['EUR', 'USD'],
    );
    assert.deepEqual(byId.get('CHF-1')?.balances, []);
    assert.equal(byId.get('CHF-1')?.oldestOverdueDays, null);
  });

  it('searches name, legal name, e-mail and tax id, ignoring case and accents', async () => {
    assert.deepEqual(await ids(s.api, 'search=muller'), ['MUE-1']);
    assert.deepEqual(await ids(s.api, 'search=M%C3%9CLLER%20BAU'), ['MUE-1']);
    assert.deepEqual(await ids(s.api, 'search=co.%20kg'), ['MUE-1'], 'legal name');
    assert.deepEqual(await ids(s.api, 'search=pay%40zeta'), ['ZET-1'], 'e-mail');
    assert.deepEqual(await ids(s.api, 'search=de123456789'), ['MUE-1'], 'tax id without spaces');
    assert.deepEqual(await ids(s.api, 'search=emile'), ['CHF-1']);
    assert.deepEqual(await ids(s.api, 'search=alp-'), ['ALP-1'], 'external id');
    assert.deepEqual(await ids(s.api, 'search=%25'), [], 'a % is a character, not a wildcard');
  });

  it('filters on hold, overdue, currency, collector and status', async () => {
    assert.deepEqual(await ids(s.api, 'onHold=true'), ['ZET-1']);
    assert.deepEqual(await ids(s.api, 'onHold=false'), ['ALP-1', 'CHF-1', 'MUE-1']);
    assert.deepEqual(await ids(s.api, 'hasOverdue=true'), ['MUE-1', 'ZET-1']);
    assert.deepEqual(await ids(s.api, 'hasOverdue=false'), ['ALP-1', 'CHF-1']);
    assert.deepEqual(await ids(s.api, 'currency=CHF'), ['CHF-1']);
    assert.deepEqual(await ids(s.api, `collector=${s.collectorId}`), ['MUE-1']);
    assert.deepEqual(await ids(s.api, 'collector=none'), ['ALP-1', 'CHF-1', 'ZET-1']);
    assert.deepEqual(await ids(s.api, 'status=blocked'), []);
    assert.deepEqual(await ids(s.api, 'hasOverdue=true&onHold=false&search=bau'), ['MUE-1']);
  });

  it('sorts by balances, days and name both ways, and pages without skipping or repeating', async () => {
    // Own-currency open: ALP 4000 + tax, MUE 1010 + tax, ZET 200 + tax, CHF 0.
    assert.deepEqual(await ids(s.api, 'sort=openBalance&order=desc'), ['ALP-1', 'MUE-1', 'ZET-1', 'CHF-1']);
    assert.deepEqual(await ids(s.api, 'sort=overdueBalance&order=desc'), [
      'MUE-1',
      'ZET-1',
      ...['ALP-1', 'CHF-1'].sort().reverse(),
    ]);
    assert.deepEqual(await ids(s.api, 'sort=oldestOverdueDays&order=desc&hasOverdue=true'), [
      'MUE-1',
      'ZET-1',
    ]);
    assert.deepEqual(
      (await ids(s.api, 'sort=name')).filter((id) => id !== 'CHF-1'),
      ['ALP-1', 'MUE-1', 'ZET-1'],
      'by name, case ignored (accents as the collation orders them)',
    );
    for (const q of [
      'sort=name&order=desc',
      'sort=openBalance',
      'sort=overdueBalance&order=desc',
      'sort=oldestOverdueDays',
    ]) {
      assert.deepEqual(await walk(s.api, q, 1), await ids(s.api, q), q);
    }
  });

  it('refuses a forged cursor and an unknown sort, naming the field', async () => {
    const forged = await s.api.get(`/v1/customers?cursor=${Buffer.from('c1:[1]').toString('base64url')}`);
    assert.deepEqual([forged.status, forged.body.errors[0].field], [422, 'cursor']);
    const sort = await s.api.get('/v1/customers?sort=balance');
    assert.deepEqual([sort.status, sort.body.errors[0].field], [422, 'sort']);
  });

  it("narrows the aging report to one customer's items", async () => {
    const mue = (await s.api.get('/v1/customers/MUE-1')).body;
    const res = await s.api.get(`/v1/reports/aging?customer=${mue.id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.reports.length, 1);
    const [eur] = res.body.reports;
    assert.deepEqual(
      eur.customers.map((c: { externalId: string }) => c.externalId),
      ['MUE-1'],
    );
    assert.equal(eur.total, sum(s.mue.map((i) => i.total)));
    assert.equal(eur.buckets['31-60'], s.mue[0]?.total, '50 days past due');
    assert.equal(
      (await s.api.get('/v1/reports/aging?customer=MUE-1')).status,
      422,
      'an id, not an external id',
    );
  });

  it('lets a viewer see but not hold, limit or send, and a collector not limit (403)', async () => {
    const viewer = client(ctx.app, s.keys.viewer);
    const collector = client(ctx.app, s.keys.collector);
    assert.equal((await viewer.post('/v1/credit/customers/MUE-1/hold', { reason: 'x' })).status, 403);
    assert.equal((await viewer.post('/v1/credit/customers/ZET-1/release', {})).status, 403);
    assert.equal((await viewer.post('/v1/credit/customers/MUE-1/limit', { limit: '1.00' })).status, 403);
    assert.equal((await viewer.post('/v1/customers/MUE-1/statement/send', {})).status, 403);
    assert.equal((await collector.post('/v1/credit/customers/MUE-1/limit', { limit: '1.00' })).status, 403);
    assert.equal((await collector.post('/v1/credit/customers/MUE-1/hold', { reason: 'x' })).status, 403);
    const unchanged = await viewer.get('/v1/customers?search=MUE-1');
    assert.deepEqual(
      [unchanged.body.items[0].creditLimit, unchanged.body.items[0].onHold],
      ['5000.00', false],
    );
  });

  it("answers one customer's row as its summary, by id or external id", async () => {
    const list = await s.api.get('/v1/customers?search=MUE-1');
    const summary = await s.api.get('/v1/customers/MUE-1/summary');
    assert.equal(summary.status, 200);
    assert.deepEqual(summary.body, list.body.items[0]);
    assert.deepEqual((await s.api.get(`/v1/customers/${summary.body.id}/summary`)).body, summary.body);
    assert.equal((await s.api.get('/v1/customers/NOPE/summary')).status, 404);
  });
});
