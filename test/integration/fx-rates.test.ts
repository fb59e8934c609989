/**
 * Exchange rates through the API on both back ends: the ECB's files imported (XML and its CSV), the
 * rate in force on a day (direct for a EUR tenant, through the euro for a CHF tenant), and the
 * documents that take it when no rate is given. Worked by hand from test/fixtures/fx:
 *   EUR per USD on 2026-12-03 = 1 / 1.0498 = 0.9525623928; on 2026-12-04 = 1 / 1.0543 = 0.9484966328.
 *   CHF per USD on 2026-12-04 = 0.9312 / 1.0543 = 0.8832400645.
 *   A USD 1,000.00 invoice issued 12-03 books EUR 952.56; USD 1,000.00 received 12-04 is EUR 948.50;
 *   applying it books the realised loss EUR 4.06.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, call, client, ok, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';
import { assertInvariants, tenantState } from '../helpers/invariants.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/fx/${name}`, import.meta.url), 'utf8');
type Api = ReturnType<typeof client>;

describe(`exchange rates (${backendName})`, () => {
  let ctx: ApiTestContext;
  let tenantId: string;
  let keys: Record<string, string>;
  let admin: Api;
  const upload = (key: string, body: string, type = 'application/xml', query = '') =>
    call(ctx.app, 'POST', `/v1/fx/rates${query}`, { key, body, headers: { 'content-type': type } });
  const at = <T>(day: string, fn: () => Promise<T>) => atTime(ctx, `${day}T10:00:00Z`, fn);

  before(async () => {
    ctx = await openApiTestContext('2026-12-03T10:00:00Z');
    const t = await apiTenant(ctx);
    tenantId = t.tenant.tenantId;
    keys = t.keys;
    admin = client(ctx.app, keys.admin ?? null);
    await ok(
      admin.post('/v1/customers', { externalId: 'US-0007', name: 'Mueller Sons Inc.', currency: 'USD' }),
    );
    await ok(
      admin.post('/v1/customers', { externalId: 'US-0007-B', name: 'Mueller & Sons Inc', currency: 'USD' }),
    );
  });
  after(() => ctx.close());

  it('imports the ECB XML, then its CSV: new, unchanged and changed rates counted; a viewer may not', async () => {
    assert.equal((await upload(keys.viewer as string, fixture('eurofxref-sample.xml'))).status, 403);
    const first = await ok(upload(keys.accountant as string, fixture('eurofxref-sample.xml')));
    assert.deepEqual(first, {
      format: 'ecb-xml',
      quotes: 12,
      inserted: 12,
      changed: 0,
      unchanged: 0,
      firstDate: '2026-12-03',
      lastDate: '2026-12-04',
      currencies: ['CHF', 'GBP', 'HUF', 'JPY', 'SEK', 'USD'],
    });
    const csv = await ok(upload(keys.accountant as string, fixture('eurofxref-hist-sample.csv'), 'text/csv'));
    assert.deepEqual([csv.format, csv.quotes, csv.inserted, csv.changed, csv.unchanged], ['csv', 8, 0, 0, 8]);
    const own = await ok(
      upload(
        keys.accountant as string,
        'date,currency,rate\n2026-11-02,USD,1.06\n',
        'text/csv',
        '?source=treasury',
      ),
    );
    assert.deepEqual([own.inserted, own.changed], [1, 0]);
    const corrected = await ok(
      upload(
        keys.accountant as string,
        'date,currency,rate\n2026-11-02,USD,1.0600\n2026-11-02,GBP,0.87\n',
        'text/csv',
      ),
    );
    assert.deepEqual(
      [corrected.inserted, corrected.changed, corrected.unchanged],
      [1, 0, 1],
      '1.0600 is 1.06',
    );
    const changed = await ok(
      upload(
        keys.accountant as string,
        'date,currency,rate\n2026-11-02,USD,1.0612\n',
        'text/csv',
        '?source=treasury',
      ),
    );
    assert.deepEqual([changed.inserted, changed.changed, changed.unchanged], [0, 1, 0]);
    const listed = await ok(admin.get('/v1/fx/rates?currency=usd&to=2026-12-03'), 200);
    assert.deepEqual(
      listed.items.map(
        (r: { rateDate: string; rate: string; source: string }) => `${r.rateDate} ${r.rate} ${r.source}`,
      ),
      ['2026-12-03 1.0498 ecb', '2026-11-02 1.0612 treasury'],
    );
  });

  it('refuses a bad file whole, naming each line and field, and changes nothing', async () => {
    const before = await tenantState(ctx.deps.db, tenantId);
    const res = await upload(
      keys.accountant as string,
      'date,currency,rate\n2026-12-07,USD,1.0601\n2026-12-07,US,1.1\n2026-12-07,GBP,0,83\n',
      'text/csv',
    );
    assert.equal(res.status, 422, res.text);
    assert.deepEqual(
      res.body.errors.map((e: { line: number; field: string }) => `${e.line} ${e.field}`),
      ['3 currency', '4 rate'],
    );
    assert.equal(await tenantState(ctx.deps.db, tenantId), before);
  });

  it('gives the rate in force: the latest quote on or before the day, stale after 10 days, 404 without one', async () => {
    const saturday = await ok(admin.get('/v1/fx/rates/in-force?currency=USD&date=2026-12-05'), 200);
    assert.deepEqual(saturday, {
      currency: 'USD',
      baseCurrency: 'EUR',
      date: '2026-12-05',
      rate: '0.9484966328',
      rateDate: '2026-12-04',
      via: 'direct',
      source: 'ecb',
      stale: false,
    });
    const late = await ok(admin.get('/v1/fx/rates/in-force?currency=USD&date=2026-12-20'), 200);
    assert.equal(late.stale, true);
    assert.equal((await admin.get('/v1/fx/rates/in-force?currency=NOK&date=2026-12-05')).status, 404);
    const chf = await apiTenant(ctx, 'CHF');
    await ok(upload(chf.keys.accountant as string, fixture('eurofxref-sample.xml')));
    const cross = await ok(
      client(ctx.app, chf.keys.viewer as string).get('/v1/fx/rates/in-force?currency=USD&date=2026-12-04'),
      200,
    );
    assert.deepEqual([cross.rate, cross.via, cross.baseCurrency], ['0.8832400645', 'EUR', 'CHF']);
  });

  it('an invoice and a receipt without a rate take the rate in force; applying books the realised difference', async () => {
    const draft = await ok(
      admin.post('/v1/invoices', {
        customer: 'US-0007',
        lines: [{ description: 'Consulting', quantity: '1', unitPrice: '1000.00', taxRate: '0' }],
      }),
    );
    assert.equal(
      draft.fxRate,
      '0.9525623928',
      'a draft without an issue date: the rate in force today (12-03)',
    );
    const issued = await at('2026-12-04', () => ok(admin.post(`/v1/invoices/${draft.id}/issue`, {}), 200));
    assert.equal(issued.fxRate, '0.9484966328', 'issued on 12-04: the rate in force that day');
    const given = await ok(
      admin.post('/v1/invoices', {
        customer: 'US-0007-B',
        issue: true,
        issueDate: '2026-12-03',
        fxRate: '0.95',
        lines: [{ description: 'Consulting', quantity: '1', unitPrice: '1000.00', taxRate: '0' }],
      }),
    );
    assert.equal(given.fxRate, '0.95');
    const old = await ok(
      admin.post('/v1/invoices', {
        customer: 'US-0007',
        issue: true,
        issueDate: '2026-12-03',
        lines: [{ description: 'Licence', quantity: '1', unitPrice: '1000.00', taxRate: '0' }],
      }),
    );
    assert.equal(old.fxRate, '0.9525623928');
    const receipt = await at('2026-12-04', () =>
      ok(
        admin.post('/v1/receipts', {
          customer: 'US-0007',
          method: 'bank_transfer',
          receivedOn: '2026-12-04',
          amount: '1000.00',
          currency: 'USD',
          allocations: [{ invoice: old.number, amount: '1000.00' }],
        }),
      ),
    );
    assert.equal(receipt.fxRate, '0.9484966328');
    const journal = await ok(admin.get('/v1/ledger/journal?limit=200'), 200);
    const fx = journal.items
      .flatMap((e: { lines: { accountCode: string; baseAmount: string }[] }) => e.lines)
      .filter((l: { accountCode: string }) => l.accountCode === '7900');
    assert.deepEqual(
      fx.map((l: { baseAmount: string }) => l.baseAmount),
      ['4.06'],
    );
    await assertInvariants(ctx, tenantId);
  });

  it('refuses a foreign-currency invoice with neither a rate given nor one in force, naming fxRate', async () => {
    const res = await admin.post('/v1/invoices', {
      customer: 'US-0007',
      issue: true,
      issueDate: '2027-01-20',
      lines: [{ description: 'Consulting', quantity: '1', unitPrice: '10.00' }],
    });
    assert.equal(res.status, 422, res.text);
    assert.match(
      res.body.detail,
      /no exchange rate linking USD and EUR was imported for the 10 days up to 2027-01-20/,
    );
    assert.deepEqual(
      res.body.errors.map((e: { field: string }) => e.field),
      ['fxRate'],
    );
  });
});
