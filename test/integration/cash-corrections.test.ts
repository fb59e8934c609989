import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { importBankStatement } from '../../src/modules/bank/statement-import.service.ts';
import { runCashApplication } from '../../src/modules/cash-application/cash-application.service.ts';
import { applyManually, unapplyLine } from '../../src/modules/cash-application/review.service.ts';
import { getInvoiceRowOrThrow } from '../../src/modules/invoices/invoice-queries.service.ts';
import { getReceiptDetail, refundReceipt } from '../../src/modules/receipts/receipts.service.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { assertInvariants } from '../helpers/invariants.ts';

const OUR_IBAN = 'DE89370400440532013000';

function camt(
  id: string,
  entries: { ref: string; amount: string; name?: string; iban?: string; text?: string }[],
) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>${id}</MsgId><CreDtTm>2026-03-06T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>${id}</Id><CreDtTm>2026-03-06T06:00:00</CreDtTm>
    <Acct><Id><IBAN>${OUR_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>${entries
      .map(
        (c) => `
      <Ntry><Amt Ccy="EUR">${c.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>${c.ref}</AcctSvcrRef>
        <NtryDtls><TxDtls><RltdPties>${c.name ? `<Dbtr><Nm>${c.name}</Nm></Dbtr>` : ''}${c.iban ? `<DbtrAcct><Id><IBAN>${c.iban}</IBAN></Id></DbtrAcct>` : ''}</RltdPties>
          <RmtInf>${c.text ? `<Ustrd>${c.text}</Ustrd>` : ''}</RmtInf></TxDtls></NtryDtls></Ntry>`,
      )
      .join('')}
  </Stmt></BkToCstmrStmt></Document>`;
}

describe(`cash application corrections and learning on ${backendName}`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext('2026-03-06T12:00:00Z');
  });
  after(() => ctx.database.close());

  const lineId = async (tenantId: string, ref: string) => {
    const [row] = await queryRows<{ transaction_id: string }>(
      ctx.deps.db,
      sql`select transaction_id from bank_transactions where tenant_id = ${tenantId} and bank_reference = ${ref}`,
    );
    assert.ok(row, `bank line ${ref}`);
    return row.transaction_id;
  };

  test('a payer name confirmed once applies the next payment by itself; one confirmed for two customers names neither', async () => {
    const { tenantId } = await newTenant(ctx);
    const beta = await makeCustomer(ctx.deps, tenantId, { name: 'Beta Logistics Ltd' });
    const gamma = await makeCustomer(ctx.deps, tenantId, { name: 'Gamma Foods SAS' });
    const b1 = await issueInvoice(ctx.deps, tenantId, beta.externalId, '500.00', { issueDate: '2026-02-01' });
    const b2 = await issueInvoice(ctx.deps, tenantId, beta.externalId, '300.00', { issueDate: '2026-02-02' });
    const b3 = await issueInvoice(ctx.deps, tenantId, beta.externalId, '77.00', { issueDate: '2026-02-03' });
    const g1 = await issueInvoice(ctx.deps, tenantId, gamma.externalId, '120.00', {
      issueDate: '2026-02-04',
    });

    // A payer nobody knows, no reference: nothing the engine can apply.
    await importBankStatement(
      ctx.deps,
      tenantId,
      camt('S1', [{ ref: 'R1', amount: '500.00', name: 'GLOBEX SHARED SERVICES' }]),
    );
    const first = await runCashApplication(ctx.deps, tenantId);
    assert.notEqual(first.results[0]?.status, 'applied');
    await applyManually(ctx.deps, tenantId, await lineId(tenantId, 'R1'), {
      customer: beta.externalId,
      allocations: [{ invoice: b1.number ?? '', amount: '500.00' }],
    });

    // The same payer, written differently, for the amount of one open item of Beta: applied.
    await importBankStatement(
      ctx.deps,
      tenantId,
      camt('S2', [{ ref: 'R2', amount: '300.00', name: 'Globex Shared-Services' }]),
    );
    const second = await runCashApplication(ctx.deps, tenantId);
    const r2 = second.results[0];
    assert.equal(r2?.status, 'applied', JSON.stringify(r2));
    assert.deepEqual(r2?.allocations, [{ invoiceNumber: b2.number, amount: '300.00' }]);
    assert.ok(
      r2?.reasons.some((r) => r.includes('was confirmed for this customer before')),
      r2?.reasons.join('; '),
    );

    // The name is then confirmed for Gamma too (a shared service centre): it names neither any more.
    await importBankStatement(
      ctx.deps,
      tenantId,
      camt('S3', [{ ref: 'R3', amount: '120.00', name: 'GLOBEX SHARED SERVICES' }]),
    );
    const third = await runCashApplication(ctx.deps, tenantId);
    assert.notEqual(third.results[0]?.status, 'applied', 'Gamma has no 120.00 item by name or reference');
    await applyManually(ctx.deps, tenantId, await lineId(tenantId, 'R3'), {
      customer: gamma.externalId,
      allocations: [{ invoice: g1.number ?? '', amount: '120.00' }],
    });
    await importBankStatement(
      ctx.deps,
      tenantId,
      camt('S4', [{ ref: 'R4', amount: '77.00', name: 'GLOBEX SHARED SERVICES' }]),
    );
    const fourth = await runCashApplication(ctx.deps, tenantId);
    assert.notEqual(fourth.results[0]?.status, 'applied', JSON.stringify(fourth.results[0]));
    assert.equal((await getInvoiceRowOrThrow(ctx.deps.db, tenantId, b3.invoiceId)).openMinor, 77_00n);
    const learned = await queryRows<{ customer_id: string; confirmations: number }>(
      ctx.deps.db,
      sql`select customer_id, confirmations from learned_payer_names where tenant_id = ${tenantId} order by customer_id`,
    );
    assert.deepEqual(learned.map((l) => l.customer_id).sort(), [beta.id, gamma.id].sort());
    await assertInvariants(ctx, tenantId);
  });

  test('unapplying an application takes its discount back; a refund leaves from the bank account the money came in on', async () => {
    const { tenantId } = await newTenant(ctx);
    const acme = await makeCustomer(ctx.deps, tenantId, { name: 'Acme Trading GmbH' });
    // 2/10 NET30 from 2026-03-01: 2 % of 1,000.00 = 20.00 may be deducted until 2026-03-11.
    const inv = await issueInvoice(ctx.deps, tenantId, acme.externalId, '1000.00', {
      paymentTerms: '2/10 NET30',
    });
    await importBankStatement(
      ctx.deps,
      tenantId,
      camt('S1', [{ ref: 'D1', amount: '980.00', name: 'ACME TRADING', text: `Invoice ${inv.number}` }]),
    );
    const run = await runCashApplication(ctx.deps, tenantId);
    assert.equal(run.results[0]?.status, 'applied', JSON.stringify(run.results[0]));
    assert.deepEqual(run.results[0]?.adjustments, [{ kind: 'discount', amount: '20.00' }]);
    assert.equal((await getInvoiceRowOrThrow(ctx.deps.db, tenantId, inv.invoiceId)).status, 'paid');
    await assertInvariants(ctx, tenantId);

    const line = await lineId(tenantId, 'D1');
    const undone = await unapplyLine(ctx.deps, tenantId, line);
    assert.equal(undone.status, 'unmatched');
    const reopened = await getInvoiceRowOrThrow(ctx.deps.db, tenantId, inv.invoiceId);
    assert.equal(reopened.openMinor, 1000_00n, 'the 980.00 and the 20.00 discount are both open again');
    assert.equal(reopened.status, 'issued');
    const adjustments = await queryRows<{ kind: string; reversed: boolean; reversal_event: string }>(
      ctx.deps.db,
      sql`select a.kind, a.reversed_at is not null as reversed, e.event_code as reversal_event
          from invoice_adjustments a join journal_entries e
            on e.tenant_id = a.tenant_id and e.entry_id = a.reversal_entry_id
          where a.tenant_id = ${tenantId}`,
    );
    assert.deepEqual(adjustments, [
      { kind: 'discount', reversed: true, reversal_event: 'invoice.adjustment_reversed' },
    ]);
    const receiptId = undone.receiptId;
    assert.ok(receiptId);
    assert.equal((await getReceiptDetail(ctx.deps.db, tenantId, receiptId)).receipt.unappliedMinor, 980_00n);
    await assertInvariants(ctx, tenantId);

    // Applied again by hand, discount included; then taken back again and the cash refunded.
    await applyManually(ctx.deps, tenantId, line, {
      customer: acme.externalId,
      allocations: [{ invoice: inv.number ?? '', amount: '980.00' }],
      adjustments: [{ invoice: inv.number ?? '', kind: 'discount', amount: '20.00' }],
    });
    assert.equal((await getInvoiceRowOrThrow(ctx.deps.db, tenantId, inv.invoiceId)).status, 'paid');
    await assertInvariants(ctx, tenantId);
    await unapplyLine(ctx.deps, tenantId, line);
    assert.equal((await getInvoiceRowOrThrow(ctx.deps.db, tenantId, inv.invoiceId)).openMinor, 1000_00n);
    await refundReceipt(ctx.deps, tenantId, receiptId, { reason: 'paid twice, returned' });
    const [bank] = await queryRows<{ ledger_account_code: string }>(
      ctx.deps.db,
      sql`select ledger_account_code from bank_accounts where tenant_id = ${tenantId}`,
    );
    const refundLines = await queryRows<{ account_code: string; amount_minor: bigint }>(
      ctx.deps.db,
      sql`select l.account_code, l.amount_minor from journal_entries e
          join journal_lines l on l.tenant_id = e.tenant_id and l.entry_id = e.entry_id
          where e.tenant_id = ${tenantId} and e.event_code = 'receipt.refunded' and l.amount_minor < 0`,
    );
    assert.ok(bank && bank.ledger_account_code !== '1200');
    assert.deepEqual(refundLines, [{ account_code: bank.ledger_account_code, amount_minor: -980_00n }]);
    await assertInvariants(ctx, tenantId);
  });
});
