/**
 * `cashloop goals add|list|attainment` on both back ends, over invoices issued through the
 * services on past days (in a runtime closed before each command runs: the embedded database is
 * held by one process at a time), NET30, no tax:
 *   February: no sales: no DSO.
 *   March: RE 1,000.00 issued 03-10, open at the month end: DSO = 1,000 ÷ 1,000 × 31 = 31.00.
 *   April: RE 3,000.00 issued 04-10, both open: DSO = 4,000 ÷ 3,000 × 30 = 40.00.
 * "DSO at most 31": February not computable, March met (on the target), April missed — the values
 * `cashloop kpi` shows. A bad goal file is refused naming the field, with a non-zero exit code.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/main.ts';
import { createInvoice } from '../../src/modules/invoices/invoice-creation.service.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

let box: CliSandbox;
before(async () => {
  box = await cliSandbox();
});
after(() => box.cleanup());

describe(`cashloop goals (${backendName})`, () => {
  it('adds a goal from a file, lists it, shows its attainment, and refuses a bad file naming the field', async () => {
    const customers = box.file(
      'customers.csv',
      'external_id,name\nDEB-0042,Société Générale Épicerie\nDEB-0042-B,Société Générale Épicerie (B)\n',
    );
    assert.equal((await box.run('import', 'customers', customers)).code, 0);
    const runtime = await openRuntime(loadConfig({}, box.env));
    try {
      const issue = (customer: string, issueDate: string, unitPrice: string) =>
        createInvoice(runtime.deps, runtime.tenant.tenantId, {
          customer,
          issue: true,
          issueDate,
          lines: [{ description: 'Épicerie fine', quantity: '1', unitPrice, taxRate: '0' }],
        });
      await issue('DEB-0042', '2026-03-10', '1000.00');
      await issue('DEB-0042-B', '2026-04-10', '3000.00');
    } finally {
      await runtime.close();
    }

    const bad = box.file(
      'bad.json',
      JSON.stringify({ name: 'x', kpi: 'dso', comparison: 'below', target: '31', periodKind: 'month' }),
    );
    const refused = await box.run('goals', 'add', bad);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /^error: invalid input\n {2}field comparison: /);

    const goal = box.file(
      'goal.json',
      JSON.stringify({
        name: 'DSO ≤ 31',
        kpi: 'dso',
        comparison: 'at_most',
        target: '31',
        periodKind: 'month',
        currency: 'EUR',
        validFrom: '2026-02',
      }),
    );
    const added = await box.run('goals', 'add', goal, '--json');
    assert.equal(added.code, 0, added.stderr);
    const { goalId, target } = JSON.parse(added.stdout);
    assert.equal(target, '31.00');

    const listed = await box.run('goals', 'list');
    assert.match(
      listed.stdout,
      new RegExp(`${goalId}\\s+DSO ≤ 31\\s+DSO ≤ 31\\.00\\s+month\\s+EUR\\s+2026-02`),
    );

    const shown = await box.run(
      'goals',
      'attainment',
      goalId,
      '--from',
      '2026-02',
      '--to',
      '2026-04',
      '--json',
    );
    assert.equal(shown.code, 0, shown.stderr);
    const periods = JSON.parse(shown.stdout).periods.map(
      (p: { period: string; status: string; currencies: { value: string | null }[] }) => [
        p.period,
        p.currencies[0]?.value,
        p.status,
      ],
    );
    assert.deepEqual(periods, [
      ['2026-02', null, 'not_computable'],
      ['2026-03', '31.00', 'met'],
      ['2026-04', '40.00', 'missed'],
    ]);
    const kpi = await box.run('kpi', '--from', '2026-03', '--to', '2026-04', '--currency', 'EUR', '--json');
    assert.deepEqual(
      JSON.parse(kpi.stdout).kpis.map((k: { dso: string | null }) => k.dso),
      ['31.00', '40.00'],
    );
    const text = await box.run('goals', 'attainment', goalId, '--from', '2026-03', '--to', '2026-04');
    assert.match(text.stdout, /^DSO ≤ 31: DSO ≤ 31\.00 per month, as of \d{4}-\d{2}-\d{2}\n/);
    assert.match(text.stdout, /2026-04\s+EUR\s+40\.00\s+missed/);

    const unknown = await box.run('goals', 'attainment', '3d9f1c8e-2b7a-4e6d-9c5b-0a1f2e3d4c5b');
    assert.notEqual(unknown.code, 0);
    assert.match(unknown.stderr, /goal 3d9f1c8e-2b7a-4e6d-9c5b-0a1f2e3d4c5b not found/);
  });
});
