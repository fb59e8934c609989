import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customerState, invoiceState, standardPolicy } from '../../../test/helpers/dunning-policies.ts';
import type { CustomerDunningState, DunningPolicy, InvoiceDunningState } from './dunning.types.ts';
import { letterKey, type PlanInput, planLetters } from './letter-plan.ts';

function input(
  invoices: InvoiceDunningState[],
  asOf: string,
  extra: Partial<Omit<PlanInput, 'customers'>> & {
    customers?: CustomerDunningState[];
    policy?: DunningPolicy;
  } = {},
): PlanInput {
  const { customers: given, policy: givenPolicy, ...rest } = extra;
  const policy = givenPolicy ?? standardPolicy();
  const customers = given ?? [...new Set(invoices.map((i) => i.customerId))].map((c) => customerState(c));
  return {
    asOf,
    invoices,
    customers: new Map(customers.map((c) => [c.customerId, c])),
    policies: new Map([[policy.policyId, policy]]),
    disputedInvoiceIds: new Set(),
    promisedInvoiceIds: new Set(),
    letteredToday: new Set(),
    ...rest,
  };
}

describe('planLetters', () => {
  it('groups a customer’s due invoices into one letter at the highest of their levels', () => {
    // a: due 03-01, L1 sent 02-26 → L2 (+7) due 03-08. b: due 03-11 → L1 (−3) due 03-08.
    const a = invoiceState('a', '2026-03-01', {
      openMinor: 30_000n,
      last: { levelNo: 1, offsetDays: -3, sentOn: '2026-02-26' },
    });
    const b = invoiceState('b', '2026-03-11', { openMinor: 12_000n });
    const plan = planLetters(input([b, a], '2026-03-08'));
    assert.equal(plan.letters.length, 1);
    const [letter] = plan.letters;
    assert.equal(letter?.level.levelNo, 2);
    assert.deepEqual(
      letter?.notices.map((n) => [n.invoice.invoiceId, n.level.levelNo]),
      [
        ['a', 2],
        ['b', 1],
      ],
    );
    // Open 300.00 + 120.00; only a (due 03-01) is overdue on 03-08.
    assert.equal(letter?.openMinor, 42_000n);
    assert.equal(letter?.overdueMinor, 30_000n);
  });

  it('writes one letter per currency', () => {
    const plan = planLetters(
      input(
        [invoiceState('a', '2026-03-11'), invoiceState('b', '2026-03-11', { currency: 'USD' })],
        '2026-03-08',
      ),
    );
    assert.deepEqual(
      plan.letters.map((l) => l.currency),
      ['EUR', 'USD'],
    );
  });

  it('leaves disputed and promised invoices out, and still dunns the rest', () => {
    const invoices = ['a', 'b', 'c'].map((id) => invoiceState(id, '2026-03-11'));
    const plan = planLetters(
      input(invoices, '2026-03-08', {
        disputedInvoiceIds: new Set(['a']),
        promisedInvoiceIds: new Set(['b']),
      }),
    );
    assert.deepEqual(
      plan.letters.flatMap((l) => l.notices.map((n) => n.invoice.invoiceId)),
      ['c'],
    );
    assert.deepEqual(
      plan.skipped.map((s) => [s.reason, s.invoiceIds]),
      [
        ['disputed', ['a']],
        ['promised', ['b']],
      ],
    );
  });

  it('sends nothing to a customer on hold, through the hold’s last day', () => {
    const hold = { until: '2026-03-10', reason: 'restructuring talks' };
    const invoices = [invoiceState('a', '2026-03-11')];
    const customers = [customerState('c1', { hold })];
    assert.equal(planLetters(input(invoices, '2026-03-10', { customers })).letters.length, 0);
    assert.equal(planLetters(input(invoices, '2026-03-10', { customers })).skipped[0]?.reason, 'on_hold');
    assert.equal(planLetters(input(invoices, '2026-03-11', { customers })).letters.length, 1);
    const indefinite = [customerState('c1', { hold: { until: null, reason: 'insolvency' } })];
    assert.equal(planLetters(input(invoices, '2030-01-01', { customers: indefinite })).letters.length, 0);
  });

  it('writes no second letter to a customer and currency on the same day', () => {
    const plan = planLetters(
      input([invoiceState('a', '2026-03-11')], '2026-03-08', {
        letteredToday: new Set([letterKey('c1', 'EUR')]),
      }),
    );
    assert.equal(plan.letters.length, 0);
    assert.equal(plan.skipped[0]?.reason, 'lettered_today');
  });

  it('skips a letter below the minimum: overdue total after the due date, open total before it', () => {
    const policy = standardPolicy({ minimumMinor: { EUR: 5_000n } });
    // Pre-due letter (L1, −3) for 40.00 open: measured by the open total, 40.00 < 50.00.
    const small = invoiceState('a', '2026-03-11', { openMinor: 4_000n });
    assert.equal(planLetters(input([small], '2026-03-08', { policy })).skipped[0]?.reason, 'below_minimum');
    // 50.00 open reaches the minimum exactly.
    const enough = invoiceState('a', '2026-03-11', { openMinor: 5_000n });
    assert.equal(planLetters(input([enough], '2026-03-08', { policy })).letters.length, 1);
    // L2 letter (+7) with 40.00 overdue and 60.00 not yet due: overdue total 40.00 < 50.00.
    const overdue = invoiceState('o', '2026-03-01', {
      openMinor: 4_000n,
      last: { levelNo: 1, offsetDays: -3, sentOn: '2026-02-26' },
    });
    const notDue = invoiceState('n', '2026-03-11', { openMinor: 6_000n });
    const plan = planLetters(input([overdue, notDue], '2026-03-08', { policy }));
    assert.equal(plan.letters.length, 0);
    assert.deepEqual(plan.skipped[0]?.invoiceIds, ['o', 'n']);
  });

  it('ignores settled invoices and customers without a policy', () => {
    const paid = invoiceState('a', '2026-03-11', { openMinor: 0n });
    assert.equal(planLetters(input([paid], '2026-03-08')).letters.length, 0);
    const customers = [customerState('c1', { policyId: null })];
    const plan = planLetters(input([invoiceState('b', '2026-03-11')], '2026-03-08', { customers }));
    assert.deepEqual([plan.letters.length, plan.skipped.length], [0, 0]);
  });

  it('marks a letter that reaches a hand-over level', () => {
    const last = { levelNo: 4, offsetDays: 35, sentOn: '2026-04-05' };
    const plan = planLetters(input([invoiceState('a', '2026-03-01', { last })], '2026-04-20'));
    assert.equal(plan.letters[0]?.level.levelNo, 5);
    assert.equal(plan.letters[0]?.handsOver, true);
  });
});
