import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { customerHistoryEstimator, dayNumber, type OpenInvoiceToEstimate } from './payment-day-estimator.ts';
import type { InvoiceFact } from './payment-features.ts';

/** An invoice of `customerId` due on `due`, settled `late` days after it (null: still open). */
function fact(customerId: string, due: string, late: number | null): InvoiceFact {
  const dueDay = dayNumber(due);
  return {
    customerId,
    issueDay: dueDay - 30,
    dueDay,
    settledDay: late === null ? null : dueDay + late,
    amountMinor: 100_00n,
    currency: 'EUR',
    electronic: false,
    disputed: false,
  };
}

function open(customerId: string, dueDate: string | null): OpenInvoiceToEstimate {
  return { invoiceId: 'x', customerId, currency: 'EUR', issueDate: '2026-12-01', dueDate, openMinor: 1n };
}

describe('customerHistoryEstimator', () => {
  const history = [
    fact('acme', '2026-09-01', 3),
    fact('acme', '2026-10-01', 10),
    fact('acme', '2026-11-01', 5),
    fact('acme', '2026-12-20', 100), // settled 2027-03-30: after the as-of day, not known
    fact('acme', '2026-12-01', null), // still open
    fact('acme-gmbh', '2026-10-01', 2), // a look-alike customer: its own history
    fact('acme-gmbh', '2026-11-01', 3),
    fact('early', '2026-10-01', -2),
    fact('early', '2026-11-01', -3),
  ];
  const estimator = customerHistoryEstimator(history, '2026-12-30');

  it('moves the due date by the median days late of the invoices settled before the as-of day', () => {
    assert.deepEqual(estimator.estimate(open('acme', '2027-01-04')), {
      day: '2027-01-09',
      method: 'customer_history',
      daysLate: 5,
      basedOn: 3,
    });
  });

  it('rounds a median between two days half away from zero', () => {
    assert.equal(estimator.estimate(open('acme-gmbh', '2027-01-04')).day, '2027-01-07'); // 2.5 → 3
    assert.equal(estimator.estimate(open('early', '2027-01-04')).day, '2027-01-01'); // −2.5 → −3
  });

  it('falls back to the due date (or the issue date) for a customer with nothing settled', () => {
    assert.deepEqual(estimator.estimate(open('new', '2027-02-01')), {
      day: '2027-02-01',
      method: 'due_date',
      daysLate: 0,
      basedOn: 0,
    });
    assert.equal(estimator.estimate(open('new', null)).day, '2026-12-01');
  });

  it('knows on a later day what was settled by then', () => {
    const later = customerHistoryEstimator(history, '2027-04-01');
    // 3, 5, 10, 100 → median 7.5 → 8
    assert.equal(later.estimate(open('acme', '2027-04-10')).daysLate, 8);
  });
});
