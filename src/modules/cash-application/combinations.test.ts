import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findCombinations, type OpenItem } from './combinations.ts';

const item = (id: string, amountMinor: bigint, dueDate = '2026-01-01'): OpenItem => ({
  id,
  amountMinor,
  dueDate,
});
const ids = (c: { items: readonly OpenItem[] }) => c.items.map((i) => i.id).sort();

describe('findCombinations', () => {
  const open = [
    item('A', 10_000n, '2026-01-10'),
    item('B', 25_050n, '2026-01-20'),
    item('C', 4_999n, '2026-02-01'),
    item('D', 7_500n, '2026-02-10'),
    item('E', 12_345n, '2026-03-01'),
  ];

  it('finds the single item that equals the payment before any combination', () => {
    const [best] = findCombinations(open, { amountMinor: 12_345n });
    assert.deepEqual(best && ids(best), ['E']);
  });

  it('finds the set of invoices a payment covers exactly', () => {
    const found = findCombinations(open, { amountMinor: 35_050n + 4_999n });
    assert.deepEqual(found.map(ids), [['A', 'B', 'C']]);
    assert.equal(found[0]?.differenceMinor, 0n);
  });

  it('admits a payment short by bank charges within the tolerance, and says by how much', () => {
    const found = findCombinations(open, { amountMinor: 35_050n - 750n, shortByAtMostMinor: 1_000n });
    assert.deepEqual(found.map(ids)[0], ['A', 'B']);
    assert.equal(found[0]?.differenceMinor, -750n);
    assert.deepEqual(
      findCombinations(open, { amountMinor: 35_050n - 1_500n, shortByAtMostMinor: 1_000n }),
      [],
    );
  });

  it('returns every way to make an ambiguous amount, so the engine can refuse to guess', () => {
    const twins = [
      item('X', 5_000n, '2026-01-01'),
      item('Y', 5_000n, '2026-02-01'),
      item('Z', 5_000n, '2026-03-01'),
    ];
    const found = findCombinations(twins, { amountMinor: 10_000n });
    assert.equal(found.length, 3);
    assert.deepEqual(ids(found[0] ?? { items: [] }), ['X', 'Y'], 'oldest first');
  });

  it('finds nothing when no set adds up', () => {
    assert.deepEqual(findCombinations(open, { amountMinor: 1n }), []);
  });

  it('bounds its work: only the maxItems oldest candidates are searched, at most maxPicks of them', () => {
    // Powers of two: every total has exactly one set of items, so what is found shows what was searched.
    const items = Array.from({ length: 30 }, (_, i) =>
      item(
        `I${i}`,
        100n * 2n ** BigInt(i),
        `2026-${String(1 + Math.floor(i / 28)).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      ),
    );
    const newest = 100n * 2n ** 29n;
    assert.deepEqual(findCombinations(items, { amountMinor: newest, maxItems: 24 }), []);
    assert.deepEqual(findCombinations(items, { amountMinor: newest, maxItems: 30 }).map(ids), [['I29']]);
    const nine = 100n * (2n ** 9n - 1n); // I0 … I8
    assert.deepEqual(findCombinations(items, { amountMinor: nine, maxPicks: 8 }), []);
    assert.equal(findCombinations(items, { amountMinor: nine, maxPicks: 9 })[0]?.items.length, 9);
  });

  it('every combination it returns adds up to the payment within the tolerance (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 100_000n }), { minLength: 1, maxLength: 14 }),
        fc.bigInt({ min: 1n, max: 300_000n }),
        fc.bigInt({ min: 0n, max: 500n }),
        (amounts, paid, slack) => {
          const items = amounts.map((a, i) => item(`I${i}`, a));
          for (const c of findCombinations(items, { amountMinor: paid, shortByAtMostMinor: slack })) {
            const total = c.items.reduce((s, i) => s + i.amountMinor, 0n);
            assert.equal(total, c.totalMinor);
            assert.ok(total >= paid && total <= paid + slack);
            assert.equal(new Set(c.items.map((i) => i.id)).size, c.items.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('finds a combination whenever one exists among few items (property, against brute force)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 50n }), { minLength: 1, maxLength: 10 }),
        fc.bigInt({ min: 1n, max: 200n }),
        (amounts, paid) => {
          const items = amounts.map((a, i) => item(`I${i}`, a));
          let exists = false;
          for (let mask = 1; mask < 1 << items.length && !exists; mask++) {
            let sum = 0n;
            let count = 0;
            items.forEach((it, k) => {
              if (mask & (1 << k)) {
                sum += it.amountMinor;
                count++;
              }
            });
            exists = sum === paid && count <= 8;
          }
          assert.equal(findCombinations(items, { amountMinor: paid }).length > 0, exists);
        },
      ),
      { numRuns: 300 },
    );
  });
});
