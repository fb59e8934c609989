import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bankLine, openInvoice } from '../../../test/helpers/cash-lines.ts';
import { type CustomerInfo, type Decision, decide, MatchContext } from './engine.ts';

const customers: CustomerInfo[] = [
  {
    customerId: 'c-acme',
    externalId: 'ACME',
    names: ['Acme Trading GmbH', 'Acme Trading'],
    parentId: 'c-group',
  },
  { customerId: 'c-beta', externalId: 'BETA', names: ['Beta Logistics Ltd'], parentId: null },
  { customerId: 'c-group', externalId: 'GRP', names: ['Acme Holding AG'], parentId: null },
];

const inv = openInvoice;

const invoices = [
  inv('INV-000101', 'c-acme', 119_00n, { dueDate: '2026-02-01' }),
  inv('INV-000102', 'c-acme', 250_00n, { dueDate: '2026-02-15' }),
  inv('INV-000103', 'c-acme', 80_50n, { dueDate: '2026-03-01', poNumber: 'PO-7781' }),
  inv('INV-000201', 'c-beta', 1_000_00n, {
    discountDate: '2026-03-10',
    discountPct: '2',
    dueDate: '2026-03-30',
  }),
  inv('INV-000202', 'c-beta', 500_00n),
  inv('INV-000203', 'c-beta', 500_00n, { dueDate: '2026-03-05' }),
  inv('INV-000301', 'c-group', 77_00n),
];

const ctx = new MatchContext(
  customers,
  invoices,
  [{ iban: 'DE44500105175407324931', customerId: 'c-acme' }],
  ['DE89370400440532013000'],
);

const line = bankLine;

function applied(d: Decision) {
  assert.equal(
    d.status,
    'applied',
    JSON.stringify(d, (_k, v) => (typeof v === 'bigint' ? String(v) : v)),
  );
  return d.status === 'applied' ? d.proposal : (undefined as never);
}

const invoicesOf = (p: { allocations: readonly { number: string; amountMinor: bigint }[] }) =>
  p.allocations.map((a) => `${a.number}=${a.amountMinor}`);

describe('decide: references', () => {
  it('applies an exact invoice number with the exact amount', () => {
    const p = applied(decide(line({ amountMinor: 119_00n, remittance: 'Invoice INV-000101' }), ctx));
    assert.deepEqual(invoicesOf(p), ['INV-000101=11900']);
    assert.equal(p.customerId, 'c-acme');
    assert.ok(p.confidence >= 0.9);
    assert.ok(p.reasons.some((r) => r.includes('INV-000101')));
  });

  it('applies an RF creditor reference in a structured field', () => {
    const rf = invoices[1]?.paymentReference ?? '';
    const p = applied(decide(line({ amountMinor: 250_00n, structuredReferences: [rf] }), ctx));
    assert.deepEqual(invoicesOf(p), ['INV-000102=25000']);
  });

  it('applies several numbers in one line, in disguise', () => {
    const p = applied(decide(line({ amountMinor: 369_00n, remittance: 'RE 101 + 000102 danke' }), ctx));
    assert.deepEqual(invoicesOf(p).sort(), ['INV-000101=11900', 'INV-000102=25000']);
  });

  it('applies a PO number the customer quotes instead of the invoice number', () => {
    const p = applied(decide(line({ amountMinor: 80_50n, remittance: 'Order PO-7781' }), ctx));
    assert.deepEqual(invoicesOf(p), ['INV-000103=8050']);
  });

  it('does not auto-apply a mistyped number without a confirming amount or payer', () => {
    const d = decide(line({ amountMinor: 33_33n, remittance: 'INV 000110 thanks' }), ctx);
    assert.notEqual(d.status, 'applied');
  });

  it('applies a partial payment of a referenced invoice and leaves the rest open', () => {
    const p = applied(
      decide(
        line({
          amountMinor: 100_00n,
          remittance: 'INV-000102 first instalment',
          counterpartyIban: 'DE44500105175407324931',
        }),
        ctx,
      ),
    );
    assert.deepEqual(invoicesOf(p), ['INV-000102=10000']);
    assert.ok(p.reasons.some((r) => r.includes('partial')));
  });

  it('applies an over-payment and keeps the excess as unapplied cash', () => {
    const p = applied(decide(line({ amountMinor: 120_00n, remittance: 'INV-000101' }), ctx));
    assert.deepEqual(invoicesOf(p), ['INV-000101=11900']);
    assert.equal(p.unappliedMinor, 1_00n);
  });

  it('books bank charges within the tolerance', () => {
    const p = applied(decide(line({ amountMinor: 250_00n - 7_50n, remittance: 'INV-000102' }), ctx));
    assert.deepEqual(
      p.adjustments.map((a) => [a.kind, a.amountMinor]),
      [['bank_charge', 7_50n]],
    );
  });

  it('books an early-payment discount taken within its window', () => {
    const p = applied(
      decide(
        line({ amountMinor: 980_00n, remittance: 'INV-000201 less 2% skonto', bookingDate: '2026-03-08' }),
        ctx,
      ),
    );
    assert.deepEqual(
      p.adjustments.map((a) => [a.kind, a.amountMinor]),
      [['discount', 20_00n]],
    );
    assert.deepEqual(invoicesOf(p), ['INV-000201=98000']);
  });
});

describe('decide: payer and amount, no reference', () => {
  it('applies the one open item of a known payer account that equals the amount', () => {
    const p = applied(decide(line({ amountMinor: 80_50n, counterpartyIban: 'DE44500105175407324931' }), ctx));
    assert.deepEqual(invoicesOf(p), ['INV-000103=8050']);
  });

  it('applies the one set of open items of a payer named like the customer', () => {
    const p = applied(
      decide(line({ amountMinor: 119_00n + 250_00n, counterpartyName: 'ACME TRADING GMBH' }), ctx),
    );
    assert.deepEqual(invoicesOf(p).sort(), ['INV-000101=11900', 'INV-000102=25000']);
  });

  it('only suggests when the amount fits several sets equally', () => {
    const d = decide(line({ amountMinor: 500_00n, counterpartyName: 'Beta Logistics' }), ctx);
    assert.equal(d.status, 'suggested');
    assert.ok(d.status === 'suggested' && d.suggestions.length >= 2);
  });

  it('keeps a known payer with no fitting items as unmatched, with the customer', () => {
    const d = decide(line({ amountMinor: 12_34n, counterpartyIban: 'DE44500105175407324931' }), ctx);
    assert.equal(d.status, 'unmatched');
    assert.equal(d.status === 'unmatched' && d.customerId, 'c-acme');
  });

  it('a group treasury paying for a member is found through the member name as ultimate party', () => {
    const p = applied(
      decide(
        line({
          amountMinor: 80_50n,
          counterpartyName: 'Acme Holding AG',
          ultimateParty: 'Acme Trading GmbH',
          remittance: 'INV-000103',
        }),
        ctx,
      ),
    );
    assert.deepEqual(invoicesOf(p), ['INV-000103=8050']);
  });
});

describe('decide: lines that are not receipts', () => {
  it('ignores debits, reversals, own-account transfers and interest', () => {
    assert.equal(decide(line({ amountMinor: -50_00n }), ctx).status, 'ignored');
    assert.equal(decide(line({ reversal: true, amountMinor: 50_00n }), ctx).status, 'ignored');
    assert.equal(
      decide(line({ counterpartyIban: 'DE89370400440532013000', amountMinor: 50_00n }), ctx).status,
      'ignored',
    );
    assert.equal(decide(line({ remittance: 'Habenzinsen Q1', amountMinor: 3_12n }), ctx).status, 'ignored');
  });

  it('leaves a credit with no reference and no known payer unmatched', () => {
    assert.equal(
      decide(line({ amountMinor: 42_00n, counterpartyName: 'Somebody Else' }), ctx).status,
      'unmatched',
    );
  });

  it('never applies a reference to an invoice in another currency', () => {
    assert.notEqual(
      decide(line({ amountMinor: 119_00n, currency: 'USD', remittance: 'INV-000101' }), ctx).status,
      'applied',
    );
  });
});

describe('decide: accounts and names that several customers share', () => {
  const shared = 'GB33BUKB20201555555555';
  const sharedCtx = () =>
    new MatchContext(customers, invoices, [
      { iban: shared, customerId: 'c-acme' },
      { iban: shared, customerId: 'c-beta' },
    ]);

  it('an account known for two customers is evidence for neither', () => {
    // Alone, the known account plus one open item of that amount would apply (0.9 with 0.75).
    const single = new MatchContext(customers, invoices, [{ iban: shared, customerId: 'c-acme' }]);
    assert.equal(decide(line({ amountMinor: 250_00n, counterpartyIban: shared }), single).status, 'applied');
    const d = decide(line({ amountMinor: 250_00n, counterpartyIban: shared }), sharedCtx());
    assert.notEqual(d.status, 'applied');
  });

  it('a learned payer name names its customer, in any spelling; learned for two it names neither', () => {
    const learned = sharedCtx();
    learned.learnPayerName('GLOBEX SHARED SERVICES', 'c-group');
    const p = applied(
      decide(line({ amountMinor: 77_00n, counterpartyName: 'Globex Shared-Services GmbH' }), learned),
    );
    assert.equal(p.customerId, 'c-group');
    assert.ok(p.reasons.some((r) => r.includes('confirmed for this customer before')));
    learned.learnPayerName('globex shared services', 'c-acme');
    assert.equal(learned.customerOfLearnedName('GLOBEX SHARED SERVICES'), undefined);
    const d = decide(line({ amountMinor: 77_00n, counterpartyName: 'GLOBEX SHARED SERVICES' }), learned);
    assert.notEqual(d.status, 'applied');
  });
});
