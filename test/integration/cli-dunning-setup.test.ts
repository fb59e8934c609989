/**
 * A new installation as a migrating user meets it: open items imported today, no dunning policy.
 * `cashloop dunning run` says why it plans nothing; a ready-made policy is one command away; a run
 * or an aging as of a day before the import says what it cannot show; email letters to customers
 * without an address go to the print queue and the run says how many.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

// No email addresses: what a customer export of another system often looks like.
const CUSTOMERS = `external_id,name
10001,Acme Trading GmbH
10001-B,Acme Trading GmbH (Branch)
`;
const INVOICES = `number,customer_external_id,issue_date,due_date,currency,total,open_amount
RE-2026-0815,10001,2026-01-10,2026-02-09,EUR,1000.00,400.00
100003,10001-B,2026-01-12,2026-02-09,EUR,250.50,
`;

describe(`CLI dunning on a new installation on ${backendName}`, () => {
  let box: CliSandbox;
  const today = new Date().toISOString().slice(0, 10);
  before(async () => {
    box = await cliSandbox();
    assert.equal((await box.run('import', 'customers', box.file('c.csv', CUSTOMERS))).code, 0);
    const imported = await box.run('import', 'invoices', box.file('i.csv', INVOICES));
    assert.equal(imported.code, 0, imported.stderr);
  });
  after(() => box.cleanup());

  test('without a policy the run says why it plans nothing, in text and JSON', async () => {
    const run = await box.run('dunning', 'run', '--as-of', '2026-03-12', '--dry-run');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /2 customer\(s\) with overdue invoices have no dunning policy/);
    assert.match(run.stdout, /cashloop dunning policy add-preset/);
    const json = JSON.parse(
      (await box.run('dunning', 'run', '--as-of', '2026-03-12', '--dry-run', '--json')).stdout,
    );
    assert.deepEqual(
      json.notices.map((n: { code: string; count: number }) => [n.code, n.count]),
      [
        ['no_policy', 2],
        ['imported_after_as_of', 2],
      ],
    );
    assert.match(
      json.notices[1].message,
      new RegExp(`2 open item\\(s\\) imported on ${today} are after the as-of date 2026-03-12`),
    );
  });

  test('an aging as of a day before the import says the imported items are not shown', async () => {
    const aging = await box.run('report', 'aging', '--as-of', '2026-03-12');
    assert.equal(aging.code, 0, aging.stderr);
    assert.match(
      aging.stdout,
      new RegExp(`2 open item\\(s\\) imported on ${today} are after the as-of date 2026-03-12 and not shown`),
    );
    const now = await box.run('report', 'aging', '--json');
    assert.equal(JSON.parse(now.stdout).notices, undefined, 'today: every item is shown, nothing to say');
  });

  test('a preset is one command away; letters without an address go to the print queue', async () => {
    const list = await box.run('dunning', 'policy', 'presets');
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /de-b2b-statutory .*9 points.*40 EUR/);
    assert.match(list.stdout, /gentle .*no fees, no interest/);
    const unknown = await box.run('dunning', 'policy', 'add-preset', 'de-b2c');
    assert.equal(unknown.code, 4, unknown.stderr);
    const added = await box.run('dunning', 'policy', 'add-preset', 'de-b2b-statutory');
    assert.equal(added.code, 0, added.stderr);
    assert.match(
      added.stdout,
      /Added dunning policy "German B2B \(statutory interest\)" \(the default\): \+7 reminder, \+21 firm, \+35 final/,
    );
    const again = await box.run('dunning', 'policy', 'add-preset', 'de-b2b-statutory');
    assert.equal(again.code, 5, 'a second one of the same name is a conflict');

    const run = await box.run('dunning', 'run', '--as-of', '2026-03-12', '--json');
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.deepEqual(
      doc.letters.map(
        (l: { customer: { externalId: string }; channel: string; status: string; template: string }) => [
          l.customer.externalId,
          l.template,
          l.channel,
          l.status,
        ],
      ),
      [
        ['10001', 'dunning-2', 'letter', 'planned'],
        ['10001-B', 'dunning-2', 'letter', 'planned'],
      ],
    );
    assert.deepEqual(
      doc.notices.map((n: { code: string; count: number }) => [n.code, n.count]),
      [
        ['imported_after_as_of', 2],
        ['no_email_address', 2],
      ],
    );
    const print = await box.run('dunning', 'letters', 'print', '--out', `${box.dir}/letters.pdf`, '--json');
    assert.equal(print.code, 0, print.stderr);
    assert.equal(JSON.parse(print.stdout).letters.length, 2, 'both are in the print queue');
  });
});
