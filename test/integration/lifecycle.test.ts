/**
 * The invoice lifecycle as explicit examples, on both back ends: every transition, every refused
 * transition (with proof that nothing changed), over-payment, unapply, FX gains and losses with
 * amounts worked out by hand, and gapless numbering per tenant and series.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { creditInvoice } from '../../src/modules/invoices/credit-notes.service.ts';
import { createInvoice } from '../../src/modules/invoices/invoice-creation.service.ts';
import { issueInvoice } from '../../src/modules/invoices/invoice-issue.service.ts';
import {
  getInvoiceDetail,
  getInvoiceRowOrThrow,
  listInvoices,
} from '../../src/modules/invoices/invoice-queries.service.ts';
import { voidInvoice } from '../../src/modules/invoices/invoice-void.service.ts';
import { writeOffInvoice } from '../../src/modules/invoices/invoice-write-off.service.ts';
import {
  allocateReceipt,
  listReceipts,
  recordReceipt,
  refundReceipt,
  unapplyAllocation,
} from '../../src/modules/receipts/receipts.service.ts';
import { reconcileAr } from '../../src/modules/reconciliation/reconciliation.service.ts';
import { AppError, type ErrorCode } from '../../src/shared/errors.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { makeCustomer, issueInvoice as makeIssuedInvoice } from '../helpers/factories.ts';
import { assertInvariants, tenantState } from '../helpers/invariants.ts';

let ctx: TestContext;

before(async () => {
  ctx = await openTestContext();
});
after(async () => {
  await ctx.database.close();
});

/** 2 × 50.00 at 19 % tax: net 100.00, tax 19.00, total 119.00. */
const LINES = [{ description: 'Widget', quantity: '2', unitPrice: '50.00', taxRate: '19' }];

async function setup() {
  const tenant = await newTenant(ctx);
  const customer = await makeCustomer(ctx.deps, tenant.tenantId, { paymentTerms: 'NET30' });
  return { tenantId: tenant.tenantId, customerId: customer.id };
}

/** Expect `fn` to fail with AppError `code` and to leave every row of the tenant as it was. */
async function rejectsWithoutChange(tenantId: string, code: ErrorCode, fn: () => Promise<unknown>) {
  const before = await tenantState(ctx.deps.db, tenantId);
  await assert.rejects(fn, (error: unknown) => {
    assert.ok(error instanceof AppError, `expected AppError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    return true;
  });
  assert.equal(await tenantState(ctx.deps.db, tenantId), before, 'a rejected command changed the database');
  await assertInvariants(ctx, tenantId);
}

function pay(
  tenantId: string,
  customer: string,
  amount: string,
  allocations: { invoice: string; amount: string }[],
) {
  return recordReceipt(ctx.deps, tenantId, {
    customer,
    method: 'bank_transfer',
    receivedOn: '2026-03-20',
    amount,
    allocations,
  });
}

/** The lines of every entry of a source document, by event code, as (account, amount, base). */
async function entryLines(tenantId: string, sourceId: string) {
  return queryRows<{
    event_code: string;
    account_code: string;
    amount_minor: bigint;
    base_amount_minor: bigint;
  }>(
    ctx.deps.db,
    sql`select e.event_code, l.account_code, l.amount_minor, l.base_amount_minor
        from journal_entries e join journal_lines l on l.tenant_id = e.tenant_id and l.entry_id = e.entry_id
        where e.tenant_id = ${tenantId} and e.source_id = ${sourceId}
        order by e.entry_no, l.line_no`,
  );
}

describe(`invoice lifecycle on ${backendName}`, () => {
  test('draft → issued → partially_paid → paid', async () => {
    const { tenantId, customerId } = await setup();
    const draft = await createInvoice(ctx.deps, tenantId, {
      customer: customerId,
      issueDate: '2026-03-01',
      lines: LINES,
    });
    assert.equal(draft.status, 'draft');
    assert.equal(draft.number, null);
    assert.equal(draft.totalMinor, 11900n);
    assert.equal(draft.openMinor, 0n);
    assert.deepEqual(await entryLines(tenantId, draft.invoiceId), [], 'a draft posts nothing');
    await assertInvariants(ctx, tenantId);

    const issued = await issueInvoice(ctx.deps, tenantId, draft.invoiceId);
    assert.equal(issued.status, 'issued');
    assert.equal(issued.number, 'INV-000001');
    assert.equal(issued.openMinor, 11900n);
    assert.equal(issued.issueDate, '2026-03-01');
    assert.equal(issued.dueDate, '2026-03-31');
    assert.match(issued.paymentReference ?? '', /^RF\d{2}INV000001$/);
    assert.deepEqual(
      (await entryLines(tenantId, draft.invoiceId)).map((l) => [
        l.event_code,
        l.account_code,
        l.amount_minor,
      ]),
      [
        ['invoice.issued', '1100', 11900n],
        ['invoice.issued', '4000', -10000n],
        ['invoice.issued', '2200', -1900n],
      ],
    );
    await assertInvariants(ctx, tenantId);

    const first = await pay(tenantId, customerId, '40.00', [{ invoice: 'INV-000001', amount: '40.00' }]);
    assert.equal(first.receipt.unappliedMinor, 0n);
    assert.equal(first.allocations.length, 1);
    let invoice = await getInvoiceRowOrThrow(ctx.deps.db, tenantId, draft.invoiceId);
    assert.equal(invoice.status, 'partially_paid');
    assert.equal(invoice.openMinor, 7900n);
    assert.equal(invoice.closedAt, null);
    await assertInvariants(ctx, tenantId);

    await pay(tenantId, customerId, '79.00', [{ invoice: issued.invoiceId, amount: '79.00' }]);
    invoice = await getInvoiceRowOrThrow(ctx.deps.db, tenantId, draft.invoiceId);
    assert.equal(invoice.status, 'paid');
    assert.equal(invoice.openMinor, 0n);
    assert.ok(invoice.closedAt instanceof Date);
    await assertInvariants(ctx, tenantId);
  });

  test('void: a draft simply; an untouched issued invoice by a reversal; never once money is applied', async () => {
    const { tenantId, customerId } = await setup();
    const draft = await createInvoice(ctx.deps, tenantId, { customer: customerId, lines: LINES });
    const voidedDraft = await voidInvoice(ctx.deps, tenantId, draft.invoiceId);
    assert.equal(voidedDraft.status, 'void');
    assert.equal(voidedDraft.number, null);
    assert.deepEqual(await entryLines(tenantId, draft.invoiceId), []);
    await assertInvariants(ctx, tenantId);

    const inv = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '250.00');
    assert.equal(inv.number, 'INV-000001', 'the voided draft took no number');
    await assertInvariants(ctx, tenantId);
    const receipt = await pay(tenantId, customerId, '100.00', [{ invoice: inv.invoiceId, amount: '100.00' }]);
    await rejectsWithoutChange(tenantId, 'invalid_state', () =>
      voidInvoice(ctx.deps, tenantId, inv.invoiceId),
    );

    const allocationId = receipt.allocations[0]?.allocationId ?? '';
    await unapplyAllocation(ctx.deps, tenantId, allocationId, '2026-03-21');
    await assertInvariants(ctx, tenantId);
    const voided = await voidInvoice(ctx.deps, tenantId, inv.number ?? '', '2026-03-22', 'sent twice');
    assert.equal(voided.status, 'void');
    assert.equal(voided.openMinor, 0n);
    assert.equal(voided.number, 'INV-000001', 'a voided invoice keeps its number');
    const entries = await queryRows<{
      entry_id: string;
      event_code: string;
      reverses_entry_id: string | null;
      description: string;
    }>(
      ctx.deps.db,
      sql`select entry_id, event_code, reverses_entry_id, description from journal_entries
          where tenant_id = ${tenantId} and source_id = ${inv.invoiceId} order by entry_no`,
    );
    assert.deepEqual(
      entries.map((e) => e.event_code),
      ['invoice.issued', 'invoice.voided'],
    );
    assert.equal(entries[1]?.reverses_entry_id, entries[0]?.entry_id);
    assert.equal(entries[1]?.description, 'Reversal of: Invoice INV-000001 — void: sent twice');
    assert.deepEqual(
      (await entryLines(tenantId, inv.invoiceId)).map((l) => [l.event_code, l.account_code, l.amount_minor]),
      [
        ['invoice.issued', '1100', 25000n],
        ['invoice.issued', '4000', -25000n],
        ['invoice.voided', '1100', -25000n],
        ['invoice.voided', '4000', 25000n],
      ],
    );
    // assertInvariants also proves the issue entry's lines are byte-for-byte what they were.
    await assertInvariants(ctx, tenantId);
    const rec = await reconcileAr(ctx.deps.db, ctx.deps, tenantId);
    assert.deepEqual(
      rec.currencies.map((c) => [c.currency, c.arControlMinor, c.subledgerMinor]),
      [['EUR', -10000n, -10000n]],
      'the 100.00 is back on the customer as unapplied cash',
    );
  });

  test('credit notes: linked, partial then full; the invoice ends credited', async () => {
    const { tenantId, customerId } = await setup();
    const inv = await createInvoice(ctx.deps, tenantId, {
      customer: customerId,
      issue: true,
      issueDate: '2026-03-01',
      lines: LINES,
    });
    const partial = await creditInvoice(ctx.deps, tenantId, inv.invoiceId, {
      amount: '50.00',
      reason: 'damaged',
      date: '2026-03-10',
    });
    assert.equal(partial.creditNote.kind, 'credit_note');
    assert.equal(partial.creditNote.number, 'CN-000001');
    assert.equal(partial.creditNote.creditedInvoiceId, inv.invoiceId);
    assert.equal(partial.creditNote.totalMinor, 5000n);
    // 50.00 split in the invoice's 100 : 19 proportion: 42.0168… → 42.02 net, 7.98 tax.
    assert.equal(partial.creditNote.netMinor, 4202n);
    assert.equal(partial.creditNote.taxMinor, 798n);
    assert.equal(partial.invoice.openMinor, 6900n);
    assert.equal(partial.invoice.status, 'partially_paid');
    assert.deepEqual(
      (await entryLines(tenantId, partial.creditNote.invoiceId)).map((l) => [l.account_code, l.amount_minor]),
      [
        ['4000', 4202n],
        ['2200', 798n],
        ['1100', -5000n],
      ],
    );
    await assertInvariants(ctx, tenantId);

    const rest = await creditInvoice(ctx.deps, tenantId, inv.invoiceId, { reason: 'cancelled' });
    assert.equal(rest.creditNote.number, 'CN-000002');
    assert.equal(rest.creditNote.totalMinor, 6900n);
    assert.equal(rest.invoice.openMinor, 0n);
    assert.equal(rest.invoice.status, 'credited');
    const detail = await getInvoiceDetail(ctx.deps.db, tenantId, inv.invoiceId);
    assert.deepEqual(
      detail.adjustments.map((a) => [a.kind, a.amountMinor, a.creditNoteId]).sort(),
      [
        ['credit_note', 5000n, partial.creditNote.invoiceId],
        ['credit_note', 6900n, rest.creditNote.invoiceId],
      ].sort(),
    );
    await assertInvariants(ctx, tenantId);
    await rejectsWithoutChange(tenantId, 'invalid_state', () =>
      creditInvoice(ctx.deps, tenantId, inv.invoiceId, { amount: '1.00', reason: 'again' }),
    );
  });

  test('credit beyond the open amount is refused', async () => {
    const { tenantId, customerId } = await setup();
    const inv = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '10.00');
    await rejectsWithoutChange(tenantId, 'over_allocation', () =>
      creditInvoice(ctx.deps, tenantId, inv.invoiceId, { amount: '10.01', reason: 'too much' }),
    );
    await rejectsWithoutChange(tenantId, 'validation_failed', () =>
      creditInvoice(ctx.deps, tenantId, inv.invoiceId, { amount: '0', reason: 'nothing' }),
    );
  });

  test('written off: partly paid, the rest to bad debt', async () => {
    const { tenantId, customerId } = await setup();
    const inv = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '300.00');
    await pay(tenantId, customerId, '120.00', [{ invoice: inv.invoiceId, amount: '120.00' }]);
    const written = await writeOffInvoice(ctx.deps, tenantId, inv.invoiceId, {
      reason: 'insolvent',
      date: '2026-03-25',
    });
    assert.equal(written.status, 'written_off');
    assert.equal(written.openMinor, 0n);
    const lines = (await entryLines(tenantId, inv.invoiceId)).filter(
      (l) => l.event_code === 'invoice.written_off',
    );
    assert.deepEqual(
      lines.map((l) => [l.account_code, l.amount_minor, l.base_amount_minor]),
      [
        ['6900', 18000n, 18000n],
        ['1100', -18000n, -18000n],
      ],
    );
    await assertInvariants(ctx, tenantId);
    await rejectsWithoutChange(tenantId, 'invalid_state', () =>
      writeOffInvoice(ctx.deps, tenantId, inv.invoiceId, { reason: 'twice' }),
    );
  });

  test('overdue is derived from the due date and the as-of date, never stored', async () => {
    const { tenantId, customerId } = await setup();
    const due = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '10.00'); // due 2026-03-31
    const paid = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '20.00');
    await pay(tenantId, customerId, '20.00', [{ invoice: paid.invoiceId, amount: '20.00' }]);
    const later = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '30.00', {
      issueDate: '2026-03-15',
    });
    await createInvoice(ctx.deps, tenantId, { customer: customerId, lines: LINES }); // a draft
    assert.equal(due.dueDate, '2026-03-31');
    assert.equal(later.dueDate, '2026-04-14');

    const overdueOn = async (asOf: string) =>
      (await listInvoices(ctx.deps.db, tenantId, { status: 'overdue', asOf, limit: 50 })).invoices.map(
        (i) => i.number,
      );
    assert.deepEqual(await overdueOn('2026-03-31'), [], 'due today is not overdue');
    assert.deepEqual(await overdueOn('2026-04-01'), [due.number]);
    assert.deepEqual((await overdueOn('2026-04-15')).sort(), [due.number, later.number].sort());

    const all = await listInvoices(ctx.deps.db, tenantId, { asOf: '2026-04-01', limit: 50 });
    const flags = Object.fromEntries(all.invoices.map((i) => [i.number ?? 'draft', [i.status, i.overdue]]));
    assert.deepEqual(flags, {
      [due.number ?? '']: ['issued', true],
      [paid.number ?? '']: ['paid', false],
      [later.number ?? '']: ['issued', false],
      draft: ['draft', false],
    });
    const stored = await queryRows<{ status: string }>(
      ctx.deps.db,
      sql`select distinct status from invoices where tenant_id = ${tenantId} order by status`,
    );
    assert.deepEqual(
      stored.map((s) => s.status),
      ['draft', 'issued', 'paid'],
    );
    await assertInvariants(ctx, tenantId);
  });

  test('illegal transitions are refused with invalid_state and change nothing', async () => {
    const { tenantId, customerId } = await setup();
    const draft = await createInvoice(ctx.deps, tenantId, { customer: customerId, lines: LINES });
    const receipt = await pay(tenantId, customerId, '500.00', []);
    await assertInvariants(ctx, tenantId);
    const receiptId = receipt.receipt.receiptId;

    // pay a draft
    await rejectsWithoutChange(tenantId, 'invalid_state', () =>
      allocateReceipt(ctx.deps, tenantId, receiptId, [{ invoice: draft.invoiceId, amount: '10.00' }]),
    );
    await rejectsWithoutChange(tenantId, 'invalid_state', () =>
      creditInvoice(ctx.deps, tenantId, draft.invoiceId, { reason: 'draft' }),
    );
    await rejectsWithoutChange(tenantId, 'invalid_state', () =>
      writeOffInvoice(ctx.deps, tenantId, draft.invoiceId, { reason: 'draft' }),
    );
    // issue twice
    const issued = await issueInvoice(ctx.deps, tenantId, draft.invoiceId, '2026-03-02');
    assert.equal(issued.number, 'INV-000001');
    await assertInvariants(ctx, tenantId);
    await rejectsWithoutChange(tenantId, 'invalid_state', () =>
      issueInvoice(ctx.deps, tenantId, draft.invoiceId),
    );
    // void a paid invoice
    await allocateReceipt(
      ctx.deps,
      tenantId,
      receiptId,
      [{ invoice: 'INV-000001', amount: '119.00' }],
      '2026-03-20',
    );
    assert.equal((await getInvoiceRowOrThrow(ctx.deps.db, tenantId, draft.invoiceId)).status, 'paid');
    await assertInvariants(ctx, tenantId);
    await rejectsWithoutChange(tenantId, 'invalid_state', () =>
      voidInvoice(ctx.deps, tenantId, draft.invoiceId),
    );
    // a paid invoice takes no more money; a void one neither
    await rejectsWithoutChange(tenantId, 'invalid_state', () =>
      allocateReceipt(ctx.deps, tenantId, receiptId, [{ invoice: draft.invoiceId, amount: '1.00' }]),
    );
    const other = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '5.00');
    await voidInvoice(ctx.deps, tenantId, other.invoiceId);
    await assertInvariants(ctx, tenantId);
    await rejectsWithoutChange(tenantId, 'invalid_state', () =>
      allocateReceipt(ctx.deps, tenantId, receiptId, [{ invoice: other.invoiceId, amount: '1.00' }]),
    );
    await rejectsWithoutChange(tenantId, 'invalid_state', () =>
      issueInvoice(ctx.deps, tenantId, other.invoiceId),
    );
    await rejectsWithoutChange(tenantId, 'invalid_state', () =>
      voidInvoice(ctx.deps, tenantId, other.invoiceId),
    );
    // and allocating a credit note is not paying an invoice
    const third = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '8.00');
    const { creditNote } = await creditInvoice(ctx.deps, tenantId, third.invoiceId, {
      amount: '3.00',
      reason: 'x',
    });
    await assertInvariants(ctx, tenantId);
    await rejectsWithoutChange(tenantId, 'validation_failed', () =>
      allocateReceipt(ctx.deps, tenantId, receiptId, [{ invoice: creditNote.invoiceId, amount: '1.00' }]),
    );
    // unknown allocations are not found, whatever the id looks like
    await rejectsWithoutChange(tenantId, 'not_found', () =>
      unapplyAllocation(ctx.deps, tenantId, '00000000-0000-4000-8000-000000000000'),
    );
    await rejectsWithoutChange(tenantId, 'not_found', () => unapplyAllocation(ctx.deps, tenantId, 'ALLOC-1'));
  });

  test('over-payment leaves unapplied cash on the customer; over-allocation is refused', async () => {
    const { tenantId, customerId } = await setup();
    const inv = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '119.00');
    const receipt = await pay(tenantId, customerId, '150.00', []);
    await rejectsWithoutChange(tenantId, 'over_allocation', () =>
      allocateReceipt(ctx.deps, tenantId, receipt.receipt.receiptId, [
        { invoice: inv.invoiceId, amount: '150.00' },
      ]),
    );
    await rejectsWithoutChange(tenantId, 'validation_failed', () =>
      allocateReceipt(ctx.deps, tenantId, receipt.receipt.receiptId, [
        { invoice: inv.invoiceId, amount: '-1.00' },
      ]),
    );
    const applied = await allocateReceipt(ctx.deps, tenantId, receipt.receipt.receiptId, [
      { invoice: inv.invoiceId, amount: '119.00' },
    ]);
    assert.equal(applied.receipt.unappliedMinor, 3100n);
    assert.equal((await getInvoiceRowOrThrow(ctx.deps.db, tenantId, inv.invoiceId)).status, 'paid');
    await assertInvariants(ctx, tenantId);
    const unapplied = await listReceipts(ctx.deps.db, tenantId, {
      customer: customerId,
      unappliedOnly: true,
      limit: 10,
    });
    assert.deepEqual(
      unapplied.receipts.map((r) => [r.receiptId, r.unappliedMinor]),
      [[receipt.receipt.receiptId, 3100n]],
    );
    const rec = await reconcileAr(ctx.deps.db, ctx.deps, tenantId);
    assert.deepEqual(
      rec.currencies.map((c) => [c.currency, c.arControlMinor, c.subledgerMinor]),
      [['EUR', -3100n, -3100n]],
      'the customer is in credit by the 31.00 it over-paid',
    );
    // more than the receipt has left is refused, whatever the invoice could take
    const second = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '40.00');
    await rejectsWithoutChange(tenantId, 'over_allocation', () =>
      allocateReceipt(ctx.deps, tenantId, receipt.receipt.receiptId, [
        { invoice: second.invoiceId, amount: '31.01' },
      ]),
    );
    await rejectsWithoutChange(tenantId, 'insufficient_funds', () =>
      refundReceipt(ctx.deps, tenantId, receipt.receipt.receiptId, { amount: '31.01' }),
    );
    const refunded = await refundReceipt(ctx.deps, tenantId, receipt.receipt.receiptId, {
      date: '2026-03-30',
    });
    assert.equal(refunded.receipt.unappliedMinor, 0n);
    assert.deepEqual(
      refunded.disbursements.map((d) => [d.kind, d.amountMinor]),
      [['refund', 3100n]],
    );
    await assertInvariants(ctx, tenantId);
  });

  test('unapply restores the open amount, the status and the unapplied cash', async () => {
    const { tenantId, customerId } = await setup();
    const a = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '60.00');
    const b = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '40.00');
    const receipt = await pay(tenantId, customerId, '100.00', [
      { invoice: a.invoiceId, amount: '60.00' },
      { invoice: b.invoiceId, amount: '15.00' },
    ]);
    assert.equal(receipt.receipt.unappliedMinor, 2500n);
    await assertInvariants(ctx, tenantId);
    const toA = receipt.allocations.find((x) => x.invoiceId === a.invoiceId);
    const toB = receipt.allocations.find((x) => x.invoiceId === b.invoiceId);
    assert.ok(toA && toB);

    const afterA = await unapplyAllocation(ctx.deps, tenantId, toA.allocationId, '2026-03-22');
    assert.equal(afterA.receipt.unappliedMinor, 8500n);
    const invA = await getInvoiceRowOrThrow(ctx.deps.db, tenantId, a.invoiceId);
    assert.deepEqual([invA.status, invA.openMinor, invA.closedAt], ['issued', 6000n, null]);
    const unappliedRow = afterA.allocations.find((x) => x.allocationId === toA.allocationId);
    assert.ok(unappliedRow?.unappliedAt instanceof Date);
    assert.ok(unappliedRow?.reversalEntryId);
    await assertInvariants(ctx, tenantId);
    await rejectsWithoutChange(tenantId, 'invalid_state', () =>
      unapplyAllocation(ctx.deps, tenantId, toA.allocationId),
    );

    await allocateReceipt(ctx.deps, tenantId, receipt.receipt.receiptId, [
      { invoice: b.invoiceId, amount: '25.00' },
    ]);
    assert.equal((await getInvoiceRowOrThrow(ctx.deps.db, tenantId, b.invoiceId)).status, 'paid');
    await unapplyAllocation(ctx.deps, tenantId, toB.allocationId);
    const invB = await getInvoiceRowOrThrow(ctx.deps.db, tenantId, b.invoiceId);
    assert.deepEqual([invB.status, invB.openMinor], ['partially_paid', 1500n]);
    await assertInvariants(ctx, tenantId);
  });

  test('FX: a USD invoice settled at other rates books the realised gain and loss exactly', async () => {
    const { tenantId, customerId } = await setup();
    // 333.33 USD at 1.0842 EUR/USD: 33333 × 1.0842 = 36139.6386 → 361.40 EUR on AR.
    const inv = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '333.33', {
      currency: 'USD',
      fxRate: '1.0842',
    });
    const issueLines = await entryLines(tenantId, inv.invoiceId);
    assert.deepEqual(
      issueLines.map((l) => [l.account_code, l.amount_minor, l.base_amount_minor]),
      [
        ['1100', 33333n, 36140n],
        ['4000', -33333n, -36140n],
      ],
    );
    const usd = (amount: string, fxRate: string, allocate: string) =>
      recordReceipt(ctx.deps, tenantId, {
        customer: customerId,
        method: 'bank_transfer',
        receivedOn: '2026-03-20',
        amount,
        currency: 'USD',
        fxRate,
        allocations: [{ invoice: inv.invoiceId, amount: allocate }],
      });
    // 100.00 USD at 1.10 = 110.00 EUR; the invoice's share of 361.40 for 100.00 of 333.33 is
    // 36140 × 10000 / 33333 = 10842.108… → 108.42 EUR: a gain of 1.58 EUR (credit on 7900).
    const first = await usd('100.00', '1.10', '100.00');
    const firstEntry = await entryLines(tenantId, first.allocations[0]?.allocationId ?? '');
    assert.deepEqual(
      firstEntry.map((l) => [l.account_code, l.amount_minor, l.base_amount_minor]),
      [
        ['1100', 10000n, 11000n],
        ['1100', -10000n, -10842n],
        ['7900', 0n, -158n],
      ],
    );
    await assertInvariants(ctx, tenantId);
    // 233.33 USD at 1.05 = 24499.65 → 245.00 EUR; the invoice's remaining 361.40 − 108.42 = 252.98
    // EUR leaves AR: a loss of 7.98 EUR (debit on 7900).
    const second = await usd('233.33', '1.05', '233.33');
    const secondEntry = await entryLines(tenantId, second.allocations[0]?.allocationId ?? '');
    assert.deepEqual(
      secondEntry.map((l) => [l.account_code, l.amount_minor, l.base_amount_minor]),
      [
        ['1100', 23333n, 24500n],
        ['1100', -23333n, -25298n],
        ['7900', 0n, 798n],
      ],
    );
    const paid = await getInvoiceRowOrThrow(ctx.deps.db, tenantId, inv.invoiceId);
    assert.deepEqual([paid.status, paid.openMinor], ['paid', 0n]);
    await assertInvariants(ctx, tenantId);

    const tb = await ctx.deps.ledger.trialBalance(ctx.deps.db, tenantId);
    const fx = tb.filter((l) => l.accountCode === '7900');
    assert.deepEqual(
      fx.map((l) => [l.currency, l.balanceMinor, l.baseDebitMinor, l.baseCreditMinor]),
      [['USD', 0n, 798n, 158n]],
      'net realised FX loss of 6.40 EUR',
    );
    const ar = tb.filter((l) => l.accountCode === '1100');
    assert.deepEqual(
      ar.map((l) => [l.currency, l.balanceMinor, l.baseDebitMinor - l.baseCreditMinor]),
      [['USD', 0n, 0n]],
      'nothing is left on AR, in USD or in EUR',
    );
    const bank = tb.filter((l) => l.accountCode === '1200');
    assert.deepEqual(
      bank.map((l) => [l.currency, l.balanceMinor, l.baseDebitMinor]),
      [['USD', 33333n, 35500n]],
    );
  });

  test('FX: a foreign invoice needs a rate; over-paid foreign cash is refunded at its own rate', async () => {
    const { tenantId, customerId } = await setup();
    await assert.rejects(
      makeIssuedInvoice(ctx.deps, tenantId, customerId, '10.00', { currency: 'USD' }),
      (e: unknown) => e instanceof AppError && e.code === 'validation_failed',
    );
    const inv = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '100.00', {
      currency: 'USD',
      fxRate: '0.9',
    });
    // 150.00 USD at 0.95 = 142.50 EUR; 100.00 of it pays the invoice (90.00 EUR on AR): 95.00 EUR
    // leaves the receipt's share, a gain of 5.00; the rest 47.50 EUR goes back with the refund.
    const receipt = await recordReceipt(ctx.deps, tenantId, {
      customer: customerId,
      method: 'bank_transfer',
      receivedOn: '2026-03-20',
      amount: '150.00',
      currency: 'USD',
      fxRate: '0.95',
      allocations: [{ invoice: inv.invoiceId, amount: '100.00' }],
    });
    assert.equal(receipt.receipt.unappliedMinor, 5000n);
    await assertInvariants(ctx, tenantId);
    const refund = await refundReceipt(ctx.deps, tenantId, receipt.receipt.receiptId, { date: '2026-03-28' });
    const lines = await entryLines(tenantId, refund.disbursements[0]?.disbursementId ?? '');
    assert.deepEqual(
      lines.map((l) => [l.account_code, l.amount_minor, l.base_amount_minor]),
      [
        ['1100', 5000n, 4750n],
        ['1200', -5000n, -4750n],
      ],
    );
    const fx = (await ctx.deps.ledger.trialBalance(ctx.deps.db, tenantId)).find(
      (l) => l.accountCode === '7900',
    );
    assert.equal(fx?.baseCreditMinor, 500n);
    await assertInvariants(ctx, tenantId);
  });

  test('a zero invoice (100 % discount) is issued with its number, posts nothing, and can be voided', async () => {
    const { tenantId, customerId } = await setup();
    const free = await createInvoice(ctx.deps, tenantId, {
      customer: customerId,
      issue: true,
      issueDate: '2026-03-01',
      lines: [
        { description: 'Free sample', quantity: '3', unitPrice: '10.00', discountPct: '100', taxRate: '19' },
      ],
    });
    assert.deepEqual(
      [free.status, free.number, free.totalMinor, free.openMinor],
      ['issued', 'INV-000001', 0n, 0n],
    );
    assert.deepEqual(await entryLines(tenantId, free.invoiceId), []);
    await assertInvariants(ctx, tenantId);
    const overdue = await listInvoices(ctx.deps.db, tenantId, {
      status: 'overdue',
      asOf: '2026-06-01',
      limit: 10,
    });
    assert.deepEqual(overdue.invoices, [], 'nothing open, never overdue');
    const voided = await voidInvoice(ctx.deps, tenantId, free.invoiceId);
    assert.deepEqual([voided.status, voided.number], ['void', 'INV-000001']);
    assert.deepEqual(await entryLines(tenantId, free.invoiceId), []);
    await assertInvariants(ctx, tenantId);
    const zeroDraft = await createInvoice(ctx.deps, tenantId, {
      customer: customerId,
      lines: [{ description: 'Free', quantity: '1', unitPrice: '0' }],
    });
    const zeroIssued = await issueInvoice(ctx.deps, tenantId, zeroDraft.invoiceId, '2026-03-03');
    assert.deepEqual(
      [zeroIssued.status, zeroIssued.number, zeroIssued.openMinor],
      ['issued', 'INV-000002', 0n],
    );
    assert.deepEqual(await entryLines(tenantId, zeroDraft.invoiceId), []);
    await assertInvariants(ctx, tenantId);
    const next = await makeIssuedInvoice(ctx.deps, tenantId, customerId, '5.00');
    assert.equal(next.number, 'INV-000003');
  });

  test("another tenant's documents are not found, by id or by number", async () => {
    const mine = await setup();
    const theirs = await setup();
    const inv = await makeIssuedInvoice(ctx.deps, theirs.tenantId, theirs.customerId, '50.00');
    const paid = await pay(theirs.tenantId, theirs.customerId, '60.00', [
      { invoice: inv.invoiceId, amount: '50.00' },
    ]);
    const allocationId = paid.allocations[0]?.allocationId ?? '';
    const own = await pay(mine.tenantId, mine.customerId, '60.00', []);
    await assertInvariants(ctx, mine.tenantId);
    await assertInvariants(ctx, theirs.tenantId);
    const before = await tenantState(ctx.deps.db, theirs.tenantId);
    for (const id of [inv.invoiceId, 'INV-000001']) {
      await rejectsWithoutChange(mine.tenantId, 'not_found', () =>
        allocateReceipt(ctx.deps, mine.tenantId, own.receipt.receiptId, [{ invoice: id, amount: '1.00' }]),
      );
      await rejectsWithoutChange(mine.tenantId, 'not_found', () => voidInvoice(ctx.deps, mine.tenantId, id));
      await rejectsWithoutChange(mine.tenantId, 'not_found', () =>
        creditInvoice(ctx.deps, mine.tenantId, id, { reason: 'not mine' }),
      );
      await rejectsWithoutChange(mine.tenantId, 'not_found', () =>
        writeOffInvoice(ctx.deps, mine.tenantId, id, { reason: 'not mine' }),
      );
    }
    await rejectsWithoutChange(mine.tenantId, 'not_found', () =>
      unapplyAllocation(ctx.deps, mine.tenantId, allocationId),
    );
    await rejectsWithoutChange(mine.tenantId, 'not_found', () =>
      refundReceipt(ctx.deps, mine.tenantId, paid.receipt.receiptId, {}),
    );
    await rejectsWithoutChange(mine.tenantId, 'not_found', () =>
      allocateReceipt(ctx.deps, mine.tenantId, paid.receipt.receiptId, [
        { invoice: inv.invoiceId, amount: '1.00' },
      ]),
    );
    assert.equal(
      await tenantState(ctx.deps.db, theirs.tenantId),
      before,
      "the other tenant's rows are untouched",
    );
  });

  test('numbering: INV-000001, INV-000002 … per tenant and series, independent across tenants', async () => {
    const one = await setup();
    const two = await setup();
    const issue = (t: { tenantId: string; customerId: string }) =>
      makeIssuedInvoice(ctx.deps, t.tenantId, t.customerId, '1.00');
    const numbers: string[] = [];
    numbers.push((await issue(one)).number ?? '');
    numbers.push((await issue(one)).number ?? '');
    numbers.push((await issue(two)).number ?? '');
    const draft = await createInvoice(ctx.deps, one.tenantId, { customer: one.customerId, lines: LINES });
    await voidInvoice(ctx.deps, one.tenantId, draft.invoiceId);
    numbers.push((await issue(one)).number ?? '');
    const credited = await issue(two);
    numbers.push(credited.number ?? '');
    numbers.push(
      (await creditInvoice(ctx.deps, two.tenantId, credited.invoiceId, { reason: 'x' })).creditNote.number ??
        '',
    );
    numbers.push(
      (await creditInvoice(ctx.deps, one.tenantId, 'INV-000003', { amount: '0.50', reason: 'y' })).creditNote
        .number ?? '',
    );
    assert.deepEqual(numbers, [
      'INV-000001',
      'INV-000002',
      'INV-000001',
      'INV-000003',
      'INV-000002',
      'CN-000001',
      'CN-000001',
    ]);
    // a failed issue (unknown series) rolls back and takes nothing
    const odd = await createInvoice(ctx.deps, one.tenantId, {
      customer: one.customerId,
      series: 'ZZ',
      lines: LINES,
    });
    await rejectsWithoutChange(one.tenantId, 'validation_failed', () =>
      issueInvoice(ctx.deps, one.tenantId, odd.invoiceId),
    );
    assert.equal((await issue(one)).number, 'INV-000004');
    await assertInvariants(ctx, one.tenantId);
    await assertInvariants(ctx, two.tenantId);
  });
});
