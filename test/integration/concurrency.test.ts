/**
 * Concurrency on PostgreSQL: gapless numbering under parallel issues, and allocations, credits,
 * write-offs, refunds and unapplies racing for the same receipt or invoice never over-apply.
 * The test pool has 12 connections (test/helpers/backends.ts), so the races are real. Failures
 * must be clean AppErrors: a deadlock or serialization error is a bug in the services' lock order.
 *
 * PGlite is a single connection, so nothing runs in parallel there: the suite is skipped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { creditInvoice } from '../../src/modules/invoices/credit-notes.service.ts';
import { createInvoice } from '../../src/modules/invoices/invoice-creation.service.ts';
import { issueInvoice } from '../../src/modules/invoices/invoice-issue.service.ts';
import { getInvoiceRowOrThrow } from '../../src/modules/invoices/invoice-queries.service.ts';
import { voidInvoice } from '../../src/modules/invoices/invoice-void.service.ts';
import { writeOffInvoice } from '../../src/modules/invoices/invoice-write-off.service.ts';
import { formatNumber } from '../../src/modules/numbering/numbering.service.ts';
import {
  allocateReceipt,
  getReceiptDetail,
  recordReceipt,
  refundReceipt,
  unapplyAllocation,
  writeOffUnapplied,
} from '../../src/modules/receipts/receipts.service.ts';
import { AppError } from '../../src/shared/errors.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { makeCustomer, issueInvoice as makeIssuedInvoice } from '../helpers/factories.ts';
import { assertInvariants } from '../helpers/invariants.ts';

const skip =
  backendName === 'postgres'
    ? false
    : 'PGlite is a single connection: nothing runs concurrently (set TEST_DATABASE_URL to run on PostgreSQL)';

let ctx: TestContext;

before(async () => {
  if (!skip) ctx = await openTestContext();
});
after(async () => {
  if (!skip) await ctx.database.close();
});

async function setup() {
  const tenant = await newTenant(ctx);
  const customer = await makeCustomer(ctx.deps, tenant.tenantId);
  return { tenantId: tenant.tenantId, customerId: customer.id };
}

/** Settle every promise; the rejections must all be AppErrors with one of `codes`. */
async function race<T>(promises: Promise<T>[], codes: readonly string[]) {
  const settled = await Promise.allSettled(promises);
  const ok: T[] = [];
  const refused: string[] = [];
  for (const s of settled) {
    if (s.status === 'fulfilled') ok.push(s.value);
    else {
      const e = s.reason as unknown;
      assert.ok(e instanceof AppError, `expected a clean AppError, got: ${String(e)}`);
      assert.ok(codes.includes(e.code), `unexpected ${e.code}: ${e.message}`);
      refused.push(e.code);
    }
  }
  return { ok, refused };
}

function receipt(tenantId: string, customer: string, amount: string) {
  return recordReceipt(ctx.deps, tenantId, {
    customer,
    method: 'bank_transfer',
    receivedOn: '2026-03-20',
    amount,
  });
}

describe(`concurrency on ${backendName}`, { skip }, () => {
  test('50 drafts issued in parallel take INV-000001 … INV-000050: no gap, no duplicate', async () => {
    const { tenantId, customerId } = await setup();
    const drafts = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        createInvoice(ctx.deps, tenantId, {
          customer: customerId,
          lines: [{ description: `Item ${i}`, quantity: '1', unitPrice: `${i + 1}.00` }],
        }),
      ),
    );
    const issued = await Promise.all(
      drafts.map((d) => issueInvoice(ctx.deps, tenantId, d.invoiceId, '2026-03-05')),
    );
    const numbers = issued.map((i) => i.number ?? '').sort();
    assert.deepEqual(
      numbers,
      Array.from({ length: 50 }, (_, i) => formatNumber('INV-', 6, BigInt(i + 1))),
    );
    assert.equal(new Set(issued.map((i) => i.invoiceId)).size, 50);
    const [series] = await queryRows<{ next_value: bigint }>(
      ctx.deps.db,
      sql`select next_value from numbering_counters where tenant_id = ${tenantId} and series = 'INV' and year = 0`,
    );
    assert.equal(series?.next_value, 51n);
    await assertInvariants(ctx, tenantId);
  });

  test('create-and-issue in parallel, with the same draft issued ten times at once: still gapless', async () => {
    const { tenantId, customerId } = await setup();
    const draft = await createInvoice(ctx.deps, tenantId, {
      customer: customerId,
      lines: [{ description: 'Once', quantity: '1', unitPrice: '9.99' }],
    });
    const sameDraft = race(
      Array.from({ length: 10 }, () => issueInvoice(ctx.deps, tenantId, draft.invoiceId)),
      ['invalid_state'],
    );
    const fresh = race(
      Array.from({ length: 20 }, (_, i) => makeIssuedInvoice(ctx.deps, tenantId, customerId, `${i + 1}.00`)),
      [],
    );
    const [same, created] = await Promise.all([sameDraft, fresh]);
    assert.equal(same.ok.length, 1, 'a draft is issued once');
    assert.deepEqual(same.refused, Array(9).fill('invalid_state'));
    const numbers = [...same.ok, ...created.ok].map((i) => i.number ?? '').sort();
    assert.deepEqual(
      numbers,
      Array.from({ length: 21 }, (_, i) => formatNumber('INV-', 6, BigInt(i + 1))),
    );
    const journal = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from journal_entries
          where tenant_id = ${tenantId} and source_id = ${draft.invoiceId} and event_code = 'invoice.issued'`,
    );
    assert.equal(journal[0]?.n, 1, 'the draft posted one issue entry');
    await assertInvariants(ctx, tenantId);
  });

  test('one receipt of 100.00, twenty parallel allocations of 10.00: exactly ten succeed', async () => {
    const { tenantId, customerId } = await setup();
    const invoices = await Promise.all(
      Array.from({ length: 20 }, () => makeIssuedInvoice(ctx.deps, tenantId, customerId, '20.00')),
    );
    const r = await receipt(tenantId, customerId, '100.00');
    const receiptId = r.receipt.receiptId;
    const { ok, refused } = await race(
      invoices.map((inv) =>
        allocateReceipt(ctx.deps, tenantId, receiptId, [{ invoice: inv.invoiceId, amount: '10.00' }]),
      ),
      ['over_allocation', 'insufficient_funds'],
    );
    assert.equal(ok.length, 10);
    assert.equal(refused.length, 10);
    const detail = await getReceiptDetail(ctx.deps.db, tenantId, receiptId);
    assert.equal(detail.receipt.unappliedMinor, 0n);
    assert.equal(detail.allocations.length, 10);
    assert.equal(
      detail.allocations.reduce((s, a) => s + a.amountMinor, 0n),
      10000n,
    );
    const paid = new Set(detail.allocations.map((a) => a.invoiceId));
    for (const inv of invoices) {
      const row = await getInvoiceRowOrThrow(ctx.deps.db, tenantId, inv.invoiceId);
      assert.deepEqual(
        [row.status, row.openMinor],
        paid.has(inv.invoiceId) ? ['partially_paid', 1000n] : ['issued', 2000n],
      );
    }
    await assertInvariants(ctx, tenantId);
  });

  test('ten receipts of 30.00 race for one invoice of 100.00: it is never over-paid', async () => {
    const { tenantId, customerId } = await setup();
    const inv = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '100.00');
    const receipts = await Promise.all(
      Array.from({ length: 10 }, () => receipt(tenantId, customerId, '30.00')),
    );
    const { ok, refused } = await race(
      receipts.map((r) =>
        allocateReceipt(ctx.deps, tenantId, r.receipt.receiptId, [
          { invoice: inv.invoiceId, amount: '30.00' },
        ]),
      ),
      ['over_allocation'],
    );
    assert.equal(ok.length, 3, '3 × 30.00 fit into 100.00, a fourth does not');
    assert.equal(refused.length, 7);
    const row = await getInvoiceRowOrThrow(ctx.deps.db, tenantId, inv.invoiceId);
    assert.deepEqual([row.status, row.openMinor], ['partially_paid', 1000n]);
    const [sum] = await queryRows<{ applied: bigint }>(
      ctx.deps.db,
      sql`select coalesce(sum(amount_minor), 0)::bigint as applied from allocations
          where tenant_id = ${tenantId} and invoice_id = ${inv.invoiceId} and unapplied_at is null`,
    );
    assert.equal(sum?.applied, 9000n);
    await assertInvariants(ctx, tenantId);
  });

  test('allocations, a credit note and a write-off race for one invoice: open never below zero', async () => {
    const { tenantId, customerId } = await setup();
    const inv = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '100.00');
    const receipts = await Promise.all(
      Array.from({ length: 6 }, () => receipt(tenantId, customerId, '30.00')),
    );
    const ops: { minor: bigint; run: () => Promise<unknown> }[] = [
      ...receipts.map((r) => ({
        minor: 3000n,
        run: () =>
          allocateReceipt(ctx.deps, tenantId, r.receipt.receiptId, [
            { invoice: inv.invoiceId, amount: '30.00' },
          ]),
      })),
      {
        minor: 4500n,
        run: () => creditInvoice(ctx.deps, tenantId, inv.invoiceId, { amount: '45.00', reason: 'r' }),
      },
      {
        minor: 2000n,
        run: () => creditInvoice(ctx.deps, tenantId, inv.invoiceId, { amount: '20.00', reason: 'r' }),
      },
      {
        minor: 2500n,
        run: () => writeOffInvoice(ctx.deps, tenantId, inv.invoiceId, { amount: '25.00', reason: 'r' }),
      },
      {
        minor: 1000n,
        run: () => writeOffInvoice(ctx.deps, tenantId, inv.invoiceId, { amount: '10.00', reason: 'r' }),
      },
    ];
    const settled = await Promise.allSettled(ops.map((op) => op.run()));
    const row = await getInvoiceRowOrThrow(ctx.deps.db, tenantId, inv.invoiceId);
    assert.ok(row.openMinor >= 0n);
    let done = 0n;
    settled.forEach((s, k) => {
      const minor = ops[k]?.minor ?? 0n;
      if (s.status === 'fulfilled') done += minor;
      else {
        const e = s.reason as unknown;
        assert.ok(e instanceof AppError, `expected a clean AppError, got: ${String(e)}`);
        assert.ok(['over_allocation', 'invalid_state'].includes(e.code), `${e.code}: ${e.message}`);
        // refused only because it no longer fitted: the invoice never gets more open again
        assert.ok(minor > row.openMinor, `${minor} was refused though ${row.openMinor} is still open`);
      }
    });
    assert.equal(done + row.openMinor, 10000n, 'what succeeded plus what is open is the total');
    const [used] = await queryRows<{ applied: bigint; adjusted: bigint }>(
      ctx.deps.db,
      sql`select
            (select coalesce(sum(amount_minor), 0) from allocations
              where tenant_id = ${tenantId} and invoice_id = ${inv.invoiceId} and unapplied_at is null)::bigint as applied,
            (select coalesce(sum(amount_minor), 0) from invoice_adjustments
              where tenant_id = ${tenantId} and invoice_id = ${inv.invoiceId} and reversed_at is null)::bigint as adjusted`,
    );
    assert.ok(used);
    assert.equal(used.applied + used.adjusted + row.openMinor, 10000n);
    const notes = await queryRows<{ number: string }>(
      ctx.deps.db,
      sql`select number from invoices where tenant_id = ${tenantId} and kind = 'credit_note' order by number`,
    );
    assert.deepEqual(
      notes.map((n) => n.number),
      Array.from({ length: notes.length }, (_, i) => formatNumber('CN-', 6, BigInt(i + 1))),
    );
    await assertInvariants(ctx, tenantId);
  });

  test('void races allocation on the same invoice: exactly one of the two wins', async () => {
    const { tenantId, customerId } = await setup();
    const invoices = await Promise.all(
      Array.from({ length: 8 }, () => makeIssuedInvoice(ctx.deps, tenantId, customerId, '10.00')),
    );
    const receipts = await Promise.all(invoices.map(() => receipt(tenantId, customerId, '10.00')));
    const results = await Promise.all(
      invoices.map((inv, i) =>
        race<unknown>(
          [
            voidInvoice(ctx.deps, tenantId, inv.invoiceId),
            allocateReceipt(ctx.deps, tenantId, receipts[i]?.receipt.receiptId ?? '', [
              { invoice: inv.invoiceId, amount: '10.00' },
            ]),
          ],
          ['invalid_state'],
        ),
      ),
    );
    for (const [i, r] of results.entries()) {
      assert.equal(r.ok.length, 1, `invoice ${i}: one of void and allocation succeeds`);
      const row = await getInvoiceRowOrThrow(ctx.deps.db, tenantId, invoices[i]?.invoiceId ?? '');
      const detail = await getReceiptDetail(ctx.deps.db, tenantId, receipts[i]?.receipt.receiptId ?? '');
      assert.deepEqual(
        [row.status, row.openMinor, detail.receipt.unappliedMinor],
        row.status === 'void' ? ['void', 0n, 1000n] : ['paid', 0n, 0n],
      );
    }
    await assertInvariants(ctx, tenantId);
  });

  test('allocations, refunds, write-offs and unapplies race for one receipt: unapplied never below zero', async () => {
    const { tenantId, customerId } = await setup();
    const a = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '80.00');
    const b = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '80.00');
    const c = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '80.00');
    const r = await receipt(tenantId, customerId, '100.00');
    const receiptId = r.receipt.receiptId;
    const first = await allocateReceipt(ctx.deps, tenantId, receiptId, [
      { invoice: c.invoiceId, amount: '40.00' },
    ]);
    const firstId = first.allocations[0]?.allocationId ?? '';
    await assertInvariants(ctx, tenantId);
    await race<unknown>(
      [
        allocateReceipt(ctx.deps, tenantId, receiptId, [{ invoice: a.invoiceId, amount: '50.00' }]),
        allocateReceipt(ctx.deps, tenantId, receiptId, [{ invoice: b.invoiceId, amount: '50.00' }]),
        allocateReceipt(ctx.deps, tenantId, receiptId, [
          { invoice: b.invoiceId, amount: '5.00' },
          { invoice: a.invoiceId, amount: '5.00' },
        ]),
        refundReceipt(ctx.deps, tenantId, receiptId, { amount: '30.00' }),
        writeOffUnapplied(ctx.deps, tenantId, receiptId, { amount: '20.00' }),
        unapplyAllocation(ctx.deps, tenantId, firstId),
        unapplyAllocation(ctx.deps, tenantId, firstId),
      ],
      ['over_allocation', 'insufficient_funds', 'invalid_state'],
    );
    const detail = await getReceiptDetail(ctx.deps.db, tenantId, receiptId);
    assert.ok(detail.receipt.unappliedMinor >= 0n);
    const active = detail.allocations
      .filter((x) => x.unappliedAt === null)
      .reduce((s, x) => s + x.amountMinor, 0n);
    const out = detail.disbursements.reduce((s, x) => s + x.amountMinor, 0n);
    assert.equal(active + out + detail.receipt.unappliedMinor, 10000n);
    assert.equal(
      detail.allocations.filter((x) => x.allocationId === firstId && x.unappliedAt !== null).length,
      1,
      'the first allocation is unapplied exactly once',
    );
    await assertInvariants(ctx, tenantId);
  });
  test('a storm of mixed commands on shared invoices and receipts: no deadlock, invariants hold', async () => {
    const { tenantId, customerId } = await setup();
    const invoices = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        makeIssuedInvoice(ctx.deps, tenantId, customerId, `${40 + i * 7}.00`),
      ),
    );
    const receipts = await Promise.all(
      Array.from({ length: 6 }, (_, i) => receipt(tenantId, customerId, `${35 + i * 9}.00`)),
    );
    // Some allocations to unapply during the storm.
    const seeded = await Promise.all(
      receipts.slice(0, 4).map((r, i) =>
        allocateReceipt(ctx.deps, tenantId, r.receipt.receiptId, [
          { invoice: invoices[i]?.invoiceId ?? '', amount: '5.00' },
          { invoice: invoices[i + 1]?.invoiceId ?? '', amount: '6.00' },
        ]),
      ),
    );
    const allocationIds = seeded.flatMap((d) => d.allocations.map((a) => a.allocationId));
    await assertInvariants(ctx, tenantId);
    let seed = 20260331;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor(seed / 65536) % n;
    };
    const pickInvoice = () => invoices[next(invoices.length)]?.invoiceId ?? '';
    const pickReceipt = () => receipts[next(receipts.length)]?.receipt.receiptId ?? '';
    const ops = Array.from({ length: 80 }, (): (() => Promise<unknown>) => {
      const amount = `${1 + next(15)}.00`;
      switch (next(8)) {
        case 0:
        case 1:
          return () =>
            allocateReceipt(ctx.deps, tenantId, pickReceipt(), [{ invoice: pickInvoice(), amount }]);
        case 2: {
          const [x, y] = [pickInvoice(), pickInvoice()];
          return () =>
            allocateReceipt(ctx.deps, tenantId, pickReceipt(), [
              { invoice: x, amount },
              ...(x === y ? [] : [{ invoice: y, amount: '1.00' }]),
            ]);
        }
        case 3:
          return () => unapplyAllocation(ctx.deps, tenantId, allocationIds[next(allocationIds.length)] ?? '');
        case 4:
          return () => creditInvoice(ctx.deps, tenantId, pickInvoice(), { amount, reason: 'storm' });
        case 5:
          return () => writeOffInvoice(ctx.deps, tenantId, pickInvoice(), { amount, reason: 'storm' });
        case 6:
          return () => refundReceipt(ctx.deps, tenantId, pickReceipt(), { amount });
        default:
          return () => voidInvoice(ctx.deps, tenantId, pickInvoice());
      }
    });
    const { ok, refused } = await race(
      ops.map((op) => op()),
      ['over_allocation', 'insufficient_funds', 'invalid_state'],
    );
    assert.equal(ok.length + refused.length, 80);
    assert.ok(ok.length >= 10, `only ${ok.length} commands succeeded`);
    await assertInvariants(ctx, tenantId);
  });
});
