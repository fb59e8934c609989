import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bankLine, openInvoice } from '../../../test/helpers/cash-lines.ts';
import { type Decision, decide, MatchContext } from './engine.ts';
import { bankChargeToleranceMinor, DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engine-config.ts';

const config = DEFAULT_ENGINE_CONFIG;

describe('bank-charge tolerance per currency', () => {
  it('is about 15 euros in the currencies named, in their own minor units', () => {
    const tolerance = (c: string) => bankChargeToleranceMinor(config, c);
    assert.deepEqual(['EUR', 'USD', 'GBP', 'CHF', 'JPY', 'KWD', 'HUF'].map(tolerance), [
      15_00n,
      15_00n,
      15_00n,
      15_00n,
      2_000n,
      5_000n,
      5_000_00n,
    ]);
  });

  it('is 15 major units in other currencies, by their minor-unit exponent', () => {
    assert.equal(bankChargeToleranceMinor(config, 'VND'), 15n, 'exponent 0');
    assert.equal(bankChargeToleranceMinor(config, 'MAD'), 15_00n, 'exponent 2');
    assert.equal(bankChargeToleranceMinor(config, 'TND'), 15_000n, 'exponent 3');
    assert.equal(bankChargeToleranceMinor(config, 'XYZ'), 15_00n, 'unknown: read with 2 decimals');
  });
});

/** A referenced invoice of `open` minor units in `currency`, paid `short` less. */
function paidShort(currency: string, open: bigint, short: bigint): Decision {
  const customers = [{ customerId: 'c-1', externalId: 'C1', names: ['Sakura Trading KK'], parentId: null }];
  const ctx = new MatchContext(customers, [openInvoice('INV-004711', 'c-1', open, { currency })], []);
  return decide(bankLine({ currency, amountMinor: open - short, remittance: 'INV-004711' }), ctx);
}

const chargeOf = (d: Decision) =>
  d.status === 'applied'
    ? d.proposal.adjustments.find((a) => a.kind === 'bank_charge')?.amountMinor
    : undefined;

describe('decide: bank charges in the currency of the payment', () => {
  it('takes 1,800 yen off a yen invoice as charges (15.00 was 1,500 yen: a partial payment)', () => {
    assert.equal(chargeOf(paidShort('JPY', 250_000n, 1_800n)), 1_800n);
    assert.equal(chargeOf(paidShort('JPY', 250_000n, 2_500n)), undefined, 'beyond 2,000 yen: partial');
  });

  it('takes 4.500 dinars off a Kuwaiti invoice as charges, not 6.000', () => {
    assert.equal(chargeOf(paidShort('KWD', 1_000_000n, 4_500n)), 4_500n);
    assert.equal(chargeOf(paidShort('KWD', 1_000_000n, 6_000n)), undefined);
  });

  it('takes 3,000 forints off as charges, and not 1,000 dong (15 major units in a currency without a table entry)', () => {
    assert.equal(chargeOf(paidShort('HUF', 1_000_000_00n, 3_000_00n)), 3_000_00n);
    assert.equal(chargeOf(paidShort('VND', 50_000_000n, 1_000n)), undefined);
  });

  it('keeps 15.00 in euros', () => {
    assert.equal(chargeOf(paidShort('EUR', 500_00n, 15_00n)), 15_00n);
    assert.equal(chargeOf(paidShort('EUR', 500_00n, 15_01n)), undefined);
  });
});

describe('EngineConfig is the whole model', () => {
  it('a benchmark can vary a weight: without the weight of a known account, an amount-only match is only suggested', () => {
    const customers = [{ customerId: 'c-1', externalId: 'C1', names: ['Alpha GmbH'], parentId: null }];
    const iban = 'DE44500105175407324931';
    const ctx = new MatchContext(
      customers,
      [openInvoice('INV-000001', 'c-1', 123_45n)],
      [{ iban, customerId: 'c-1' }],
    );
    const line = bankLine({ amountMinor: 123_45n, counterpartyIban: iban });
    assert.equal(decide(line, ctx).status, 'applied');
    const noAccounts: EngineConfig = { ...config, payer: { ...config.payer, knownIban: 0 } };
    assert.equal(decide(line, ctx, noAccounts).status, 'suggested');
  });
});
