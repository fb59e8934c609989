import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bankLine } from '../../../test/helpers/cash-lines.ts';
import type { BankLine } from './engine.ts';
import {
  firstMatchingRule,
  type Rule,
  referencesByPattern,
  ruleAction,
  ruleConditions,
  ruleMatches,
} from './rules.ts';

const line = (o: Partial<BankLine>): BankLine =>
  bankLine({
    id: 'l',
    amountMinor: 10_00n,
    counterpartyName: 'STRIPE PAYMENTS EUROPE',
    counterpartyIban: 'IE29AIBK93115212345678',
    remittance: 'Payout po_123 Tiny Web Shop',
    ...o,
  });

const rule = (conditions: Rule['conditions'], priority = 1): Rule => ({
  ruleId: `r${priority}`,
  name: `rule ${priority}`,
  priority,
  conditions,
  action: { type: 'ignore' },
});

describe('ruleMatches', () => {
  it('needs every condition to hold', () => {
    assert.equal(ruleMatches(rule({ payerNameMatches: '^stripe', textMatches: 'tiny web' }), line({})), true);
    assert.equal(
      ruleMatches(rule({ payerNameMatches: '^stripe', textMatches: 'other shop' }), line({})),
      false,
    );
    assert.equal(ruleMatches(rule({ payerIban: 'IE29 AIBK 9311 5212 3456 78' }), line({})), true);
    assert.equal(ruleMatches(rule({ currency: 'usd' }), line({})), false);
  });

  it('compares amounts in the line currency, bounds included', () => {
    assert.equal(ruleMatches(rule({ amountMin: '10.00', amountMax: '10.00' }), line({})), true);
    assert.equal(ruleMatches(rule({ amountMin: '10.01' }), line({})), false);
    assert.equal(ruleMatches(rule({ amountMax: '9.99' }), line({})), false);
  });

  it('tries rules in the order given and returns the first that holds', () => {
    const rules = [
      rule({ textMatches: 'nothing like this' }, 1),
      rule({ textMatches: 'payout' }, 2),
      rule({ textMatches: 'tiny' }, 3),
    ];
    assert.equal(firstMatchingRule(rules, line({}))?.ruleId, 'r2');
  });
});

describe('rule input', () => {
  it('refuses rules without conditions, with broken expressions, or patterns without a group', () => {
    assert.equal(ruleConditions.safeParse({}).success, false);
    assert.equal(ruleConditions.safeParse({ textMatches: '([' }).success, false);
    assert.equal(ruleAction.safeParse({ type: 'reference', pattern: 'Beleg \\d+' }).success, false);
    assert.equal(ruleAction.safeParse({ type: 'reference', pattern: 'Beleg (\\d+)' }).success, true);
  });

  it('takes every group-1 match of a reference pattern', () => {
    assert.deepEqual(
      referencesByPattern('Beleg\\s*(\\d+)', line({ remittance: 'Beleg 17, Beleg18 und beleg 0042' })),
      ['17', '18', '0042'],
    );
  });
});
