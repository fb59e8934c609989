import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { money } from '../../shared/money.ts';
import { assertBalanced, JournalEntryBuilder, reversalOf } from './journal-entry.ts';

const isUnbalanced = (e: unknown) => e instanceof AppError && e.code === 'unbalanced_entry';

function builder() {
  return new JournalEntryBuilder('invoice.issued', '2026-03-01', 'Invoice INV-000001');
}

describe('JournalEntryBuilder', () => {
  it('builds a balanced entry with debits positive and credits negative', () => {
    // 100.00 net + 19.00 tax = 119.00 on AR.
    const entry = builder()
      .from('invoice', 'inv-1')
      .debit('ar_control', money(11900n, 'EUR'), 11900n, { customerId: 'c-1', invoiceId: 'inv-1' })
      .credit('revenue', money(10000n, 'EUR'), 10000n)
      .credit('tax_payable', money(1900n, 'EUR'), 1900n)
      .build();
    assert.deepEqual(
      entry.lines.map((l) => [l.role, l.amountMinor, l.baseAmountMinor]),
      [
        ['ar_control', 11900n, 11900n],
        ['revenue', -10000n, -10000n],
        ['tax_payable', -1900n, -1900n],
      ],
    );
    assert.deepEqual(entry.source, { type: 'invoice', id: 'inv-1' });
    assert.equal(entry.lines[0]?.customerId, 'c-1');
  });

  it('refuses an entry that is off by one minor unit in its currency', () => {
    const b = builder()
      .debit('ar_control', money(11900n, 'EUR'), 11900n)
      .credit('revenue', money(11899n, 'EUR'), 11900n);
    assert.throws(() => b.build(), isUnbalanced);
  });

  it('refuses an entry balanced in total but not per currency', () => {
    // 100 USD against 100 EUR: the amounts sum to zero only if currencies were mixed.
    const b = builder()
      .debit('bank', money(10000n, 'USD'), 9000n)
      .credit('ar_control', money(10000n, 'EUR'), 9000n);
    assert.throws(() => b.build(), isUnbalanced);
  });

  it('refuses an entry balanced per currency but not in the base currency', () => {
    const b = builder()
      .debit('bank', money(10000n, 'USD'), 9200n)
      .credit('ar_control', money(10000n, 'USD'), 9000n);
    assert.throws(() => b.build(), isUnbalanced);
    // The realised FX difference as a base-only line closes it: 9200 − 9000 − 200 = 0.
    const fixed = b.line('fx_gain_loss', 'USD', 0n, -200n).build();
    assert.equal(fixed.lines.length, 3);
  });

  it('drops lines that are zero in both the currency and the base', () => {
    const entry = builder()
      .debit('ar_control', money(500n, 'EUR'), 500n)
      .credit('revenue', money(500n, 'EUR'), 500n)
      .credit('tax_payable', money(0n, 'EUR'), 0n)
      .line('fx_gain_loss', 'EUR', 0n, 0n)
      .build();
    assert.deepEqual(
      entry.lines.map((l) => l.role),
      ['ar_control', 'revenue'],
    );
  });

  it('refuses an entry without lines', () => {
    assert.throws(() => builder().build(), isUnbalanced);
    assert.throws(() => builder().debit('bank', money(0n, 'EUR'), 0n).build(), isUnbalanced);
  });
});

describe('reversalOf', () => {
  it('negates every line, keeps the dimensions and links the original', () => {
    const original = builder()
      .from('invoice', 'inv-1')
      .debit('ar_control', money(11000n, 'USD'), 9900n, { customerId: 'c-1', invoiceId: 'inv-1' })
      .credit('revenue', money(11000n, 'USD'), 9900n)
      .build();
    const reversal = reversalOf(original, 'entry-1', '2026-03-31', 'invoice.voided');
    assert.equal(reversal.reversesEntryId, 'entry-1');
    assert.equal(reversal.eventCode, 'invoice.voided');
    assert.equal(reversal.effectiveDate, '2026-03-31');
    assert.deepEqual(reversal.source, original.source);
    assert.deepEqual(
      reversal.lines.map((l) => [l.role, l.currency, l.amountMinor, l.baseAmountMinor, l.customerId ?? null]),
      [
        ['ar_control', 'USD', -11000n, -9900n, 'c-1'],
        ['revenue', 'USD', 11000n, 9900n, null],
      ],
    );
    assert.doesNotThrow(() => assertBalanced(reversal));
    // Original and reversal together sum to zero, line by line.
    original.lines.forEach((l, i) => {
      assert.equal(l.amountMinor + (reversal.lines[i]?.amountMinor ?? 0n), 0n);
    });
  });
});
