/**
 * The KPI report's month-end AR snapshots (kpi-snapshot.service.ts) give the figures the journal
 * gives, and a posting back-dated into a month already snapshotted — a write-off, a void, an
 * invoice issued late with an earlier issue date — makes the report rebuild that month end and
 * change; a report inside the caller's (read-only) transaction computes a stale month end live.
 * The amounts are worked by hand in the comments. On both back ends (TEST_DATABASE_URL).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { inSnapshot, queryRows } from '../../src/db/client.ts';
import { type KpiReport, receivablesKpis } from '../../src/modules/reports/index.ts';
import { type ApiTestContext, apiTenant, client, ok, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';

const TODAY = '2026-04-15';

/** Each month's ending AR (total, current, over 90) and bad debt, in cents, as plain numbers. */
function endings(report: KpiReport) {
  return report.months.map((m) => ({
    month: m.period,
    total: Number(m.figures.ending.totalMinor),
    current: Number(m.figures.ending.currentMinor),
    badDebt: Number(m.figures.badDebtMinor),
  }));
}

describe(`KPI month-end snapshots (${backendName})`, () => {
  let ctx: ApiTestContext;
  let api: ReturnType<typeof client>;
  let tenantId: string;
  const invoices: Record<string, string> = {};
  const query = { from: '2026-01', to: '2026-04', currency: 'EUR', today: TODAY };
  const report = () => receivablesKpis(ctx.deps.db, tenantId, query);
  const marks = () =>
    queryRows<{ as_of: string; entry_no: string }>(
      ctx.deps.db,
      sql`select to_char(as_of, 'YYYY-MM-DD') as as_of, entry_no::text from kpi_ar_snapshot_marks
          where tenant_id = ${tenantId} order by as_of`,
    );
  const issue = (name: string, customer: string, issueDate: string, unitPrice: string, at = issueDate) =>
    atTime(ctx, `${at}T10:00:00Z`, async () => {
      const draft = await ok(
        api.post('/v1/invoices', {
          customer,
          issueDate,
          lines: [{ description: 'Wartung', quantity: '1', unitPrice }],
        }),
      );
      invoices[name] = (await ok(api.post(`/v1/invoices/${draft.id}/issue`, {}), 200)).id;
    });

  before(async () => {
    ctx = await openApiTestContext(`${TODAY}T12:00:00Z`);
    const { tenant, keys } = await apiTenant(ctx);
    tenantId = tenant.tenantId;
    api = client(ctx.app, keys.admin);
    await ok(api.post('/v1/customers', { externalId: 'S-7', name: 'Straße & Co. KG' }));
    await ok(api.post('/v1/customers', { externalId: 's-7a', name: 'Strasse & Co KG' }));
    await ok(api.post('/v1/customers', { externalId: 'S-70', name: 'Straße & Co. KG (Lager)' }));
    // NET30: A due 2026-02-09, B due 2026-03-14, C due 2026-04-04.
    await issue('A', 'S-7', '2026-01-10', '1000.00');
    await issue('B', 'S-70', '2026-02-12', '250.50');
    await issue('C', 'S-7', '2026-03-05', '99.99');
  });
  after(() => ctx.close());

  it('builds the past month ends once and shows what the journal shows', async () => {
    const first = endings(await report());
    assert.deepEqual(first, [
      { month: '2026-01', total: 100_000, current: 100_000, badDebt: 0 },
      // A is 19 days overdue at the end of February; B not yet due.
      { month: '2026-02', total: 125_050, current: 25_050, badDebt: 0 },
      { month: '2026-03', total: 135_049, current: 9_999, badDebt: 0 },
      { month: '2026-04', total: 135_049, current: 0, badDebt: 0 },
    ]);
    const built = await marks();
    // The day before January and the three closed month ends; April (today) is always live.
    assert.deepEqual(
      built.map((m) => m.as_of),
      ['2025-12-31', '2026-01-31', '2026-02-28', '2026-03-31'],
    );
    assert.deepEqual(endings(await report()), first);
    assert.deepEqual(await marks(), built, 'a second report reuses the snapshots');
  });

  it('rebuilds a month end a back-dated write-off, void or late invoice changes', async () => {
    const before = await marks();
    // Written off on 2026-02-20, posted today: February and March lose A's 1,000.00.
    await ok(
      api.post(`/v1/invoices/${invoices.A}/write-off`, { reason: 'insolvent', date: '2026-02-20' }),
      200,
    );
    // A read-only transaction does not rebuild: it computes the stale month ends live.
    const live = await inSnapshot(ctx.deps.db, (tx) => receivablesKpis(tx, tenantId, query));
    assert.deepEqual(await marks(), before);
    const afterWriteOff = [
      { month: '2026-01', total: 100_000, current: 100_000, badDebt: 0 },
      { month: '2026-02', total: 25_050, current: 25_050, badDebt: 100_000 },
      { month: '2026-03', total: 35_049, current: 9_999, badDebt: 0 },
      { month: '2026-04', total: 35_049, current: 0, badDebt: 0 },
    ];
    assert.deepEqual(endings(live), afterWriteOff);
    assert.deepEqual(endings(await report()), afterWriteOff);
    const rebuilt = await marks();
    assert.equal(
      rebuilt.find((m) => m.as_of === '2026-01-31')?.entry_no,
      before[1]?.entry_no,
      'January untouched',
    );
    assert.notEqual(rebuilt.find((m) => m.as_of === '2026-02-28')?.entry_no, before[2]?.entry_no);

    // C voided on 2026-03-20: March ends with B only; the void lowers March's sales, not its bad debt.
    await ok(api.post(`/v1/invoices/${invoices.C}/void`, { date: '2026-03-20' }), 200);
    // D issued today, dated 2026-01-25 (due 2026-02-24): open at the end of January, February, March.
    await issue('D', 'S-70', '2026-01-25', '40.00', TODAY);
    assert.deepEqual(endings(await report()), [
      { month: '2026-01', total: 104_000, current: 104_000, badDebt: 0 },
      { month: '2026-02', total: 29_050, current: 25_050, badDebt: 100_000 },
      { month: '2026-03', total: 29_050, current: 0, badDebt: 0 },
      { month: '2026-04', total: 29_050, current: 0, badDebt: 0 },
    ]);
    const scoped = await receivablesKpis(ctx.deps.db, tenantId, { ...query, base: true });
    assert.deepEqual(
      endings(scoped).map((m) => m.total),
      [104_000, 29_050, 29_050, 29_050],
      'base: EUR only here',
    );
  });
});
