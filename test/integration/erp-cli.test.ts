/** `cashloop ledger export | export-batches | erp-map | erp-debtors | erp-reconcile` end to end. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

let box: CliSandbox;
before(async () => {
  box = await cliSandbox();
});
after(() => box.cleanup());

describe(`cashloop ledger export and erp-reconcile (${backendName})`, () => {
  it('exports once, re-exports the same bytes, and reconciles an ERP file', async () => {
    const customers = box.file(
      'c.csv',
      'external_id,name\nDEB-0042,Épicerie Générale\nDEB-0042-B,Épicerie Générale (B)\n',
    );
    assert.equal((await box.run('import', 'customers', customers)).code, 0);
    const items = box.file(
      'items.csv',
      [
        'number,customer_external_id,issue_date,due_date,currency,total,open_amount',
        'RE/2026/0007,DEB-0042,2026-04-01,2026-05-01,EUR,250.00,180.00',
        'RE/2026/0008,DEB-0042-B,2026-04-01,2026-05-01,EUR,250.00,40.00',
      ].join('\n'),
    );
    const imported = await box.run('import', 'invoices', items);
    assert.equal(imported.code, 0, imported.stderr);

    const out = join(box.dir, 'extf.csv');
    const datev = [
      'ledger',
      'export',
      '--format',
      'datev',
      '--consultant',
      '1001',
      '--client',
      '7',
      '--out',
      out,
    ];
    const unmapped = await box.run(...datev);
    assert.notEqual(unmapped.code, 0);
    assert.match(unmapped.stderr, /no ERP account is mapped for cashloop accounts? 1100/);
    assert.equal((await box.run('ledger', 'erp-map', '--set', '1100=1400,3900=9000')).code, 0);
    const first = await box.run(...datev);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /batch 1 \(datev\)/);
    const bytes = readFileSync(out);
    assert.ok(bytes.toString('latin1').startsWith('"EXTF";700;21;"Buchungsstapel";13;'));
    const nothing = await box.run(...datev);
    assert.notEqual(nothing.code, 0);
    assert.match(nothing.stderr, /no journal entries to export/);
    const copy = join(box.dir, 'again.csv');
    assert.equal((await box.run('ledger', 'export', '--batch', '1', '--out', copy)).code, 0);
    assert.deepEqual(readFileSync(copy), bytes);
    const listed = await box.run('ledger', 'export-batches', '--json');
    assert.equal(JSON.parse(listed.stdout)[0].entryCount, 1, 'the import posts one entry');
    const feed = JSON.parse((await box.run('ledger', 'export', '--format', 'json', '--limit', '10')).stdout);
    assert.equal(feed.entries.length, 1);
    assert.equal(feed.entries[0].lines.length, 3);
    const debtors = await box.run('ledger', 'erp-debtors', '--json');
    assert.deepEqual(
      JSON.parse(debtors.stdout).map((d: { erpAccount: string }) => d.erpAccount),
      ['10000', '10001'],
    );
    const taken = await box.run('ledger', 'erp-debtors', '--set', 'DEB-0042-B=10000');
    assert.notEqual(taken.code, 0);
    assert.match(taken.stderr, /10000 belongs to another customer/);

    // The import books the opening items on the day it runs (the real clock here).
    const today = new Date().toISOString().slice(0, 10);
    const erp = box.file(
      'erp.csv',
      'customer_ref;document_number;date;amount;currency\nDEB-0042;RE-2026-7;2026-04-01;180,00;EUR\nDEB-0042-B;re/2026/00008;2026-04-01;40,01;EUR\n',
    );
    const r = await box.run('ledger', 'erp-reconcile', erp, '--as-of', today, '--json');
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout);
    assert.deepEqual(report.counts, {
      matched: 1,
      amount_differs: 1,
      different_customer: 0,
      only_in_cashloop: 0,
      only_in_erp: 0,
    });
    assert.deepEqual(report.totals, [
      { currency: 'EUR', cashloop: '220.00', erp: '220.01', difference: '-0.01' },
    ]);
    const bad = box.file(
      'bad.csv',
      'customer_ref,document_number,date,amount,currency\nDEB-0042,,2026-04-01,1.00,EUR\n',
    );
    const refused = await box.run('ledger', 'erp-reconcile', bad, '--as-of', '2026-04-30');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /line 2/);
    assert.match(refused.stderr, /document_number/);
  });
});
