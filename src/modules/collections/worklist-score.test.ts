/**
 * The worklist formula on hand-worked examples: every expected number below is worked out in the
 * comment beside it from the formula in worklist-score.ts (W × H × B), not read back from the code.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  historyFactor,
  latenessFactor,
  NO_HISTORY,
  type OverdueInCurrency,
  type PaymentHistory,
  scoreCustomer,
  type WorklistFacts,
} from './worklist-score.ts';

/** What the worklist query sums for a list of overdue invoices of one currency. */
function overdue(
  currency: string,
  invoices: { open: bigint; rate: number; days: number; disputed?: boolean }[],
) {
  const collectible = invoices.filter((i) => !i.disputed);
  return {
    currency,
    collectibleMinor: collectible.reduce((s, i) => s + i.open, 0n),
    weighted: collectible.reduce((s, i) => s + Number(i.open) * i.rate, 0),
    dayWeighted: collectible.reduce((s, i) => s + Number(i.open) * i.rate * Math.min(i.days, 90), 0),
    oldestDays: collectible.length ? Math.max(...collectible.map((i) => i.days)) : null,
    disputedCount: invoices.filter((i) => i.disputed).length,
    promisedMinor: 0n,
  } satisfies OverdueInCurrency;
}

function facts(over: OverdueInCurrency[], extra: Partial<WorklistFacts> = {}): WorklistFacts {
  return {
    overdue: over,
    history: NO_HISTORY,
    brokenPromiseOn: null,
    openPromiseOn: null,
    onHold: false,
    ...extra,
  };
}

const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} ≈ ${expected}`);

describe('latenessFactor L(d) = 1 + min(d, 90) / 30', () => {
  it('grows with days overdue up to 90, then stays at 4', () => {
    close(latenessFactor(0), 1);
    close(latenessFactor(1), 1 + 1 / 30);
    close(latenessFactor(30), 2);
    close(latenessFactor(45), 2.5);
    close(latenessFactor(90), 4);
    close(latenessFactor(400), 4);
  });
});

describe('historyFactor H = 0.5 + (k+1)/(n+2) + min(max(S/(n+2), 0), 60)/120', () => {
  it('is exactly 1 without history (the neutral prior)', () => close(historyFactor(NO_HISTORY), 1));

  it('a habitual late payer: 8 paid, 6 late, 18 days late on average', () => {
    // s = 7/10 = 0.7; a = 144/10 = 14.4 days; H = 0.5 + 0.7 + 14.4/120 = 1.32
    close(historyFactor({ settled: 8, late: 6, sumDaysAfterDue: 144 }), 1.32);
  });

  it('an early payer goes down towards 0.5, a chronic very late one up towards 2', () => {
    // 10 paid, none late, 5 days early each: s = 1/12, a < 0 counts 0 → 0.5 + 1/12
    close(historyFactor({ settled: 10, late: 0, sumDaysAfterDue: -50 }), 0.5 + 1 / 12);
    // 10 paid, all 100 days late: s = 11/12, a = 1000/12 = 83.3 → capped at 60 → + 0.5
    close(historyFactor({ settled: 10, late: 10, sumDaysAfterDue: 1000 }), 0.5 + 11 / 12 + 0.5);
  });

  it('one late invoice moves a new customer only part of the way (shrinkage)', () => {
    // n = 1, k = 1, 30 days: s = 2/3, a = 30/3 = 10 → 0.5 + 0.6667 + 0.0833 = 1.25
    close(historyFactor({ settled: 1, late: 1, sumDaysAfterDue: 30 }), 1.25);
  });
});

describe('scoreCustomer = W × H × B', () => {
  it('EUR 1,000.00 thirty days overdue, no history: W = 1,000 × L(30) = 2,000', () => {
    const s = scoreCustomer(facts([overdue('EUR', [{ open: 100000n, rate: 1, days: 30 }])]));
    close(s.weightedOverdue, 2000);
    close(s.score, 2000);
    assert.deepEqual(s.reasons, ['EUR 1,000.00 overdue, oldest 30 days', 'no payment history yet']);
  });

  it('weights each invoice by its own lateness and converts at its own rate', () => {
    // EUR 200.00 at 10 days: 200 × (1 + 10/30) = 266.67; USD 500.00 at 0.9 EUR/USD, 45 days:
    // 450 × 2.5 = 1,125. W = 1,391.67; B = 1.5 for the broken promise → 2,087.5.
    const s = scoreCustomer(
      facts(
        [
          overdue('EUR', [{ open: 20000n, rate: 1, days: 10 }]),
          overdue('USD', [{ open: 50000n, rate: 0.9, days: 45 }]),
        ],
        { brokenPromiseOn: '2026-03-20' },
      ),
    );
    close(s.weightedOverdue, 200 * (4 / 3) + 1125);
    close(s.score, (200 * (4 / 3) + 1125) * 1.5);
    assert.deepEqual(s.reasons, [
      'EUR 200.00 + USD 500.00 overdue, oldest 45 days',
      'no payment history yet',
      'promise of 2026-03-20 broken',
    ]);
  });

  it('leaves disputed and promised amounts out and says so; JPY has no decimals', () => {
    const over = overdue('JPY', [
      { open: 100000n, rate: 0.0064, days: 60, disputed: true },
      { open: 50000n, rate: 0.0064, days: 20 },
    ]);
    // Only JPY 50,000 counts: 50,000 × 0.0064 = EUR 320 × (1 + 20/30) = 533.33
    const s = scoreCustomer(
      facts([{ ...over, promisedMinor: 70000n }], { openPromiseOn: '2026-04-15', onHold: true }),
    );
    close(s.score, 320 * (5 / 3));
    assert.deepEqual(s.reasons, [
      'JPY 50,000 overdue, oldest 20 days',
      'no payment history yet',
      '1 invoice disputed and left out',
      'JPY 70,000 under a promise to pay by 2026-04-15, left out',
      'on credit hold',
    ]);
  });

  it('words the payment history', () => {
    const late: PaymentHistory = { settled: 8, late: 6, sumDaysAfterDue: 144 };
    const s = scoreCustomer(
      facts([overdue('EUR', [{ open: 100000n, rate: 1, days: 30 }])], { history: late }),
    );
    assert.equal(s.reasons[1], 'pays 18 days late on average (6 of 8 invoices paid late)');
    close(s.score, 2000 * 1.32);
    const early = scoreCustomer(
      facts([overdue('EUR', [{ open: 100n, rate: 1, days: 1 }])], {
        history: { settled: 1, late: 0, sumDaysAfterDue: -3 },
      }),
    );
    assert.equal(early.reasons[1], 'pays on time on average (0 of 1 invoice paid late)');
  });

  it('orders six customers as worked out by hand', () => {
    const eur = (open: bigint, days: number, disputed = false) => ({ open, rate: 1, days, disputed });
    const customers: [string, WorklistFacts][] = [
      // A: 1,000 × L(30) = 2,000
      ['A', facts([overdue('EUR', [eur(100000n, 30)])])],
      // B: 3,000 × L(5) = 3,000 × 7/6 = 3,500
      ['B', facts([overdue('EUR', [eur(300000n, 5)])])],
      // C: 600 × L(120 → 90) = 2,400
      ['C', facts([overdue('EUR', [eur(60000n, 120)])])],
      // D: 2,000 overdue, 1,500 of it disputed (the query leaves 500): 500 × 2 = 1,000
      ['D', facts([{ ...overdue('EUR', [eur(50000n, 30)]), disputedCount: 1 }])],
      // F: 1,000 × 2 × H(n 2, k 2, S 60 → s 3/4, a 15 → 1.375) = 2,750
      [
        'F',
        facts([overdue('EUR', [eur(100000n, 30)])], {
          history: { settled: 2, late: 2, sumDaysAfterDue: 60 },
        }),
      ],
      // G: 1,000 × 2 × B 1.5 = 3,000
      ['G', facts([overdue('EUR', [eur(100000n, 30)])], { brokenPromiseOn: '2026-03-10' })],
    ];
    const order = customers
      .map(([name, f]) => ({ name, score: scoreCustomer(f).score }))
      .sort((a, b) => b.score - a.score)
      .map((c) => `${c.name} ${Math.round(c.score)}`);
    assert.deepEqual(order, ['B 3500', 'G 3000', 'F 2750', 'C 2400', 'A 2000', 'D 1000']);
  });
});
