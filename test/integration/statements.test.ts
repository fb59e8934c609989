/** Customer statements: the same figures as the aging report, as of today and as of a past date. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStatementDocument } from '../../src/modules/documents/documents.service.ts';
import { createInvoice } from '../../src/modules/invoices/invoice-creation.service.ts';
import { recordReceipt } from '../../src/modules/receipts/receipts.service.ts';
import { type AgingReport, agingItems, agingReport } from '../../src/modules/reports/aging.service.ts';
import { updateLetterhead } from '../../src/modules/tenants/letterhead.service.ts';
import { formatCreditorReference, makeCreditorReference } from '../../src/shared/creditor-reference.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { makeCustomer } from '../helpers/factories.ts';
import { pdfRows, pdfText, popplerMissing } from '../helpers/pdf.ts';

// The test clock says 2026-03-31 (openTestContext): "today".
const TODAY = '2026-03-31';

/** One customer with an item in every bucket, a partial payment, unapplied cash and a USD invoice. */
async function customerWithHistory(ctx: TestContext) {
  const tenant = await newTenant(ctx);
  await updateLetterhead(ctx.deps, tenant.tenantId, {
    legalName: 'Statement Seller GmbH',
    iban: 'DE89 3704 0044 0532 0130 00',
    bic: 'COBADEFFXXX',
  });
  const customer = await makeCustomer(ctx.deps, tenant.tenantId, {
    name: 'Ωμέγα Трейдинг',
    // American English: "Oct 1, 2025" (plain `en` without a country reads the seller's: en-DE).
    language: 'en-US',
    paymentTerms: 'NET30',
  });
  const issue = (issueDate: string, amount: string, currency?: string) =>
    createInvoice(ctx.deps, tenant.tenantId, {
      customer: customer.externalId,
      issue: true,
      issueDate,
      ...(currency ? { currency, fxRate: '0.9' } : {}),
      lines: [{ description: 'Goods', quantity: '1', unitPrice: amount }],
    });
  // NET30: due 30 days after issue.
  const inv1 = await issue('2025-10-01', '400.00'); // due 2025-10-31
  const inv2 = await issue('2025-12-01', '100.00'); // due 2025-12-31
  const inv3 = await issue('2026-01-15', '200.00'); // due 2026-02-14
  const inv4 = await issue('2026-02-20', '50.00'); // due 2026-03-22
  const inv5 = await issue('2026-03-01', '300.00'); // due 2026-03-31
  const usd = await issue('2026-03-10', '70.00', 'USD'); // due 2026-04-09
  await recordReceipt(ctx.deps, tenant.tenantId, {
    customer: customer.externalId,
    method: 'bank_transfer',
    receivedOn: '2026-03-10',
    amount: '50.00',
    allocations: [{ invoice: inv3.invoiceId, amount: '50.00' }],
  });
  await recordReceipt(ctx.deps, tenant.tenantId, {
    customer: customer.externalId,
    method: 'bank_transfer',
    receivedOn: '2026-03-20',
    amount: '80.00',
    reference: 'Payment on account',
  });
  return { tenant, customer, invoices: [inv1, inv2, inv3, inv4, inv5, usd] };
}

function reportOf(reports: AgingReport[], currency: string, customerId: string) {
  const report = reports.find((r) => r.currency === currency);
  const row = report?.customers.find((c) => c.customerId === customerId);
  assert.ok(row, `the aging report has the customer in ${currency}`);
  return row;
}

/** Each of `expected` is a printed row, in this order (other rows may come between). */
function assertRowsInOrder(rows: readonly string[], expected: readonly string[]): void {
  let at = 0;
  for (const row of expected) {
    const found = rows.indexOf(row, at);
    assert.ok(found >= 0, `row "${row}" (after row ${at}) in:\n${rows.join('\n')}`);
    at = found + 1;
  }
}

describe(`customer statements on ${backendName}`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext();
  });
  after(() => ctx.database.close());

  it('as of today: the aging report’s buckets, unapplied cash and total due, item by item', async () => {
    const { tenant, customer } = await customerWithHistory(ctx);
    // Days past due on 2026-03-31: 151 (91+), 90 (61–90), 45 (31–60, open 150 after 50 paid),
    // 9 (1–30), 0 (current); the USD item is not due (current). Unapplied: 80.00 received 03-20.
    const expected = { current: 30000n, '1-30': 5000n, '31-60': 15000n, '61-90': 10000n, '91+': 40000n };
    const reports = await agingReport(ctx.deps.db, tenant.tenantId, {
      asOf: TODAY,
      basis: 'due_date',
      today: TODAY,
    });
    const eur = reportOf(reports, 'EUR', customer.id);
    assert.deepEqual(eur.buckets, expected);
    assert.equal(eur.totalMinor, 100000n);
    assert.equal(eur.unappliedMinor, 8000n);
    assert.equal(reportOf(reports, 'USD', customer.id).buckets.current, 7000n);

    const { items, unapplied } = await agingItems(ctx.deps.db, tenant.tenantId, {
      asOf: TODAY,
      basis: 'due_date',
      today: TODAY,
      customerId: customer.id,
    });
    assert.deepEqual(
      items.map((i) => [i.number, i.open_minor, i.days, i.bucket]),
      [
        ['INV-000001', 40000n, 151, '91+'],
        ['INV-000002', 10000n, 90, '61-90'],
        ['INV-000003', 15000n, 45, '31-60'],
        ['INV-000004', 5000n, 9, '1-30'],
        ['INV-000005', 30000n, 0, 'current'],
        ['INV-000006', 7000n, -9, 'current'],
      ],
    );
    assert.deepEqual(
      unapplied.map((u) => [u.received_on, u.unapplied_minor]),
      [['2026-03-20', 8000n]],
    );

    const doc = await createStatementDocument(ctx.deps, tenant.tenantId, customer.externalId);
    assert.equal(doc.kind, 'statement');
    assert.equal(doc.fileName, `statement-${customer.externalId}-${TODAY}.pdf`);
    if (popplerMissing) return;
    const rows = pdfRows(doc.bytes);
    assert.ok(pdfText(doc.bytes).includes('Ωμέγα Трейдинг'));
    const rf = (n: number) => formatCreditorReference(makeCreditorReference(`INV00000${n}`));
    assertRowsInOrder(rows, [
      'Amounts in EUR',
      // number, reference, issued, due, original, open, days overdue
      `INV-000001 ${rf(1)} Oct 1, 2025 Oct 31, 2025 €400.00 €400.00 151`,
      `INV-000002 ${rf(2)} Dec 1, 2025 Dec 31, 2025 €100.00 €100.00 90`,
      `INV-000003 ${rf(3)} Jan 15, 2026 Feb 14, 2026 €200.00 €150.00 45`,
      `INV-000004 ${rf(4)} Feb 20, 2026 Mar 22, 2026 €50.00 €50.00 9`,
      `INV-000005 ${rf(5)} Mar 1, 2026 Mar 31, 2026 €300.00 €300.00`,
      'Mar 20, 2026 Payment on account €80.00 €80.00',
      // current, 1–30, 31–60, 61–90, 91+, total: the aging report's figures above
      '€300.00 €50.00 €150.00 €100.00 €400.00 €1,000.00',
      'Total open items €1,000.00',
      'Less unapplied payments -€80.00',
      'Total due €920.00',
      'Amounts in USD',
      `INV-000006 ${rf(6)} Mar 10, 2026 Apr 9, 2026 $70.00 $70.00`,
      '$70.00 $0.00 $0.00 $0.00 $0.00 $70.00',
      'Total due $70.00',
      'Payment instructions',
      'IBAN: DE89 3704 0044 0532 0130 00',
    ]);
  });

  it('as of a past date: what was open then, from the ledger, equal to the aging report as of that date', async () => {
    const { tenant, customer } = await customerWithHistory(ctx);
    // On 2026-03-15: 135 days (91+), 74 (61–90), 29 (1–30, 150 open: paid 03-10), INV-4 due 03-22
    // and INV-5 due 03-31 current; the USD invoice (issued 03-10) current; the 80.00 came later.
    const asOf = '2026-03-15';
    const reports = await agingReport(ctx.deps.db, tenant.tenantId, {
      asOf,
      basis: 'due_date',
      today: TODAY,
    });
    const eur = reportOf(reports, 'EUR', customer.id);
    assert.deepEqual(eur.buckets, {
      current: 35000n,
      '1-30': 15000n,
      '31-60': 0n,
      '61-90': 10000n,
      '91+': 40000n,
    });
    assert.equal(eur.unappliedMinor, 0n);
    const doc = await createStatementDocument(ctx.deps, tenant.tenantId, customer.id, { asOf });
    if (popplerMissing) return;
    assert.ok(!pdfText(doc.bytes).includes('Unapplied payments'), 'nothing unapplied then');
    assertRowsInOrder(pdfRows(doc.bytes), [
      'As of Mar 15, 2026',
      `INV-000003 ${formatCreditorReference(makeCreditorReference('INV000003'))} Jan 15, 2026 Feb 14, 2026 €200.00 €150.00 29`,
      '€350.00 €150.00 €0.00 €100.00 €400.00 €1,000.00',
      'Total due €1,000.00',
    ]);
  });

  it('stores one document per distinct statement content', async () => {
    const { tenant, customer } = await customerWithHistory(ctx);
    const first = await createStatementDocument(ctx.deps, tenant.tenantId, customer.externalId, {
      asOf: TODAY,
    });
    const again = await createStatementDocument(ctx.deps, tenant.tenantId, customer.externalId, {
      asOf: TODAY,
    });
    assert.equal(again.documentId, first.documentId);
    assert.equal(again.sha256, first.sha256);
    await recordReceipt(ctx.deps, tenant.tenantId, {
      customer: customer.externalId,
      method: 'cash',
      receivedOn: TODAY,
      amount: '1.00',
    });
    const changed = await createStatementDocument(ctx.deps, tenant.tenantId, customer.externalId, {
      asOf: TODAY,
    });
    assert.notEqual(changed.documentId, first.documentId);
    assert.notEqual(changed.sha256, first.sha256);
  });

  it('says there is nothing open, in the customer’s language', { skip: popplerMissing }, async () => {
    const tenant = await newTenant(ctx);
    const customer = await makeCustomer(ctx.deps, tenant.tenantId, { language: 'de' });
    const text = pdfText(
      (await createStatementDocument(ctx.deps, tenant.tenantId, customer.externalId)).bytes,
    );
    assert.ok(
      text.includes('Kontoauszug') && text.includes('Keine offenen Posten.') && text.includes('31.03.2026'),
    );
  });
});
