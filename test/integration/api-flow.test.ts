/**
 * The order-to-cash loop through HTTP only: customer → invoice (issued) → receipt → partial
 * allocation → overdue list → credit note → unapply → refund → ledger proofs. Expected amounts
 * are worked out by hand in the comments, not read back from the code.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

describe(`API order-to-cash flow (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
  });
  after(() => ctx.close());

  it('runs the whole loop and the ledger still ties out', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);

    // The credit limit is a credit decision: the credit manager sets the customer up with it.
    const customer = await client(ctx.app, keys.credit_manager).post('/v1/customers', {
      externalId: 'FLOW-1',
      name: 'Flow Industries GmbH',
      paymentTerms: 'NET30',
      creditLimit: '5000',
    });
    assert.equal(customer.status, 201);
    assert.equal(customer.body.paymentTerms, 'NET30');
    assert.equal(customer.body.creditLimit, '5000.00');
    assert.equal(customer.body.currency, 'EUR');

    // 2 × 500.00 at 19 % → net 1000.00, tax 190.00, total 1190.00; NET30 from 2026-02-01 → due 2026-03-03.
    const created = await api.post('/v1/invoices', {
      customer: 'FLOW-1',
      issueDate: '2026-02-01',
      lines: [{ description: 'Consulting', quantity: '2', unitPrice: '500.00', taxRate: '19' }],
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.status, 'draft');
    assert.equal(created.body.number, null);
    assert.equal(created.body.total, '1190.00');
    const issued = await api.post(`/v1/invoices/${created.body.id}/issue`, {});
    assert.equal(issued.status, 200);
    const invoice = issued.body;
    assert.equal(invoice.status, 'issued');
    assert.match(invoice.number, /\S/);
    assert.equal(invoice.net, '1000.00');
    assert.equal(invoice.tax, '190.00');
    assert.equal(invoice.total, '1190.00');
    assert.equal(invoice.open, '1190.00');
    assert.equal(invoice.dueDate, '2026-03-03');
    assert.equal(invoice.overdue, true, 'due 2026-03-03, today is 2026-03-31');
    assert.equal(invoice.customerExternalId, 'FLOW-1');
    assert.equal(invoice.lines[0].net, '1000.00');
    assert.equal(typeof invoice.total, 'string', 'money is never a JSON number');

    const receipt = await api.post('/v1/receipts', {
      customer: 'FLOW-1',
      method: 'bank_transfer',
      receivedOn: '2026-03-10',
      amount: '1000.00',
      reference: invoice.number,
    });
    assert.equal(receipt.status, 201);
    assert.equal(receipt.body.amount, '1000.00');
    assert.equal(receipt.headers.location, `/v1/receipts/${receipt.body.id}`);
    assert.equal(receipt.body.unapplied, '1000.00');
    assert.deepEqual(receipt.body.allocations, []);

    const allocated = await api.post(`/v1/receipts/${receipt.body.id}/allocate`, {
      allocations: [{ invoice: invoice.number, amount: '600.00' }],
      date: '2026-03-10',
    });
    assert.equal(allocated.status, 200);
    assert.equal(allocated.body.unapplied, '400.00');
    assert.equal(allocated.body.allocations.length, 1);
    assert.equal(allocated.body.allocations[0].amount, '600.00');
    assert.equal(allocated.body.allocations[0].invoiceNumber, invoice.number);
    assert.equal(allocated.body.allocations[0].active, true);

    const afterAlloc = await api.get(`/v1/invoices/${invoice.id}`);
    assert.equal(afterAlloc.body.status, 'partially_paid');
    assert.equal(afterAlloc.body.open, '590.00');

    const overdue = await api.get('/v1/invoices?status=overdue');
    assert.equal(overdue.status, 200);
    assert.deepEqual(
      overdue.body.items.map((i: { id: string; open: string }) => [i.id, i.open]),
      [[invoice.id, '590.00']],
    );
    const notOverdueYet = await api.get('/v1/invoices?status=overdue&asOf=2026-03-03');
    assert.equal(notOverdueYet.body.items.length, 0, 'not overdue on its due date');

    // Credit 90.00 gross in the invoice's 1000:190 proportions → tax 90 × 19/119 = 14.37, net 75.63.
    const credit = await api.post(`/v1/invoices/${invoice.id}/credit`, { amount: '90', reason: 'Goodwill' });
    assert.equal(credit.status, 201);
    assert.equal(credit.body.invoice.open, '500.00');
    assert.equal(credit.body.invoice.status, 'partially_paid');
    assert.equal(credit.body.creditNote.kind, 'credit_note');
    assert.equal(credit.body.creditNote.total, '90.00');
    assert.equal(credit.body.creditNote.tax, '14.37');
    assert.equal(credit.body.creditNote.net, '75.63');
    assert.equal(credit.body.invoice.adjustments[0].kind, 'credit_note');
    assert.equal(credit.body.invoice.adjustments[0].amount, '90.00');

    const allocationId = allocated.body.allocations[0].id;
    const unapplied = await api.post(`/v1/allocations/${allocationId}/unapply`, { date: '2026-03-20' });
    assert.equal(unapplied.status, 200);
    assert.equal(unapplied.body.unapplied, '1000.00');
    assert.equal(unapplied.body.allocations[0].active, false);
    const reopened = await api.get(`/v1/invoices/${invoice.number}`);
    assert.equal(reopened.body.open, '1100.00', '1190.00 − 90.00 credited');
    assert.equal(reopened.body.status, 'partially_paid');
    const again = await api.post(`/v1/allocations/${allocationId}/unapply`, {});
    assert.equal(again.status, 409);
    assert.equal(again.body.code, 'invalid_state');

    const refund = await api.post(`/v1/receipts/${receipt.body.id}/refund`, {
      amount: '250.00',
      reason: 'asked',
    });
    assert.equal(refund.status, 200);
    assert.equal(refund.body.unapplied, '750.00');
    assert.equal(refund.body.disbursements[0].kind, 'refund');
    assert.equal(refund.body.disbursements[0].amount, '250.00');
    const tooMuch = await api.post(`/v1/receipts/${receipt.body.id}/refund`, { amount: '750.01' });
    assert.equal(tooMuch.status, 409);
    assert.equal(tooMuch.body.code, 'insufficient_funds');

    // AR = open invoices 1100.00 − unapplied cash 750.00 = 350.00, in the journal and in the subledger.
    const rec = await api.get('/v1/ledger/reconciliation');
    assert.equal(rec.status, 200);
    assert.equal(rec.body.balanced, true);
    assert.deepEqual(rec.body.currencies, [
      { currency: 'EUR', arControl: '350.00', subledger: '350.00', difference: '0.00' },
    ]);
    assert.deepEqual(rec.body.invoiceMismatches, []);

    const tb = await api.get('/v1/ledger/trial-balance');
    assert.equal(tb.status, 200);
    assert.deepEqual(
      tb.body.totals.map((t: { currency: string; balance: string }) => [t.currency, t.balance]),
      [['EUR', '0.00']],
    );
    assert.equal(tb.body.baseTotals.balance, '0.00');
    const balanceOf = (code: string) =>
      tb.body.lines.find((l: { accountCode: string }) => l.accountCode === code)?.balance;
    assert.equal(balanceOf('1100'), '350.00', 'AR control');
    assert.equal(balanceOf('1200'), '750.00', 'bank: 1000.00 in, 250.00 refunded');
    assert.equal(balanceOf('2200'), '-175.63', 'tax: 190.00 − 14.37');
    assert.equal(balanceOf('4000'), '-924.37', 'revenue: 1000.00 − 75.63');

    const journal = await api.get('/v1/ledger/journal?limit=500');
    const events = journal.body.items.map((e: { eventCode: string }) => e.eventCode);
    assert.deepEqual(events, [
      'invoice.issued',
      'receipt.recorded',
      'receipt.allocated',
      'credit_note.issued',
      'receipt.unapplied',
      'receipt.refunded',
    ]);
    for (const entry of journal.body.items) {
      const sum = entry.lines.reduce(
        (s: bigint, l: { amount: string }) => s + BigInt(l.amount.replace('.', '')),
        0n,
      );
      assert.equal(sum, 0n, `entry ${entry.eventCode} balances`);
    }
    const entry = await api.get(`/v1/ledger/entries/${journal.body.items[0].id}`);
    assert.equal(entry.status, 200);
    assert.equal(entry.body.eventCode, 'invoice.issued');
    assert.deepEqual(
      entry.body.lines.map((l: { accountCode: string; debit: string; credit: string }) => [
        l.accountCode,
        l.debit,
        l.credit,
      ]),
      [
        ['1100', '1190.00', '0.00'],
        ['4000', '0.00', '1000.00'],
        ['2200', '0.00', '190.00'],
      ],
    );

    // Aging as of 2026-03-31: 1100.00 open, 28 days past due → 1–30 bucket.
    const aging = await api.get('/v1/reports/aging?asOf=2026-03-31');
    assert.equal(aging.status, 200);
    const [report] = aging.body.reports;
    assert.equal(report.currency, 'EUR');
    assert.equal(report.basis, 'due_date');
    assert.equal(report.total, '1100.00');
    assert.equal(report.buckets['1-30'], '1100.00');
    assert.equal(report.buckets.current, '0.00');
    assert.equal(report.customers[0].externalId, 'FLOW-1');
  });

  it('voids a draft and writes off an issued invoice', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.admin);
    await api.post('/v1/customers', { externalId: 'W-1', name: 'Writeoff AG' });
    const draft = await api.post('/v1/invoices', {
      customer: 'W-1',
      lines: [{ description: 'x', quantity: '1', unitPrice: '10' }],
    });
    const bare = await ctx.app.inject({
      method: 'POST',
      url: `/v1/invoices/${draft.body.id}/void`,
      headers: { authorization: `Bearer ${keys.admin}` },
    });
    assert.equal(bare.statusCode, 200, 'an action without a body needs no {}');
    const voided = await api.get(`/v1/invoices/${draft.body.id}`);
    assert.equal(voided.status, 200);
    assert.equal(voided.body.status, 'void');
    const issued = await api.post('/v1/invoices', {
      customer: 'W-1',
      issue: true,
      issueDate: '2026-03-01',
      lines: [{ description: 'y', quantity: '3', unitPrice: '33.33' }],
    });
    assert.equal(issued.body.total, '99.99');
    const written = await api.post(`/v1/invoices/${issued.body.id}/write-off`, { reason: 'insolvent' });
    assert.equal(written.status, 200);
    assert.equal(written.body.status, 'written_off');
    assert.equal(written.body.open, '0.00');
    assert.equal(written.body.adjustments[0].amount, '99.99');
    const issueAgain = await api.post(`/v1/invoices/${issued.body.id}/issue`, {});
    assert.equal(issueAgain.status, 409);
    assert.equal(issueAgain.body.code, 'invalid_state');
  });

  it('writes off a small unapplied balance and filters receipts with cash left', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    await api.post('/v1/customers', { externalId: 'SB-1', name: 'Small Balance KG' });
    const inv = await api.post('/v1/invoices', {
      customer: 'SB-1',
      issue: true,
      issueDate: '2026-03-01',
      lines: [{ description: 'Widget', quantity: '4', unitPrice: '24.99' }],
    });
    assert.equal(inv.body.total, '99.96');
    // Paid 100.00 against 99.96: 0.04 is left over and written off.
    const paid = await api.post('/v1/receipts', {
      customer: 'SB-1',
      method: 'card',
      receivedOn: '2026-03-05',
      amount: '100.00',
      allocations: [{ invoice: inv.body.number, amount: '99.96' }],
    });
    assert.equal(paid.body.unapplied, '0.04');
    assert.equal((await api.get(`/v1/invoices/${inv.body.id}`)).body.status, 'paid');
    const other = await api.post('/v1/receipts', {
      customer: 'SB-1',
      method: 'cash',
      receivedOn: '2026-03-06',
      amount: '5',
      allocations: [],
    });
    const open = await api.get('/v1/receipts?unapplied=true&customer=SB-1');
    assert.deepEqual(
      open.body.items.map((r: { id: string; unapplied: string }) => [r.id, r.unapplied]).sort(),
      [
        [paid.body.id, '0.04'],
        [other.body.id, '5.00'],
      ].sort(),
    );
    const written = await api.post(`/v1/receipts/${paid.body.id}/write-off`, { reason: 'rounding' });
    assert.equal(written.status, 200);
    assert.equal(written.body.unapplied, '0.00');
    assert.deepEqual(
      written.body.disbursements.map((d: { kind: string; amount: string }) => [d.kind, d.amount]),
      [['write_off', '0.04']],
    );
    const still = await api.get('/v1/receipts?unapplied=true');
    assert.deepEqual(
      still.body.items.map((r: { id: string }) => r.id),
      [other.body.id],
    );
    const rec = await api.get('/v1/ledger/reconciliation');
    assert.equal(rec.body.balanced, true);
    assert.equal(rec.body.currencies[0].arControl, '-5.00', 'only the unapplied 5.00 is left on AR');
  });
});
