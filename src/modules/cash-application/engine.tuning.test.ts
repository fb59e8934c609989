/**
 * The rules added while tuning the engine on the labelled benchmark (bench/cash-application/),
 * each on a minimal case: see docs/cash-application.md for why each exists.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bankLine, openInvoice } from '../../../test/helpers/cash-lines.ts';
import { findCombinations } from './combinations.ts';
import { type BankLine, type CustomerInfo, decide, MatchContext } from './engine.ts';
import { nameSimilarity } from './names.ts';

const customers: CustomerInfo[] = [
  { customerId: 'c-hold', externalId: 'HOLD', names: ['Polaris Holding AG'], parentId: null },
  { customerId: 'c-de', externalId: 'PDE', names: ['Polaris Deutschland GmbH'], parentId: 'c-hold' },
  { customerId: 'c-uk', externalId: 'PUK', names: ['Polaris UK Ltd'], parentId: 'c-hold' },
  { customerId: 'c-smith', externalId: 'SMITH', names: ['Smith Consulting GmbH'], parentId: null },
  { customerId: 'c-other', externalId: 'OTHER', names: ['Oakridge Foods Ltd'], parentId: null },
];

const inv = (number: string, customerId: string, open: bigint) =>
  openInvoice(number, customerId, open, { dueDate: '2026-05-01' });

const invoices = [
  inv('INV-004410', 'c-de', 1_234_56n),
  inv('INV-004417', 'c-de', 99_00n),
  inv('INV-004530', 'c-uk', 310_00n),
  inv('INV-005101', 'c-smith', 777_77n),
  inv('INV-005102', 'c-smith', 100_00n),
  inv('INV-004418', 'c-other', 50_00n),
];

const ctx = new MatchContext(
  customers,
  invoices,
  [{ iban: 'DE02100100109307118603', customerId: 'c-de' }],
  ['DE89370400440532013000'],
  ['INV-005100'],
);

const line = (overrides: Partial<BankLine>) => bankLine({ id: 'l', bookingDate: '2026-06-15', ...overrides });

describe('engine tuning', () => {
  it('takes a typo only when the amount confirms it', () => {
    const d = decide(
      line({ amountMinor: 1_234_56n, remittance: 'INV-004419', counterpartyIban: 'DE02100100109307118603' }),
      ctx,
    );
    assert.equal(d.status, 'applied');
    assert.deepEqual(d.status === 'applied' && d.proposal.allocations.map((a) => a.number), ['INV-004410']);
    const wrongAmount = decide(line({ amountMinor: 5_00n, remittance: 'INV-004419' }), ctx);
    assert.notEqual(wrongAmount.status, 'applied');
  });

  it('prefers the payer’s item one digit away that fits over a written number open for another amount', () => {
    // INV-004417 is open for 99.00; the payer paid 1,234.56, the amount of INV-004410.
    const d = decide(
      line({ amountMinor: 1_234_56n, remittance: 'INV-004417', counterpartyIban: 'DE02100100109307118603' }),
      ctx,
    );
    assert.notDeepEqual(d.status === 'applied' && d.proposal.allocations.map((a) => a.number), [
      'INV-004417',
    ]);
  });

  it('never guesses by amount when the text names one of our invoices that is already paid', () => {
    const d = decide(
      line({ amountMinor: 100_00n, remittance: 'INV-005100', counterpartyName: 'Smith Consulting' }),
      ctx,
    );
    assert.notEqual(d.status, 'applied');
  });

  it('counts a group parent paying for a member', () => {
    const d = decide(
      line({ amountMinor: 310_00n, counterpartyName: 'POLARIS HOLDING AG', remittance: 'INV-004530' }),
      ctx,
    );
    assert.equal(d.status, 'applied');
    assert.equal(d.status === 'applied' && d.proposal.customerId, 'c-uk');
  });

  it('finds the customer named in the text of a payment service', () => {
    const d = decide(
      line({
        amountMinor: 777_77n,
        counterpartyName: 'PAYPAL EUROPE S.A.R.L. ET CIE S.C.A',
        remittance: 'PAYPAL 1234567 Smith Consulting GmbH',
      }),
      ctx,
    );
    assert.equal(d.status, 'applied');
    assert.equal(d.status === 'applied' && d.proposal.customerId, 'c-smith');
  });

  it('does not read dates as invoice numbers', () => {
    assert.deepEqual(ctx.references.find('Zahlung vom 15.06.2026 und 2026-06-15'), []);
  });

  it('reads a name whose spaces were lost as the same name', () => {
    assert.equal(nameSimilarity('SMITHCONSULTING GMBH', 'Smith Consulting GmbH'), 1);
  });

  it('subset sums stay exact with the double arithmetic', () => {
    const items = [1n, 2n, 4n, 8n, 16n, 32n].map((a, i) => ({
      id: `x${i}`,
      amountMinor: a * 1_000_001n,
      dueDate: '2026-01-01',
    }));
    const found = findCombinations(items, { amountMinor: 45n * 1_000_001n });
    assert.deepEqual(found[0]?.items.map((i) => i.id).sort(), ['x0', 'x2', 'x3', 'x5']);
  });
});
