import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

const CUSTOMERS = `external_id,name,bank_accounts
ACME,Acme Trading GmbH,DE44 5001 0517 5407 3249 31
BETA,Beta Logistics Ltd,
`;
const INVOICES = `number,customer_external_id,issue_date,due_date,currency,total,open_amount
2024-0815,ACME,2026-01-10,2026-02-09,EUR,1000.00,400.00
2024-0816,BETA,2026-01-12,2026-02-11,EUR,250.50,
2024-0817,BETA,2026-01-13,2026-02-12,EUR,99.00,
`;
const MT940 = `:20:STARTUMSE
:25:DE89370400440532013000
:28C:00001/001
:60F:C260301EUR1000,00
:61:2603050305C400,00NTRFNONREF//B1
:86:166?00GUTSCHRIFT?20SVWZ+Rechnung 2024-0815?32ACME TRADING GMBH
:61:2603050305C349,50NTRFNONREF//B2
:86:166?00GUTSCHRIFT?20SVWZ+RE 2024 0816 UND 2024-0817?32BETA LOGISTICS
:61:2603050305C10,00NTRFNONREF//B3
:86:166?00GUTSCHRIFT?20SVWZ+Spende?32MAX MUSTERMANN
:61:2603050305D25,00NMSCNONREF//B4
:86:805?00ENTGELT?20Kontofuehrung
:62F:C260305EUR1734,50
-
`;

describe(`CLI bank import and cash-apply on ${backendName}`, () => {
  let box: CliSandbox;
  before(async () => {
    box = await cliSandbox();
  });
  after(() => box.cleanup());

  test('imports a statement, applies it, and prints the documented JSON', async () => {
    assert.equal((await box.run('import', 'customers', box.file('c.csv', CUSTOMERS))).code, 0);
    assert.equal((await box.run('import', 'invoices', box.file('i.csv', INVOICES))).code, 0);
    const file = box.file('statement.sta', MT940);
    const imported = await box.run('bank', 'import', file, '--json');
    assert.equal(imported.code, 0, imported.stderr);
    const doc = JSON.parse(imported.stdout);
    assert.equal(doc.format, 'mt940');
    assert.deepEqual(doc.totals, { entries: 4, imported: 4, skipped: 0 });
    assert.equal(doc.statements[0].balanced, true);
    assert.equal(doc.statements[0].newAccount, true);
    const again = await box.run('bank', 'import', file);
    assert.match(again.stdout, /0 new transaction\(s\).*4 already known, skipped/);

    const run = await box.run('cash-apply', '--json');
    assert.equal(run.code, 0, run.stderr);
    const { results, summary } = JSON.parse(run.stdout);
    assert.deepEqual(summary, { lines: 4, applied: 2, suggested: 0, unmatched: 1, ignored: 1 });
    const b1 = results.find((r: { bankReference: string }) => r.bankReference === 'B1');
    assert.deepEqual(Object.keys(b1).sort(), [
      'adjustments',
      'allocations',
      'amount',
      'bankReference',
      'bookingDate',
      'confidence',
      'currency',
      'customer',
      'deduction',
      'reasons',
      'status',
      'suggestions',
      'unapplied',
    ]);
    assert.equal(b1.status, 'applied');
    assert.equal(b1.deduction, null, 'paid in full: nothing deducted');
    assert.equal(b1.customer, 'ACME');
    assert.equal(b1.bookingDate, '2026-03-05');
    assert.deepEqual(b1.allocations, [{ invoiceNumber: '2024-0815', amount: '400.00' }]);
    const b2 = results.find((r: { bankReference: string }) => r.bankReference === 'B2');
    assert.deepEqual(b2.allocations.map((a: { invoiceNumber: string }) => a.invoiceNumber).sort(), [
      '2024-0816',
      '2024-0817',
    ]);
    assert.equal(results.find((r: { bankReference: string }) => r.bankReference === 'B4').status, 'ignored');

    const reconcile = JSON.parse((await box.run('ledger', 'reconcile', '--json')).stdout);
    assert.equal(reconcile.balanced, true);
    // The account's cash account holds the two applied lines (400.00 + 349.50); the donation and the
    // fee are not booked by cashloop.
    assert.deepEqual(reconcile.bankAccounts, [
      {
        account: 'DE89370400440532013000',
        currency: 'EUR',
        cashAccount: '1201',
        ledger: '749.50',
        bookedLines: '749.50',
        refunds: '0.00',
        difference: '0.00',
      },
    ]);
    const text = await box.run('ledger', 'reconcile');
    assert.equal(text.code, 0, text.stdout);
    assert.match(text.stdout, /DE89370400440532013000 +EUR +1201 +749\.50 +749\.50 +0\.00 +0\.00/);
    const invoices = JSON.parse((await box.run('invoices', 'list', '--json')).stdout).invoices;
    assert.deepEqual(
      invoices.map((i: { number: string; status: string }) => `${i.number}:${i.status}`).sort(),
      ['2024-0815:paid', '2024-0816:paid', '2024-0817:paid'],
    );
    const bad = await box.run('bank', 'import', box.file('bad.xml', '<Document><BkToCstmrStmt><Stmt>'));
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /line \d+/);
  });
});
