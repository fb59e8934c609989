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
  ruleInput,
  ruleMatches,
  ruleProblem,
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

describe('rule patterns cannot block the server', () => {
  it('evaluates the catastrophic (a+)+$ against a 26-character remittance in milliseconds', () => {
    const slow = rule({ textMatches: '(a+)+$' });
    const started = performance.now();
    assert.equal(ruleMatches(slow, line({ remittance: 'aaaaaaaaaaaaaaaaaaaaaaaaa!' })), false);
    assert.equal(referencesByPattern('(a+)+$', line({ remittance: 'aaaaaaaaaaaaaaaaaaaaaaaaa!' })).length, 0);
    assert.ok(performance.now() - started < 500, `took ${Math.round(performance.now() - started)} ms`);
  });

  it('refuses backreferences and lookaround at entry, naming the field and the construct', () => {
    const refused = (body: unknown) => {
      const parsed = ruleInput.safeParse(body);
      assert.equal(parsed.success, false);
      return (parsed.error?.issues ?? []).map((i) => `${i.path.join('.')}: ${i.message}`).join('\n');
    };
    const base = { name: 'r', conditions: { currency: 'EUR' }, action: { type: 'ignore' } };
    assert.match(
      refused({ ...base, conditions: { textMatches: '(ab)\\1' } }),
      /^conditions\.textMatches: .*backreference/,
    );
    assert.match(
      refused({ ...base, conditions: { payerNameMatches: '(?!x)y' } }),
      /^conditions\.payerNameMatches: .*lookahead/,
    );
    assert.match(
      refused({ ...base, action: { type: 'reference', pattern: '(?<=RE )(\\d+)' } }),
      /^action\.pattern: .*lookbehind/,
    );
  });

  it('skips a stored rule whose pattern the safe matcher refuses, and says why', () => {
    const stored: Rule = { ...rule({ textMatches: '(payout)\\s+\\1' }, 1), name: 'old' };
    assert.match(ruleProblem(stored) ?? '', /^conditions\.textMatches: .*backreference/);
    const next = rule({ textMatches: 'payout' }, 2);
    assert.equal(firstMatchingRule([stored, next], line({ remittance: 'payout payout' }))?.ruleId, 'r2');
    assert.equal(ruleProblem(next), null);
  });
});
