import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { withTransaction } from '../../src/db/client.ts';
import { adjustInvoice } from '../../src/modules/invoices/invoice-adjustments.service.ts';
import { getInvoiceRowOrThrow } from '../../src/modules/invoices/invoice-queries.service.ts';
import { recordReceipt, unapplyAllocation } from '../../src/modules/receipts/receipts.service.ts';
import type { ReceiptApplication } from '../../src/modules/receipts/receipts.types.ts';
import {
  type BulkReceipt,
  recordReceiptsInBulkInTx,
} from '../../src/modules/receipts/receipts-bulk.service.ts';
import { reconcileAr } from '../../src/modules/reconciliation/reconciliation.service.ts';
import { AppError } from '../../src/shared/errors.ts';
import { formatAmount } from '../../src/shared/money.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { assertInvariants, tenantState } from '../helpers/invariants.ts';

/** The same customers and invoices in a fresh tenant. */
async function setUp(ctx: TestContext) {
  const { tenantId } = await newTenant(ctx);
  const a = await makeCustomer(ctx.deps, tenantId);
  const b = await makeCustomer(ctx.deps, tenantId);
  const inv = [
    await issueInvoice(ctx.deps, tenantId, a.externalId, '100.00'),
    await issueInvoice(ctx.deps, tenantId, a.externalId, '250.00'),
    await issueInvoice(ctx.deps, tenantId, b.externalId, '1000.00'),
    await issueInvoice(ctx.deps, tenantId, b.externalId, '40.00'),
  ];
  const item = (
    customerId: string,
    receivedOn: string,
    amountMinor: bigint,
    payerName: string,
    reference: string,
    application: Omit<ReceiptApplication, 'customerId'>,
  ): BulkReceipt => ({
    payment: {
      receivedOn,
      amountMinor,
      currency: 'EUR',
      fxRate: null,
      payerName,
      payerIban: null,
      reference,
      cashAccountCode: '1200',
    },
    application: { customerId, ...application },
  });
  const items = (ids: string[]): BulkReceipt[] => [
    item(a.id, '2026-03-20', 350_00n, 'A', 'two invoices', {
      allocations: [
        { invoiceId: ids[0] ?? '', amountMinor: 100_00n },
        { invoiceId: ids[1] ?? '', amountMinor: 250_00n },
      ],
      adjustments: [],
    }),
    item(b.id, '2026-03-21', 980_00n, 'B', 'skonto', {
      allocations: [{ invoiceId: ids[2] ?? '', amountMinor: 980_00n }],
      adjustments: [
        { invoiceId: ids[2] ?? '', kind: 'discount', amountMinor: 20_00n, reason: 'early payment' },
      ],
    }),
    item(b.id, '2026-03-22', 50_00n, 'B', 'over', {
      allocations: [{ invoiceId: ids[3] ?? '', amountMinor: 39_00n }],
      adjustments: [{ invoiceId: ids[3] ?? '', kind: 'bank_charge', amountMinor: 1_00n, reason: 'fee' }],
    }),
  ];
  return { tenantId, inv, items: items(inv.map((i) => i.invoiceId)) };
}

describe(`bulk receipts on ${backendName}`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext();
  });
  after(() => ctx.database.close());
  const inBulk = (tenantId: string, items: readonly BulkReceipt[]) =>
    withTransaction(ctx.deps.db, (tx) => recordReceiptsInBulkInTx(tx, ctx.deps, tenantId, items));

  test('post exactly what recordReceipt + adjustInvoice post, one by one', async () => {
    const one = await setUp(ctx);
    for (const { payment: r, application } of one.items) {
      await recordReceipt(ctx.deps, one.tenantId, {
        customer: application.customerId,
        method: 'bank_transfer',
        receivedOn: r.receivedOn,
        amount: formatAmount(r.amountMinor, 'EUR'),
        allocations: application.allocations.map((a) => ({
          invoice: a.invoiceId,
          amount: formatAmount(a.amountMinor, 'EUR'),
        })),
      });
      for (const adj of application.adjustments)
        await adjustInvoice(ctx.deps, one.tenantId, adj.invoiceId, {
          kind: adj.kind,
          amountMinor: adj.amountMinor,
          reason: adj.reason,
          date: r.receivedOn,
        });
    }
    const bulk = await setUp(ctx);
    const ids = await inBulk(bulk.tenantId, bulk.items);
    assert.equal(ids.length, 3);

    for (const [i, inv] of bulk.inv.entries()) {
      const b = await getInvoiceRowOrThrow(ctx.deps.db, bulk.tenantId, inv.invoiceId);
      const o = await getInvoiceRowOrThrow(ctx.deps.db, one.tenantId, one.inv[i]?.invoiceId ?? '');
      assert.deepEqual([b.status, b.openMinor], [o.status, o.openMinor], inv.number ?? '');
    }
    const balances = async (tenantId: string) =>
      (await ctx.deps.ledger.trialBalance(ctx.deps.db, tenantId)).map((l) => [
        l.accountCode,
        l.currency,
        l.balanceMinor,
      ]);
    assert.deepEqual(await balances(bulk.tenantId), await balances(one.tenantId));
    assert.equal((await reconcileAr(ctx.deps.db, ctx.deps, bulk.tenantId)).balanced, true);
    await assertInvariants(ctx, bulk.tenantId);
  });

  test('what it books can be unapplied like any allocation; a bad batch books nothing', async () => {
    const bulk = await setUp(ctx);
    await inBulk(bulk.tenantId, bulk.items.slice(0, 1));
    const before = await tenantState(ctx.deps.db, bulk.tenantId);
    const second = bulk.items[1];
    assert.ok(second);
    const twice = [second, { ...second, payment: { ...second.payment, reference: 'again' } }];
    const error = await inBulk(bulk.tenantId, twice).catch((e: unknown) => e);
    assert.ok(error instanceof AppError && error.code === 'over_allocation', String(error));
    assert.deepEqual(await tenantState(ctx.deps.db, bulk.tenantId), before);

    const [allocation] = await ctx.deps.db.query.allocations.findMany({
      where: (a, { eq }) => eq(a.tenantId, bulk.tenantId),
    });
    assert.ok(allocation);
    await unapplyAllocation(ctx.deps, bulk.tenantId, allocation.allocationId);
    await assertInvariants(ctx, bulk.tenantId);
  });
  test('refuses what the single path refuses, with the same words, and books nothing', async () => {
    const bulk = await setUp(ctx);
    const [first] = bulk.items;
    assert.ok(first);
    const [inv0, , inv2] = bulk.inv;
    assert.ok(inv0 && inv2);
    const cases: { name: string; allocations: { invoiceId: string; amountMinor: bigint }[] }[] = [
      {
        name: "another customer's invoice",
        allocations: [{ invoiceId: inv2.invoiceId, amountMinor: 10_00n }],
      },
      { name: 'more than is open', allocations: [{ invoiceId: inv0.invoiceId, amountMinor: 100_01n }] },
      {
        name: 'an invoice twice',
        allocations: [
          { invoiceId: inv0.invoiceId, amountMinor: 10_00n },
          { invoiceId: inv0.invoiceId, amountMinor: 10_00n },
        ],
      },
      { name: 'a zero amount', allocations: [{ invoiceId: inv0.invoiceId, amountMinor: 0n }] },
    ];
    const before = await tenantState(ctx.deps.db, bulk.tenantId);
    for (const c of cases) {
      const single: unknown = await recordReceipt(ctx.deps, bulk.tenantId, {
        customer: first.application.customerId,
        method: 'bank_transfer',
        receivedOn: '2026-03-20',
        amount: '350.00',
        allocations: c.allocations.map((a) => ({
          invoice: a.invoiceId,
          amount: formatAmount(a.amountMinor, 'EUR'),
        })),
      }).catch((e: unknown) => e);
      const item: BulkReceipt = {
        ...first,
        application: { ...first.application, allocations: c.allocations },
      };
      const inBulkError: unknown = await inBulk(bulk.tenantId, [item]).catch((e: unknown) => e);
      assert.ok(single instanceof AppError && inBulkError instanceof AppError, c.name);
      assert.deepEqual(
        [inBulkError.code, inBulkError.message, inBulkError.details.map((d) => d.field)],
        [single.code, single.message, single.details.map((d) => d.field && `items[0].${d.field}`)],
        c.name,
      );
    }
    assert.deepEqual(await tenantState(ctx.deps.db, bulk.tenantId), before);
  });
});
