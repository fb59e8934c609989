/**
 * `cashloop dunning letters print` end to end on both back ends: the day's final notice by post
 * written as one PDF with its statement, a preview that records nothing, `--mark-sent` recording
 * the letters as posted, nothing left to print afterwards, and one-line errors for bad input.
 *
 * ACME's imported 400.00 (open since its issue date) due 02-09, run 03-16 (+35): interest 02-10 …
 * 03-16 = 35 days, 40,000 × 0.1262 × 35 / 365 = 484.05 → 4.84; fee 5.00; total 409.84. The policy's
 * only level is level 1, whose template (the friendly reminder) shows the open total alone: the
 * letter adds fee, interest and total due under its table.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/main.ts';
import { createPolicy } from '../../src/modules/dunning/policies.service.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';
import { pdfPages, pdfText, popplerMissing } from '../helpers/pdf.ts';

const CUSTOMERS = `external_id,name,language
ACME,Ακμή Εμπορική Α.Ε.,de
`;
const INVOICES = `number,customer_external_id,issue_date,due_date,currency,total,open_amount
2024-0815,ACME,2026-01-10,2026-02-09,EUR,1000.00,400.00
`;

describe(`CLI dunning letters print on ${backendName}`, () => {
  let box: CliSandbox;
  let runId = '';
  before(async () => {
    box = await cliSandbox();
    assert.equal((await box.run('import', 'customers', box.file('c.csv', CUSTOMERS))).code, 0);
    assert.equal((await box.run('import', 'invoices', box.file('i.csv', INVOICES))).code, 0);
    const runtime = await openRuntime(loadConfig({}, box.env));
    try {
      await createPolicy(runtime.deps, runtime.tenant.tenantId, {
        name: 'Final notice by post',
        isDefault: true,
        interest: {
          dayCount: 'act/365',
          marginPct: '9',
          baseRates: [{ effectiveFrom: '2020-01-01', ratePct: '3.62' }],
        },
        levels: [
          {
            offsetDays: 35,
            templateKey: 'final',
            channel: 'letter',
            chargesInterest: true,
            fees: { EUR: '5.00' },
          },
        ],
      });
    } finally {
      await runtime.close();
    }
    const run = await box.run('dunning', 'run', '--as-of', '2026-03-16', '--json');
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.deepEqual(
      doc.letters.map((l: { channel: string; status: string; total: string }) => [
        l.channel,
        l.status,
        l.total,
      ]),
      [['letter', 'planned', '409.84']],
    );
    runId = doc.runId;
  });
  after(() => box.cleanup());

  test('writes the planned letters with their statements, then records them posted with --mark-sent', {
    skip: popplerMissing,
  }, async () => {
    const preview = join(box.dir, 'preview.pdf');
    const first = await box.run('dunning', 'letters', 'print', '--run', runId, '--out', preview);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /wrote .*preview\.pdf \(1 letter\(s\), \d+ bytes\); not recorded as posted/);
    const pages = pdfPages(readFileSync(preview));
    assert.equal(pages.length, 2, 'the letter, then its statement');
    const letter = pdfText(readFileSync(preview), 'layout');
    for (const expected of [
      'Ακμή Εμπορική Α.Ε.',
      '2024-0815',
      '10.02.2026 – 16.03.2026',
      // The level's key is `final`: the final notice's wording (dunning-4), its own total lines.
      'Letzte Mahnung',
      'Mahngebühr:',
      '5,00 €',
      'Verzugszinsen:',
      '4,84 €',
      'Jetzt fällig:',
      '409,84 €',
      'Gebühr und Zinsen DUN-000001',
    ])
      assert.ok(letter.includes(expected), `the letter shows "${expected}"`);
    assert.ok(pages[1]?.includes('Kontoauszug'));

    const posted = join(box.dir, 'posted.pdf');
    const marked = await box.run('dunning', 'letters', 'print', '--out', posted, '--mark-sent', '--json');
    assert.equal(marked.code, 0, marked.stderr);
    const result = JSON.parse(marked.stdout);
    assert.deepEqual(
      [result.file, result.letters.length, result.markedSent, result.remaining],
      [posted, 1, true, 0],
    );
    assert.equal(pdfPages(readFileSync(posted))[0], pages[0], 'the same letter as the preview');
    const again = await box.run('dunning', 'letters', 'print', '--mark-sent');
    assert.deepEqual(
      [again.code, again.stdout],
      [0, 'nothing to print: no planned letters of channel letter\n'],
    );
  });

  test('refuses a malformed or unknown run with one line and a non-zero exit code', async () => {
    const bad = await box.run('dunning', 'letters', 'print', '--run', 'yesterday');
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /^error: invalid input\n {2}field runId: /);
    const unknown = await box.run(
      'dunning',
      'letters',
      'print',
      '--run',
      '01a233e5-44c1-72a0-a614-e9fe4ca300c5',
    );
    assert.deepEqual(
      [unknown.code, unknown.stderr],
      [4, 'error: dunning run 01a233e5-44c1-72a0-a614-e9fe4ca300c5 not found\n'],
    );
    const stray = await box.run('dunning', 'letters', 'print', 'extra');
    assert.equal(stray.code, 2);
  });
});
