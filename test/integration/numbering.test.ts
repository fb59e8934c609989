/**
 * Numbering series as tenant settings, on both back ends: the form and next number can be set,
 * never below a number taken; imported numbers in a series' form move the series above them (per
 * year for a yearly series); and concurrent issuers get consecutive numbers without duplicates.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ZodError } from 'zod';
import { importCustomersCsv } from '../../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../../src/modules/imports/invoices-import.ts';
import { creditInvoice } from '../../src/modules/invoices/credit-notes.service.ts';
import { createInvoice } from '../../src/modules/invoices/invoice-creation.service.ts';
import { issueInvoice } from '../../src/modules/invoices/invoice-issue.service.ts';
import { setNumberingSeries } from '../../src/modules/invoices/numbering-settings.service.ts';
import { listNumberingSeries } from '../../src/modules/numbering/numbering.service.ts';
import { AppError } from '../../src/shared/errors.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { issueInvoice as makeIssuedInvoice } from '../helpers/factories.ts';
import { assertInvariants } from '../helpers/invariants.ts';

const TODAY = '2026-03-31';
const CUSTOMERS = `external_id,name,email,country,currency,payment_terms
MB1,Müller-Bau GmbH,ap@example.de,DE,EUR,NET30
MB2,Mueller Bau GmbH,,DE,EUR,NET30
`;
const HEADER = 'number,customer_external_id,issue_date,due_date,currency,total,open_amount';

function rejection(error: unknown): AppError {
  assert.ok(error instanceof AppError, `expected AppError, got ${String(error)}`);
  return error;
}

describe(`numbering series on ${backendName}`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext();
  });
  after(async () => {
    await ctx.database.close();
  });

  async function tenantWithCustomers() {
    const tenant = await newTenant(ctx);
    await importCustomersCsv(ctx.deps, tenant.tenantId, CUSTOMERS);
    return tenant.tenantId;
  }

  test('open items numbered like the INV series are imported, and the series continues above them', async () => {
    const tenantId = await tenantWithCustomers();
    const csv = [
      HEADER,
      'INV-100003,MB1,2026-01-10,2026-02-09,EUR,100.00,',
      'INV-099998,MB2,2026-01-11,2026-02-10,EUR,50.00,',
      'INV-7,MB2,2026-01-11,2026-02-10,EUR,5.00,', // not the series' form (width 6): left alone
      'INV-0100010,MB2,2026-01-11,2026-02-10,EUR,5.00,', // a leading zero INV never writes
      'CN-000040,MB1,2026-01-12,2026-02-11,EUR,7.00,', // the CN series' form: CN continues too
    ].join('\n');
    const result = await importInvoicesCsv(ctx.deps, tenantId, csv);
    assert.equal(result.imported, 5);
    const issued = await makeIssuedInvoice(ctx.deps, tenantId, 'MB1', '10.00');
    assert.equal(issued.number, 'INV-100004');
    const credit = await creditInvoice(ctx.deps, tenantId, issued.invoiceId, {
      amount: '1.00',
      reason: 'goodwill',
    });
    assert.equal(credit.creditNote.number, 'CN-000041');
    await assertInvariants(ctx, tenantId);
  });

  test('an imported number that the series already issued is refused naming line and field', async () => {
    const tenantId = await tenantWithCustomers();
    await makeIssuedInvoice(ctx.deps, tenantId, 'MB1', '10.00');
    const error = rejection(
      await importInvoicesCsv(ctx.deps, tenantId, `${HEADER}\nINV-000001,MB1,2026-01-10,,EUR,1.00,\n`).catch(
        (e) => e,
      ),
    );
    assert.deepEqual(
      error.details.map((d) => `${d.line}:${d.field}`),
      ['2:number'],
    );
  });

  test('settings: prefix, digits and next change the next number; next below a taken number is refused', async () => {
    const tenantId = await tenantWithCustomers();
    await makeIssuedInvoice(ctx.deps, tenantId, 'MB1', '10.00');
    await makeIssuedInvoice(ctx.deps, tenantId, 'MB1', '11.00');
    const set = await setNumberingSeries(
      ctx.deps.db,
      tenantId,
      'INV',
      { prefix: 'RE-', digits: 5, next: 500 },
      TODAY,
    );
    assert.equal(set.nextNumber, 'RE-00500');
    assert.equal((await makeIssuedInvoice(ctx.deps, tenantId, 'MB1', '1.00')).number, 'RE-00500');
    const low = rejection(
      await setNumberingSeries(ctx.deps.db, tenantId, 'INV', { next: '500' }, TODAY).catch((e) => e),
    );
    assert.equal(low.code, 'conflict');
    assert.deepEqual(
      low.details.map((d) => d.field),
      ['next'],
    );
    const listed = await listNumberingSeries(ctx.deps.db, tenantId, TODAY);
    assert.deepEqual(
      listed.map((s) => `${s.series} ${s.kind} ${s.pattern} ${s.next}`),
      ['CN credit_note CN-{seq} 1', 'DUN dunning_charge DUN-{seq} 1', 'INV invoice RE-{seq} 501'],
    );
    await assert.rejects(
      setNumberingSeries(ctx.deps.db, tenantId, 'INV', { pattern: 'RE-{YY}-{seq}' }, TODAY),
      (e: unknown) => e instanceof ZodError && e.issues[0]?.path[0] === 'pattern',
    );
  });

  test('a yearly series restarts each year and continues above imported numbers of that year', async () => {
    const tenantId = await tenantWithCustomers();
    await setNumberingSeries(ctx.deps.db, tenantId, 'INV', { pattern: 'INV-{YYYY}-{seq}', digits: 4 }, TODAY);
    const csv = [
      HEADER,
      'INV-2025-0907,MB1,2025-12-20,2026-01-19,EUR,100.00,',
      'INV-2026-0012,MB1,2026-01-20,2026-02-19,EUR,100.00,',
      'INV-2026-0009,MB2,2026-01-15,2026-02-14,EUR,100.00,',
    ].join('\n');
    await importInvoicesCsv(ctx.deps, tenantId, csv);
    const march = await makeIssuedInvoice(ctx.deps, tenantId, 'MB1', '1.00', { issueDate: '2026-03-01' });
    assert.equal(march.number, 'INV-2026-0013');
    const late2025 = await makeIssuedInvoice(ctx.deps, tenantId, 'MB1', '1.00', { issueDate: '2025-12-31' });
    assert.equal(late2025.number, 'INV-2025-0908');
    const y2027 = await makeIssuedInvoice(ctx.deps, tenantId, 'MB1', '1.00', { issueDate: '2027-01-02' });
    assert.equal(y2027.number, 'INV-2027-0001');
    const refused = rejection(
      await setNumberingSeries(ctx.deps.db, tenantId, 'INV', { next: 5, year: 2026 }, TODAY).catch((e) => e),
    );
    assert.deepEqual(
      refused.details.map((d) => d.field),
      ['next'],
    );
    await assertInvariants(ctx, tenantId);
  });

  test('20 invoices issued at once get consecutive numbers without duplicates', async () => {
    const tenantId = await tenantWithCustomers();
    await importInvoicesCsv(ctx.deps, tenantId, `${HEADER}\nINV-000100,MB1,2026-01-10,,EUR,1.00,\n`);
    const drafts = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        createInvoice(ctx.deps, tenantId, {
          customer: i % 2 ? 'MB1' : 'MB2',
          lines: [{ description: `Item ${i}`, quantity: '1', unitPrice: `${i + 1}.00` }],
        }),
      ),
    );
    const issued = await Promise.all([
      ...drafts.map((d) => issueInvoice(ctx.deps, tenantId, d.invoiceId, '2026-03-05')),
      ...Array.from({ length: 5 }, (_, i) => makeIssuedInvoice(ctx.deps, tenantId, 'MB2', `${i + 1}.50`)),
    ]);
    const numbers = issued.map((i) => i.number ?? '').sort();
    assert.equal(new Set(numbers).size, 25, 'no duplicates');
    assert.deepEqual(
      numbers,
      Array.from({ length: 25 }, (_, i) => `INV-${String(101 + i).padStart(6, '0')}`),
    );
    await assertInvariants(ctx, tenantId);
  });

  test('a new series can be added, and a customer of another system keeps its number form', async () => {
    const tenantId = await tenantWithCustomers();
    const created = await setNumberingSeries(
      ctx.deps.db,
      tenantId,
      'EXP',
      { pattern: 'EX/{YYYY}/{seq}', digits: 3 },
      TODAY,
      true,
    );
    assert.equal(created.nextNumber, 'EX/2026/001');
    const issued = await makeIssuedInvoice(ctx.deps, tenantId, 'MB1', '1.00', { series: 'EXP' });
    assert.equal(issued.number, 'EX/2026/001');
    const missing = rejection(
      await setNumberingSeries(ctx.deps.db, tenantId, 'NOPE', { digits: 3 }, TODAY).catch((e) => e),
    );
    assert.equal(missing.code, 'not_found');
  });

  test('a series changed to the form of numbers imported earlier continues above them', async () => {
    const tenantId = await tenantWithCustomers();
    const csv = [
      HEADER,
      'RE-00417,MB1,2026-01-10,,EUR,10.00,',
      'RE-2025-0033,MB2,2025-12-10,,EUR,10.00,',
    ].join('\n');
    await importInvoicesCsv(ctx.deps, tenantId, csv);
    const plain = await setNumberingSeries(ctx.deps.db, tenantId, 'INV', { prefix: 'RE-', digits: 5 }, TODAY);
    assert.equal(plain.nextNumber, 'RE-00418');
    const yearly = await setNumberingSeries(
      ctx.deps.db,
      tenantId,
      'INV',
      { pattern: 'RE-{YYYY}-{seq}', digits: 4 },
      TODAY,
    );
    assert.equal(yearly.nextNumber, 'RE-2026-0001');
    const late2025 = await makeIssuedInvoice(ctx.deps, tenantId, 'MB1', '1.00', { issueDate: '2025-12-30' });
    assert.equal(late2025.number, 'RE-2025-0034');
  });
});
