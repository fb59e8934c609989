import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { importBankStatement } from '../../src/modules/bank/statement-import.service.ts';
import { runCashApplication } from '../../src/modules/cash-application/cash-application.service.ts';
import { getInvoiceRowOrThrow } from '../../src/modules/invoices/invoice-queries.service.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { assertInvariants } from '../helpers/invariants.ts';

interface Credit {
  ref: string;
  amount: string;
  name?: string;
  iban?: string;
  text?: string;
  rf?: string;
  debit?: boolean;
}

/** A camt.053 statement of our account DE89… with the given entries, booked 2026-03-05. */
function camt(entries: readonly Credit[]): string {
  const ntry = (c: Credit) => `
      <Ntry>
        <Amt Ccy="EUR">${c.amount}</Amt><CdtDbtInd>${c.debit ? 'DBIT' : 'CRDT'}</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-05</Dt></BookgDt><ValDt><Dt>2026-03-05</Dt></ValDt>
        <AcctSvcrRef>${c.ref}</AcctSvcrRef>
        <NtryDtls><TxDtls>
          <RltdPties>${c.name ? `<Dbtr><Nm>${c.name}</Nm></Dbtr>` : ''}${c.iban ? `<DbtrAcct><Id><IBAN>${c.iban}</IBAN></Id></DbtrAcct>` : ''}</RltdPties>
          <RmtInf>${c.text ? `<Ustrd>${c.text}</Ustrd>` : ''}${c.rf ? `<Strd><CdtrRefInf><Ref>${c.rf}</Ref></CdtrRefInf></Strd>` : ''}</RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>M1</MsgId><CreDtTm>2026-03-06T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>S1</Id><CreDtTm>2026-03-06T06:00:00</CreDtTm>
    <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>${entries.map(ntry).join('')}
  </Stmt>
</BkToCstmrStmt></Document>`;
}

describe(`cash application on ${backendName}`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext('2026-03-06T12:00:00Z');
  });
  after(() => ctx.database.close());

  test('applies what it is sure of, books discounts and charges, keeps the rest for review', async () => {
    const { tenantId } = await newTenant(ctx);
    const acme = await makeCustomer(ctx.deps, tenantId, {
      name: 'Acme Trading GmbH',
      bankAccounts: ['DE44500105175407324931'],
    });
    const beta = await makeCustomer(ctx.deps, tenantId, {
      name: 'Beta Logistics Ltd',
      paymentTerms: '2/10 NET30',
    });
    const i1 = await issueInvoice(ctx.deps, tenantId, acme.externalId, '119.00', { issueDate: '2026-02-01' });
    const i2 = await issueInvoice(ctx.deps, tenantId, acme.externalId, '250.00', { issueDate: '2026-02-02' });
    const i3 = await issueInvoice(ctx.deps, tenantId, acme.externalId, '80.50', { issueDate: '2026-02-03' });
    const b1 = await issueInvoice(ctx.deps, tenantId, beta.externalId, '1000.00', {
      issueDate: '2026-03-01',
    });
    const b2 = await issueInvoice(ctx.deps, tenantId, beta.externalId, '500.00', { issueDate: '2026-02-01' });
    const b3 = await issueInvoice(ctx.deps, tenantId, beta.externalId, '500.00', { issueDate: '2026-02-02' });

    await importBankStatement(
      ctx.deps,
      tenantId,
      camt([
        {
          ref: 'L1',
          amount: '119.00',
          name: 'ACME TRADING',
          text: `Rechnung ${i1.number?.replace('INV-', '')}`,
        },
        { ref: 'L2', amount: '250.00', rf: i2.paymentReference ?? '' },
        { ref: 'L3', amount: '80.50', iban: 'DE44500105175407324931', name: 'Acme' },
        { ref: 'L4', amount: '980.00', name: 'Beta Logistics', text: `${b1.number} minus 2% Skonto` },
        { ref: 'L5', amount: '500.00', name: 'Beta Logistics Ltd' },
        { ref: 'L6', amount: '3.12', text: 'Habenzinsen' },
        { ref: 'L7', amount: '42.00', name: 'Somebody Unknown' },
        { ref: 'L8', amount: '19.00', debit: true, text: 'Account fee' },
      ]),
    );

    const dry = await runCashApplication(ctx.deps, tenantId, { dryRun: true });
    assert.equal(dry.summary.lines, 8);
    assert.equal(
      (await getInvoiceRowOrThrow(ctx.deps.db, tenantId, i1.invoiceId)).status,
      'issued',
      'a dry run books nothing',
    );

    const run = await runCashApplication(ctx.deps, tenantId);
    const byRef = new Map(run.results.map((r) => [r.bankReference, r]));
    assert.deepEqual(run.summary, { lines: 8, applied: 4, suggested: 1, unmatched: 1, ignored: 2 });
    assert.deepEqual(byRef.get('L1')?.allocations, [{ invoiceNumber: i1.number, amount: '119.00' }]);
    assert.equal(byRef.get('L1')?.customer, acme.externalId);
    assert.deepEqual(byRef.get('L2')?.allocations, [{ invoiceNumber: i2.number, amount: '250.00' }]);
    assert.deepEqual(byRef.get('L3')?.allocations, [{ invoiceNumber: i3.number, amount: '80.50' }]);
    assert.deepEqual(byRef.get('L4')?.adjustments, [{ kind: 'discount', amount: '20.00' }]);
    assert.equal(byRef.get('L5')?.status, 'suggested', 'two open items of 500.00: ambiguous');
    assert.deepEqual(
      byRef
        .get('L5')
        ?.suggestions.map((s) => s.invoiceNumbers)
        .sort(),
      [[b2.number], [b3.number]].sort(),
    );
    assert.equal(byRef.get('L6')?.status, 'ignored');
    assert.equal(byRef.get('L7')?.status, 'unmatched');
    assert.equal(byRef.get('L8')?.status, 'ignored');
    for (const r of run.results) assert.ok(r.reasons.length > 0, `${r.bankReference} has reasons`);

    for (const inv of [i1, i2, i3, b1])
      assert.equal(
        (await getInvoiceRowOrThrow(ctx.deps.db, tenantId, inv.invoiceId)).status,
        'paid',
        inv.number ?? '',
      );
    assert.equal((await getInvoiceRowOrThrow(ctx.deps.db, tenantId, b2.invoiceId)).status, 'issued');

    // The receipts went to the bank account's own cash account, the discount to discounts allowed.
    const tb = await ctx.deps.ledger.trialBalance(ctx.deps.db, tenantId);
    const balanceOf = (code: string) =>
      tb.filter((l) => l.accountCode === code).reduce((s, l) => s + l.balanceMinor, 0n);
    assert.equal(balanceOf('1201'), 119_00n + 250_00n + 80_50n + 980_00n);
    assert.equal(balanceOf('4900'), 20_00n);
    await assertInvariants(ctx, tenantId);

    const again = await runCashApplication(ctx.deps, tenantId);
    assert.equal(again.summary.lines, 0, 'every line is processed once');
    const statuses = await queryRows<{ status: string; n: number }>(
      ctx.deps.db,
      sql`select status, count(*)::int as n from bank_transactions where tenant_id = ${tenantId} group by status order by status`,
    );
    assert.deepEqual(
      statuses.map((s) => [s.status, s.n]),
      [
        ['applied', 4],
        ['ignored', 2],
        ['suggested', 1],
        ['unmatched', 1],
      ],
    );
  });
});
