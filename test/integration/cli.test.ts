import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/main.ts';
import { addDays, todayUtc } from '../../src/shared/calendar-date.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

const today = todayUtc(new Date());

const CUSTOMERS = `external_id,name,legal_name,email,country,currency,payment_terms,credit_limit,category,subcategory,tax_id,bank_accounts,parent_external_id,language
ACME,Acme,"Acme Trading GmbH, Berlin",ap@acme.example,DE,EUR,NET30,10000.00,Wholesale,Food,DE123456789,DE89 3704 0044 0532 0130 00,,de
ACME-FR,Acme France,Acme France SAS,,FR,EUR,2/10 NET30,,Wholesale,Food,,,ACME,fr
BETA,Beta Ltd,,,GB,GBP,NET14,,Retail,,,GB82 WEST 1234 5698 7654 32,,en
`;

// Due dates relative to today so the aging buckets are known by construction.
function invoicesCsv(): string {
  return [
    'number,customer_external_id,issue_date,due_date,currency,total,open_amount,payment_reference,po_number,description',
    `OLD-1,ACME,${addDays(today, -70)},${addDays(today, -40)},EUR,1000.00,400.00,,PO-7,September goods`,
    `OLD-2,ACME,${addDays(today, -20)},${addDays(today, 10)},EUR,250.50,,,,`,
    `OLD-3,ACME-FR,${addDays(today, -130)},${addDays(today, -100)},EUR,99.99,99.99,,,`,
  ].join('\n');
}

describe(`CLI on ${backendName}`, () => {
  let box: CliSandbox;
  before(async () => {
    box = await cliSandbox();
  });
  after(() => box.cleanup());

  test('imports customers, lists them as JSON, and updates on re-import', async () => {
    const file = box.file('customers.csv', CUSTOMERS);
    const imported = await box.run('import', 'customers', file, '--json');
    assert.equal(imported.code, 0, imported.stderr);
    assert.deepEqual(JSON.parse(imported.stdout), { rows: 3, created: 3, updated: 0, dryRun: false });
    const again = await box.run('import', 'customers', file, '--json');
    assert.deepEqual(JSON.parse(again.stdout), { rows: 3, created: 0, updated: 3, dryRun: false });
    const listed = await box.run('customers', 'list', '--json');
    assert.equal(listed.code, 0, listed.stderr);
    const { customers } = JSON.parse(listed.stdout);
    assert.deepEqual(
      customers.map((c: { externalId: string }) => c.externalId),
      ['ACME', 'ACME-FR', 'BETA'],
    );
    const acme = customers[0];
    assert.equal(acme.name, 'Acme');
    assert.equal(acme.legalName, 'Acme Trading GmbH, Berlin');
    assert.equal(acme.creditLimit, '10000.00');
    assert.equal(acme.category, 'Wholesale');
    assert.equal(acme.subcategory, 'Food');
    assert.deepEqual(acme.bankAccounts, ['DE89370400440532013000']);
    const limited = await box.run('customers', 'list', '--json', '--limit', '2');
    assert.equal(JSON.parse(limited.stdout).customers.length, 2);
  });

  test('a file with bad rows imports nothing and names every bad line and field', async () => {
    const countBefore = JSON.parse((await box.run('customers', 'list', '--json')).stdout).customers.length;
    const bad = box.file(
      'bad.csv',
      'external_id,name,bank_accounts,credit_limit\nNEW-1,Good row,,\nNEW-2,,,\nNEW-3,Bad iban,DE00 1234,\nNEW-4,Too precise,,1.005\n',
    );
    const result = await box.run('import', 'customers', bad);
    assert.equal(result.code, 3);
    assert.match(result.stderr, /line 3.*name/);
    assert.match(result.stderr, /line 4.*bank_accounts/);
    assert.match(result.stderr, /line 5.*credit_limit/);
    assert.doesNotMatch(result.stderr, /line 2\b/);
    const countAfter = JSON.parse((await box.run('customers', 'list', '--json')).stdout).customers.length;
    assert.equal(countAfter, countBefore, 'nothing was imported');
    const unknown = await box.run(
      'import',
      'customers',
      box.file('unknown.csv', 'external_id,name,shoe_size\nX,Y,42\n'),
    );
    assert.equal(unknown.code, 3);
    assert.match(unknown.stderr, /shoe_size/);
  });

  test('imports open items; lists, ages and reconciles them', async () => {
    const imported = await box.run('import', 'invoices', box.file('invoices.csv', invoicesCsv()), '--json');
    assert.equal(imported.code, 0, imported.stderr);
    const { invoices } = JSON.parse((await box.run('invoices', 'list', '--json')).stdout);
    assert.equal(invoices.length, 3);
    const old1 = invoices.find((i: { number: string }) => i.number === 'OLD-1');
    assert.equal(old1.customer, 'ACME');
    assert.equal(old1.status, 'partially_paid');
    assert.equal(old1.total, '1000.00');
    assert.equal(old1.open, '400.00');
    assert.equal(old1.currency, 'EUR');
    assert.equal(old1.dueDate, addDays(today, -40));
    const overdue = JSON.parse(
      (await box.run('invoices', 'list', '--status', 'overdue', '--json')).stdout,
    ).invoices;
    assert.deepEqual(overdue.map((i: { number: string }) => i.number).sort(), ['OLD-1', 'OLD-3']);

    // Aging by hand: OLD-2 not yet due → current 250.50; OLD-1 40 days late → 31-60: 400.00;
    // OLD-3 100 days late → 91+: 99.99; total 750.49.
    const aging = await box.run('report', 'aging', '--as-of', today, '--json');
    assert.equal(aging.code, 0, aging.stderr);
    const report = JSON.parse(aging.stdout);
    assert.equal(report.currency, 'EUR');
    assert.equal(report.asOf, today);
    assert.equal(report.total, '750.49');
    assert.deepEqual(report.buckets, {
      current: '250.50',
      '1-30': '0.00',
      '31-60': '400.00',
      '61-90': '0.00',
      '91+': '99.99',
    });
    const acme = report.customers.find((c: { externalId: string }) => c.externalId === 'ACME');
    assert.equal(acme.total, '650.50');

    const reconcile = await box.run('ledger', 'reconcile', '--json');
    assert.equal(reconcile.code, 0, reconcile.stdout);
    const tieOut = JSON.parse(reconcile.stdout);
    assert.equal(tieOut.balanced, true);
    assert.deepEqual(tieOut.currencies, [
      { currency: 'EUR', arControl: '750.49', subledger: '750.49', difference: '0.00' },
    ]);
    const tb = await box.run('ledger', 'trial-balance', '--json');
    assert.equal(tb.code, 0);
    const accounts = JSON.parse(tb.stdout).accounts as { account: string; balance: string }[];
    assert.equal(accounts.find((a) => a.account === '1100')?.balance, '750.49');
    assert.equal(accounts.find((a) => a.account === '3900')?.balance, '-750.49');
  });

  test('creates API keys once and rejects unknown roles and commands', async () => {
    const key = await box.run('apikey', 'create', '--role', 'viewer');
    assert.equal(key.code, 0, key.stderr);
    assert.match(key.stdout.trim(), /^clk_[0-9a-f]{8}_[A-Za-z0-9_-]{32}$/);
    assert.equal((await box.run('apikey', 'create', '--role', 'root')).code, 3);
    assert.equal((await box.run('frobnicate')).code, 2);
    const badStatus = await box.run('invoices', 'list', '--status', 'lost');
    assert.equal(badStatus.code, 3);
    assert.match(badStatus.stderr, /unknown status/);
  });

  test('a second process on the same data directory gets a clear error', {
    skip: backendName !== 'pglite' && 'the lock guards the embedded database only',
  }, async () => {
    const runtime = await openRuntime(loadConfig({}, box.env));
    try {
      const result = await box.run('customers', 'list');
      assert.equal(result.code, 6);
      assert.match(result.stderr, /data directory .* (in use|already open)/);
    } finally {
      await runtime.close();
    }
  });
});
