/**
 * GET /v1/reports/kpis: the activity KPIs (paid within terms, days to pay and late, unapplied cash
 * and its age, auto-application, disputes, promises) over a first quarter worked out by hand (the
 * comments), in a tenant whose history was made through the API with the clock at each day —
 * including a bank statement that cash application books by itself. NET30 throughout.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { kpi } from '../../src/cli/commands/kpi.ts';
import { memoryIo } from '../../src/cli/io.ts';
import type { Runtime } from '../../src/main.ts';
import { type ApiTestContext, apiTenant, client, ok, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';

type Api = ReturnType<typeof client>;

const OUR_IBAN = 'DE02120300000000202051';

/** A camt.053 statement with one credit booked on `day`. */
function camt(day: string, amount: string, name: string, text: string) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>KPI-${day}</MsgId><CreDtTm>${day}T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>KPI-${day}</Id><CreDtTm>${day}T06:00:00</CreDtTm>
    <Acct><Id><IBAN>${OUR_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
    <Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
      <BookgDt><Dt>${day}</Dt></BookgDt><AcctSvcrRef>REF-${day}</AcctSvcrRef>
      <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>${name}</Nm></Dbtr></RltdPties>
        <RmtInf><Ustrd>${text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
  </Stmt></BkToCstmrStmt></Document>`;
}

/** The activity KPIs of a period (the report's other KPIs are kpi-api.test.ts's). */
function activityOf(kpis: Record<string, unknown>) {
  const keys = [
    'paidWithinTermsPct',
    'paidWithinTermsAmountPct',
    'averageDaysToPay',
    'averageDaysToPayWeighted',
    'averageDaysLate',
    'averageDaysLateWeighted',
    'unappliedAgeDays',
    'autoApplicationPct',
    'autoApplicationAmountPct',
    'disputeRatePct',
    'averageDaysToResolve',
    'promiseKeptPct',
  ];
  return Object.fromEntries(keys.map((k) => [k, kpis[k]]));
}

describe(`KPI report API: activity KPIs (${backendName})`, () => {
  let ctx: ApiTestContext;
  let api: Api;
  let viewer: Api;
  let tenant: Runtime['tenant'];
  const at = <T>(day: string, fn: () => Promise<T>) => atTime(ctx, `${day}T10:00:00Z`, fn);
  before(async () => {
    ctx = await openApiTestContext('2026-04-15T12:00:00Z');
    const made = await apiTenant(ctx);
    const { keys } = made;
    tenant = made.tenant;
    api = client(ctx.app, keys.admin);
    viewer = client(ctx.app, keys.viewer);
    await ok(api.post('/v1/customers', { externalId: 'K-7', name: 'Brückner Holzbau KG' }));
    await ok(api.post('/v1/customers', { externalId: 'K-7a', name: 'Brückner Holzbau KG Nord' }));
    await history();
  });
  after(() => ctx.close());

  const issue = (customer: string, issueDate: string, unitPrice: string) =>
    at(issueDate, async () => {
      const draft = await ok(
        api.post('/v1/invoices', {
          customer,
          issueDate,
          lines: [{ description: 'Zuschnitt', quantity: '1', unitPrice }],
        }),
      );
      return ok(api.post(`/v1/invoices/${draft.id}/issue`, {}), 200);
    });
  const pay = (customer: string, day: string, amount: string, invoice?: { number: string; amount: string }) =>
    at(day, () =>
      ok(
        api.post('/v1/receipts', {
          customer,
          method: 'bank_transfer',
          receivedOn: day,
          amount,
          ...(invoice ? { allocations: [{ invoice: invoice.number, amount: invoice.amount }] } : {}),
        }),
      ),
    );

  async function history() {
    const c1 = await issue('K-7', '2026-01-05', '1000.00'); // due 02-04
    const c2 = await issue('K-7', '2026-01-10', '3000.00'); // due 02-09
    const c3 = await issue('K-7a', '2026-01-15', '500.00'); // due 02-14
    const d3 = await at('2026-01-20', () =>
      ok(api.post('/v1/disputes', { invoice: c3.number, reason: 'quality' })),
    );
    await pay('K-7', '2026-01-30', '1000.00', { number: c1.number, amount: '1000.00' });
    await pay('K-7', '2026-02-01', '1000.00', { number: c2.number, amount: '1000.00' });
    await at('2026-02-01', () =>
      ok(api.post('/v1/promises', { customer: 'K-7', invoices: [c2.number], promisedOn: '2026-02-19' })),
    );
    await at('2026-02-01', () =>
      ok(api.post('/v1/promises', { customer: 'K-7a', invoices: [c3.number], promisedOn: '2026-02-10' })),
    );
    const c4 = await issue('K-7a', '2026-02-02', '200.00'); // due 03-04
    await at('2026-02-03', () =>
      ok(api.post(`/v1/disputes/${d3.id}/reject`, { reason: 'Ware einwandfrei' }), 200),
    );
    const d2 = await at('2026-02-05', () =>
      ok(api.post('/v1/disputes', { invoice: c2.number, reason: 'pricing' })),
    );
    await pay('K-7a', '2026-02-10', '300.00'); // unapplied, stays so
    // C3's promise is judged the day after its last day (a later write-off would leave nothing to keep).
    await at('2026-02-14', () => ok(api.post('/v1/promises/check', {}), 200));
    await pay('K-7', '2026-02-19', '2000.00', { number: c2.number, amount: '2000.00' });
    await at('2026-02-20', () =>
      ok(api.post(`/v1/invoices/${c3.id}/write-off`, { reason: 'insolvent', date: '2026-02-20' }), 200),
    );
    await at('2026-02-25', () => ok(api.post('/v1/promises/check', {}), 200));
    // C4 paid by bank transfer on its due day, booked by cash application by itself.
    await at('2026-03-05', async () => {
      const statement = camt('2026-03-04', '200.00', 'Brückner Holzbau KG Nord', `Rechnung ${c4.number}`);
      await ok(api.post('/v1/bank/statements', statement, { 'content-type': 'application/xml' }));
      const run = await ok(api.post('/v1/cash-application/run', {}), 200);
      assert.equal(run.summary.applied, 1, JSON.stringify(run));
    });
    await at('2026-03-07', () =>
      ok(api.post(`/v1/disputes/${d2.id}/reject`, { reason: 'Preis vereinbart' }), 200),
    );
    await pay('K-7', '2026-03-20', '50.00'); // unapplied
  }

  it('gives each month its settlements, unapplied cash, receipts, disputes and promises, worked by hand', async () => {
    const res = await viewer.get('/v1/reports/kpis?from=2026-01&to=2026-03');
    assert.equal(res.status, 200, res.text);
    const [jan, feb, mar] = res.body.months;
    // January: C1 settled 01-30 within terms (25 days after issue); one receipt, by hand; 3 invoices
    // issued, 1 disputed; nothing unapplied; no promise due.
    assert.deepEqual(jan.activity, {
      settled: { invoices: 1, withinTerms: 1, amount: '1000.00', amountWithinTerms: '1000.00' },
      unapplied: { amount: '0.00', oldestDays: null },
      receipts: { count: 1, auto: 0 },
      disputes: { invoicesIssued: 3, opened: 1, closed: 0 },
      promises: { due: 0, kept: 0 },
    });
    assert.deepEqual(activityOf(jan.kpis), {
      paidWithinTermsPct: 100,
      paidWithinTermsAmountPct: 100,
      averageDaysToPay: 25,
      averageDaysToPayWeighted: 25,
      averageDaysLate: 0,
      averageDaysLateWeighted: 0,
      unappliedAgeDays: null,
      autoApplicationPct: 0,
      autoApplicationAmountPct: 0,
      disputeRatePct: 33.33,
      averageDaysToResolve: null,
      promiseKeptPct: null,
    });
    // February: C2 settled 02-19, 10 days after its due date 02-09, 40 after issue; C3 written off
    // (not paid: not counted); 300.00 unapplied since 02-10 (18 days at 02-28); three receipts by
    // hand; C4 issued and C2 disputed; C3's dispute rejected after 14 days; C2's promise (keep by
    // 02-22) kept, C3's (keep by 02-13) broken.
    assert.deepEqual(feb.activity, {
      settled: { invoices: 1, withinTerms: 0, amount: '3000.00', amountWithinTerms: '0.00' },
      unapplied: { amount: '300.00', oldestDays: 18 },
      receipts: { count: 3, auto: 0 },
      disputes: { invoicesIssued: 1, opened: 1, closed: 1 },
      promises: { due: 2, kept: 1 },
    });
    assert.deepEqual(activityOf(feb.kpis), {
      paidWithinTermsPct: 0,
      paidWithinTermsAmountPct: 0,
      averageDaysToPay: 40,
      averageDaysToPayWeighted: 40,
      averageDaysLate: 10,
      averageDaysLateWeighted: 10,
      unappliedAgeDays: 18,
      autoApplicationPct: 0,
      autoApplicationAmountPct: 0,
      disputeRatePct: 100,
      averageDaysToResolve: 14,
      promiseKeptPct: 50,
    });
    // March: C4 settled on its due day 03-04 (30 days after issue) by the automatic booking; a
    // second receipt of 50.00 by hand stays unapplied: 1 of 2 receipts automatic, 200 of 250 by
    // amount; unapplied 300.00 (49 days) + 50.00 (11 days) → (300 × 49 + 50 × 11) ÷ 350 = 43.57,
    // the oldest 49; C2's dispute rejected after 30 days; no invoice issued: dispute rate undefined.
    assert.deepEqual(mar.activity, {
      settled: { invoices: 1, withinTerms: 1, amount: '200.00', amountWithinTerms: '200.00' },
      unapplied: { amount: '350.00', oldestDays: 49 },
      receipts: { count: 2, auto: 1 },
      disputes: { invoicesIssued: 0, opened: 0, closed: 1 },
      promises: { due: 0, kept: 0 },
    });
    assert.deepEqual(activityOf(mar.kpis), {
      paidWithinTermsPct: 100,
      paidWithinTermsAmountPct: 100,
      averageDaysToPay: 30,
      averageDaysToPayWeighted: 30,
      averageDaysLate: 0,
      averageDaysLateWeighted: 0,
      unappliedAgeDays: 43.57,
      autoApplicationPct: 50,
      autoApplicationAmountPct: 80,
      disputeRatePct: null,
      averageDaysToResolve: 30,
      promiseKeptPct: null,
    });
  });

  it('sums the quarter’s activity and takes its unapplied cash at the quarter end', async () => {
    const { body } = await viewer.get('/v1/reports/kpis?from=2026-01&to=2026-03');
    const [q1] = body.quarters;
    // 3 invoices paid, 2 within terms (1,200 of 4,200); days to pay (25 + 40 + 30) ÷ 3 = 31.67,
    // weighted (25 × 1,000 + 40 × 3,000 + 30 × 200) ÷ 4,200 = 35.95; late 10 ÷ 3 = 3.33, weighted
    // 10 × 3,000 ÷ 4,200 = 7.14; receipts 1 of 6 automatic, 200 of 4,550; disputes 2 of 4 invoices,
    // resolved in (14 + 30) ÷ 2 = 22 days; promises 1 kept of 2.
    assert.deepEqual(activityOf(q1.kpis), {
      paidWithinTermsPct: 66.67,
      paidWithinTermsAmountPct: 28.57,
      averageDaysToPay: 31.67,
      averageDaysToPayWeighted: 35.95,
      averageDaysLate: 3.33,
      averageDaysLateWeighted: 7.14,
      unappliedAgeDays: 43.57,
      autoApplicationPct: 16.67,
      autoApplicationAmountPct: 4.4,
      disputeRatePct: 50,
      averageDaysToResolve: 22,
      promiseKeptPct: 50,
    });
  });

  /** `cashloop kpi` on this tenant and back end, on the test's clock (the CLI's runtime needs only these). */
  async function cli(values: Record<string, string | boolean>) {
    const io = memoryIo();
    const runtime = { deps: ctx.deps, tenant } as unknown as Runtime;
    const code = await kpi.run({ runtime, io, values, positionals: [] });
    return { code, stdout: io.out.join(''), stderr: io.err.join('') };
  }

  it('cashloop kpi --json prints one row per month and currency from the same report, decimals as strings', async () => {
    const { code, stdout } = await cli({ from: '2026-01', to: '2026-04', json: true });
    assert.equal(code, 0);
    const { kpis } = JSON.parse(stdout);
    // Only EUR has receivables; April counts up to today (04-15).
    assert.deepEqual(
      kpis.map((r: { month: string; currency: string; partial: boolean }) => [
        r.month,
        r.currency,
        r.partial,
      ]),
      [
        ['2026-01', 'EUR', false],
        ['2026-02', 'EUR', false],
        ['2026-03', 'EUR', false],
        ['2026-04', 'EUR', true],
      ],
    );
    const api = (await viewer.get('/v1/reports/kpis?from=2026-01&to=2026-04')).body.months;
    const feb = kpis[1];
    // February: AR 2,000 (C2 paid, C3 written off, C4 200 current) … the API's figures, as strings.
    assert.equal(feb.dso, api[1].kpis.dso === null ? null : api[1].kpis.dso.toFixed(2));
    assert.equal(feb.cei, api[1].kpis.cei === null ? null : api[1].kpis.cei.toFixed(2));
    assert.deepEqual(
      [feb.paidWithinTermsPct, feb.avgDaysLate, feb.unappliedAgeDays, feb.disputeRatePct, feb.promiseKeptPct],
      ['0.00', '10.00', '18.00', '100.00', '50.00'],
    );
    assert.deepEqual([kpis[2].autoApplicationPct, kpis[2].unappliedAgeDays], ['50.00', '43.57']);
    for (const key of [
      'month',
      'currency',
      'dso',
      'bpdso',
      'add',
      'cei',
      'pctCurrent',
      'pctOver90',
      'paidWithinTermsPct',
    ])
      assert.ok(key in feb, `row has ${key}`);
  });

  it('cashloop kpi prints a table, and refuses a bad month or currency with one line', async () => {
    const shown = await cli({ from: '2026-03', to: '2026-03', currency: 'eur' });
    assert.equal(shown.code, 0);
    assert.match(shown.stdout, /MONTH\s+CUR\s+DSO/);
    assert.match(shown.stdout, /2026-03\s+EUR/);
    assert.match(shown.stdout, /43\.57/);
    await assert.rejects(() => cli({ from: '2026-3', to: '2026-03' }), /month/);
    await assert.rejects(() => cli({ currency: 'EURO' }), /currency/);
    const usd = await cli({ from: '2026-03', to: '2026-03', currency: 'USD', json: true });
    assert.deepEqual(JSON.parse(usd.stdout).kpis[0].dso, null);
  });
});
