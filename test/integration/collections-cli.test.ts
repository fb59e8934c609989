/**
 * The collections commands end to end: `worklist`, `promises check`, `credit check`, `disputes
 * list`. The CLI runs on the real clock, so every date is relative to today (as in cli.test.ts);
 * disputes, promises and settings are made through the services in a runtime closed before each
 * command runs (the embedded database is held by one process at a time).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/main.ts';
import { SYSTEM_ACTOR } from '../../src/modules/activities/actor.ts';
import { makePromise } from '../../src/modules/collections/promises.service.ts';
import { updateCreditSettings } from '../../src/modules/credit/credit-settings.service.ts';
import { openDispute } from '../../src/modules/disputes/disputes.service.ts';
import { addDays, todayUtc } from '../../src/shared/calendar-date.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

const today = todayUtc(new Date());

const CUSTOMERS = `external_id,name,currency
OLD,Old Debts Ltd,EUR
NEW,Fresh Debts Ltd,EUR
PROM,Promising AG,EUR
`;

// Days overdue by construction: OLD-1 40 days, NEW-1 10 days, PROM-1 20 days, OLD-2 40 days.
function invoicesCsv(): string {
  const row = (n: string, c: string, dueIn: number, total: string) =>
    `${n},${c},${addDays(today, dueIn - 30)},${addDays(today, dueIn)},EUR,${total},,,,`;
  return [
    'number,customer_external_id,issue_date,due_date,currency,total,open_amount,payment_reference,po_number,description',
    row('OLD-1', 'OLD', -40, '1000.00'),
    row('OLD-2', 'OLD', -40, '250.00'),
    row('NEW-1', 'NEW', -10, '3000.00'),
    row('PROM-1', 'PROM', -20, '800.00'),
  ].join('\n');
}

describe(`collections CLI on ${backendName}`, () => {
  let box: CliSandbox;
  let promisedOn = '';
  before(async () => {
    box = await cliSandbox();
    assert.equal((await box.run('import', 'customers', box.file('c.csv', CUSTOMERS))).code, 0);
    const imported = await box.run('import', 'invoices', box.file('i.csv', invoicesCsv()));
    assert.equal(imported.code, 0, imported.stderr);
    const runtime = await openRuntime(loadConfig({}, box.env));
    try {
      const tenantId = runtime.tenant.tenantId;
      await openDispute(runtime.deps, tenantId, { invoice: 'OLD-2', reason: 'quality' }, SYSTEM_ACTOR);
      // Made ten days ago for four days ago (kept by yesterday with 3 grace days): `promises
      // check` may only run for today or earlier, and today it breaks the promise.
      promisedOn = addDays(today, -4);
      const tenDaysAgo = { ...runtime.deps, clock: fixedClock(`${addDays(today, -10)}T12:00:00Z`) };
      await makePromise(
        tenDaysAgo,
        tenantId,
        { customer: 'PROM', invoices: ['PROM-1'], promisedOn },
        SYSTEM_ACTOR,
      );
      await updateCreditSettings(runtime.deps.db, tenantId, { holdOverdueDays: 30 });
    } finally {
      await runtime.close();
    }
  });
  after(() => box.cleanup());

  test('disputes list shows the open dispute by invoice number', async () => {
    const listed = await box.run('disputes', 'list', '--status', 'open', '--json');
    assert.equal(listed.code, 0, listed.stderr);
    const { disputes } = JSON.parse(listed.stdout);
    assert.deepEqual(
      disputes.map((d: { invoice: string; customer: string; amount: string; status: string }) => [
        d.invoice,
        d.customer,
        d.amount,
        d.status,
      ]),
      [['OLD-2', 'OLD', '250.00', 'open']],
    );
    assert.equal(
      JSON.parse((await box.run('disputes', 'list', '--status', 'resolved', '--json')).stdout).disputes
        .length,
      0,
    );
    assert.equal((await box.run('disputes', 'list', '--status', 'closed')).code, 3);
  });

  test('worklist orders by expected value and leaves disputed and promised amounts out', async () => {
    // As of yesterday, the promise's last grace day (today the next test breaks it).
    const yesterday = addDays(today, -1);
    const res = await box.run('worklist', '--as-of', yesterday, '--json');
    assert.equal(res.code, 0, res.stderr);
    const doc = JSON.parse(res.stdout);
    // NEW: 3,000 × (1 + 9/30) = 3,900; OLD: 1,000 × (1 + 39/30) = 2,300 (OLD-2 disputed);
    // PROM: under its promise until the promised date + 3 days.
    assert.deepEqual(
      doc.items.map((i: { customer: string; score: number }) => [i.customer, i.score]),
      [
        ['NEW', 3900],
        ['OLD', 2300],
      ],
    );
    assert.deepEqual(doc.items[1].reasons, [
      'EUR 1,000.00 overdue, oldest 39 days',
      'no payment history yet',
      '1 invoice disputed and left out',
    ]);
    const one = JSON.parse(
      (await box.run('worklist', '--as-of', yesterday, '--limit', '1', '--json')).stdout,
    );
    assert.equal(one.items.length, 1);
    assert.equal(one.total, 2);
    const text = await box.run('worklist', '--as-of', yesterday);
    assert.match(text.stdout, /NEW .*3900\.00 .*EUR 3,000\.00 overdue, oldest 9 days/);
    assert.equal((await box.run('worklist', '--collector', 'kim')).code, 3);
  });

  test('promises check breaks the unpaid promise once; the worklist then flags it', async () => {
    const day = today; // keep by = promised + 3 grace days = yesterday
    const first = await box.run('promises', 'check', '--as-of', day, '--json');
    assert.equal(first.code, 0, first.stderr);
    const result = JSON.parse(first.stdout);
    assert.equal(result.broken, 1);
    assert.deepEqual(
      result.settled.map((s: { customer: string; outcome: string; amount: string; paid: string }) => [
        s.customer,
        s.outcome,
        s.amount,
        s.paid,
      ]),
      [['PROM', 'broken', '800.00', '0.00']],
    );
    const again = JSON.parse((await box.run('promises', 'check', '--as-of', day, '--json')).stdout);
    assert.deepEqual([again.evaluated, again.broken, again.kept], [0, 0, 0]);
    const work = JSON.parse((await box.run('worklist', '--as-of', day, '--json')).stdout);
    const prom = work.items.find((i: { customer: string }) => i.customer === 'PROM');
    assert.ok(prom.reasons.includes(`promise of ${promisedOn} broken`), prom.reasons.join(' | '));
    assert.equal((await box.run('promises', 'check', '--as-of', 'tomorrow')).code, 3);
    const future = await box.run('promises', 'check', '--as-of', addDays(today, 2));
    assert.equal(future.code, 3, 'a run that changes state cannot act on a future date');
    assert.match(future.stderr, /asOf: must not be after today/);
  });

  test('customers risk shows the score with its reasons', async () => {
    // OLD: OLD-1 40 days overdue → 15 × 40/90 = 6.7 → 7; OLD-2 in open dispute → 3; 1 of its 2
    // invoices disputed → 12 × 0.5 = 6 (capped at 6). No payments, no limit, no promise: 16.
    const res = await box.run('customers', 'risk', 'OLD', '--json');
    assert.equal(res.code, 0, res.stderr);
    const doc = JSON.parse(res.stdout);
    assert.deepEqual(
      [
        doc.customer,
        doc.score,
        doc.band,
        doc.reasons.map((r: { factor: string; points: number }) => [r.factor, r.points]),
      ],
      [
        'OLD',
        16,
        'low',
        [
          ['overdue', 7],
          ['dispute_rate', 6],
          ['open_disputes', 3],
        ],
      ],
    );
    const text = await box.run('customers', 'risk', 'OLD');
    assert.match(text.stdout, /^OLD: risk score 16 \(low\) as of /);
    assert.match(text.stdout, /\+7 +overdue +the oldest undisputed open invoice is 40 days overdue/);
    const unknown = await box.run('customers', 'risk', 'NOBODY');
    assert.notEqual(unknown.code, 0);
  });

  test('credit check holds the customer more than 30 days overdue, once', async () => {
    const res = await box.run('credit', 'check', '--json');
    assert.equal(res.code, 0, res.stderr);
    const doc = JSON.parse(res.stdout);
    assert.deepEqual(doc.changes, [{ customer: 'OLD', change: 'set', reasons: ['overdue'] }]);
    assert.equal(doc.onHold, 1);
    const again = JSON.parse((await box.run('credit', 'check', '--json')).stdout);
    assert.deepEqual(again.changes, []);
    const text = await box.run('credit', 'check');
    assert.match(text.stdout, /0 change\(s\); 1 on credit hold/);
  });
});
