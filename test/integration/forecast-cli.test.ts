/**
 * `cashloop forecast` end to end. The CLI runs on the real clock, so every date is relative to
 * today: open items imported with due dates around it, a dispute and a promise made through the
 * services in a runtime closed before each command runs (the embedded database is held by one
 * process at a time). The week a figure falls in is the ISO week of its day (Monday start).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/main.ts';
import { SYSTEM_ACTOR } from '../../src/modules/activities/actor.ts';
import { mondayOf } from '../../src/modules/analytics/index.ts';
import { makePromise } from '../../src/modules/collections/promises.service.ts';
import { openDispute } from '../../src/modules/disputes/disputes.service.ts';
import { addDays, todayUtc } from '../../src/shared/calendar-date.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

const today = todayUtc(new Date());
const firstDay = addDays(today, 1);

const CUSTOMERS = `external_id,name,currency
OLD,Old Debts Ltd,EUR
OLD.,"Old Debts Ltd.",EUR
PROM,Promising AG,EUR
`;

function invoicesCsv(): string {
  const row = (n: string, c: string, dueIn: number, total: string) =>
    `${n},${c},${addDays(today, dueIn - 30)},${addDays(today, dueIn)},EUR,${total},,,,`;
  return [
    'number,customer_external_id,issue_date,due_date,currency,total,open_amount,payment_reference,po_number,description',
    row('OLD-1', 'OLD', -10, '1000.00'), // overdue: expected on the first day
    row('OLD-2', 'OLD', 3, '250.00'), // disputed: not expected
    row('OLD.-1', 'OLD.', 9, '333.33'), // a look-alike customer, due in 9 days
    row('PROM-1', 'PROM', -20, '800.00'), // 500.00 promised for in 2 days, 300.00 overdue
  ].join('\n');
}

describe(`forecast CLI on ${backendName}`, () => {
  let box: CliSandbox;
  before(async () => {
    box = await cliSandbox();
    assert.equal((await box.run('import', 'customers', box.file('c.csv', CUSTOMERS))).code, 0);
    const imported = await box.run('import', 'invoices', box.file('i.csv', invoicesCsv()));
    assert.equal(imported.code, 0, imported.stderr);
    const runtime = await openRuntime(loadConfig({}, box.env));
    try {
      const tenantId = runtime.tenant.tenantId;
      await openDispute(runtime.deps, tenantId, { invoice: 'OLD-2', reason: 'quality' }, SYSTEM_ACTOR);
      const promisedOn = addDays(today, 2);
      await makePromise(
        runtime.deps,
        tenantId,
        { customer: 'PROM', invoices: ['PROM-1'], promisedOn, amount: '500.00' },
        SYSTEM_ACTOR,
      );
    } finally {
      await runtime.close();
    }
  });
  after(() => box.cleanup());

  test('--json prints the weeks per currency with promised and overdue parts', async () => {
    const res = await box.run('forecast', '--weeks', '3', '--json');
    assert.equal(res.code, 0, res.stderr);
    const doc = JSON.parse(res.stdout);
    assert.equal(doc.firstDay, firstDay);
    // Expected per week, by hand: OLD-1 1,000.00 and PROM-1's unpromised 300.00 now (first day);
    // PROM-1's 500.00 in 2 days; OLD.-1 333.33 in 9 days (no history: its due date).
    const expected = new Map<string, bigint>();
    const put = (day: string, cents: bigint) =>
      expected.set(mondayOf(day), (expected.get(mondayOf(day)) ?? 0n) + cents);
    put(firstDay, 1300_00n);
    put(addDays(today, 2), 500_00n);
    put(addDays(today, 9), 333_33n);
    const cents = (s: string) => BigInt(s.replace('.', ''));
    assert.equal(doc.weeks.length, 3);
    for (const w of doc.weeks) {
      assert.equal(w.currency, 'EUR');
      assert.equal(cents(w.expected), expected.get(w.weekStart) ?? 0n, `week ${w.weekStart}`);
    }
    const promised = doc.weeks.reduce((s: bigint, w: { promised: string }) => s + cents(w.promised), 0n);
    assert.equal(promised, 500_00n);
    assert.equal(doc.weeks[0].overdue, '1300.00');
    assert.deepEqual(doc.currencies[0].disputed, { amount: '250.00', invoices: 1 });
    assert.equal(doc.currencies[0].open, '2383.33');
  });

  test('prints a table, refuses a horizon beyond 26 weeks (exit 3), and back-tests', async () => {
    const text = await box.run('forecast', '--weeks', '2');
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /Cash forecast as of /);
    assert.match(text.stdout, /EUR: open 2383\.33; .*disputed, not expected 250\.00 \(1\)/);
    const refused = await box.run('forecast', '--weeks', '27');
    assert.equal(refused.code, 3);
    assert.match(refused.stderr.split('\n')[0] ?? '', /weeks must be a whole number from 1 to 26/);
    assert.equal(refused.stdout, '');
    const backtest = await box.run('forecast', '--backtest', '--months', '2', '--json');
    assert.equal(backtest.code, 0, backtest.stderr);
    const doc = JSON.parse(backtest.stdout);
    // The items were imported today: the journal knows nothing open at the last two month ends.
    assert.equal(doc.asOfDays.length, 2);
    assert.deepEqual(doc.outcomes, []);
  });
});
