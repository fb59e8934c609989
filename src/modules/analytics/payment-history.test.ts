import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type InvoiceFact, PAYMENT_FEATURES, type PromiseFact, paymentFeatures } from './payment-features.ts';
import { customerFeatureRows, type FeatureQuery } from './payment-history.ts';

const START = Date.UTC(2024, 0, 1) / 86_400_000;

/** An awkward invoice: same-day issues and settlements, payments before the due date or long after, JPY amounts. */
const invoiceArbitrary = fc
  .record({
    issue: fc.integer({ min: 0, max: 900 }),
    terms: fc.constantFrom(0, 14, 30, 60),
    paidAfterIssue: fc.option(fc.integer({ min: 0, max: 200 }), { nil: null }),
    amount: fc.bigInt({ min: 0n, max: 50_000_000n }),
    currency: fc.constantFrom('EUR', 'JPY', 'BHD'),
    electronic: fc.boolean(),
    disputed: fc.boolean(),
  })
  .map(
    (r): InvoiceFact => ({
      customerId: 'Müller GmbH',
      issueDay: START + r.issue,
      dueDay: START + r.issue + r.terms,
      settledDay: r.paidAfterIssue === null ? null : START + r.issue + r.paidAfterIssue,
      amountMinor: r.amount,
      currency: r.currency,
      electronic: r.electronic,
      disputed: r.disputed,
    }),
  );

/**
 * A promise to pay of the customer: judged kept, broken or cancelled on a day (same-day judgements
 * and ones judged on an invoice's issue or settlement day included), or still open.
 */
const promiseArbitrary = fc
  .record({
    made: fc.integer({ min: 0, max: 1000 }),
    promisedAfter: fc.integer({ min: 0, max: 30 }),
    judgedAfter: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
    outcome: fc.constantFrom('kept' as const, 'broken' as const, 'cancelled' as const),
  })
  .map(
    (r): Omit<PromiseFact, 'promiseId'> => ({
      madeDay: START + r.made,
      promisedDay: START + r.made + r.promisedAfter,
      judgedDay: r.judgedAfter === null ? null : START + r.made + r.promisedAfter + r.judgedAfter,
      outcome: r.judgedAfter === null ? null : r.outcome,
    }),
  );

/**
 * Reminders of an invoice (days after its due date, some after it was paid or the same day) and
 * the promises of the pool it is named in (a promise naming several invoices is on each).
 */
function withCollections(
  invoices: readonly InvoiceFact[],
  reminderOffsets: readonly (readonly number[])[],
  pool: readonly Omit<PromiseFact, 'promiseId'>[],
  named: readonly (readonly number[])[],
): InvoiceFact[] {
  return invoices.map((f, i) => ({
    ...f,
    reminderDays: (reminderOffsets[i] ?? []).map((d) => f.dueDay + d).sort((a, b) => a - b),
    promises: pool.length
      ? [...new Set((named[i] ?? []).map((n) => n % pool.length))].map((n) => ({
          ...(pool[n] as Omit<PromiseFact, 'promiseId'>),
          promiseId: `Zusage-${n}`,
        }))
      : [],
  }));
}

function close(a: Float64Array, b: Float64Array): boolean {
  return a.every((v, j) => Math.abs(v - (b[j] ?? Number.NaN)) <= 1e-6 * Math.max(1, Math.abs(v)));
}

describe('feature rows of a customer in one pass', () => {
  it('equal the per-invoice definition on a random history, as of issue days and later days', () => {
    fc.assert(
      fc.property(
        fc.array(invoiceArbitrary, { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 1200 }), { maxLength: 5 }),
        invoiceArbitrary,
        fc.double({ min: -12, max: 3, noNaN: true }),
        fc.array(fc.array(fc.integer({ min: -3, max: 90 }), { maxLength: 3 }), { maxLength: 40 }),
        fc.array(promiseArbitrary, { maxLength: 8 }),
        fc.array(fc.array(fc.nat(), { maxLength: 2 }), { maxLength: 40 }),
        (plain, laterDays, outsider, channelEffect, reminderOffsets, pool, named) => {
          const invoices = withCollections(plain, reminderOffsets, pool, named);
          const queries: FeatureQuery[] = [
            ...invoices.map((invoice) => ({ invoice, asOfDay: invoice.issueDay })),
            ...laterDays.map((d, i) => ({
              invoice: invoices[i % invoices.length] as InvoiceFact,
              asOfDay: START + d,
            })),
            { invoice: outsider, asOfDay: outsider.issueDay + 45 },
          ];
          const rows = customerFeatureRows(invoices, queries, channelEffect);
          return queries.every((q, i) =>
            close(rows[i] as Float64Array, paymentFeatures(q.invoice, invoices, channelEffect, q.asOfDay)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leave an open invoice out of its own open items, by identity, and keep a look-alike in', () => {
    const open: InvoiceFact = {
      customerId: 'C',
      issueDay: START,
      dueDay: START + 30,
      settledDay: null,
      amountMinor: 12_345n,
      currency: 'EUR',
      electronic: false,
      disputed: false,
    };
    const twin = { ...open };
    const [own, other] = customerFeatureRows(
      [open, twin],
      [
        { invoice: open, asOfDay: START + 40 },
        { invoice: { ...open }, asOfDay: START + 40 },
      ],
      0,
    );
    const at = PAYMENT_FEATURES.findIndex(([n]) => n === 'open_count');
    assert.equal(own?.[at], 1);
    assert.equal(other?.[at], 2);
  });
});
