import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { getInvoiceRowOrThrow } from '../../src/modules/invoices/invoice-queries.service.ts';
import { type ApiTestContext, apiTenant, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { assertInvariants } from '../helpers/invariants.ts';

function camt(
  id: string,
  entries: { ref: string; amount: string; name?: string; iban?: string; text?: string }[],
) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>${id}</MsgId><CreDtTm>2026-03-06T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>${id}</Id><CreDtTm>2026-03-06T06:00:00</CreDtTm>
    <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>${entries
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

describe(`cash application review through the API on ${backendName}`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-06T12:00:00Z');
  });
  after(() => ctx.close());

  test('accept a suggestion, learn the payer, apply by hand, ignore, unapply and re-apply', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const tenantId = tenant.tenantId;
    const call = (method: 'GET' | 'POST', url: string, body?: unknown, contentType = 'application/json') =>
      ctx.app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${keys.accountant}`,
          ...(body !== undefined ? { 'content-type': contentType } : {}),
        },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
    const beta = await makeCustomer(ctx.deps, tenantId, { name: 'Beta Logistics Ltd' });
    const b1 = await issueInvoice(ctx.deps, tenantId, beta.externalId, '500.00', { issueDate: '2026-02-01' });
    const b2 = await issueInvoice(ctx.deps, tenantId, beta.externalId, '500.00', { issueDate: '2026-02-02' });
    const b3 = await issueInvoice(ctx.deps, tenantId, beta.externalId, '300.00', { issueDate: '2026-02-03' });
    const b4 = await issueInvoice(ctx.deps, tenantId, beta.externalId, '77.00', { issueDate: '2026-02-04' });
    const payer = 'GB33BUKB20201555555555';

    const imported = await call(
      'POST',
      '/v1/bank/statements',
      camt('S1', [
        { ref: 'R1', amount: '500.00', name: 'Beta Logistics', iban: payer },
        { ref: 'R2', amount: '350.00', name: 'Unknown Payer AG' },
        { ref: 'R3', amount: '12.00', name: 'Insurance Refund' },
      ]),
      'application/xml',
    );
    assert.equal(imported.statusCode, 201, imported.body);
    const run = await call('POST', '/v1/cash-application/run', {});
    assert.equal(run.statusCode, 200, run.body);
    assert.deepEqual(run.json().summary, { lines: 3, applied: 0, suggested: 1, unmatched: 2, ignored: 0 });

    const queue = (await call('GET', '/v1/bank/transactions')).json().items as {
      id: string;
      bankReference: string;
      suggestions: { allocations: { invoiceNumber: string }[] }[];
    }[];
    assert.equal(queue.length, 3);
    const r1 = queue.find((q) => q.bankReference === 'R1');
    const r2 = queue.find((q) => q.bankReference === 'R2');
    const r3 = queue.find((q) => q.bankReference === 'R3');
    assert.ok(r1 && r2 && r3);
    assert.deepEqual(
      r1.suggestions.flatMap((s) => s.allocations.map((a) => a.invoiceNumber)).sort(),
      [b1.number, b2.number].sort(),
    );

    // Accept the best suggestion: the oldest of the two 500.00 invoices; the payer account is learned.
    const accepted = await call('POST', `/v1/bank/transactions/${r1.id}/accept`, {});
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(accepted.json().status, 'applied');
    assert.equal((await getInvoiceRowOrThrow(ctx.deps.db, tenantId, b1.invoiceId)).status, 'paid');
    const learned = await queryRows<{ source: string }>(
      ctx.deps.db,
      sql`select source from customer_bank_accounts where tenant_id = ${tenantId} and iban = ${payer}`,
    );
    assert.deepEqual(learned, [{ source: 'learned' }]);

    // Apply by hand, split over two invoices; the rest stays unapplied cash of the customer.
    const manual = await call('POST', `/v1/bank/transactions/${r2.id}/apply`, {
      customer: beta.externalId,
      allocations: [
        { invoice: b3.number, amount: '300.00' },
        { invoice: b4.number, amount: '40.00' },
      ],
    });
    assert.equal(manual.statusCode, 200, manual.body);
    assert.equal((await getInvoiceRowOrThrow(ctx.deps.db, tenantId, b3.invoiceId)).status, 'paid');
    assert.equal((await getInvoiceRowOrThrow(ctx.deps.db, tenantId, b4.invoiceId)).openMinor, 37_00n);
    const tooMuch = await call('POST', `/v1/bank/transactions/${r3.id}/apply`, {
      customer: beta.externalId,
      allocations: [{ invoice: b4.number, amount: '30.00' }],
    });
    assert.equal(tooMuch.statusCode, 409, 'more than the 12.00 of the line');

    const ignored = await call('POST', `/v1/bank/transactions/${r3.id}/ignore`, {
      reason: 'insurance refund, booked by accounting',
    });
    assert.equal(ignored.json().status, 'ignored');

    // Unapply the manual application: the invoices reopen, the money stays on the customer, and
    // applying the line again uses that same receipt (no second receipt).
    const unapplied = await call('POST', `/v1/bank/transactions/${r2.id}/unapply`);
    assert.equal(unapplied.statusCode, 200, unapplied.body);
    assert.equal(unapplied.json().status, 'unmatched');
    assert.equal((await getInvoiceRowOrThrow(ctx.deps.db, tenantId, b3.invoiceId)).openMinor, 300_00n);
    const again = await call('POST', `/v1/bank/transactions/${r2.id}/apply`, {
      customer: beta.externalId,
      allocations: [{ invoice: b3.number, amount: '300.00' }],
    });
    assert.equal(again.statusCode, 200, again.body);
    const receipts = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from receipts where tenant_id = ${tenantId}`,
    );
    assert.deepEqual(receipts, [{ n: 2 }]);

    // The learned payer account: the next payment from it, without a reference, applies by itself.
    await call(
      'POST',
      '/v1/bank/statements',
      camt('S2', [{ ref: 'R4', amount: '500.00', iban: payer }]),
      'application/xml',
    );
    const second = await call('POST', '/v1/cash-application/run', {});
    assert.equal(second.json().results[0].status, 'applied', second.body);
    assert.deepEqual(second.json().results[0].allocations, [{ invoiceNumber: b2.number, amount: '500.00' }]);
    await assertInvariants(ctx, tenantId);
  });
});
