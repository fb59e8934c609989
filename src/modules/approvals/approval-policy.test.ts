/**
 * The approval rules: thresholds per currency at their boundaries, kinds without money, the
 * fail-safe for a currency without a threshold, policy problems, and who may decide.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import {
  approvalNeeded,
  approvalPolicyOf,
  cashPosterWindowDays,
  defaultApprovalPolicy,
  policyProblems,
} from './approval-policy.ts';
import { assertHoldsLevel, assertNotMaker, conflictingPosting, samePerson } from './approval-rules.ts';

const policy = () =>
  approvalPolicyOf({
    'invoice.write_off': { thresholds: { EUR: '500.00', JPY: '50000', KWD: '100.000' } },
    'receipt.refund': { thresholds: { EUR: '0' }, approverLevel: 'write', expiresAfterHours: 1 },
    'customer.bank_details': { expiresAfterHours: 24 },
  });

const eur = (minor: bigint) => ({ amountMinor: minor, currency: 'EUR' });

describe('approval thresholds', () => {
  it('needs approval at and above the threshold of the currency, not below', () => {
    assert.equal(approvalNeeded(policy(), 'invoice.write_off', eur(49_999n)), false);
    assert.equal(approvalNeeded(policy(), 'invoice.write_off', eur(50_000n)), true);
    assert.equal(approvalNeeded(policy(), 'invoice.write_off', eur(50_001n)), true);
  });

  it('reads each threshold in its own currency’s minor units (JPY 0, KWD 3 decimals)', () => {
    assert.equal(
      approvalNeeded(policy(), 'invoice.write_off', { amountMinor: 49_999n, currency: 'JPY' }),
      false,
    );
    assert.equal(
      approvalNeeded(policy(), 'invoice.write_off', { amountMinor: 50_000n, currency: 'JPY' }),
      true,
    );
    assert.equal(
      approvalNeeded(policy(), 'invoice.write_off', { amountMinor: 99_999n, currency: 'KWD' }),
      false,
    );
    assert.equal(
      approvalNeeded(policy(), 'invoice.write_off', { amountMinor: 100_000n, currency: 'KWD' }),
      true,
    );
  });

  it('asks for approval in a currency without a threshold (fail-safe), and for any amount at 0', () => {
    assert.equal(approvalNeeded(policy(), 'invoice.write_off', { amountMinor: 1n, currency: 'CHF' }), true);
    assert.equal(approvalNeeded(policy(), 'receipt.refund', eur(1n)), true);
    assert.equal(approvalNeeded(policy(), 'receipt.refund', eur(0n)), true);
  });

  it('gates nothing of a disabled kind, and every request of an enabled kind without money', () => {
    assert.equal(approvalNeeded(policy(), 'invoice.credit_note', eur(10_000_000n)), false);
    assert.equal(
      approvalNeeded(policy(), 'customer.bank_details', { amountMinor: null, currency: null }),
      true,
    );
    assert.equal(approvalNeeded(policy(), 'invoice.write_off', { amountMinor: null, currency: null }), true);
  });

  it('builds a document the policy schema accepts, with the defaults where a kind leaves them out', () => {
    const p = policy();
    assert.deepEqual(policyProblems(p), []);
    const writeOff = p.kinds.find((k) => k.kind === 'invoice.write_off');
    assert.deepEqual(
      writeOff?.thresholds.map((t) => t.currency),
      ['EUR', 'JPY', 'KWD'],
    );
    assert.equal(writeOff?.approverLevel, 'credit');
    assert.equal(p.kinds.find((k) => k.kind === 'customer.bank_details')?.approverLevel, 'admin');
    assert.equal(p.kinds.find((k) => k.kind === 'invoice.credit_note')?.enabled, false);
    assert.equal(cashPosterWindowDays(p), 30);
    assert.equal(cashPosterWindowDays(approvalPolicyOf({}, null)), null);
  });

  it('gates nothing by default', () => {
    const d = defaultApprovalPolicy();
    for (const k of d.kinds) assert.equal(approvalNeeded(d, k.kind, eur(1_000_000_000n)), false, k.kind);
    assert.equal(cashPosterWindowDays(d), 30);
  });
});

describe('approval policy problems', () => {
  it('names duplicate kinds, thresholds on kinds without money, misfit amounts and fixed rules', () => {
    const problems = policyProblems({
      kinds: [
        {
          kind: 'invoice.write_off',
          enabled: true,
          thresholds: [{ currency: 'JPY', amount: '1.5' }],
          approverLevel: 'credit',
          expiresAfterHours: 1,
        },
        {
          kind: 'invoice.write_off',
          enabled: false,
          thresholds: [],
          approverLevel: 'credit',
          expiresAfterHours: 1,
        },
        {
          kind: 'dunning_policy.update',
          enabled: true,
          thresholds: [{ currency: 'EUR', amount: '1.00' }],
          approverLevel: 'admin',
          expiresAfterHours: 1,
        },
      ],
      sodRules: [
        { rule: 'maker_cannot_approve', enabled: false, windowDays: null },
        { rule: 'cash_poster_cannot_approve_write_off', enabled: true, windowDays: null },
      ],
    });
    assert.deepEqual(
      problems.map((p) => p.field),
      [
        'kinds[0].thresholds[0].amount',
        'kinds[1].kind',
        'kinds[2].thresholds',
        'sodRules[0].enabled',
        'sodRules[1].windowDays',
      ],
    );
  });
});

describe('who may decide', () => {
  const keyA = { keyId: 'a', userId: null, name: 'Key A' };
  const keyB = { keyId: 'b', userId: null, name: 'Key A' };
  const user = { keyId: null, userId: 'u1', name: 'Ana' };

  it('tells persons apart by user, else key, else name — not by a look-alike name', () => {
    assert.equal(samePerson(keyA, keyB), false, 'two keys with the same label are two persons');
    assert.equal(samePerson(user, { ...user, name: 'Ana B.' }), true);
    assert.throws(
      () => assertNotMaker(user, user, 'r1'),
      (e: unknown) => e instanceof AppError && e.code === 'approval_own_request',
    );
    assert.doesNotThrow(() => assertNotMaker(keyA, keyB, 'r1'));
  });

  it('refuses a checker without the policy’s level', () => {
    assert.throws(
      () => assertHoldsLevel(['read', 'collect', 'write'], 'credit', 'r1'),
      /credit_manager or admin/,
    );
    assert.doesNotThrow(() => assertHoldsLevel(['read', 'collect', 'write', 'credit'], 'credit', 'r1'));
  });

  it('finds the cash the checker posted on the customer, never the system’s', () => {
    const at = new Date('2026-03-20T10:00:00Z');
    const base = { eventCode: 'receipt.recorded', postedAt: at, postedByName: null };
    const postings = [
      { ...base, receiptId: 'r-sys', postedByKeyId: null, postedByUserId: null },
      { ...base, receiptId: 'r-b', postedByKeyId: 'b', postedByUserId: null },
    ];
    assert.equal(conflictingPosting(keyA, postings), null, 'same label, other key: no conflict');
    assert.equal(conflictingPosting(keyB, postings)?.receiptId, 'r-b');
    assert.equal(conflictingPosting({ keyId: null, userId: null, name: 'system' }, postings), null);
  });
});
