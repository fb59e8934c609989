/**
 * Dunning across a simulated quarter, on both back ends: `runDunning` for every day of
 * 2026-01-01 … 2026-03-31 with the example policy (−3, +7, +21 interest, +35 fee 5.00,
 * +50 fee 10.00 and hand-over; 12.62 % act/365). Every expected send date below is worked out by
 * hand from the rule "level k goes out on the first run on or after max(due + offset_k,
 * sent_{k−1} + offset_k − offset_{k−1})".
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { setHold } from '../../src/modules/dunning/policies.service.ts';
import { type DunningSeams, runDunning } from '../../src/modules/dunning/run.service.ts';
import { recordReceipt } from '../../src/modules/receipts/receipts.service.ts';
import { reconcileAr } from '../../src/modules/reconciliation/reconciliation.service.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import {
  createExamplePolicy,
  dunningCounts,
  invoiceDue,
  noticesByInvoice,
  runDaily,
} from '../helpers/dunning.ts';
import { makeCustomer } from '../helpers/factories.ts';
import { assertInvariants } from '../helpers/invariants.ts';

let ctx: TestContext;

before(async () => {
  ctx = await openTestContext();
});
after(async () => {
  await ctx.database.close();
});

/** The five send dates of an invoice dunned on time: due −3, +7, +21, +35, +50. */
function onTime(...days: string[]): [number, string][] {
  return days.map((d, i) => [i + 1, d]);
}

describe(`dunning over a quarter (${backendName})`, () => {
  test('every invoice gets each level once, in order, on time; exclusions, holds, payments, charges', async () => {
    const { tenantId } = await newTenant(ctx);
    await createExamplePolicy(ctx, tenantId);
    const customer = async (externalId: string) =>
      (await makeCustomer(ctx.deps, tenantId, { externalId })).id;
    const [a, b, c, d, e, f, g, h] = await Promise.all(
      ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'].map(customer),
    );
    const due = (who: string | undefined, amount: string, on: string) =>
      invoiceDue(ctx, tenantId, who ?? '', amount, on);
    const invA = await due(a, '1200.00', '2026-01-05');
    const invB = await due(b, '800.00', '2026-01-20');
    const invC1 = await due(c, '2000.00', '2026-01-10');
    const invC2 = await due(c, '500.00', '2026-01-24');
    const invD = await due(d, '3000.00', '2026-01-15');
    const invE1 = await due(e, '900.00', '2026-01-15');
    const invE2 = await due(e, '400.00', '2026-01-15');
    const invF = await due(f, '700.00', '2026-01-15');
    const invG = await due(g, '10000.00', '2026-01-10');
    const invH = await due(h, '300.00', '2026-01-10');
    await setHold(ctx.deps, tenantId, 'F', { reason: 'restructuring talks', until: '2026-02-10' });
    // Real sets through the seam: D's invoice is disputed, E1 is under a promise to pay.
    const seams: DunningSeams = {
      exclusions: async () => ({
        disputedInvoiceIds: new Set([invD.invoiceId]),
        promisedInvoiceIds: new Set([invE1.invoiceId]),
      }),
      onLetters: async () => undefined,
    };
    const pay = (who: string | undefined, invoice: string, amount: string, on: string) =>
      recordReceipt(ctx.deps, tenantId, {
        customer: who ?? '',
        method: 'bank_transfer',
        receivedOn: on,
        amount,
        allocations: [{ invoice, amount }],
      });
    const results = await runDaily(ctx, tenantId, '2026-01-01', '2026-03-31', {
      seams,
      before: async (day) => {
        if (day === '2026-01-20') await pay(g, invG.invoiceId, '4000.00', day);
        if (day === '2026-01-25') await pay(h, invH.invoiceId, '300.00', day);
      },
    });

    const got = await noticesByInvoice(ctx.deps.db, tenantId);
    const expected = new Map<string | null, [number, string][]>([
      [invA.number, onTime('2026-01-02', '2026-01-12', '2026-01-26', '2026-02-09', '2026-02-24')],
      [invB.number, onTime('2026-01-17', '2026-01-27', '2026-02-10', '2026-02-24', '2026-03-11')],
      [invC1.number, onTime('2026-01-07', '2026-01-17', '2026-01-31', '2026-02-14', '2026-03-01')],
      [invC2.number, onTime('2026-01-21', '2026-01-31', '2026-02-14', '2026-02-28', '2026-03-15')],
      [invE2.number, onTime('2026-01-12', '2026-01-22', '2026-02-05', '2026-02-19', '2026-03-06')],
      // On hold through 02-10: L1 on 02-11 (catch-up), then the gaps: 02-11 + 10 = 02-21,
      // 02-21 + 14 = 03-07, 03-07 + 14 = 03-21; L5 (03-21 + 15 = 04-05) is after the quarter.
      [invF.number, onTime('2026-02-11', '2026-02-21', '2026-03-07', '2026-03-21')],
      [invG.number, onTime('2026-01-07', '2026-01-17', '2026-01-31', '2026-02-14', '2026-03-01')],
      // Paid in full on 01-25 after L2: nothing more.
      [invH.number, onTime('2026-01-07', '2026-01-17')],
    ]);
    assert.deepEqual(got, expected);
    // Nothing at all for the disputed (D) and the promised (E1) invoice; both were reported as skipped.
    assert.ok(!got.has(invD.number ?? '') && !got.has(invE1.number ?? ''));
    const skipped = results.flatMap((r) => r.skipped.map((s) => [s.reason, s.invoiceIds[0]]));
    assert.ok(skipped.some(([r, i]) => r === 'disputed' && i === invD.invoiceId));
    assert.ok(skipped.some(([r, i]) => r === 'promised' && i === invE1.invoiceId));
    assert.ok(skipped.some(([r]) => r === 'on_hold'));

    // C's two invoices shared two runs: one letter each time, at the higher level.
    const letterRows = await queryRows<{ external_id: string; as_of: string; level_no: number; n: number }>(
      ctx.deps.db,
      sql`select c.external_id, l.as_of, l.level_no, count(n.invoice_id)::int as n from dunning_letters l
          join customers c on c.tenant_id = l.tenant_id and c.customer_id = l.customer_id
          join dunning_notices n on n.tenant_id = l.tenant_id and n.letter_id = l.letter_id
          where l.tenant_id = ${tenantId} and c.external_id = 'C' group by 1, 2, 3 order by 2`,
    );
    assert.deepEqual(
      letterRows.map((r) => [r.as_of, r.level_no, r.n]),
      [
        ['2026-01-07', 1, 1],
        ['2026-01-17', 2, 1],
        ['2026-01-21', 1, 1],
        ['2026-01-31', 3, 2],
        ['2026-02-14', 4, 2],
        ['2026-02-28', 4, 1],
        ['2026-03-01', 5, 1],
        ['2026-03-15', 5, 1],
      ],
    );

    // G's interest, by hand at 12.62 % act/365 on what was open each day (4,000.00 paid on 01-20):
    // L3 01-31: 01-11…01-19 9 days × 10,000.00 + 01-20…01-31 12 days × 6,000.00
    //   = (1,000,000 × 9 + 600,000 × 12) × 0.1262 / 365 = 2,044,440 / 365 = 5,601.2 → 56.01
    // L4 02-14: 02-01…02-14, 14 days × 6,000.00 = 1,060,080 / 365 = 2,904.3 → 29.04, fee 5.00
    // L5 03-01: 02-15…03-01, 15 days × 6,000.00 = 1,135,800 / 365 = 3,111.8 → 31.12, fee 10.00
    const gLetters = await queryRows<{
      as_of: string;
      level_no: number;
      fee_minor: bigint;
      interest_minor: bigint;
    }>(
      ctx.deps.db,
      sql`select as_of, level_no, fee_minor, interest_minor from dunning_letters
          where tenant_id = ${tenantId} and customer_id = ${g} order by as_of`,
    );
    assert.deepEqual(
      gLetters.map((l) => [l.level_no, l.fee_minor, l.interest_minor]),
      [
        [1, 0n, 0n],
        [2, 0n, 0n],
        [3, 0n, 5_601n],
        [4, 500n, 2_904n],
        [5, 1_000n, 3_112n],
      ],
    );

    await assertChargesInLedger(tenantId);
    // Hand-over at level 5: A, B, C, E (E2), G; F never reached it, H paid, D disputed.
    const handedOver = await queryRows<{ external_id: string; handed_over_on: string }>(
      ctx.deps.db,
      sql`select c.external_id, d.handed_over_on from dunning_customers d
          join customers c on c.tenant_id = d.tenant_id and c.customer_id = d.customer_id
          where d.tenant_id = ${tenantId} and d.handed_over_on is not null order by 1`,
    );
    assert.deepEqual(
      handedOver.map((r) => [r.external_id, r.handed_over_on]),
      [
        ['A', '2026-02-24'],
        ['B', '2026-03-11'],
        ['C', '2026-03-01'],
        ['E', '2026-03-06'],
        ['G', '2026-03-01'],
      ],
    );

    // The last day again, as a real run and as a dry run: nothing new.
    const counts = await dunningCounts(ctx.deps.db, tenantId);
    const again = await runDunning(ctx.deps, tenantId, { asOf: '2026-03-31' }, seams);
    assert.deepEqual([again.runId, again.letters.length], [null, 0]);
    assert.deepEqual(await dunningCounts(ctx.deps.db, tenantId), counts);
    await assertInvariants(ctx, tenantId);
  });
});

/**
 * Every letter with a fee or interest has its own open item (DUN series, no tax) for exactly that
 * sum; the income accounts carry the sums of all letters; AR subledger = control (the invariants).
 */
async function assertChargesInLedger(tenantId: string) {
  const rows = await queryRows<{
    fee: bigint;
    interest: bigint;
    total: bigint | null;
    open: bigint | null;
    tax: bigint | null;
    number: string | null;
  }>(
    ctx.deps.db,
    sql`select l.fee_minor as fee, l.interest_minor as interest, i.total_minor as total, i.open_minor as open,
          i.tax_minor as tax, i.number
        from dunning_letters l left join invoices i on i.tenant_id = l.tenant_id and i.invoice_id = l.charge_invoice_id
        where l.tenant_id = ${tenantId}`,
  );
  let fees = 0n;
  let interest = 0n;
  for (const r of rows) {
    fees += r.fee;
    interest += r.interest;
    if (r.fee + r.interest === 0n) assert.equal(r.number, null);
    else {
      assert.match(r.number ?? '', /^DUN-\d{6}$/);
      assert.deepEqual([r.total, r.open, r.tax], [r.fee + r.interest, r.fee + r.interest, 0n]);
    }
  }
  const income = await queryRows<{ account_code: string; credit: bigint }>(
    ctx.deps.db,
    sql`select account_code, -sum(amount_minor)::bigint as credit from journal_lines
        where tenant_id = ${tenantId} and account_code in ('4830', '7100') group by account_code order by 1`,
  );
  assert.deepEqual(
    income.map((r) => [r.account_code, r.credit]),
    [
      ['4830', fees],
      ['7100', interest],
    ],
  );
  assert.ok(fees > 0n && interest > 0n);
  const reconciliation = await reconcileAr(ctx.deps.db, ctx.deps, tenantId);
  assert.equal(reconciliation.balanced, true);
  await assertInvariants(ctx, tenantId);
}
