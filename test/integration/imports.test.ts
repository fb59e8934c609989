import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { getCustomer, listCustomers } from '../../src/modules/customers/customers.service.ts';
import { importCustomersCsv } from '../../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../../src/modules/imports/invoices-import.ts';
import { getInvoiceRowOrThrow } from '../../src/modules/invoices/invoice-queries.service.ts';
import { recordReceipt } from '../../src/modules/receipts/receipts.service.ts';
import { reconcileAr } from '../../src/modules/reconciliation/reconciliation.service.ts';
import { agingReport } from '../../src/modules/reports/aging.service.ts';
import { AppError } from '../../src/shared/errors.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';

// The test clock says 2026-03-31.
const TODAY = '2026-03-31';
const CUSTOMERS = `external_id,name,legal_name,email,country,currency,payment_terms,credit_limit,category,subcategory,tax_id,bank_accounts,parent_external_id,language
KID,Kid Shop,,kid@example.com;ap@example.com,FR,EUR,NET30,,Retail,Stores,,,HQ,fr
HQ,Head Office,Head Office AG,,CH,CHF,2/10 NET30,50000,Enterprise,,CHE-123.456.789,CH93 0076 2011 6238 5295 7,,de
US1,Yankee Inc,,,US,USD,NET60,,,,,,,en
`;
const HEADER =
  'number,customer_external_id,issue_date,due_date,currency,total,open_amount,payment_reference,po_number,description,fx_rate';

function rejection(error: unknown): AppError {
  assert.ok(error instanceof AppError, `expected AppError, got ${String(error)}`);
  return error;
}

async function countRows(ctx: TestContext, tenantId: string) {
  const [row] = await queryRows<{ invoices: number; lines: number; customers: number }>(
    ctx.deps.db,
    sql`select (select count(*)::int from invoices where tenant_id = ${tenantId}) as invoices,
               (select count(*)::int from journal_lines where tenant_id = ${tenantId}) as lines,
               (select count(*)::int from customers where tenant_id = ${tenantId}) as customers`,
  );
  return row;
}

describe(`CSV imports and aging on ${backendName}`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext(`${TODAY}T12:00:00Z`);
  });
  after(() => ctx.database.close());

  test('customers: children before parents in the file, lists, and re-import updates', async () => {
    const tenant = await newTenant(ctx);
    const first = await importCustomersCsv(ctx.deps, tenant.tenantId, CUSTOMERS);
    assert.deepEqual(first, { rows: 3, created: 3, updated: 0, dryRun: false });
    const kid = await getCustomer(ctx.deps.db, tenant.tenantId, 'KID');
    const hq = await getCustomer(ctx.deps.db, tenant.tenantId, 'HQ');
    assert.equal(kid.parentId, hq.id);
    assert.deepEqual(kid.emails, ['kid@example.com', 'ap@example.com']);
    assert.equal(hq.creditLimitMinor, 5_000_000n);
    assert.equal(hq.currency, 'CHF');
    assert.equal(hq.paymentTerms, '2/10 NET30');
    assert.deepEqual(hq.bankAccounts, ['CH9300762011623852957']);
    const again = await importCustomersCsv(
      ctx.deps,
      tenant.tenantId,
      'external_id,name,credit_limit\nHQ,Head Office Renamed,60000\n',
    );
    assert.deepEqual(again, { rows: 1, created: 0, updated: 1, dryRun: false });
    const renamed = await getCustomer(ctx.deps.db, tenant.tenantId, 'HQ');
    assert.equal(renamed.name, 'Head Office Renamed');
    assert.equal(renamed.legalName, 'Head Office AG', 'blank columns leave fields unchanged');
    assert.equal(renamed.creditLimitMinor, 6_000_000n);
  });

  test('customers: every bad line is named with its field, and nothing is imported', async () => {
    const tenant = await newTenant(ctx);
    const csv = [
      'external_id,name,email,currency,payment_terms,bank_accounts,parent_external_id,country',
      'A,Good,,,,,,DE',
      'B,,not-an-email,,,,,',
      'C,Bad terms,,XYZ,NET 30 DAYS,,,',
      'A,Duplicate,,,,,,',
      'D,Bad iban,,,,DE89 3704 0044 0532 0130 01,,Germany',
      'G,Orphan,,,,,NOBODY,',
      'E,Loop 1,,,,,F,',
      'F,Loop 2,,,,,E,',
    ].join('\n');
    const error = rejection(await importCustomersCsv(ctx.deps, tenant.tenantId, csv).catch((e) => e));
    assert.equal(error.code, 'import_rejected');
    const problems = error.details.map((d) => `${d.line}:${d.field}`);
    for (const expected of [
      '3:name',
      '3:email',
      '4:currency',
      '4:payment_terms',
      '5:external_id',
      '6:bank_accounts',
      '6:country',
      '7:parent_external_id',
    ])
      assert.ok(problems.includes(expected), `${expected} in ${problems.join(' ')}`);
    assert.ok(
      problems.some((p) => p === '8:parent_external_id' || p === '9:parent_external_id'),
      'cycle reported',
    );
    assert.ok(!problems.some((p) => p.startsWith('2:')), 'the good line is not reported');
    assert.equal((await listCustomers(ctx.deps.db, tenant.tenantId, { limit: 10 })).customers.length, 0);

    const unknown = rejection(
      await importCustomersCsv(ctx.deps, tenant.tenantId, 'external_id,name,shoe_size\nX,Y,42\n').catch(
        (e) => e,
      ),
    );
    assert.deepEqual(
      unknown.details.map((d) => [d.line, d.field]),
      [[1, 'shoe_size']],
    );
    const missing = rejection(
      await importCustomersCsv(ctx.deps, tenant.tenantId, 'name\nY\n').catch((e) => e),
    );
    assert.deepEqual(
      missing.details.map((d) => [d.line, d.field]),
      [[1, 'external_id']],
    );
  });

  test('customers: a dry run checks and counts but writes nothing', async () => {
    const tenant = await newTenant(ctx);
    const dry = await importCustomersCsv(ctx.deps, tenant.tenantId, CUSTOMERS, { dryRun: true });
    assert.deepEqual(dry, { rows: 3, created: 3, updated: 0, dryRun: true });
    assert.equal((await countRows(ctx, tenant.tenantId))?.customers, 0);
  });

  test('open items: stored with their numbers, posted against opening-balance clearing, tied out', async () => {
    const tenant = await newTenant(ctx);
    await importCustomersCsv(ctx.deps, tenant.tenantId, CUSTOMERS);
    const csv = [
      HEADER,
      'OLD-1,KID,2026-01-10,2026-02-09,EUR,1000.00,400.00,RF18 5390 0754 7034,PO-7,January goods,',
      'OLD-2,KID,2026-03-20,,EUR,250.50,,,,,',
      'OLD-3,US1,2025-11-01,2025-12-01,USD,99.99,99.99,,,,0.9',
    ].join('\n');
    const result = await importInvoicesCsv(ctx.deps, tenant.tenantId, csv);
    assert.deepEqual(result, {
      rows: 3,
      imported: 3,
      dryRun: false,
      totals: [
        { currency: 'EUR', count: 2, total: '1250.50', open: '650.50' },
        { currency: 'USD', count: 1, total: '99.99', open: '99.99' },
      ],
    });
    const old1 = await getInvoiceRowOrThrow(ctx.deps.db, tenant.tenantId, 'OLD-1');
    assert.equal(old1.status, 'partially_paid');
    assert.equal(old1.openMinor, 40_000n);
    assert.equal(old1.paymentReference, 'RF18539007547034');
    assert.equal(old1.source, 'import');
    const old2 = await getInvoiceRowOrThrow(ctx.deps.db, tenant.tenantId, 'OLD-2');
    assert.equal(old2.status, 'issued');
    assert.equal(old2.dueDate, '2026-04-19', 'due date from the customer terms NET30');
    const tieOut = await reconcileAr(ctx.deps.db, ctx.deps, tenant.tenantId);
    assert.equal(tieOut.balanced, true);
    const tb = await ctx.deps.ledger.trialBalance(ctx.deps.db, tenant.tenantId);
    const clearing = tb.filter((l) => l.accountCode === '3900');
    assert.deepEqual(
      clearing.map((l) => [l.currency, l.balanceMinor, l.baseCreditMinor]),
      [
        ['EUR', -65_050n, 65_050n],
        ['USD', -9_999n, 8_999n],
      ],
    );
    // Paying an imported item works like any other invoice.
    await recordReceipt(ctx.deps, tenant.tenantId, {
      customer: 'KID',
      method: 'bank_transfer',
      receivedOn: TODAY,
      amount: '400.00',
      currency: 'EUR',
      allocations: [{ invoice: 'OLD-1', amount: '400.00' }],
    });
    assert.equal((await getInvoiceRowOrThrow(ctx.deps.db, tenant.tenantId, 'OLD-1')).status, 'paid');
    assert.equal((await reconcileAr(ctx.deps.db, ctx.deps, tenant.tenantId)).balanced, true);
  });

  test('open items: every bad row is reported and the database is unchanged', async () => {
    const tenant = await newTenant(ctx);
    await importCustomersCsv(ctx.deps, tenant.tenantId, CUSTOMERS);
    await importInvoicesCsv(
      ctx.deps,
      tenant.tenantId,
      `${HEADER}\nOLD-1,KID,2026-01-10,2026-02-09,EUR,10.00,,,,,\n`,
    );
    const before = await countRows(ctx, tenant.tenantId);
    const csv = [
      HEADER,
      'NEW-1,KID,2026-01-10,2026-02-09,EUR,10.00,,,,,',
      'OLD-1,KID,2026-01-10,2026-02-09,EUR,10.00,,,,,',
      'NEW-2,NOBODY,2026-01-10,2026-02-09,EUR,10.00,,,,,',
      'NEW-3,KID,2026-02-30,2026-02-09,EUR,10.00,,,,,',
      'NEW-4,KID,2026-01-10,2026-01-01,EUR,10.001,20.00,,,,',
      'NEW-5,US1,2026-01-10,2026-02-09,USD,10.00,,,,,',
      'NEW-6,KID,2026-01-10,2026-02-09,EURO,10,,RF00 1234,,,',
      `${'N'.repeat(101)},KID,2026-01-10,2026-02-09,EUR,10.00,,,,,`,
      'NEW-1,KID,2026-01-10,2026-02-09,EUR,10.00,,,,,',
      'NEW-7,KID,2026-01-10,2026-02-09,EUR,10.00,0,,,,',
    ].join('\n');
    const error = rejection(await importInvoicesCsv(ctx.deps, tenant.tenantId, csv).catch((e) => e));
    const problems = error.details.map((d) => `${d.line}:${d.field}`);
    for (const expected of [
      '3:number',
      '4:customer_external_id',
      '5:issue_date',
      '6:due_date',
      '6:total',
      '7:fx_rate',
      '8:currency',
      '8:payment_reference',
      '9:number',
      '10:number',
      '11:open_amount',
    ])
      assert.ok(problems.includes(expected), `${expected} in ${problems.join(' ')}`);
    assert.ok(!problems.some((p) => p.startsWith('2:')), 'the good line is not reported');
    assert.deepEqual(await countRows(ctx, tenant.tenantId), before);
  });

  test('aging: buckets by days past due, per customer and currency, today and in the past', async () => {
    const tenant = await newTenant(ctx);
    await importCustomersCsv(ctx.deps, tenant.tenantId, CUSTOMERS);
    const csv = [
      HEADER,
      // as of 2026-03-31: 10 days to go → current; 30 days late → 1-30; 31 → 31-60; 90 → 61-90; 91 → 91+
      'A1,KID,2026-03-01,2026-04-10,EUR,100.00,,,,,',
      'A2,KID,2026-02-01,2026-03-01,EUR,200.00,,,,,',
      'A3,HQ,2026-01-01,2026-02-28,EUR,300.00,,,,,',
      'A4,HQ,2025-12-01,2025-12-31,EUR,400.00,,,,,',
      'A5,HQ,2025-11-01,2025-12-30,EUR,500.00,,,,,',
      'A6,US1,2026-03-30,2026-03-31,USD,7.00,,,,,0.9',
    ].join('\n');
    await importInvoicesCsv(ctx.deps, tenant.tenantId, csv);
    await recordReceipt(ctx.deps, tenant.tenantId, {
      customer: 'KID',
      method: 'bank_transfer',
      receivedOn: TODAY,
      amount: '50.00',
      currency: 'EUR',
    });
    const reports = await agingReport(ctx.deps.db, tenant.tenantId, {
      asOf: TODAY,
      basis: 'due_date',
      today: TODAY,
    });
    assert.deepEqual(
      reports.map((r) => r.currency),
      ['EUR', 'USD'],
    );
    const eur = reports[0];
    assert.ok(eur);
    assert.equal(eur.totalMinor, 150_000n);
    assert.deepEqual(eur.buckets, {
      current: 10_000n,
      '1-30': 20_000n,
      '31-60': 30_000n,
      '61-90': 40_000n,
      '91+': 50_000n,
    });
    assert.equal(eur.unappliedMinor, 5_000n);
    assert.deepEqual(
      eur.customers.map((c) => [c.externalId, c.totalMinor, c.unappliedMinor]),
      [
        ['HQ', 120_000n, 0n],
        ['KID', 30_000n, 5_000n],
      ],
    );
    assert.equal(reports[1]?.buckets.current, 700n);

    // The same day rebuilt from the ledger agrees with the open amounts.
    const fromLedger = await agingReport(ctx.deps.db, tenant.tenantId, {
      asOf: TODAY,
      basis: 'due_date',
      today: '2026-04-01',
    });
    assert.deepEqual(fromLedger, reports);
    // Before the import (its entry is dated today), the ledger knew of nothing.
    const earlier = await agingReport(ctx.deps.db, tenant.tenantId, {
      asOf: '2026-03-30',
      basis: 'due_date',
      today: TODAY,
    });
    assert.deepEqual(earlier, []);
    // A later as-of ages the same items further: A1 becomes 1-30 by 2026-04-11.
    const later = await agingReport(ctx.deps.db, tenant.tenantId, {
      asOf: '2026-04-11',
      basis: 'due_date',
      today: TODAY,
    });
    assert.equal(later[0]?.buckets.current, 0n);
    assert.equal(later[0]?.buckets['1-30'], 10_000n);
  });
});
