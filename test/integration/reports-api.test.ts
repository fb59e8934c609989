/**
 * The reports through HTTP: aging by customer and category, the items behind each figure (a
 * paged drill-down that sums to the figure), and the exports — CSV parsed and XLSX read back —
 * holding the API's own figures. Expected amounts are worked out by hand in the comments.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseCsv, recordsAsObjects } from '../../src/shared/csv.ts';
import { parseAmount } from '../../src/shared/money.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { readXlsx } from '../helpers/xlsx.ts';

type Api = ReturnType<typeof client>;

async function issue(api: Api, customer: string, issueDate: string, unitPrice: string, currency?: string) {
  const created = await api.post('/v1/invoices', {
    customer,
    issueDate,
    ...(currency ? { currency, fxRate: '0.0062' } : {}),
    lines: [{ description: 'Goods', quantity: '1', unitPrice }],
  });
  assert.equal(created.status, 201, created.text);
  const issued = await api.post(`/v1/invoices/${created.body.id}/issue`, {});
  assert.equal(issued.status, 200, issued.text);
  return issued.body;
}

/** Every item of a drill-down, page by page (`limit` per page). */
async function allItems(api: Api, query: string, limit: number) {
  const items = [];
  let cursor: string | null = null;
  do {
    const page = await api.get(
      `/v1/reports/aging/items?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    assert.equal(page.status, 200, page.text);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}

function sum(amounts: readonly string[], currency: string): bigint {
  return amounts.reduce((s, a) => s + parseAmount(a, currency), 0n);
}

describe(`reports API (${backendName})`, () => {
  let ctx: ApiTestContext;
  let api: Api;
  let viewer: Api;
  let wholesaleId: string;
  let viewerKey: string;
  /** An export's bytes (inject keeps them; the client reads text). */
  const bytesOf = async (url: string) => {
    const res = await ctx.app.inject({
      method: 'GET',
      url,
      headers: { authorization: `Bearer ${viewerKey}` },
    });
    assert.equal(res.statusCode, 200, res.body);
    return res;
  };
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
    const { keys } = await apiTenant(ctx);
    viewerKey = keys.viewer;
    api = client(ctx.app, keys.accountant);
    viewer = client(ctx.app, keys.viewer);
    const category = await api.post('/v1/categories', { name: 'Wholesale' });
    assert.equal(category.status, 201, category.text);
    wholesaleId = category.body.id;
    await api.post('/v1/customers', { externalId: 'A', name: 'Alpha GmbH', category: 'Wholesale' });
    await api.post('/v1/customers', { externalId: 'B', name: 'Beta AG' });
    await api.post('/v1/customers', { externalId: 'J', name: 'Japan KK', currency: 'JPY' });
    // NET30. A: due 2026-03-03 (28 days → 1–30) 100.00; due 2026-01-01 (89 → 61–90) 200.00;
    // due 2026-04-10 (current) 50.25. B: due 2025-12-01 (120 → 91+) 300.00. J: ¥12,000 1–30.
    await issue(api, 'A', '2026-02-01', '100.00');
    await issue(api, 'A', '2025-12-02', '200.00');
    await issue(api, 'A', '2026-03-11', '50.25');
    await issue(api, 'B', '2025-11-01', '300.00');
    await issue(api, 'J', '2026-02-01', '12000', 'JPY');
    await api.post('/v1/receipts', {
      customer: 'B',
      method: 'bank_transfer',
      receivedOn: '2026-03-20',
      amount: '40.00',
    });
  });
  after(() => ctx.close());

  it('sums the customers per category, the uncategorised last', async () => {
    const res = await viewer.get('/v1/reports/aging');
    assert.equal(res.status, 200);
    const eur = res.body.reports.find((r: { currency: string }) => r.currency === 'EUR');
    assert.equal(eur.total, '650.25');
    assert.equal(eur.unapplied, '40.00');
    const alpha = eur.customers.find((c: { externalId: string }) => c.externalId === 'A');
    assert.equal(alpha.categoryId, wholesaleId);
    assert.equal(alpha.category, 'Wholesale');
    assert.deepEqual(
      eur.categories.map((c: { name: string | null; customerCount: number; total: string }) => [
        c.name,
        c.customerCount,
        c.total,
      ]),
      [
        ['Wholesale', 1, '350.25'],
        [null, 1, '300.00'],
      ],
    );
    assert.deepEqual(eur.categories[0].buckets, {
      current: '50.25',
      '1-30': '100.00',
      '31-60': '0.00',
      '61-90': '200.00',
      '91+': '0.00',
    });
    assert.equal(eur.categories[1].unapplied, '40.00');
  });

  it('lists the items behind a figure, page by page, summing to it', async () => {
    const all = await allItems(api, 'currency=EUR', 1);
    assert.deepEqual(
      all.map((i: { dueDate: string; open: string; bucket: string; customerExternalId: string }) => [
        i.customerExternalId,
        i.dueDate,
        i.open,
        i.bucket,
      ]),
      [
        ['B', '2025-12-01', '300.00', '91+'],
        ['A', '2026-01-01', '200.00', '61-90'],
        ['A', '2026-03-03', '100.00', '1-30'],
        ['A', '2026-04-10', '50.25', 'current'],
      ],
      'oldest due first, no page repeats or skips an item',
    );
    assert.equal(all[0].days, 120);
    assert.equal(all[0].total, '300.00');
    const bucket = await allItems(api, 'currency=EUR&bucket=61-90', 50);
    assert.deepEqual(
      bucket.map((i: { open: string }) => i.open),
      ['200.00'],
    );
    const wholesale = await allItems(api, `currency=EUR&category=${wholesaleId}`, 2);
    assert.equal(
      sum(
        wholesale.map((i: { open: string }) => i.open),
        'EUR',
      ),
      35025n,
    );
    const none = await allItems(api, 'currency=EUR&category=none', 50);
    assert.deepEqual(
      none.map((i: { customerExternalId: string }) => i.customerExternalId),
      ['B'],
    );
    const report = (await api.get('/v1/reports/aging')).body.reports[0];
    const alpha = report.customers.find((c: { externalId: string }) => c.externalId === 'A');
    const ofAlpha = await allItems(api, `currency=EUR&customer=${alpha.customerId}`, 50);
    assert.equal(
      sum(
        ofAlpha.map((i: { open: string }) => i.open),
        'EUR',
      ),
      parseAmount(alpha.total, 'EUR'),
    );
    const yen = await allItems(api, 'currency=JPY', 50);
    assert.deepEqual(
      yen.map((i: { open: string }) => i.open),
      ['12000'],
    );
  });

  it('rebuilds the items of a past date from the ledger, as the report does', async () => {
    // As of 2026-02-15: the invoices of 2026-03-11 did not exist; 2026-02-01's was not yet due.
    const report = (await api.get('/v1/reports/aging?asOf=2026-02-15')).body.reports.find(
      (r: { currency: string }) => r.currency === 'EUR',
    );
    const items = await allItems(api, 'currency=EUR&asOf=2026-02-15', 50);
    assert.equal(
      sum(
        items.map((i: { open: string }) => i.open),
        'EUR',
      ),
      parseAmount(report.total, 'EUR'),
    );
    assert.equal(report.total, '600.00');
    const current = await allItems(api, 'currency=EUR&asOf=2026-02-15&bucket=current', 50);
    assert.deepEqual(
      current.map((i: { open: string }) => i.open),
      ['100.00'],
    );
  });

  it('refuses a drill-down it cannot answer, naming the field', async () => {
    const noCurrency = await api.get('/v1/reports/aging/items');
    assert.equal(noCurrency.status, 422);
    assert.ok(noCurrency.body.errors.some((e: { field: string }) => e.field === 'currency'));
    const badCategory = await api.get('/v1/reports/aging/items?currency=EUR&category=wholesale');
    assert.equal(badCategory.status, 422);
    const badCursor = await api.get('/v1/reports/aging/items?currency=EUR&cursor=bm9wZQ');
    assert.equal(badCursor.status, 422);
    assert.equal(badCursor.body.errors[0].field, 'cursor');
    assert.equal((await client(ctx.app, null).get('/v1/reports/aging/export')).status, 401);
  });

  it('exports the aging as CSV whose rows sum to the report', async () => {
    const res = await viewer.get('/v1/reports/aging/export?format=csv');
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(
      String(res.headers['content-disposition']),
      /attachment; filename="aging-2026-03-31-customers\.csv"/,
    );
    const table = parseCsv(res.text);
    assert.deepEqual(table.header, [
      'currency',
      'customer_external_id',
      'customer_name',
      'category',
      'current',
      'days_1_30',
      'days_31_60',
      'days_61_90',
      'days_91_plus',
      'total',
      'unapplied',
    ]);
    const rows = table.rows.map((r) => recordsAsObjects(table.header, r));
    assert.deepEqual(rows[0], {
      currency: 'EUR',
      customer_external_id: 'A',
      customer_name: 'Alpha GmbH',
      category: 'Wholesale',
      current: '50.25',
      days_1_30: '100.00',
      days_31_60: '0.00',
      days_61_90: '200.00',
      days_91_plus: '0.00',
      total: '350.25',
      unapplied: '0.00',
    });
    const report = (await viewer.get('/v1/reports/aging')).body.reports;
    for (const r of report) {
      const mine = rows.filter((row) => row.currency === r.currency);
      assert.equal(
        sum(
          mine.map((row) => row.total ?? ''),
          r.currency,
        ),
        parseAmount(r.total, r.currency),
      );
      assert.equal(
        sum(
          mine.map((row) => row.unapplied ?? ''),
          r.currency,
        ),
        parseAmount(r.unapplied, r.currency),
      );
    }
    assert.equal(rows.find((row) => row.currency === 'JPY')?.total, '12000', 'JPY has no decimals');

    const items = parseCsv(
      (await viewer.get('/v1/reports/aging/export?format=csv&view=items&currency=EUR')).text,
    );
    assert.equal(items.rows.length, 4);
    assert.equal(
      items.header.join(','),
      'currency,invoice_number,customer_external_id,customer_name,issue_date,due_date,days,bucket,total,open,payment_reference',
    );
    const categories = parseCsv((await viewer.get('/v1/reports/aging/export?view=categories')).text);
    assert.deepEqual(
      categories.rows.map((r) => r.values.slice(0, 3)),
      [
        ['EUR', 'Wholesale', '1'],
        ['EUR', '', '1'],
        ['JPY', '', '1'],
      ],
    );
  });

  it('exports the aging as an XLSX workbook holding the same numbers', async () => {
    const res = await bytesOf('/v1/reports/aging/export?format=xlsx');
    assert.equal(
      res.headers['content-type'],
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const [customers, totals] = readXlsx(res.rawPayload);
    assert.equal(customers?.name, 'Customers');
    assert.equal(totals?.name, 'Totals');
    assert.deepEqual(totals?.rows[1]?.slice(0, 3), [
      { type: 's', value: 'EUR', format: 'General' },
      { type: 'd', value: '2026-03-31', format: 'yyyy-mm-dd' },
      { type: 's', value: 'due_date', format: 'General' },
    ]);
    assert.deepEqual(totals?.rows[1]?.[8], { type: 'n', value: '650.25', format: '#,##0.00' });
    assert.deepEqual(totals?.rows[2]?.[8], { type: 'n', value: '12000', format: '#,##0' });
    const alpha = customers?.rows.find((r) => r[1]?.value === 'A');
    assert.deepEqual(alpha?.[9], { type: 'n', value: '350.25', format: '#,##0.00' });
  });

  it('exports the trial balance and the reconciliation with the API’s figures', async () => {
    const tb = (await viewer.get('/v1/ledger/trial-balance')).body;
    const csv = parseCsv((await viewer.get('/v1/ledger/trial-balance/export?format=csv')).text);
    assert.equal(csv.rows.length, tb.lines.length);
    const ar = csv.rows
      .map((r) => recordsAsObjects(csv.header, r))
      .find((r) => r.account_code === '1200' && r.currency === 'EUR');
    const arLine = tb.lines.find(
      (l: { accountCode: string; currency: string }) => l.accountCode === '1200' && l.currency === 'EUR',
    );
    assert.equal(ar?.balance, arLine.balance);
    const rec = (await viewer.get('/v1/ledger/reconciliation')).body;
    const recCsv = parseCsv((await viewer.get('/v1/ledger/reconciliation/export')).text);
    assert.deepEqual(
      recCsv.rows.map((r) => r.values),
      rec.currencies.map(
        (c: { currency: string; arControl: string; subledger: string; difference: string }) => [
          c.currency,
          c.arControl,
          c.subledger,
          c.difference,
        ],
      ),
    );
    const xlsx = await bytesOf('/v1/ledger/trial-balance/export?format=xlsx');
    const [sheet, totals] = readXlsx(xlsx.rawPayload);
    assert.equal(sheet?.rows.length, tb.lines.length + 1);
    assert.equal(totals?.rows.at(-1)?.[3]?.value, tb.baseTotals.balance);
  });
});
