import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type RiskFacts, riskBand, riskSummary, scoreRisk } from './risk-score.ts';

const CLEAN: RiskFacts = {
  payments: [],
  oldestOverdueDays: null,
  exposureMinor: 0n,
  limitMinor: null,
  currency: 'EUR',
  openDisputes: 0,
  invoicesIssued: 0,
  invoicesDisputed: 0,
  brokenPromises: 0,
};

const pointsOf = (facts: RiskFacts, factor: string) =>
  scoreRisk(facts).reasons.find((r) => r.factor === factor)?.points ?? 0;

describe('scoreRisk', () => {
  it('gives a customer without any history 0, band low, no reasons', () => {
    assert.deepEqual(scoreRisk(CLEAN), { score: 0, band: 'low', reasons: [] });
  });

  it('adds the factors as documented (hand-computed example)', () => {
    // 4 payments: recent 30 and 10 days late (weight 2), older 0 and −5 (weight 1).
    // late share 2/4 → 12.5 → 13; weighted mean (60+20+0+0)/6 = 13.33 → 20×13.33/60 = 4.4 → 4;
    // trend: recent mean 20 − older mean 0 = 20 → 10×20/30 = 6.7 → 7; overdue 45 days → 7.5 → 8;
    // exposure 110% of the limit: (11000−7500)/5000 × 20 = 14; 1 open dispute → 3;
    // 1 of 4 disputed → 12 × 0.25 = 3; 1 broken promise → 10. Σ = 62.
    const risk = scoreRisk({
      ...CLEAN,
      payments: [
        { daysAfterDue: 30, recent: true },
        { daysAfterDue: 10, recent: true },
        { daysAfterDue: 0, recent: false },
        { daysAfterDue: -5, recent: false },
      ],
      oldestOverdueDays: 45,
      exposureMinor: 110_000n,
      limitMinor: 100_000n,
      openDisputes: 1,
      invoicesIssued: 4,
      invoicesDisputed: 1,
      brokenPromises: 1,
    });
    const points = Object.fromEntries(risk.reasons.map((r) => [r.factor, r.points]));
    assert.deepEqual(points, {
      late_share: 13,
      days_late: 4,
      trend: 7,
      overdue: 8,
      exposure: 14,
      open_disputes: 3,
      dispute_rate: 3,
      broken_promises: 10,
    });
    assert.equal(risk.score, 62);
    assert.equal(risk.band, 'medium');
    assert.equal(risk.reasons[0]?.factor, 'exposure');
    assert.match(risk.reasons[0]?.evidence ?? '', /110% of the credit limit \(over the limit\)/);
  });

  it('caps the score at 100', () => {
    const worst = scoreRisk({
      ...CLEAN,
      payments: [
        { daysAfterDue: 200, recent: true },
        { daysAfterDue: 0, recent: false },
      ],
      oldestOverdueDays: 400,
      exposureMinor: 10n,
      limitMinor: 0n,
      openDisputes: 9,
      invoicesIssued: 2,
      invoicesDisputed: 2,
      brokenPromises: 5,
    });
    assert.equal(worst.score, 100);
    assert.equal(worst.band, 'high');
  });

  it('exposure: nothing up to 75% of the limit, 10 at the limit, 20 from 125%', () => {
    const at = (exposure: bigint) =>
      pointsOf({ ...CLEAN, exposureMinor: exposure, limitMinor: 1000n }, 'exposure');
    assert.equal(at(750n), 0);
    assert.equal(at(1000n), 10);
    assert.equal(at(1250n), 20);
    assert.equal(at(9_999_999n), 20);
    assert.equal(pointsOf({ ...CLEAN, exposureMinor: 10n, limitMinor: null }, 'exposure'), 0);
  });

  it('no trend points when only recent (or only older) payments exist, or when paying earlier', () => {
    const recentOnly = { ...CLEAN, payments: [{ daysAfterDue: 40, recent: true }] };
    assert.equal(pointsOf(recentOnly, 'trend'), 0);
    const better = {
      ...CLEAN,
      payments: [
        { daysAfterDue: 0, recent: true },
        { daysAfterDue: 40, recent: false },
      ],
    };
    assert.equal(pointsOf(better, 'trend'), 0);
  });

  it('bands at 40 and 70', () => {
    assert.deepEqual(
      [39, 40, 69, 70].map((s) => riskBand(s)),
      ['low', 'medium', 'medium', 'high'],
    );
  });

  it('summarises the top reasons for a hold text', () => {
    const risk = scoreRisk({ ...CLEAN, brokenPromises: 2, openDisputes: 1 });
    assert.equal(
      riskSummary(risk),
      'risk score 23: 2 promises to pay broken in the last 90 days (+20); 1 dispute open (+3)',
    );
  });
});

const payment = fc.record({ daysAfterDue: fc.integer({ min: -30, max: 400 }), recent: fc.boolean() });
const facts: fc.Arbitrary<RiskFacts> = fc
  .record({
    payments: fc.array(payment, { maxLength: 12 }),
    oldestOverdueDays: fc.option(fc.integer({ min: 1, max: 500 })),
    exposureMinor: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    limitMinor: fc.option(fc.bigInt({ min: 0n, max: 10n ** 12n })),
    currency: fc.constant('EUR'),
    openDisputes: fc.nat(10),
    invoicesIssued: fc.nat(50),
    invoicesDisputed: fc.nat(50),
    brokenPromises: fc.nat(10),
  })
  .map((f) => ({ ...f, invoicesDisputed: Math.min(f.invoicesDisputed, f.invoicesIssued) }));

describe('scoreRisk properties', () => {
  it('is an integer from 0 to 100, the sum of its reasons (when under the cap), all positive', () => {
    fc.assert(
      fc.property(facts, (f) => {
        const r = scoreRisk(f);
        const sum = r.reasons.reduce((s, x) => s + x.points, 0);
        return (
          Number.isInteger(r.score) &&
          r.score >= 0 &&
          r.score <= 100 &&
          r.score === Math.min(100, sum) &&
          r.reasons.every((x) => x.points > 0)
        );
      }),
    );
  });

  it('more broken promises never lower the score', () => {
    fc.assert(
      fc.property(
        facts,
        fc.nat(5),
        (f, more) => scoreRisk({ ...f, brokenPromises: f.brokenPromises + more }).score >= scoreRisk(f).score,
      ),
    );
  });

  it('more exposure against the same limit never lowers the score (over the limit included)', () => {
    fc.assert(
      fc.property(
        facts,
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (f, more) => scoreRisk({ ...f, exposureMinor: f.exposureMinor + more }).score >= scoreRisk(f).score,
      ),
    );
  });

  it('more open disputes or an older overdue invoice never lower the score', () => {
    fc.assert(
      fc.property(facts, fc.nat(5), fc.integer({ min: 1, max: 300 }), (f, disputes, days) => {
        const base = scoreRisk(f).score;
        const older = { ...f, oldestOverdueDays: (f.oldestOverdueDays ?? 0) + days };
        return (
          scoreRisk({ ...f, openDisputes: f.openDisputes + disputes }).score >= base &&
          scoreRisk(older).score >= base
        );
      }),
    );
  });

  it('a recent payment made later never lowers the score', () => {
    fc.assert(
      fc.property(facts, fc.nat(60), (f, later) => {
        const i = f.payments.findIndex((p) => p.recent);
        if (i < 0) return true;
        const payments = f.payments.map((p, j) =>
          j === i ? { ...p, daysAfterDue: p.daysAfterDue + later } : p,
        );
        return scoreRisk({ ...f, payments }).score >= scoreRisk(f).score;
      }),
    );
  });
});
