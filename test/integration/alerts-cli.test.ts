/**
 * `cashloop alerts add|rules|check` on both back ends: open items imported from another system,
 * a rule added from a JSON file, a check that finds the overdue item once (a second check finds
 * nothing), and a bad rule file refused naming the field, with a non-zero exit code.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

let box: CliSandbox;
before(async () => {
  box = await cliSandbox();
});
after(() => box.cleanup());

describe(`cashloop alerts (${backendName})`, () => {
  it('adds a rule from a file, checks it once, and refuses a bad file with the field named', async () => {
    const customers = box.file(
      'customers.csv',
      'external_id,name\nDEB-0042,Société Générale Épicerie\nDEB-0042-B,Société Générale Épicerie (B)\n',
    );
    assert.equal((await box.run('import', 'customers', customers)).code, 0);
    const items = box.file(
      'items.csv',
      [
        'number,customer_external_id,issue_date,due_date,currency,total,open_amount',
        'RE/2026/0007,DEB-0042,2026-04-01,2026-05-01,EUR,25000.00,18000.00',
        'RE/2026/0008,DEB-0042-B,2026-04-01,2026-05-01,EUR,25000.00,4000.00',
      ].join('\n'),
    );
    const imported = await box.run('import', 'invoices', items);
    assert.equal(imported.code, 0, imported.stderr);

    const bad = box.file(
      'bad.json',
      JSON.stringify({
        name: 'x',
        notifyCollector: true,
        params: { kind: 'invoice_overdue', currency: 'XXY', minAmount: '1', minDaysLate: 1 },
      }),
    );
    const refused = await box.run('alerts', 'add', bad);
    assert.notEqual(refused.code, 0);
    assert.equal(
      refused.stderr,
      'error: invalid input\n  field params.currency: unknown ISO 4217 currency code\n',
    );

    const rule = box.file(
      'rule.json',
      JSON.stringify({
        name: 'Über 10.000 € seit 30 Tagen',
        notifyCollector: false,
        notifyRoles: ['admin'],
        params: { kind: 'invoice_overdue', currency: 'EUR', minAmount: '10000.00', minDaysLate: 30 },
      }),
    );
    const added = await box.run('alerts', 'add', rule);
    assert.equal(added.code, 0, added.stderr);
    const listed = await box.run('alerts', 'rules');
    assert.match(
      listed.stdout,
      /Über 10\.000 € seit 30 Tagen\s+invoice_overdue\s+yes\s+currency=EUR minAmount=10000\.00 minDaysLate=30\s+admin/,
    );

    const first = await box.run('alerts', 'check', '--as-of', '2026-06-15', '--json');
    assert.equal(first.code, 0, first.stderr);
    const summary = JSON.parse(first.stdout);
    assert.equal(summary.rules, 1);
    assert.equal(summary.events, 1, 'only RE/2026/0007: 18,000 open, 45 days late');
    const again = await box.run('alerts', 'check', '--as-of', '2026-06-15');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^1 rule\(s\) and 0 goal\(s\) checked as of 2026-06-15: 0 new event\(s\)/);
  });
});
