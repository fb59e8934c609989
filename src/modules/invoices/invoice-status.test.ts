import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import {
  assertCanApply,
  INVOICE_STATUSES,
  type InvoiceAction,
  type InvoiceStatus,
  isOverdue,
  statusFor,
} from './invoice-status.ts';

/** The lifecycle of PRODUCT.md, written out independently of the table in invoice-status.ts. */
const EXPECTED: Record<InvoiceAction, readonly InvoiceStatus[]> = {
  // Only a draft gets a number.
  issue: ['draft'],
  // A draft, or an issued invoice nothing has touched yet.
  void: ['draft', 'issued'],
  // Money, credit and write-offs apply only to something open.
  allocate: ['issued', 'partially_paid'],
  credit: ['issued', 'partially_paid'],
  write_off: ['issued', 'partially_paid'],
  // An allocation can be undone on anything it may have closed; never on a draft or void invoice.
  unapply: ['issued', 'partially_paid', 'paid', 'credited', 'written_off'],
};

describe('assertCanApply', () => {
  for (const action of Object.keys(EXPECTED) as InvoiceAction[]) {
    for (const status of INVOICE_STATUSES) {
      const allowed = EXPECTED[action].includes(status);
      it(`${action} on ${status}: ${allowed ? 'allowed' : 'invalid_state'}`, () => {
        if (allowed) {
          assert.doesNotThrow(() => assertCanApply(action, status, 'INV-000001'));
        } else {
          assert.throws(
            () => assertCanApply(action, status, 'INV-000001'),
            (e: unknown) => e instanceof AppError && e.code === 'invalid_state' && e.message.includes(status),
          );
        }
      });
    }
  }

  it('refuses an unknown status', () => {
    assert.throws(() => assertCanApply('allocate', 'overdue', null), AppError);
  });
});

describe('statusFor', () => {
  it('is issued while nothing is settled and partially paid while something is', () => {
    assert.equal(statusFor(10000n, 10000n, 'payment'), 'issued');
    assert.equal(statusFor(10000n, 10000n, 'credit'), 'issued');
    assert.equal(statusFor(1n, 10000n, 'payment'), 'partially_paid');
    assert.equal(statusFor(9999n, 10000n, 'write_off'), 'partially_paid');
  });

  it('names what closed the invoice last once nothing is open', () => {
    assert.equal(statusFor(0n, 10000n, 'payment'), 'paid');
    assert.equal(statusFor(0n, 10000n, 'credit'), 'credited');
    assert.equal(statusFor(0n, 10000n, 'write_off'), 'written_off');
  });
});

describe('isOverdue', () => {
  it('needs an open, issued invoice whose due date is before the day asked about', () => {
    assert.equal(isOverdue('issued', 100n, '2026-03-15', '2026-03-16'), true);
    assert.equal(isOverdue('partially_paid', 1n, '2026-03-15', '2026-03-31'), true);
    assert.equal(isOverdue('issued', 100n, '2026-03-15', '2026-03-15'), false); // due today is not late
    assert.equal(isOverdue('paid', 0n, '2026-03-15', '2026-03-31'), false);
    assert.equal(isOverdue('draft', 0n, null, '2026-03-31'), false);
    assert.equal(isOverdue('issued', 0n, '2026-03-15', '2026-03-31'), false);
  });
});
