import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type InvoiceFact, trainPaymentModel } from '../analytics/index.ts';
import { predictOpenInvoice, withOpenPromise } from './open-invoice-prediction.ts';

const fact = (issueDay: number, settledAfterDue: number | null, customerId = 'c1'): InvoiceFact => ({
  customerId,
  issueDay,
  dueDay: issueDay + 30,
  settledDay: settledAfterDue === null ? null : issueDay + 30 + settledAfterDue,
  amountMinor: 10_000n,
  currency: 'EUR',
  electronic: false,
  disputed: false,
});

describe('the prediction of an open invoice as of today', () => {
  const history = [fact(0, 4), fact(10, 6), fact(20, 8), fact(30, 100)];

  it('without a model: the customer’s usual days late (median), labelled, with its share over 5 days', () => {
    const open = fact(200, null);
    const p = predictOpenInvoice(null, open, [...history, open], 201);
    assert.equal(p.basis, 'customer_history');
    assert.equal(p.daysLate, 7, 'median of 4, 6, 8, 100');
    assert.equal(p.lateProbability, 0.75, '6, 8 and 100 are over 5');
    assert.equal(p.predictedDay, 237);
    assert.deepEqual(
      p.reasons.map((r) => [r.feature, r.days]),
      [['usual_days_late', 7]],
    );
  });

  it('history is what was settled before today, not before the issue day', () => {
    // Issued on day 33, before any of the history was paid (day 34 the first): nothing known then.
    const open = fact(33, null);
    assert.equal(predictOpenInvoice(null, open, [...history, open], 33).lateProbability, null);
    assert.equal(predictOpenInvoice(null, open, [...history, open], 200).daysLate, 7);
  });

  it('a predicted day already past is today, and an invoice over 5 days past due is late for certain', () => {
    const open = fact(100, null);
    const today = 100 + 30 + 20;
    const p = predictOpenInvoice(null, open, [...history, open], today);
    assert.equal(p.predictedDay, today, 'due + 6 is past: today at the earliest');
    assert.equal(p.daysLate, 6, 'median of 4, 6, 8: the 100 days late is paid on day 160, after today');
    assert.equal(p.lateProbability, 1);
  });

  it('with a model: its days late, probability and reasons worded as PAYMENT_FEATURES', () => {
    const many = Array.from({ length: 120 }, (_, i) => fact(i * 3, i % 3 === 0 ? 12 : 9, `c${i % 4}`));
    const model = trainPaymentModel(many);
    const open = fact(400, null, 'c1');
    const p = predictOpenInvoice(model, open, [...many.filter((f) => f.customerId === 'c1'), open], 401);
    assert.equal(p.basis, 'model');
    assert.ok(p.daysLate > 5 && p.daysLate < 16, String(p.daysLate));
    assert.ok(p.lateProbability !== null && p.lateProbability > 0.5);
    assert.ok(p.reasons.every((r) => r.description.length > 0));
  });
});

describe('an open promise to pay on the invoice', () => {
  const history = [fact(0, 4), fact(10, 6), fact(20, 8)];
  const promise = (id: string, made: number, promised: number, judged: number | null) => ({
    promiseId: id,
    madeDay: made,
    promisedDay: promised,
    judgedDay: judged,
    outcome: judged === null ? null : ('broken' as const),
  });

  it('sets the predicted day to the earliest promise open today, as the cash forecast does', () => {
    const open: InvoiceFact = {
      ...fact(200, null),
      promises: [
        promise('broken-before', 230, 235, 239), // judged before today: no longer open
        promise('later', 239, 260, null),
        promise('earlier', 240, 250, 255), // judged after today: still open today
      ],
    };
    const today = 245;
    const p = withOpenPromise(predictOpenInvoice(null, open, [...history, open], today), open, today);
    assert.deepEqual([p.promisedDay, p.predictedDay, p.daysLate], [250, 250, 20]);
    assert.equal(p.basis, 'customer_history', 'the basis of the probability and reasons stays');
  });

  it('expects a promise whose day has passed, not yet judged, today; none open: the prediction as it was', () => {
    const open: InvoiceFact = { ...fact(200, null), promises: [promise('grace', 240, 242, null)] };
    const p = withOpenPromise(predictOpenInvoice(null, open, [...history, open], 244), open, 244);
    assert.deepEqual([p.promisedDay, p.predictedDay, p.daysLate], [242, 244, 12]);
    const made = { ...open, promises: [promise('tomorrow', 245, 250, null)] };
    const before = predictOpenInvoice(null, made, [...history, made], 244);
    assert.deepEqual(
      withOpenPromise(before, made, 244),
      { ...before, promisedDay: null },
      'made after today',
    );
  });
});
