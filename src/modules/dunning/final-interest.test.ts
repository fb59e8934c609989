import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { standardPolicy } from '../../../test/helpers/dunning-policies.ts';
import { finalInterestOf, interestStatements, type PaidChargedInvoice, paidOnOf } from './final-interest.ts';

// 10,000.00 EUR issued 2026-01-01, interest charged through 2026-03-03 by a letter, paid on 03-18.
const invoice: PaidChargedInvoice = {
  invoiceId: 'i1',
  number: '2026/0815',
  customerId: 'c1',
  currency: 'EUR',
  fxRate: '1',
  interestThrough: '2026-03-03',
};
const paidOn18 = [
  { on: '2026-01-01', deltaMinor: 1_000_000n },
  { on: '2026-03-18', deltaMinor: -1_000_000n },
];
const policy = standardPolicy({ finalInterestStatement: true });

describe('final interest statement', () => {
  it('charges the days after the last charge through the payment day', () => {
    const item = finalInterestOf(invoice, paidOn18, policy, '2026-03-20');
    // 03-04 … 03-17 open (14 days; 03-18 ends at zero): 1,000,000 × 12.62 / 100 × 14 / 365
    // = 4,840.5… → 48.41 EUR (half away from zero).
    assert.deepEqual(
      [item?.paidOn, item?.interest.from, item?.interest.through, item?.interest.interestMinor],
      ['2026-03-18', '2026-03-04', '2026-03-18', 4841n],
    );
  });

  it('owes nothing when off (the default), when paid by the last charge, or still open', () => {
    assert.equal(finalInterestOf(invoice, paidOn18, standardPolicy(), '2026-03-20'), null);
    assert.equal(
      finalInterestOf({ ...invoice, interestThrough: '2026-03-18' }, paidOn18, policy, '2026-03-20'),
      null,
    );
    assert.equal(
      finalInterestOf(invoice, paidOn18, policy, '2026-03-17'),
      null,
      'not paid yet on the as-of day',
    );
    assert.equal(
      paidOnOf(
        [
          { on: '2026-01-01', deltaMinor: 5n },
          { on: '2026-02-01', deltaMinor: -2n },
        ],
        '2026-03-01',
      ),
      null,
    );
  });

  it('a payment in parts: the principal falls with each part, the last one is the payment day', () => {
    const parts = [
      { on: '2026-01-01', deltaMinor: 1_000_000n },
      { on: '2026-03-10', deltaMinor: -600_000n },
      { on: '2026-03-18', deltaMinor: -400_000n },
    ];
    const item = finalInterestOf(invoice, parts, policy, '2026-03-31');
    // 03-04 … 03-09: 6 days × 1,000,000; 03-10 … 03-17: 8 days × 400,000 → 9,200,000 × 0.1262 / 365
    // = 3,180.9… → 31.81 EUR.
    assert.equal(item?.interest.interestMinor, 3181n);
  });

  it('one statement per customer and currency', () => {
    const other = { ...invoice, invoiceId: 'i2', number: '2026/0816' };
    const statements = interestStatements(
      [invoice, other, { ...invoice, invoiceId: 'i3', customerId: 'c2' }],
      (c) => (c === 'c1' ? policy : null),
      new Map([
        ['i1', paidOn18],
        ['i2', paidOn18],
        ['i3', paidOn18],
      ]),
      '2026-03-20',
    );
    assert.deepEqual(
      statements.map((s) => [s.customerId, s.items.length, s.interestMinor]),
      [['c1', 2, 9682n]],
    );
  });
});
