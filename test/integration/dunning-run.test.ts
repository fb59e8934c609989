/**
 * The dunning run on both back ends: catch-up after downtime, interest to the cent with the
 * arithmetic written out, the fee and interest open items in the ledger (paid like any invoice,
 * never dunned themselves), foreign currency, dry runs, repeated and concurrent runs.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { listLetters, markLetters } from '../../src/modules/dunning/letters.service.ts';
import { createPolicy } from '../../src/modules/dunning/policies.service.ts';
import { runDunning } from '../../src/modules/dunning/run.service.ts';
import { getInvoiceDetail } from '../../src/modules/invoices/invoice-queries.service.ts';
import { voidInvoice } from '../../src/modules/invoices/invoice-void.service.ts';
import { recordReceipt } from '../../src/modules/receipts/receipts.service.ts';
import { AppError } from '../../src/shared/errors.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import {
  createExamplePolicy,
  dunningCounts,
  invoiceDue,
  noticesByInvoice,
  runDaily,
} from '../helpers/dunning.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { assertInvariants, tenantState } from '../helpers/invariants.ts';

let ctx: TestContext;

before(async () => {
  ctx = await openTestContext();
});
after(async () => {
  await ctx.database.close();
});

/** +31 days (interest), +60 days (interest, 5.00 EUR / 5.00 USD fee); 12.62 % act/365. */
const INTEREST_POLICY = {
  name: 'Interest at +31',
  isDefault: true,
  interest: {
    dayCount: 'act/365' as const,
    marginPct: '9',
    baseRates: [{ effectiveFrom: '2020-01-01', ratePct: '3.62' }],
  },
  levels: [
    { offsetDays: 31, templateKey: 'interest', chargesInterest: true },
    { offsetDays: 60, templateKey: 'final', chargesInterest: true, fees: { EUR: '5.00', USD: '5.00' } },
  ],
};

describe(`dunning runs (${backendName})`, () => {
  test('catches up after 10 days of downtime without skipping or stacking levels', async () => {
    const { tenantId } = await newTenant(ctx);
    await createExamplePolicy(ctx, tenantId);
    const p = await makeCustomer(ctx.deps, tenantId, { externalId: 'P' });
    const q = await makeCustomer(ctx.deps, tenantId, { externalId: 'Q' });
    const x = await invoiceDue(ctx, tenantId, p.id, '1000.00', '2026-01-15');
    const y = await invoiceDue(ctx, tenantId, q.id, '1000.00', '2026-01-25');
    const down = (day: string) => day >= '2026-01-21' && day <= '2026-01-30';
    const results = await runDaily(ctx, tenantId, '2026-01-01', '2026-03-31', { skip: down });
    // X (due 01-15): L1 01-12; L2 (01-22) fell in the downtime → 01-31, the first run after it;
    // L3 max(02-05, 01-31 + 14) = 02-14; L4 max(02-19, 02-14 + 14) = 02-28; L5 max(03-06, 02-28 + 15) = 03-15.
    // Y (due 01-25): L1 (01-22) fell in the downtime → 01-31; L2 max(02-01, 01-31 + 10) = 02-10;
    // L3 max(02-15, 02-10 + 14) = 02-24; L4 max(03-01, 02-24 + 14) = 03-10; L5 max(03-16, 03-10 + 15) = 03-25.
    const got = await noticesByInvoice(ctx.deps.db, tenantId);
    assert.deepEqual(got.get(x.number ?? ''), [
      [1, '2026-01-12'],
      [2, '2026-01-31'],
      [3, '2026-02-14'],
      [4, '2026-02-28'],
      [5, '2026-03-15'],
    ]);
    assert.deepEqual(got.get(y.number ?? ''), [
      [1, '2026-01-31'],
      [2, '2026-02-10'],
      [3, '2026-02-24'],
      [4, '2026-03-10'],
      [5, '2026-03-25'],
    ]);
    // The first run after the gap sent each invoice one level, not the two or three it had missed.
    const firstAfter = results.find((r) => r.asOf === '2026-01-31');
    assert.deepEqual(
      firstAfter?.letters.map((l) => [l.customer.externalId, l.levelNo, l.invoices.length]),
      [
        ['P', 2, 1],
        ['Q', 1, 1],
      ],
    );
    await assertInvariants(ctx, tenantId);
  });

  test('interest to the cent from the payment history; charges are open items of their own', async () => {
    const { tenantId } = await newTenant(ctx);
    await createPolicy(ctx.deps, tenantId, INTEREST_POLICY);
    const h1 = await makeCustomer(ctx.deps, tenantId, { externalId: 'H1' });
    const h2 = await makeCustomer(ctx.deps, tenantId, { externalId: 'H2' });
    const inv1 = await invoiceDue(ctx, tenantId, h1.id, '10000.00', '2026-01-31');
    const inv2 = await invoiceDue(ctx, tenantId, h2.id, '10000.00', '2026-01-31');
    await recordReceipt(ctx.deps, tenantId, {
      customer: h2.id,
      method: 'bank_transfer',
      receivedOn: '2026-02-16',
      amount: '4000.00',
      allocations: [{ invoice: inv2.invoiceId, amount: '4000.00' }],
    });
    const run = await runDunning(ctx.deps, tenantId, { asOf: '2026-03-03' });
    // H1: 10,000.00 open 02-01 … 03-03 = 31 days (February 2026 has 28):
    //   1,000,000 cents × 12.62 / 100 × 31 / 365 = 10,718.36 → 107.18 EUR.
    // H2: 4,000.00 paid on 02-16: 02-01 … 02-15 15 days × 10,000.00, 02-16 … 03-03 16 days × 6,000.00:
    //   (1,000,000 × 15 + 600,000 × 16) × 0.1262 / 365 = 3,104,520 / 365 = 8,505.53 → 85.06 EUR.
    const byCustomer = new Map(run.letters.map((l) => [l.customer.externalId, l]));
    assert.equal(byCustomer.get('H1')?.interestMinor, 10_718n);
    assert.equal(byCustomer.get('H2')?.interestMinor, 8_506n);
    assert.deepEqual(
      [byCustomer.get('H2')?.invoices[0]?.interestFrom, byCustomer.get('H2')?.invoices[0]?.interestThrough],
      ['2026-02-01', '2026-03-03'],
    );
    // The charge is an issued open item of H1 in the DUN series: no tax, Dr AR / Cr interest income.
    const charge = await getInvoiceDetail(ctx.deps.db, tenantId, byCustomer.get('H1')?.chargeNumber ?? '');
    assert.deepEqual(
      [
        charge.invoice.number,
        charge.invoice.customerId,
        charge.invoice.totalMinor,
        charge.invoice.openMinor,
        charge.invoice.taxMinor,
      ],
      ['DUN-000001', h1.id, 10_718n, 10_718n, 0n],
    );
    assert.match(
      charge.lines[0]?.description ?? '',
      /^Interest on INV-\d+, 2026-02-01 to 2026-03-03 \(31 days at 12\.62 %\)$/,
    );
    const entry = await queryRows<{ account_code: string; amount_minor: bigint }>(
      ctx.deps.db,
      sql`select l.account_code, l.amount_minor from journal_lines l
          join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
          where l.tenant_id = ${tenantId} and e.source_id = ${charge.invoice.invoiceId} order by l.line_no`,
    );
    assert.deepEqual(
      entry.map((l) => [l.account_code, l.amount_minor]),
      [
        ['1100', 10_718n],
        ['7100', -10_718n],
      ],
    );
    await assertInvariants(ctx, tenantId);

    // H2's charge is waived by voiding it: its issue entry is reversed, nothing is left open.
    const waived = await voidInvoice(
      ctx.deps,
      tenantId,
      byCustomer.get('H2')?.chargeNumber ?? '',
      '2026-03-04',
      'goodwill',
    );
    assert.deepEqual([waived.status, waived.openMinor], ['void', 0n]);
    await assertInvariants(ctx, tenantId);

    // The interest item can be paid like any invoice; nothing else changes.
    await recordReceipt(ctx.deps, tenantId, {
      customer: h1.id,
      method: 'bank_transfer',
      receivedOn: '2026-03-10',
      amount: '107.18',
      allocations: [{ invoice: charge.invoice.invoiceId, amount: '107.18' }],
    });
    await assertInvariants(ctx, tenantId);

    // Level 2 (+60 = 04-01) charges from the day after the last charge: 03-04 … 04-01 = 29 days,
    // 1,000,000 × 0.1262 × 29 / 365 = 10,026.85 → 100.27; plus the 5.00 fee. The DUN items (due
    // 03-03) get no level, fee or interest of their own.
    const second = await runDunning(ctx.deps, tenantId, { asOf: '2026-04-01' });
    const l2 = second.letters.find((l) => l.customer.externalId === 'H1');
    assert.deepEqual([l2?.levelNo, l2?.feeMinor, l2?.interestMinor], [2, 500n, 10_027n]);
    assert.deepEqual(
      l2?.invoices.map((i) => [i.number, i.interestFrom]),
      [[inv1.number, '2026-03-04']],
    );
    const dunned = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from dunning_notices n join invoices i
            on i.tenant_id = n.tenant_id and i.invoice_id = n.invoice_id
          where n.tenant_id = ${tenantId} and i.series = 'DUN'`,
    );
    assert.equal(dunned[0]?.n, 0);
    await assertInvariants(ctx, tenantId);
  });

  test('charges a foreign-currency customer in its currency at the invoice’s rate', async () => {
    const { tenantId } = await newTenant(ctx);
    await createPolicy(ctx.deps, tenantId, INTEREST_POLICY);
    const u = await makeCustomer(ctx.deps, tenantId, { externalId: 'U', currency: 'USD' });
    await issueInvoice(ctx.deps, tenantId, u.id, '2000.00', {
      issueDate: '2026-01-01',
      paymentTerms: 'NET30',
      currency: 'USD',
      fxRate: '0.9',
    });
    // Due 01-31: level 1 on 03-03 (+31), level 2 on 04-01 (+60).
    await runDunning(ctx.deps, tenantId, { asOf: '2026-03-03' });
    const run = await runDunning(ctx.deps, tenantId, { asOf: '2026-04-01' });
    const letter = run.letters[0];
    assert.equal(letter?.currency, 'USD');
    // Fee 5.00 USD; interest 03-04 … 04-01 = 29 days on 2,000.00: 200,000 × 0.1262 × 29 / 365
    // = 731,960 / 365 = 2,005.37 → 20.05 USD.
    assert.deepEqual([letter?.feeMinor, letter?.interestMinor], [500n, 2_005n]);
    const charge = await getInvoiceDetail(ctx.deps.db, tenantId, letter?.chargeNumber ?? '');
    assert.deepEqual(
      [charge.invoice.currency, charge.invoice.fxRate, charge.invoice.totalMinor],
      ['USD', '0.9', 2_505n],
    );
    // In the base currency: 25.05 USD × 0.9 = 22.545 → 22.55 EUR on AR, split 4.50 fee + 18.05 interest.
    const base = await queryRows<{ account_code: string; amount_minor: bigint; base_amount_minor: bigint }>(
      ctx.deps.db,
      sql`select l.account_code, l.amount_minor, l.base_amount_minor from journal_lines l
          join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
          where l.tenant_id = ${tenantId} and e.source_id = ${charge.invoice.invoiceId} order by l.line_no`,
    );
    assert.deepEqual(
      base.map((l) => [l.account_code, l.amount_minor, l.base_amount_minor]),
      [
        ['1100', 2_505n, 2_255n],
        ['4830', -500n, -450n],
        ['7100', -2_005n, -1_805n],
      ],
    );
    await assertInvariants(ctx, tenantId);
  });

  test('hands a customer over once when letters in two currencies reach the hand-over level together', async () => {
    const { tenantId } = await newTenant(ctx);
    await createExamplePolicy(ctx, tenantId);
    const c = await makeCustomer(ctx.deps, tenantId, { externalId: 'TWO' });
    await invoiceDue(ctx, tenantId, c.id, '100.00', '2026-01-15');
    await issueInvoice(ctx.deps, tenantId, c.id, '100.00', {
      issueDate: '2025-12-16',
      paymentTerms: 'NET30',
      currency: 'USD',
      fxRate: '0.9',
    });
    // Due 01-15 in both currencies: −3, +7, +21, +35, +50 → 01-12, 01-22, 02-05, 02-19, 03-06.
    for (const asOf of ['2026-01-12', '2026-01-22', '2026-02-05', '2026-02-19'])
      await runDunning(ctx.deps, tenantId, { asOf });
    const last = await runDunning(ctx.deps, tenantId, { asOf: '2026-03-06' });
    assert.deepEqual(
      last.letters.map((l) => [l.currency, l.levelNo, l.handsOver]),
      [
        ['EUR', 5, true],
        ['USD', 5, true],
      ],
    );
    const rows = await queryRows<{ handed_over_on: string; handed_over_letter_id: string }>(
      ctx.deps.db,
      sql`select handed_over_on, handed_over_letter_id from dunning_customers where tenant_id = ${tenantId}`,
    );
    assert.deepEqual(
      rows.map((r) => [r.handed_over_on, r.handed_over_letter_id]),
      [['2026-03-06', last.letters[0]?.letterId]],
    );
    await assertInvariants(ctx, tenantId);
  });

  test('adds the fee and interest income accounts to a chart from before they existed', async () => {
    const { tenantId } = await newTenant(ctx);
    // A tenant created before the two roles were seeded: its chart lacks them.
    await ctx.deps.db.execute(
      sql`delete from accounts where tenant_id = ${tenantId} and role in ('dunning_fee_income', 'interest_income')`,
    );
    await createPolicy(ctx.deps, tenantId, INTEREST_POLICY);
    const c = await makeCustomer(ctx.deps, tenantId, { externalId: 'OLD' });
    await invoiceDue(ctx, tenantId, c.id, '1000.00', '2026-01-31');
    const chart = async () =>
      (
        await queryRows<{ code: string; role: string }>(
          ctx.deps.db,
          sql`select code, role from accounts where tenant_id = ${tenantId}
              and role in ('dunning_fee_income', 'interest_income') order by code`,
        )
      ).map((a) => [a.code, a.role]);
    // Level 1 (+31) charges interest only: the interest income account is added, not the fee one.
    const first = await runDunning(ctx.deps, tenantId, { asOf: '2026-03-03' });
    assert.equal(first.letters[0]?.chargeNumber, 'DUN-000001');
    assert.deepEqual(await chart(), [['7100', 'interest_income']]);
    // Level 2 (+60) charges the 5.00 fee too.
    const second = await runDunning(ctx.deps, tenantId, { asOf: '2026-04-01' });
    assert.equal(second.letters[0]?.feeMinor, 500n);
    assert.deepEqual(await chart(), [
      ['4830', 'dunning_fee_income'],
      ['7100', 'interest_income'],
    ]);
    await assertInvariants(ctx, tenantId);
  });

  test('a dry run previews the letters and records nothing; a second run that day adds nothing', async () => {
    const { tenantId } = await newTenant(ctx);
    await createExamplePolicy(ctx, tenantId);
    const c = await makeCustomer(ctx.deps, tenantId, { externalId: 'DRY' });
    await invoiceDue(ctx, tenantId, c.id, '250.00', '2026-01-15');
    const counts = await dunningCounts(ctx.deps.db, tenantId);
    const state = await tenantState(ctx.deps.db, tenantId);
    const preview = await runDunning(ctx.deps, tenantId, { asOf: '2026-01-12', dryRun: true });
    assert.deepEqual(
      preview.letters.map((l) => [l.letterId, l.levelNo, l.status, l.templateKey]),
      [[null, 1, 'planned', 'friendly']],
    );
    assert.deepEqual([preview.runId, preview.dryRun], [null, true]);
    assert.deepEqual(await dunningCounts(ctx.deps.db, tenantId), counts);
    assert.equal(await tenantState(ctx.deps.db, tenantId), state);

    const real = await runDunning(ctx.deps, tenantId, { asOf: '2026-01-12' });
    assert.equal(real.letters.length, 1);
    assert.ok(real.runId && real.letters[0]?.letterId);
    // The outbox moves the letter along; a move back is refused and changes nothing.
    const recorded = real.letters.map((l) => ({ letterId: l.letterId ?? '', status: l.status }));
    await markLetters(ctx.deps.db, tenantId, recorded, 'queued', new Date('2026-01-12T08:00:00Z'));
    const queued = recorded.map((l) => ({ ...l, status: 'queued' as const }));
    await markLetters(ctx.deps.db, tenantId, queued, 'sent', new Date('2026-01-12T08:01:00Z'));
    const sent = queued.map((l) => ({ ...l, status: 'sent' as const }));
    await assert.rejects(
      markLetters(ctx.deps.db, tenantId, sent, 'queued', new Date()),
      (e: unknown) => e instanceof AppError && e.code === 'invalid_state',
    );
    const listed = await listLetters(ctx.deps.db, tenantId, { limit: 10 });
    assert.deepEqual(
      listed.letters.map((l) => l.status),
      ['sent'],
    );
    const afterFirst = await dunningCounts(ctx.deps.db, tenantId);
    const again = await runDunning(ctx.deps, tenantId, { asOf: '2026-01-12' });
    assert.deepEqual([again.runId, again.letters.length], [null, 0]);
    assert.deepEqual(await dunningCounts(ctx.deps.db, tenantId), afterFirst);
  });

  test('concurrent runs for the same day record each letter once', async () => {
    const { tenantId } = await newTenant(ctx);
    await createExamplePolicy(ctx, tenantId);
    for (const id of ['K1', 'K2', 'K3']) {
      const c = await makeCustomer(ctx.deps, tenantId, { externalId: id });
      await invoiceDue(ctx, tenantId, c.id, '100.00', '2026-02-01');
    }
    const runs = await Promise.all(
      [1, 2, 3].map(() => runDunning(ctx.deps, tenantId, { asOf: '2026-01-29' })),
    );
    assert.deepEqual(runs.map((r) => r.letters.length).sort(), [0, 0, 3]);
    const [row] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from dunning_letters where tenant_id = ${tenantId}`,
    );
    assert.equal(row?.n, 3);
  });
});
