import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { automaticHoldChange, holdReasons, issueRefusal } from './hold-rules.ts';

const off = { holdOverdueDays: null, holdRiskScore: null };
const sixty = { holdOverdueDays: 60, holdRiskScore: null };
const risk70 = { holdOverdueDays: null, holdRiskScore: 70 };

describe('holdReasons', () => {
  it('holds over the limit, not at it; no limit means no limit rule', () => {
    assert.deepEqual(
      holdReasons({ limitMinor: 500000n, exposureMinor: 500000n, oldestOverdueDays: null }, off),
      [],
    );
    assert.deepEqual(
      holdReasons({ limitMinor: 500000n, exposureMinor: 500001n, oldestOverdueDays: null }, off),
      ['over_limit'],
    );
    assert.deepEqual(
      holdReasons({ limitMinor: null, exposureMinor: 10n ** 12n, oldestOverdueDays: null }, off),
      [],
    );
    // A limit of zero: any exposure at all is over it (cash customers).
    assert.deepEqual(holdReasons({ limitMinor: 0n, exposureMinor: 1n, oldestOverdueDays: null }, off), [
      'over_limit',
    ]);
  });

  it('holds more than N days overdue (N = 60: 61 holds, 60 does not); the rule is off without N', () => {
    const at = (days: number) => ({ limitMinor: null, exposureMinor: 0n, oldestOverdueDays: days });
    assert.deepEqual(holdReasons(at(60), sixty), []);
    assert.deepEqual(holdReasons(at(61), sixty), ['overdue']);
    assert.deepEqual(holdReasons(at(400), off), []);
    assert.deepEqual(holdReasons({ limitMinor: 1n, exposureMinor: 2n, oldestOverdueDays: 90 }, sixty), [
      'over_limit',
      'overdue',
    ]);
  });
});

describe('holdReasons: the risk-score rule', () => {
  const clean = { limitMinor: null, exposureMinor: 0n, oldestOverdueDays: null };
  it('holds at N and above when measured (70 holds, 69 does not); off without N', () => {
    assert.deepEqual(holdReasons({ ...clean, riskScore: 70 }, risk70), ['risk_score']);
    assert.deepEqual(holdReasons({ ...clean, riskScore: 69 }, risk70), []);
    assert.deepEqual(holdReasons({ ...clean, riskScore: 100 }, off), []);
  });

  it("keeps the last check's verdict when not measured now; a measurement overrides it", () => {
    assert.deepEqual(holdReasons({ ...clean, riskHeld: true }, risk70), ['risk_score']);
    assert.deepEqual(holdReasons({ ...clean, riskHeld: false }, risk70), []);
    assert.deepEqual(holdReasons({ ...clean, riskHeld: true, riskScore: 10 }, risk70), []);
    assert.deepEqual(holdReasons({ ...clean, riskHeld: true }, off), []);
  });

  it('a risk hold refuses issuing like the other rules', () => {
    assert.deepEqual(issueRefusal({ ...clean, riskHeld: true }, false, 1n, risk70), {
      manualHold: false,
      reasons: ['risk_score'],
    });
  });
});

describe('automaticHoldChange', () => {
  it('sets, releases, updates or leaves the automatic hold', () => {
    assert.equal(automaticHoldChange(['over_limit'], null), 'set');
    assert.equal(automaticHoldChange([], null), 'none');
    assert.equal(automaticHoldChange([], { reasons: ['overdue'] }), 'release');
    assert.equal(automaticHoldChange(['overdue'], { reasons: ['overdue'] }), 'none');
    assert.equal(automaticHoldChange(['overdue', 'over_limit'], { reasons: ['overdue'] }), 'update');
  });
});

describe('issueRefusal', () => {
  const facts = { limitMinor: 500000n, exposureMinor: 400000n, oldestOverdueDays: null };
  it('lets an invoice through that keeps exposure within the limit (4,000 + 1,000 = 5,000)', () => {
    assert.equal(issueRefusal(facts, false, 100000n, off), null);
  });
  it('refuses one that takes it over (4,000 + 1,000.01 > 5,000)', () => {
    assert.deepEqual(issueRefusal(facts, false, 100001n, off), {
      manualHold: false,
      reasons: ['over_limit'],
    });
  });
  it('refuses anything while on a manual hold, even a small invoice', () => {
    assert.deepEqual(issueRefusal(facts, true, 1n, off), { manualHold: true, reasons: [] });
  });
  it('refuses while an invoice is more than N days overdue', () => {
    assert.deepEqual(issueRefusal({ ...facts, oldestOverdueDays: 75 }, false, 1n, sixty), {
      manualHold: false,
      reasons: ['overdue'],
    });
  });
});
