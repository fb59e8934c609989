/**
 * FX exposure and month-end revaluation through the API on both back ends. A EUR tenant with open
 * USD, GBP and JPY items (rates given at issue) and unapplied USD cash; the ECB-shaped rates of
 * 2026-11-30: 1 EUR = 1.05 USD, 0.87 GBP, 160 JPY. Worked by hand (each item rounded on its own):
 *   USD: 1,000.00 × 1/1.05 (0.9523809524) = 952.38 (carried 900.00); 333.33 → 317.46 (carried 300.00);
 *        unapplied −200.00 → −190.48 (carried −184.00): revalued 1,079.36 − carried 1,016.00 = +63.36.
 *   GBP: 500.00 × 1/0.87 (1.1494252874) = 574.71 (carried 600.00): −25.29.
 *   JPY: 100,000 × 1/160 (0.00625) = 625.00 (carried 650.00): −25.00.
 *   Posted on 11-30: 1190 Dr 63.36 / Cr 25.29 / Cr 25.00 against 7910 (net gain 13.07), reversed on 12-01.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, call, client, ok, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';
import { assertInvariants, tenantState } from '../helpers/invariants.ts';

type Api = ReturnType<typeof client>;
interface Line {
  accountCode: string;
  currency: string;
  amount: string;
  baseAmount: string;
}

const RATES = [
  'date,currency,rate',
  '2026-10-30,USD,1.10',
  '2026-10-30,GBP,0.85',
  '2026-11-30,USD,1.05',
  '2026-11-30,GBP,0.87',
  '2026-11-30,JPY,160',
].join('\n');

describe(`FX exposure and month-end revaluation (${backendName})`, () => {
  let ctx: ApiTestContext;
  let tenantId: string;
  let keys: Record<string, string>;
  let admin: Api;
  let accountant: Api;

  const invoice = (
    customer: string,
    issueDate: string,
    paymentTerms: string,
    amount: string,
    fxRate: string,
  ) =>
    ok(
      admin.post('/v1/invoices', {
        customer,
        issue: true,
        issueDate,
        paymentTerms,
        fxRate,
        lines: [{ description: 'Wartung Q4', quantity: '1', unitPrice: amount, taxRate: '0' }],
      }),
    );

  before(async () => {
    ctx = await openApiTestContext('2026-12-03T10:00:00Z');
    const t = await apiTenant(ctx);
    tenantId = t.tenant.tenantId;
    keys = t.keys;
    admin = client(ctx.app, keys.admin ?? null);
    accountant = client(ctx.app, keys.accountant ?? null);
    for (const [externalId, name, currency] of [
      ['US-0007', 'Mueller Sons Inc.', 'USD'],
      ['US-0007-B', 'Mueller & Sons Inc', 'USD'],
      ['GB-12', 'Brøndby Trading Ltd', 'GBP'],
      ['JP-3', '株式会社 山田', 'JPY'],
      ['DE-1', 'Müller GmbH', 'EUR'],
    ])
      await ok(admin.post('/v1/customers', { externalId, name, currency }));
    await ok(
      call(ctx.app, 'POST', '/v1/fx/rates', {
        key: keys.accountant ?? null,
        body: RATES,
        headers: { 'content-type': 'text/csv' },
      }),
    );
    await invoice('US-0007', '2026-10-15', 'NET30', '1000.00', '0.9');
    await invoice('US-0007-B', '2026-11-20', 'NET30', '333.33', '0.9');
    await invoice('GB-12', '2026-11-16', 'NET91', '500.00', '1.2');
    await invoice('JP-3', '2026-10-20', 'NET30', '100000', '0.0065');
    await invoice('DE-1', '2026-11-02', 'NET30', '100.00', '1');
    await ok(
      admin.post('/v1/receipts', {
        customer: 'US-0007',
        method: 'bank_transfer',
        receivedOn: '2026-11-20',
        amount: '200.00',
        currency: 'USD',
        fxRate: '0.92',
      }),
    );
  });
  after(() => ctx.close());

  it('reports the exposure per currency and maturity, at the documents’ rates and at the rates in force', async () => {
    const e = await ok(accountant.get('/v1/fx/exposure?asOf=2026-11-30'), 200);
    assert.equal(e.baseCurrency, 'EUR');
    const byCurrency = Object.fromEntries(
      e.currencies.map((c: Record<string, unknown>) => [
        c.currency,
        [c.items, c.amount, c.carryingBase, c.revaluedBase, c.difference],
      ]),
    );
    assert.deepEqual(byCurrency, {
      GBP: [1, '500.00', '600.00', '574.71', '-25.29'],
      JPY: [1, '100000', '650.00', '625.00', '-25.00'],
      USD: [3, '1133.33', '1016.00', '1079.36', '63.36'],
    });
    const usd = e.currencies.find((c: { currency: string }) => c.currency === 'USD');
    assert.deepEqual(usd.rate, { rate: '0.9523809524', rateDate: '2026-11-30', via: 'direct' });
    const buckets = Object.fromEntries(
      usd.buckets
        .filter((b: { items: number }) => b.items > 0)
        .map((b: Record<string, unknown>) => [b.bucket, [b.amount, b.carryingBase, b.revaluedBase]]),
    );
    assert.deepEqual(buckets, {
      overdue: ['1000.00', '900.00', '952.38'],
      due_0_30: ['333.33', '300.00', '317.46'],
      unapplied: ['-200.00', '-184.00', '-190.48'],
    });
    const gbp = e.currencies.find((c: { currency: string }) => c.currency === 'GBP');
    assert.equal(gbp.buckets.find((b: { bucket: string }) => b.bucket === 'due_61_90').amount, '500.00');
    const october = await ok(accountant.get('/v1/fx/exposure?asOf=2026-10-31'), 200);
    const jpy = october.currencies.find((c: { currency: string }) => c.currency === 'JPY');
    assert.deepEqual([jpy.rate, jpy.revaluedBase, jpy.difference], [null, null, null], 'no JPY rate then');
  });

  it('refuses a day that is no month end, a month not ended, a currency without a rate — and changes nothing', async () => {
    const before = await tenantState(ctx.deps.db, tenantId);
    const notEnd = await accountant.post('/v1/fx/revaluations', { asOf: '2026-11-29' });
    assert.equal(notEnd.status, 422);
    assert.equal(notEnd.body.errors[0].field, 'asOf');
    const notEnded = await accountant.post('/v1/fx/revaluations', { asOf: '2026-12-31' });
    assert.equal(notEnded.status, 422);
    const noRate = await accountant.post('/v1/fx/revaluations', { asOf: '2026-10-31' });
    assert.equal(noRate.status, 422);
    assert.match(noRate.body.detail, /for JPY against EUR/);
    assert.equal(
      (await client(ctx.app, keys.viewer ?? null).post('/v1/fx/revaluations', { asOf: '2026-11-30' })).status,
      403,
    );
    assert.equal(await tenantState(ctx.deps.db, tenantId), before);
  });

  it('posts the unrealised differences on the month end beside AR control and reverses them on the 1st, once', async () => {
    const r = await ok(accountant.post('/v1/fx/revaluations', { asOf: '2026-11-30' }));
    assert.equal(r.reversalDate, '2026-12-01');
    assert.deepEqual(
      r.currencies.map((c: Record<string, unknown>) => [c.currency, c.rate, c.difference]),
      [
        ['GBP', '1.1494252874', '-25.29'],
        ['JPY', '0.0062500000', '-25.00'],
        ['USD', '0.9523809524', '63.36'],
      ],
    );
    const entry = await ok(accountant.get(`/v1/ledger/entries/${r.entryId}`), 200);
    assert.deepEqual([entry.eventCode, entry.effectiveDate], ['fx.revalued', '2026-11-30']);
    const lines = (e: { lines: Line[] }) =>
      e.lines.map((l) => [l.accountCode, l.currency, l.amount, l.baseAmount]).sort();
    assert.deepEqual(lines(entry), [
      ['1190', 'GBP', '0.00', '-25.29'],
      ['1190', 'JPY', '0', '-25.00'],
      ['1190', 'USD', '0.00', '63.36'],
      ['7910', 'GBP', '0.00', '25.29'],
      ['7910', 'JPY', '0', '25.00'],
      ['7910', 'USD', '0.00', '-63.36'],
    ]);
    const reversal = await ok(accountant.get(`/v1/ledger/entries/${r.reversalEntryId}`), 200);
    assert.deepEqual([reversal.eventCode, reversal.effectiveDate], ['fx.revaluation_reversed', '2026-12-01']);
    assert.equal(reversal.lines.length, 6);
    await assertInvariants(ctx, tenantId);

    const before = await tenantState(ctx.deps.db, tenantId);
    const again = await accountant.post('/v1/fx/revaluations', { asOf: '2026-11-30' });
    assert.equal(again.status, 409);
    assert.equal(await tenantState(ctx.deps.db, tenantId), before);
    const listed = await ok(client(ctx.app, keys.viewer ?? null).get('/v1/fx/revaluations'), 200);
    assert.deepEqual(
      listed.items.map((i: { id: string; asOf: string }) => [i.id, i.asOf]),
      [[r.id, '2026-11-30']],
    );
  });

  it('leaves realised FX on settlement computed from the invoice’s own rate', async () => {
    const receipt = await atTime(ctx, '2026-12-05T10:00:00Z', () =>
      ok(
        admin.post('/v1/receipts', {
          customer: 'GB-12',
          method: 'bank_transfer',
          receivedOn: '2026-12-05',
          amount: '500.00',
          currency: 'GBP',
          fxRate: '1.15',
          allocations: [{ invoice: 'INV-000003', amount: '500.00' }],
        }),
      ),
    );
    const journal = await ok(admin.get('/v1/ledger/journal?limit=200'), 200);
    const realised = journal.items
      .filter((e: { source?: { id: string } | null; lines: Line[] }) =>
        e.lines.some((l) => l.accountCode === '7900'),
      )
      .flatMap((e: { lines: Line[] }) => e.lines)
      .filter((l: Line) => l.accountCode === '7900')
      .map((l: Line) => l.baseAmount);
    // 500.00 × 1.15 = 575.00 received against 600.00 carried at the invoice's 1.2: a loss of 25.00.
    assert.deepEqual(realised, ['25.00'], `receipt ${receipt.id}`);
    await assertInvariants(ctx, tenantId);
  });
});
