/** `cashloop numbering list|set` against the configured back end. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

describe(`numbering CLI on ${backendName}`, () => {
  let cli: CliSandbox;
  before(async () => {
    cli = await cliSandbox();
  });
  after(() => cli.cleanup());

  test('imported INV numbers move the series; set refuses a next below them in one line', async () => {
    const customers = cli.file('customers.csv', 'external_id,name\nMB1,Müller-Bau GmbH\n');
    assert.equal((await cli.run('import', 'customers', customers)).code, 0);
    const items = cli.file(
      'items.csv',
      'number,customer_external_id,issue_date,currency,total\nINV-100003,MB1,2026-01-10,EUR,100.00\n',
    );
    const imported = await cli.run('import', 'invoices', items);
    assert.equal(imported.code, 0, imported.stderr);
    const listed = await cli.run('numbering', 'list', '--json');
    assert.equal(listed.code, 0, listed.stderr);
    const inv = JSON.parse(listed.stdout).find((s: { series: string }) => s.series === 'INV');
    assert.equal(inv.nextNumber, 'INV-100004');

    const low = await cli.run('numbering', 'set', 'INV', '--next', '100003');
    assert.notEqual(low.code, 0);
    assert.match(low.stderr, /^error: next 100003 of series INV is below 100004/);
    assert.match(low.stderr, /field next/);

    const set = await cli.run('numbering', 'set', 'INV', '--pattern', 'INV-{YYYY}-{seq}', '--digits', '4');
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /INV-\{YYYY\}-\{seq\}, next number INV-\d{4}-0001/);
    const bad = await cli.run('numbering', 'set', 'INV', '--digits', 'many');
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /^error: --digits must be a whole number/);
  });
});
