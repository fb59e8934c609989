import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateOfDay, dayNumber, factOf, factsOf, type InvoiceLedgerRow } from './payment-facts.ts';

const row = (over: Partial<InvoiceLedgerRow> = {}): InvoiceLedgerRow => ({
  invoice_id: '0190aaaa-0000-7000-8000-000000000001',
  customer_id: '0190bbbb-0000-7000-8000-000000000001',
  currency: 'JPY',
  issue_date: '2025-12-31',
  due_date: '2026-01-30',
  total_minor: 125_000n,
  electronic: false,
  disputed: false,
  balance_minor: 0n,
  last_moved_on: '2026-02-03',
  receipt_on_last_day: true,
  ...over,
});

describe('payment facts from the ledger', () => {
  it('numbers days from 1970-01-01 and back, across a year end and a leap day', () => {
    assert.equal(dayNumber('1970-01-02'), 1);
    assert.equal(dayNumber('2024-03-01') - dayNumber('2024-02-28'), 2);
    assert.equal(dateOfDay(dayNumber('2025-12-31') + 1), '2026-01-01');
  });

  it('an invoice cleared by a receipt is settled on the last day its AR moved', () => {
    const fact = factOf(row());
    assert.equal(fact?.settledDay, dayNumber('2026-02-03'));
    assert.equal((fact?.settledDay ?? 0) - (fact?.dueDay ?? 0), 4, 'four days late');
    assert.equal(fact?.amountMinor, 125_000n);
  });

  it('an invoice with AR still open on the as-of day is open, whatever moved before', () => {
    // What the query returns for an invoice paid after the as-of day: its issue only.
    const fact = factOf(
      row({ balance_minor: 125_000n, last_moved_on: '2025-12-31', receipt_on_last_day: false }),
    );
    assert.equal(fact?.settledDay, null);
    const partial = factOf(
      row({ balance_minor: 1n, last_moved_on: '2026-01-20', receipt_on_last_day: true }),
    );
    assert.equal(partial?.settledDay, null, 'one yen short is still open');
  });

  it('an invoice cleared by a credit note, write-off or void is no payment and no fact', () => {
    assert.equal(factOf(row({ receipt_on_last_day: false })), null);
    assert.equal(factOf(row({ receipt_on_last_day: null })), null);
  });

  it('an over-applied invoice (balance below nil) paid by a receipt is settled', () => {
    assert.equal(factOf(row({ balance_minor: -5n }))?.settledDay, dayNumber('2026-02-03'));
  });

  it('an invoice without AR movements by the as-of day is no fact', () => {
    assert.equal(factOf(row({ balance_minor: null, last_moved_on: null, receipt_on_last_day: null })), null);
  });

  it('facts come in issue order, ties by invoice id, the non-facts left out', () => {
    const facts = factsOf([
      row({ invoice_id: 'b', issue_date: '2026-01-02' }),
      row({ invoice_id: 'c', receipt_on_last_day: false }),
      row({ invoice_id: 'a', issue_date: '2026-01-02' }),
      row({ invoice_id: 'd', issue_date: '2025-06-30' }),
    ]);
    assert.deepEqual(
      facts.map((f) => f.invoiceId),
      ['d', 'a', 'b'],
    );
  });
});
