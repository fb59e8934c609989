/**
 * Issue 9: customers with the same trading name and another legal form, and the remittances real
 * customers send (credit notes netted, short payments with a reason, a parent paying its
 * subsidiaries). Each case is also a category of the large benchmark (bench/cash-application).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openInvoice as inv, bankLine as line } from '../../../test/helpers/cash-lines.ts';
import { type CustomerInfo, type Decision, decide, MatchContext } from './engine.ts';

const customer = (id: string, name: string, parentId: string | null = null): CustomerInfo => ({
  customerId: id,
  externalId: id.toUpperCase(),
  names: [name],
  parentId,
});

const customers = [
  customer('c-llc', 'Silverline Foods LLC'),
  customer('c-sarl', 'Silverline Foods SARL'),
  customer('c-corp', 'Baltic Retail Corp.'),
  customer('c-nv', 'Baltic Retail N.V.'),
  customer('c-hold', 'Kessler Papier Holding SE'),
  customer('c-de', 'Kessler Papier Deutschland GmbH', 'c-hold'),
  customer('c-fr', 'Kessler Papier France SAS', 'c-hold'),
  customer('c-mb', 'Müller Bau GmbH'),
];

const invoices = [
  inv('INV-010001', 'c-llc', 1_190_00n, { dueDate: '2026-02-01' }),
  inv('INV-010002', 'c-llc', 310_25n, { dueDate: '2026-02-03' }),
  // The look-alike's item is 10.00 more: inside the bank-charge tolerance of the payment.
  inv('INV-020001', 'c-sarl', 1_200_00n, { dueDate: '2026-01-20' }),
  inv('INV-020002', 'c-sarl', 400_00n, { dueDate: '2026-01-21' }),
  inv('INV-020003', 'c-sarl', 500_00n, { dueDate: '2026-01-22' }),
  inv('INV-020004', 'c-sarl', 190_00n, { dueDate: '2026-01-23' }),
  inv('INV-020005', 'c-sarl', 100_00n, { dueDate: '2026-01-24' }),
  inv('INV-030001', 'c-corp', 777_00n),
  inv('INV-040001', 'c-nv', 777_00n),
  inv('INV-000815', 'c-mb', 55_00n),
  inv('INV-004711', 'c-mb', 1_000_00n, { dueDate: '2026-02-01' }),
  inv('INV-004712', 'c-mb', 2_500_00n, { dueDate: '2026-02-10' }),
  inv('INV-050001', 'c-de', 1_234_56n),
  inv('INV-060001', 'c-fr', 2_000_00n),
];

const ctx = () => new MatchContext(customers, invoices, []);
const json = (d: Decision) => JSON.stringify(d, (_k, v) => (typeof v === 'bigint' ? String(v) : v));

function applied(d: Decision) {
  assert.equal(d.status, 'applied', json(d));
  return d.status === 'applied' ? d.proposal : (undefined as never);
}

const numbers = (p: { allocations: readonly { number: string }[] }) =>
  p.allocations.map((a) => a.number).sort();

describe('look-alike customers', () => {
  it('the exact name with its legal form and the exact amount beat a look-alike inside the bank-charge tolerance', () => {
    const p = applied(
      decide(line({ amountMinor: 1_190_00n, counterpartyName: 'Silverline Foods LLC' }), ctx()),
    );
    assert.equal(p.customerId, 'c-llc');
    assert.deepEqual(numbers(p), ['INV-010001']);
    assert.ok(
      p.reasons.some((r) => r.includes('legal form (LLC) included')),
      p.reasons.join('\n'),
    );
    const also = p.reasons.find((r) => r.startsWith('also considered'));
    assert.ok(also?.includes('Silverline Foods SARL (C-SARL)'), p.reasons.join('\n'));
    assert.ok(also?.includes('legal form LLC is not the customer'), also);
  });

  it('one exact invoice of the named customer beats a set of four items of the look-alike', () => {
    // 1,190.00 = 400 + 500 + 190 + 100 of the SARL; and INV-010001 of the LLC.
    const p = applied(
      decide(
        line({ amountMinor: 1_190_00n, counterpartyName: 'SILVERLINE FOODS LLC', remittance: 'Zahlung' }),
        ctx(),
      ),
    );
    assert.equal(p.customerId, 'c-llc');
    assert.deepEqual(numbers(p), ['INV-010001']);
  });

  it('two customers equally plausible: a suggestion with both, never an application', () => {
    const d = decide(line({ amountMinor: 777_00n, counterpartyName: 'BALTIC RETAIL' }), ctx());
    assert.equal(d.status, 'suggested', json(d));
    if (d.status !== 'suggested') return;
    assert.deepEqual(d.suggestions.map((s) => s.customerId).sort(), ['c-corp', 'c-nv']);
    assert.ok(
      d.reasons.some((r) => r.startsWith('also considered')),
      d.reasons.join('\n'),
    );
  });

  it('the look-alike of another legal form is only suggested, below the named customer', () => {
    const d = decide(line({ amountMinor: 1_200_00n, counterpartyName: 'Silverline Foods LLC' }), ctx());
    assert.notEqual(d.status, 'applied', json(d));
  });
});

describe('remittances real customers send', () => {
  it('several invoices net of a credit note: all of them, the difference open on the largest as a deduction', () => {
    const p = applied(
      decide(
        line({
          amountMinor: 3_200_00n,
          counterpartyName: 'MUELLER BAU GMBH',
          remittance: 'RE 4711, 4712 abzgl. GS 815',
        }),
        ctx(),
      ),
    );
    assert.deepEqual(
      numbers(p),
      ['INV-004711', 'INV-004712'],
      'GS 815 is no invoice (INV-000815 stays open)',
    );
    assert.deepEqual(
      p.allocations.map((a) => `${a.number}=${a.amountMinor}`),
      ['INV-004711=100000', 'INV-004712=220000'],
    );
    assert.deepEqual(p.deduction, {
      kind: 'credit_note',
      invoiceId: 'i-INV-004712',
      amountMinor: 300_00n,
      reason: 'Gutschrift 815',
    });
  });

  it('a short payment with its reason: applied, the difference open as a deduction with the payer words', () => {
    const p = applied(
      decide(
        line({
          amountMinor: 880_00n,
          counterpartyName: 'Müller Bau GmbH',
          remittance: 'INV-004711 abzgl. 120,00 EUR Transportschaden',
        }),
        ctx(),
      ),
    );
    assert.deepEqual(
      p.allocations.map((a) => `${a.number}=${a.amountMinor}`),
      ['INV-004711=88000'],
    );
    assert.deepEqual(p.deduction, {
      kind: 'short_payment',
      invoiceId: 'i-INV-004711',
      amountMinor: 120_00n,
      reason: 'Transportschaden',
    });
  });

  it('instalments: each payment of one invoice applied to it, the rest open', () => {
    const c = ctx();
    for (const [k, amount] of [
      [1, 833_33n],
      [2, 833_33n],
    ] as const) {
      const p = applied(
        decide(
          line({
            amountMinor: amount,
            counterpartyName: 'Müller Bau GmbH',
            remittance: `Rate ${k}/3 INV-004712`,
          }),
          c,
        ),
      );
      assert.deepEqual(numbers(p), ['INV-004712']);
      for (const a of p.allocations) c.settle(a.invoiceId, a.amountMinor);
    }
    assert.equal(c.invoice('INV-004712')?.openMinor, 2_500_00n - 1_666_66n);
  });

  it("a parent pays its subsidiaries' invoices in one amount: one proposal for the parent", () => {
    const p = applied(
      decide(
        line({
          amountMinor: 3_234_56n,
          counterpartyName: 'KESSLER PAPIER HOLDING SE',
          remittance: 'Sammelzahlung Konzern INV-050001, INV-060001',
        }),
        ctx(),
      ),
    );
    assert.equal(p.customerId, 'c-hold');
    assert.deepEqual(numbers(p), ['INV-050001', 'INV-060001']);
    assert.equal(p.unappliedMinor, 0n);
  });
});
