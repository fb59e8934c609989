/**
 * A parent company pays its subsidiaries' invoices in one amount. Nordlicht Holding AG owns
 * Nordlicht Logistik GmbH (which owns Nordlicht Lager GmbH) and Nordlicht Retail S.à r.l.; a
 * look-alike, Nordlicht Logistik GmbH & Co. KG, belongs to nobody's group. The holding's receipt
 * settles the members' invoices; the look-alike's invoice is refused and nothing changes. Expected
 * amounts are worked out by hand in the comments.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTransaction } from '../../src/db/client.ts';
import { importBankStatement } from '../../src/modules/bank/statement-import.service.ts';
import { runCashApplication } from '../../src/modules/cash-application/cash-application.service.ts';
import { groupCustomerIds, upsertCustomer } from '../../src/modules/customers/index.ts';
import { reverseReceiptAdjustments } from '../../src/modules/invoices/index.ts';
import {
  getReceiptDetail,
  type ReceiptSettlement,
  settleReceiptsInTx,
  unapplyAllocationInTx,
} from '../../src/modules/receipts/index.ts';
import { agingItems } from '../../src/modules/reports/index.ts';
import { AppError } from '../../src/shared/errors.ts';
import { formatAmount } from '../../src/shared/money.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { assertInvariants, tenantState } from '../helpers/invariants.ts';

type Api = ReturnType<typeof client>;

/** The group, the look-alike and one issued invoice each (19 % VAT on the net amounts). */
async function nordlicht(api: Api) {
  const customers = [
    { externalId: 'NL-HOLD', name: 'Nordlicht Holding AG' },
    { externalId: 'NL-LOG', name: 'Nordlicht Logistik GmbH', parentExternalId: 'NL-HOLD' },
    { externalId: 'NL-LAGER', name: 'Nordlicht Lager GmbH', parentExternalId: 'NL-LOG' },
    { externalId: 'NL-RET', name: 'Nordlicht Retail S.à r.l.', parentExternalId: 'NL-HOLD' },
    { externalId: 'NL-KG', name: 'Nordlicht Logistik GmbH & Co. KG' },
  ];
  const ids: Record<string, string> = {};
  for (const c of customers) {
    const res = await api.post('/v1/customers', c);
    assert.equal(res.status, 201, res.text);
    ids[c.externalId] = res.body.id;
  }
  const invoice = async (customer: string, net: string, issueDate: string) => {
    const res = await api.post('/v1/invoices', {
      customer,
      issue: true,
      issueDate,
      lines: [{ description: 'Fracht Hamburg–Lyon', quantity: '1', unitPrice: net, taxRate: '19' }],
    });
    assert.equal(res.status, 201, res.text);
    return res.body as { id: string; number: string; total: string };
  };
  return {
    ids,
    // 1000.00 + 19 % = 1190.00; 210.46 + 39.99 = 250.45; 84.03 + 15.97 = 100.00; 420.17 + 79.83 = 500.00
    log: await invoice('NL-LOG', '1000.00', '2026-02-02'),
    ret: await invoice('NL-RET', '210.46', '2026-02-03'),
    lager: await invoice('NL-LAGER', '84.03', '2026-02-04'),
    kg: await invoice('NL-KG', '420.17', '2026-02-05'),
  };
}

describe(`a group's parent pays its members' invoices (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
  });
  after(() => ctx.close());

  it("settles the members' invoices with the holding's one amount, and the books still tie out", async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    const { ids, log, ret, lager, kg } = await nordlicht(api);
    assert.deepEqual(
      [log.total, ret.total, lager.total, kg.total],
      ['1190.00', '250.45', '100.00', '500.00'],
    );

    // 1190.00 + 250.45 + 100.00 = 1540.45 allocated; 1600.00 received → 59.55 unapplied on the holding.
    const receipt = await api.post('/v1/receipts', {
      customer: 'NL-HOLD',
      method: 'bank_transfer',
      receivedOn: '2026-03-10',
      amount: '1600.00',
      reference: `${log.number}, ${ret.number}, ${lager.number}`,
      allocations: [
        { invoice: log.number, amount: '1190.00' },
        { invoice: ret.id, amount: '250.45' },
        { invoice: lager.number, amount: '100.00' },
      ],
    });
    assert.equal(receipt.status, 201, receipt.text);
    assert.equal(receipt.body.customerId, ids['NL-HOLD']);
    assert.equal(receipt.body.unapplied, '59.55');
    assert.deepEqual(
      receipt.body.allocations.map((a: { invoiceNumber: string; amount: string }) => [
        a.invoiceNumber,
        a.amount,
      ]),
      [
        [log.number, '1190.00'],
        [ret.number, '250.45'],
        [lager.number, '100.00'],
      ],
    );
    for (const inv of [log, ret, lager]) {
      const got = await api.get(`/v1/invoices/${inv.id}`);
      assert.deepEqual([got.body.status, got.body.open], ['paid', '0.00'], inv.number);
    }
    await assertInvariants(ctx, tenant.tenantId);

    // AR = the look-alike's 500.00 open − the holding's 59.55 unapplied = 440.45.
    await assertBooks(api, '440.45');
    // Per customer, today and (from the journal) as of 2026-03-20: the members owe nothing, the
    // holding has 59.55 unapplied cash, the look-alike owes 500.00.
    for (const asOf of ['2026-03-31', '2026-03-20']) {
      assert.deepEqual(
        await perCustomer(api, asOf),
        [
          ['NL-HOLD', '0.00', '59.55'],
          ['NL-KG', '500.00', '0.00'],
        ],
        asOf,
      );
    }
    // The statements: no open item of a member, the holding's receipt with its 59.55 left.
    for (const externalId of ['NL-LOG', 'NL-RET', 'NL-LAGER']) {
      const s = await statementOf(ctx, tenant.tenantId, ids[externalId] ?? '');
      assert.deepEqual(s, { items: [], unapplied: [] }, externalId);
    }
    assert.deepEqual(await statementOf(ctx, tenant.tenantId, ids['NL-HOLD'] ?? ''), {
      items: [],
      unapplied: [['1600.00', '59.55']],
    });

    // The allocation to the retail company is unapplied: its invoice is open again and the cash
    // returns to the holding (59.55 + 250.45 = 310.00); AR = 500.00 + 250.45 − 310.00 = 440.45.
    const toRetail = receipt.body.allocations.find((a: { invoiceId: string }) => a.invoiceId === ret.id);
    const unapplied = await api.post(`/v1/allocations/${toRetail.id}/unapply`, { date: '2026-03-12' });
    assert.equal(unapplied.status, 200, unapplied.text);
    assert.equal(unapplied.body.unapplied, '310.00');
    const reopened = await api.get(`/v1/invoices/${ret.id}`);
    assert.deepEqual([reopened.body.status, reopened.body.open], ['issued', '250.45']);
    await assertInvariants(ctx, tenant.tenantId);
    await assertBooks(api, '440.45');
    assert.deepEqual(await perCustomer(api, '2026-03-31'), [
      ['NL-HOLD', '0.00', '310.00'],
      ['NL-KG', '500.00', '0.00'],
      ['NL-RET', '250.45', '0.00'],
    ]);

    // … and allocated again from the holding's unapplied cash: 310.00 − 250.45 = 59.55.
    const again = await api.post(`/v1/receipts/${receipt.body.id}/allocate`, {
      allocations: [{ invoice: ret.number, amount: '250.45' }],
      date: '2026-03-13',
    });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.unapplied, '59.55');
    await assertInvariants(ctx, tenant.tenantId);
    await assertBooks(api, '440.45');
  });

  it("refuses the look-alike's invoice, naming the field, and changes nothing", async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    const { log, kg } = await nordlicht(api);
    const before = await tenantState(ctx.deps.db, tenant.tenantId);

    const mixed = await api.post('/v1/receipts', {
      customer: 'NL-HOLD',
      method: 'bank_transfer',
      receivedOn: '2026-03-10',
      amount: '1690.00',
      allocations: [
        { invoice: log.number, amount: '1190.00' },
        { invoice: kg.number, amount: '500.00' },
      ],
    });
    assert.equal(mixed.status, 422, mixed.text);
    assert.equal(mixed.body.code, 'validation_failed');
    assert.equal(mixed.body.detail, `invoice ${kg.number} belongs to another customer`);
    assert.deepEqual(mixed.body.errors, [{ field: 'allocations[1]', message: 'other customer' }]);
    assert.equal(await tenantState(ctx.deps.db, tenant.tenantId), before);

    // A member's receipt cannot pay the look-alike's invoice either (allocated later).
    const own = await api.post('/v1/receipts', {
      customer: 'NL-LOG',
      method: 'bank_transfer',
      receivedOn: '2026-03-10',
      amount: '500.00',
    });
    assert.equal(own.status, 201, own.text);
    const afterReceipt = await tenantState(ctx.deps.db, tenant.tenantId);
    const foreign = await api.post(`/v1/receipts/${own.body.id}/allocate`, {
      allocations: [{ invoice: kg.id, amount: '500.00' }],
    });
    assert.equal(foreign.status, 422, foreign.text);
    assert.deepEqual(foreign.body.errors, [{ field: 'allocations[0]', message: 'other customer' }]);
    assert.equal(await tenantState(ctx.deps.db, tenant.tenantId), afterReceipt);
    await assertInvariants(ctx, tenant.tenantId);
  });

  it('books a group payment through the bulk and the single settlement path alike', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    const { ids, log, ret, lager, kg } = await nordlicht(api);
    const tenantId = tenant.tenantId;
    const hold = ids['NL-HOLD'] ?? '';
    const payment = (amount: bigint, reference: string) => ({
      receivedOn: '2026-03-10' as const,
      amountMinor: amount,
      currency: 'EUR',
      fxRate: null,
      payerName: 'NORDLICHT HOLDING AG TREASURY',
      payerIban: null,
      reference,
      cashAccountCode: '1200',
    });
    const settle = (items: ReceiptSettlement[]) =>
      withTransaction(ctx.deps.db, (tx) => settleReceiptsInTx(tx, ctx.deps, tenantId, items));

    // The stranger, in the bulk path (a new EUR receipt) and the single path (an existing one): refused.
    const before = await tenantState(ctx.deps.db, tenantId);
    const stranger = {
      customerId: hold,
      allocations: [{ invoiceId: kg.id, amountMinor: 500_00n }],
      adjustments: [],
    };
    for (const item of [{ kind: 'new' as const, payment: payment(500_00n, 'KG'), application: stranger }]) {
      const error = await settle([item]).catch((e: unknown) => e);
      assert.ok(error instanceof AppError, String(error));
      assert.deepEqual(
        [error.message, error.details],
        [
          `invoice ${kg.number} belongs to another customer`,
          [{ field: 'items[0].allocations[0]', message: 'other customer' }],
        ],
      );
    }
    assert.equal(await tenantState(ctx.deps.db, tenantId), before);

    // Bulk: 1190.00 to Logistik, 245.45 to Retail less 5.00 bank charges (250.45 settled).
    const [receiptId] = await settle([
      {
        kind: 'new',
        payment: payment(1435_45n, `${log.number} ${ret.number}`),
        application: {
          customerId: hold,
          allocations: [
            { invoiceId: log.id, amountMinor: 1190_00n },
            { invoiceId: ret.id, amountMinor: 245_45n },
          ],
          adjustments: [
            { invoiceId: ret.id, kind: 'bank_charge', amountMinor: 5_00n, reason: 'OUR charges' },
          ],
        },
      },
    ]);
    assert.ok(receiptId);
    for (const inv of [log, ret]) assert.equal((await api.get(`/v1/invoices/${inv.id}`)).body.status, 'paid');
    await assertInvariants(ctx, tenantId);

    // Single path: the holding's existing receipt of 100.00 paid on to Lager, and the stranger refused.
    const prepaid = await api.post('/v1/receipts', {
      customer: 'NL-HOLD',
      method: 'bank_transfer',
      receivedOn: '2026-03-11',
      amount: '100.00',
    });
    const existing = (application: ReceiptSettlement['application']): ReceiptSettlement => ({
      kind: 'existing',
      receiptId: prepaid.body.id,
      date: '2026-03-12',
      application,
    });
    const beforeSingle = await tenantState(ctx.deps.db, tenantId);
    const refused = await settle([
      existing({ ...stranger, allocations: [{ invoiceId: kg.id, amountMinor: 100_00n }] }),
    ]).catch((e: unknown) => e);
    assert.ok(refused instanceof AppError, String(refused));
    assert.deepEqual(refused.details, [{ field: 'items[0].allocations[0]', message: 'other customer' }]);
    assert.equal(await tenantState(ctx.deps.db, tenantId), beforeSingle);
    await settle([
      existing({
        customerId: hold,
        allocations: [{ invoiceId: lager.id, amountMinor: 100_00n }],
        adjustments: [],
      }),
    ]);
    assert.equal((await api.get(`/v1/invoices/${lager.id}`)).body.status, 'paid');
    assert.equal((await api.get(`/v1/receipts/${prepaid.body.id}`)).body.unapplied, '0.00');
    await assertInvariants(ctx, tenantId);
    await assertBooks(api, '500.00');
  });

  it('undoes a group application as unapplying its bank line does, and books it again', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const tenantId = tenant.tenantId;
    const api = client(ctx.app, keys.accountant);
    const { ids, log, ret } = await nordlicht(api);
    const application = {
      customerId: ids['NL-HOLD'] ?? '',
      allocations: [
        { invoiceId: log.id, amountMinor: 1190_00n },
        { invoiceId: ret.id, amountMinor: 245_45n },
      ],
      adjustments: [{ invoiceId: ret.id, kind: 'bank_charge' as const, amountMinor: 5_00n, reason: 'OUR' }],
    };
    const [receiptId = ''] = await withTransaction(ctx.deps.db, (tx) =>
      settleReceiptsInTx(tx, ctx.deps, tenantId, [
        {
          kind: 'new',
          payment: {
            receivedOn: '2026-03-10',
            amountMinor: 1435_45n,
            currency: 'EUR',
            fxRate: null,
            payerName: 'NORDLICHT HOLDING AG',
            payerIban: null,
            reference: null,
            cashAccountCode: '1200',
          },
          application,
        },
      ]),
    );
    // AR = the look-alike's 500.00 + Lager's 100.00.
    await assertBooks(api, '600.00');

    // What unapplyLine does: every allocation unapplied, the bank charge taken back. Both members'
    // invoices are open in full; AR = 500.00 + 100.00 (the others) + 1190.00 + 250.45 − 1435.45
    // unapplied = 605.00.
    await withTransaction(ctx.deps.db, async (tx) => {
      const { allocations } = await getReceiptDetail(tx, tenantId, receiptId);
      for (const a of allocations)
        await unapplyAllocationInTx(tx, ctx.deps, tenantId, a.allocationId, '2026-03-12');
      await reverseReceiptAdjustments(ctx.deps, tx, tenantId, receiptId, '2026-03-12');
    });
    for (const [inv, open] of [
      [log, '1190.00'],
      [ret, '250.45'],
    ] as const) {
      const got = await api.get(`/v1/invoices/${inv.id}`);
      assert.deepEqual([got.body.status, got.body.open], ['issued', open], inv.number);
    }
    assert.equal((await api.get(`/v1/receipts/${receiptId}`)).body.unapplied, '1435.45');
    await assertInvariants(ctx, tenantId);
    await assertBooks(api, '605.00');

    // Applied again from the same receipt (the single path, bank charge included): AR 600.00 again.
    await withTransaction(ctx.deps.db, (tx) =>
      settleReceiptsInTx(tx, ctx.deps, tenantId, [
        { kind: 'existing', receiptId, date: '2026-03-13', application },
      ]),
    );
    assert.equal((await api.get(`/v1/receipts/${receiptId}`)).body.unapplied, '0.00');
    await assertInvariants(ctx, tenantId);
    await assertBooks(api, '600.00');
  });

  it('reads a group from any member, and a parent cycle in the master data ends', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    const { ids } = await nordlicht(api);
    const group = new Set(['NL-HOLD', 'NL-LOG', 'NL-LAGER', 'NL-RET'].map((x) => ids[x]));
    const groups = await groupCustomerIds(ctx.deps.db, tenant.tenantId, [
      ids['NL-LAGER'] ?? '',
      ids['NL-RET'] ?? '',
      ids['NL-KG'] ?? '',
    ]);
    assert.deepEqual(groups.get(ids['NL-LAGER'] ?? ''), group, 'from the grandchild up and down again');
    assert.deepEqual(groups.get(ids['NL-RET'] ?? ''), group);
    assert.deepEqual(groups.get(ids['NL-KG'] ?? ''), new Set([ids['NL-KG']]), 'alone: a group of one');

    // An import makes the holding a child of its own grandchild: the cycle is one group, read once.
    await withTransaction(ctx.deps.db, (tx) =>
      upsertCustomer(tx, tenant.tenantId, {
        externalId: 'NL-HOLD',
        name: 'Nordlicht Holding AG',
        parentExternalId: 'NL-LAGER',
      }),
    );
    const cyclic = await groupCustomerIds(ctx.deps.db, tenant.tenantId, [
      ids['NL-RET'] ?? '',
      ids['NL-HOLD'] ?? '',
    ]);
    assert.deepEqual(cyclic.get(ids['NL-RET'] ?? ''), group);
    assert.deepEqual(cyclic.get(ids['NL-HOLD'] ?? ''), group);
  });
});

describe(`a group's parent pays its members' invoices: cash application (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
  });
  after(() => ctx.close());

  it("applies the holding's bank line to both members' invoices, and unapplies it", async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const tenantId = tenant.tenantId;
    const api = client(ctx.app, keys.accountant);
    const { ids, log, ret, kg } = await nordlicht(api);
    // 1190.00 + 250.45 = 1440.45, paid by the holding, naming both members' invoices.
    await importBankStatement(
      ctx.deps,
      tenantId,
      camt053('NORDLICHT HOLDING AG', '1440.45', `${log.number}, ${ret.number}`),
    );
    const run = await runCashApplication(ctx.deps, tenantId);
    const [line] = run.results;
    assert.ok(line);
    assert.deepEqual(
      [line.status, line.customer, line.allocations],
      [
        'applied',
        'NL-HOLD',
        [
          { invoiceNumber: log.number, amount: '1190.00' },
          { invoiceNumber: ret.number, amount: '250.45' },
        ],
      ],
      JSON.stringify(line),
    );
    for (const inv of [log, ret]) assert.equal((await api.get(`/v1/invoices/${inv.id}`)).body.status, 'paid');
    await assertInvariants(ctx, tenantId);
    await assertBooks(api, '600.00');

    // Unapplied: both invoices open again, the money unapplied cash of the holding on its receipt.
    const applied = await api.get('/v1/bank/transactions?status=applied');
    assert.equal(applied.body.items.length, 1);
    const unapplied = await api.post(`/v1/bank/transactions/${applied.body.items[0].id}/unapply`);
    assert.equal(unapplied.status, 200, unapplied.text);
    for (const inv of [log, ret])
      assert.equal((await api.get(`/v1/invoices/${inv.id}`)).body.status, 'issued');
    const receipts = await api.get(`/v1/receipts?customer=${ids['NL-HOLD']}`);
    assert.deepEqual(
      receipts.body.items.map((r: { amount: string; unapplied: string }) => [r.amount, r.unapplied]),
      [['1440.45', '1440.45']],
    );
    await assertInvariants(ctx, tenantId);
    await assertBooks(api, '600.00');

    // Applied by hand again: the members' invoices are allowed, the look-alike's is refused.
    const lineId = applied.body.items[0].id;
    const refused = await api.post(`/v1/bank/transactions/${lineId}/apply`, {
      customer: 'NL-HOLD',
      allocations: [
        { invoice: log.number, amount: '1190.00' },
        { invoice: kg.number, amount: '250.45' },
      ],
    });
    assert.equal(refused.status, 422, refused.text);
    assert.equal(refused.body.errors?.[0]?.field, 'allocations[1].invoice', refused.text);
    const byHand = await api.post(`/v1/bank/transactions/${lineId}/apply`, {
      customer: 'NL-HOLD',
      allocations: [
        { invoice: log.number, amount: '1190.00' },
        { invoice: ret.number, amount: '250.45' },
      ],
    });
    assert.equal(byHand.status, 200, byHand.text);
    for (const inv of [log, ret]) assert.equal((await api.get(`/v1/invoices/${inv.id}`)).body.status, 'paid');
    await assertInvariants(ctx, tenantId);
  });
});

/** A camt.053 of one incoming payment, booked 2026-03-10 on our account DE89…. */
function camt053(payer: string, amount: string, text: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>NL1</MsgId><CreDtTm>2026-03-11T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>NL-S1</Id><CreDtTm>2026-03-11T06:00:00</CreDtTm>
    <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
    <Ntry>
      <Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
      <BookgDt><Dt>2026-03-10</Dt></BookgDt><ValDt><Dt>2026-03-10</Dt></ValDt>
      <AcctSvcrRef>NL-L1</AcctSvcrRef>
      <NtryDtls><TxDtls>
        <RltdPties><Dbtr><Nm>${payer}</Nm></Dbtr><DbtrAcct><Id><IBAN>DE75512108001245126199</IBAN></Id></DbtrAcct></RltdPties>
        <RmtInf><Ustrd>${text}</Ustrd></RmtInf>
      </TxDtls></NtryDtls>
    </Ntry>
  </Stmt>
</BkToCstmrStmt></Document>`;
}

/** The reconciliation is balanced with AR at `ar` (EUR). */
async function assertBooks(api: Api, ar: string) {
  const rec = await api.get('/v1/ledger/reconciliation');
  assert.equal(rec.status, 200);
  assert.equal(rec.body.balanced, true, JSON.stringify(rec.body));
  assert.deepEqual(rec.body.currencies, [
    { currency: 'EUR', arControl: ar, subledger: ar, difference: '0.00' },
  ]);
}

/** The aging report's customers as of a day: external id, open total, unapplied cash. */
async function perCustomer(api: Api, asOf: string) {
  const aging = await api.get(`/v1/reports/aging?asOf=${asOf}`);
  assert.equal(aging.status, 200);
  return aging.body.reports[0].customers.map(
    (c: { externalId: string; total: string; unapplied: string }) => [c.externalId, c.total, c.unapplied],
  );
}

/** What a customer's statement lists as of today: open items (open) and receipts (amount, left). */
async function statementOf(ctx: ApiTestContext, tenantId: string, customerId: string) {
  const { items, unapplied } = await agingItems(ctx.deps.db, tenantId, {
    asOf: '2026-03-31',
    basis: 'due_date',
    today: '2026-03-31',
    customerId,
  });
  const eur = (minor: bigint) => formatAmount(minor, 'EUR');
  return {
    items: items.map((i) => [i.number, eur(i.open_minor)]),
    unapplied: unapplied.map((u) => [eur(u.amount_minor), eur(u.unapplied_minor)]),
  };
}
