import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { electronicEffect, type InvoiceFact, PAYMENT_FEATURES, paymentFeatures } from './payment-features.ts';

const day = (iso: string) =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;

function fact(issue: string, settled: string | null, extra: Partial<InvoiceFact> = {}): InvoiceFact {
  return {
    customerId: 'C-1',
    issueDay: day(issue),
    dueDay: day(issue) + 30,
    settledDay: settled === null ? null : day(settled),
    amountMinor: 10_000n,
    currency: 'EUR',
    electronic: false,
    disputed: false,
    ...extra,
  };
}

const feature = (row: Float64Array, name: (typeof PAYMENT_FEATURES)[number][0]) =>
  row[PAYMENT_FEATURES.findIndex(([n]) => n === name)];

describe('payment features as of the issue day', () => {
  it('count only invoices settled before the issue day; later payments are the future', () => {
    const history = [
      fact('2024-01-01', '2024-02-10'), // 10 days late, paid before
      fact('2024-02-01', '2024-03-20'), // paid on the issue day itself: not yet known that morning
      fact('2024-02-15', '2024-04-30'), // issued before, paid after: open on the day
    ];
    const invoice = fact('2024-03-20', '2024-05-01');
    const row = paymentFeatures(invoice, [...history, invoice], 0);
    assert.equal(feature(row, 'history_count'), 1);
    assert.equal(feature(row, 'usual_days_late'), 10);
    assert.equal(feature(row, 'open_count'), 2);
    assert.equal(feature(row, 'open_amount'), 200);
  });

  it('never read the invoice’s own dispute flag or its own payment', () => {
    const history = [fact('2024-01-01', '2024-02-05', { disputed: true }), fact('2024-01-10', '2024-02-01')];
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
        (disputed, paidAfter) => {
          const base = fact('2024-03-01', null);
          const variant = {
            ...base,
            disputed,
            settledDay: paidAfter === null ? null : base.issueDay + paidAfter,
          };
          const a = paymentFeatures(base, [...history, base], -5);
          const b = paymentFeatures(variant, [...history, variant], -5);
          return a.every((v, i) => Object.is(v, b[i]));
        },
      ),
    );
  });

  it('adjust the usual days late for a customer who moved from paper to electronic delivery', () => {
    const paper = [fact('2024-01-01', '2024-02-10'), fact('2024-01-05', '2024-02-14')]; // 10 days late on paper
    const invoice = fact('2024-03-01', null, { electronic: true });
    const row = paymentFeatures(invoice, [...paper, invoice], -7);
    assert.equal(feature(row, 'usual_days_late'), 3);
    assert.equal(feature(row, 'average_days_late'), 10);
  });

  it('estimate the electronic-delivery effect from customers who have both, undisputed only', () => {
    const facts = [
      fact('2024-01-01', '2024-02-10', { customerId: 'A' }), // paper +10
      fact('2024-03-01', '2024-04-03', { customerId: 'A', electronic: true }), // electronic +3
      fact('2024-03-05', '2024-06-30', { customerId: 'A', electronic: true, disputed: true }), // left out
      fact('2024-01-01', '2024-01-31', { customerId: 'B', electronic: true }), // only electronic: left out
    ];
    assert.equal(electronicEffect(facts), -7);
    assert.equal(electronicEffect([]), 0);
  });

  it('give a customer with no history neutral values, not NaN', () => {
    const invoice = fact('2024-03-01', null);
    const row = paymentFeatures(invoice, [invoice], -7);
    assert.ok(row.every((v) => Number.isFinite(v)));
    assert.equal(feature(row, 'amount_vs_usual'), 1);
  });

  it('read reminders and promises only as they were known before the day', () => {
    const promise = (id: string, judged: string | null, outcome: 'kept' | 'broken' | 'cancelled' | null) => ({
      promiseId: id,
      madeDay: day('2024-02-01'),
      promisedDay: day('2024-02-10'),
      judgedDay: judged === null ? null : day(judged),
      outcome,
    });
    const shared = promise('P-1', '2024-02-13', 'broken'); // names two invoices: counts once
    const history = [
      // reminded on 03-02 and 03-09 (due 03-01), paid 03-10: needed 2 reminders
      fact('2024-01-31', '2024-03-10', {
        reminderDays: [day('2024-03-02'), day('2024-03-09')],
        promises: [shared],
      }),
      // a reminder sent the day it was paid crossed the payment: not needed
      fact('2024-01-05', '2024-02-20', { reminderDays: [day('2024-02-20')], promises: [shared] }),
      // paid on time, no reminder; its promise was kept, another cancelled
      fact('2024-01-10', '2024-02-09', { promises: [promise('P-2', '2024-02-09', 'kept')] }),
      // open, reminded on 03-15
      fact('2024-02-10', null, {
        reminderDays: [day('2024-03-15')],
        promises: [promise('P-3', '2024-03-01', 'cancelled'), promise('P-4', '2024-03-20', 'kept')],
      }),
    ];
    const invoice = fact('2024-03-20', null);
    const row = paymentFeatures(invoice, [...history, invoice], 0);
    assert.equal(feature(row, 'reminded_share'), 1 / 3);
    assert.equal(feature(row, 'reminders_per_invoice'), 2 / 3);
    // judged before 03-20: P-1 broken, P-2 kept (P-3 cancelled, P-4 judged on the day itself)
    assert.equal(feature(row, 'promise_kept_rate'), 1 / 2);
    assert.equal(feature(row, 'broken_promises'), 1);
    assert.equal(feature(row, 'open_reminded'), 1);
    const before = paymentFeatures(invoice, [...history, invoice], 0, day('2024-02-13'));
    assert.equal(feature(before, 'promise_kept_rate'), 1, 'the broken promise was judged on that day');
    assert.equal(feature(before, 'broken_promises'), 0);
    assert.equal(feature(before, 'reminded_share'), 0, 'no invoice paid by then needed a reminder');
    assert.equal(feature(before, 'open_reminded'), 0, 'the open invoice was not reminded yet');
  });
});
