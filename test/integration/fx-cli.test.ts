/**
 * `cashloop fx import|rate|rates` on both back ends: the ECB's XML imported, the rate in force on a
 * Saturday (Friday's, EUR per USD = 1 / 1.0543), the stored rates listed, and a bad file refused
 * with a one-line message naming the line and a non-zero exit code.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

let box: CliSandbox;
before(async () => {
  box = await cliSandbox();
});
after(() => box.cleanup());

describe(`cashloop fx (${backendName})`, () => {
  it('imports the ECB rates, tells the rate in force and lists them; refuses a bad file naming the line', async () => {
    const xml = box.file(
      'eurofxref.xml',
      readFileSync(new URL('../fixtures/fx/eurofxref-sample.xml', import.meta.url), 'utf8'),
    );
    const imported = await box.run('fx', 'import', xml);
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(
      imported.stdout,
      'Read 12 rate(s) (ecb-xml) for 6 currencies, 2026-12-03 to 2026-12-04: 12 new, 0 changed, 0 unchanged.\n',
    );
    const rate = await box.run('fx', 'rate', 'usd', '--date', '2026-12-05');
    assert.equal(rate.code, 0, rate.stderr);
    assert.equal(rate.stdout, '1 USD = 0.9484966328 EUR on 2026-12-05 (rates of 2026-12-04, ecb)\n');
    const listed = await box.run('fx', 'rates', '--currency', 'CHF');
    assert.equal(
      listed.stdout,
      '2026-12-04  1 EUR = 0.9312 CHF  (ecb)\n2026-12-03  1 EUR = 0.9298 CHF  (ecb)\n',
    );
    const bad = box.file('bad.csv', 'date,currency,rate\n2026-12-07,USD,1.06\n2026-12-07,GBP,abc\n');
    const refused = await box.run('fx', 'import', bad);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /line 3: "abc" is not a positive decimal rate/);
    const none = await box.run('fx', 'rate', 'NOK', '--date', '2026-12-05');
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /exchange rate NOK\/EUR on or before 2026-12-05 not found/);
  });

  it('tells the exposure and revalues a month end once; refuses a day that is no month end, naming the field', async () => {
    const none = await box.run('fx', 'exposure', '--as-of', '2026-11-30');
    assert.equal(none.code, 0, none.stderr);
    assert.equal(none.stdout, 'No open items in a currency other than EUR on 2026-11-30.\n');
    const notEnd = await box.run('fx', 'revalue', '--as-of', '2026-11-29');
    assert.notEqual(notEnd.code, 0);
    assert.match(notEnd.stderr, /asOf 2026-11-29: a revaluation is made on a month's last day/);
    assert.match(notEnd.stderr, /field asOf: must be the last day of a month/);
    const done = await box.run('fx', 'revalue', '--as-of', '2026-10-31', '--json');
    assert.equal(done.code, 0, done.stderr);
    const r = JSON.parse(done.stdout);
    assert.deepEqual(
      [r.asOf, r.reversalDate, r.entryId, r.currencies],
      ['2026-10-31', '2026-11-01', null, []],
    );
    const again = await box.run('fx', 'revalue', '--as-of', '2026-10-31');
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /already revalued as of 2026-10-31/);
  });
});
