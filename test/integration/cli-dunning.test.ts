/**
 * `cashloop dunning run` end to end on both back ends: imported open items, a policy, a dry run
 * that records nothing, the recorded run's JSON document, and a second run that day adding nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/main.ts';
import { createPolicy } from '../../src/modules/dunning/policies.service.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

const CUSTOMERS = `external_id,name
ACME,Acme Trading GmbH
BETA,Beta Logistics Ltd
`;
// ACME owes 400.00 of 1,000.00 (part paid before the import); BETA two invoices in full.
const INVOICES = `number,customer_external_id,issue_date,due_date,currency,total,open_amount
2024-0815,ACME,2026-01-10,2026-02-09,EUR,1000.00,400.00
2024-0816,BETA,2026-01-12,2026-02-09,EUR,250.50,
2024-0817,BETA,2026-01-13,2026-02-11,EUR,99.00,
`;

describe(`CLI dunning run on ${backendName}`, () => {
  let box: CliSandbox;
  before(async () => {
    box = await cliSandbox();
    assert.equal((await box.run('import', 'customers', box.file('c.csv', CUSTOMERS))).code, 0);
    assert.equal((await box.run('import', 'invoices', box.file('i.csv', INVOICES))).code, 0);
    const runtime = await openRuntime(loadConfig({}, box.env));
    try {
      await createPolicy(runtime.deps, runtime.tenant.tenantId, {
        name: 'Interest from +31',
        isDefault: true,
        interest: {
          dayCount: 'act/365',
          marginPct: '9',
          baseRates: [{ effectiveFrom: '2020-01-01', ratePct: '3.62' }],
        },
        levels: [
          { offsetDays: 31, templateKey: 'reminder', chargesInterest: true, fees: { EUR: '2.50' } },
          { offsetDays: 45, templateKey: 'final', channel: 'none' },
        ],
      });
    } finally {
      await runtime.close();
    }
  });
  after(() => box.cleanup());

  test('previews, records and prints each letter; the same day again sends nothing', async () => {
    const dry = await box.run('dunning', 'run', '--as-of', '2026-03-12', '--dry-run', '--json');
    assert.equal(dry.code, 0, dry.stderr);
    assert.deepEqual(
      JSON.parse(dry.stdout).letters.map((l: { id: string | null }) => l.id),
      [null, null],
    );
    // BETA's 2024-0817 (due 02-11) reaches +31 only on 03-14: on 03-12 only the two due 02-09.
    const run = await box.run('dunning', 'run', '--as-of', '2026-03-12', '--json');
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout);
    assert.equal(doc.dryRun, false);
    assert.deepEqual(
      doc.letters.map(
        (l: { customer: { externalId: string }; level: number; channel: string; status: string }) => [
          l.customer.externalId,
          l.level,
          l.channel,
          l.status,
        ],
      ),
      // Imported customers have no email address: their letters go to the print queue.
      [
        ['ACME', 1, 'letter', 'planned'],
        ['BETA', 1, 'letter', 'planned'],
      ],
    );
    const acme = doc.letters[0];
    // The imported 400.00 counts as open since the issue date: 02-10 … 03-12 = 31 days,
    // 40,000 cents × 12.62 / 100 × 31 / 365 = 428.7 → 4.29; fee 2.50.
    assert.deepEqual(
      [acme.open, acme.overdue, acme.fee, acme.interest, acme.total, acme.charge.number],
      ['400.00', '400.00', '2.50', '4.29', '406.79', 'DUN-000001'],
    );
    assert.deepEqual(acme.invoices, [
      {
        id: acme.invoices[0].id,
        number: '2024-0815',
        dueDate: '2026-02-09',
        daysOverdue: 31,
        level: 1,
        open: '400.00',
        interest: '4.29',
        interestFrom: '2026-02-10',
        interestThrough: '2026-03-12',
      },
    ]);
    const again = await box.run('dunning', 'run', '--as-of', '2026-03-12');
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /0 letter\(s\) for 0 invoice\(s\) as of 2026-03-12\./);
    // A level on channel `none` is recorded, not delivered.
    const later = await box.run('dunning', 'run', '--as-of', '2026-03-26');
    assert.match(later.stdout, /ACME .* none +recorded/);
  });

  test('refuses a malformed date with the usage exit code for invalid input', async () => {
    const bad = await box.run('dunning', 'run', '--as-of', '2026-02-30');
    assert.equal(bad.code, 3);
    assert.match(bad.stderr, /--as-of must be a date/);
  });
});
