import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { exactPairsAndTriples } from './small-sets.ts';

const item = (id: string, amountMinor: bigint, dueDate = '2026-01-01') => ({ id, amountMinor, dueDate });
const ids = (sets: { items: readonly { id: string }[] }[]) =>
  sets.map((s) => s.items.map((i) => i.id).join('+'));

describe('exactPairsAndTriples', () => {
  it('finds a pair and a triple anywhere in a long list, oldest first within a set', () => {
    const items = Array.from({ length: 45 }, (_, k) =>
      item(`i${k}`, 1_000_00n + BigInt(k) * 7_13n, `2026-01-${String((k % 28) + 1).padStart(2, '0')}`),
    );
    const [i40, i44] = [items[40], items[44]];
    assert.ok(i40 && i44);
    const sets = exactPairsAndTriples(items, i40.amountMinor + i44.amountMinor, 10);
    assert.ok(
      ids(sets).some((s) => s.split('+').sort().join('+') === 'i40+i44'),
      ids(sets).join(' '),
    );
    for (const s of sets)
      assert.equal(
        s.items.reduce((t, i) => t + i.amountMinor, 0n),
        s.totalMinor,
      );
  });

  it('an item is used once per set; the limit holds', () => {
    assert.deepEqual(ids(exactPairsAndTriples([item('a', 50n)], 100n, 5)), []);
    assert.deepEqual(ids(exactPairsAndTriples([item('a', 50n), item('b', 50n)], 100n, 5)), ['a+b']);
    const many = Array.from({ length: 20 }, (_, k) => item(`x${k}`, 10n));
    assert.equal(exactPairsAndTriples(many, 30n, 4).length, 4);
  });

  it('every set it returns sums exactly, with two or three distinct items (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 5_000n }), { maxLength: 30 }),
        fc.bigInt({ min: 2n, max: 12_000n }),
        (amounts, target) => {
          const items = amounts.map((a, k) => item(`i${k}`, a));
          for (const s of exactPairsAndTriples(items, target, 50)) {
            assert.ok(s.items.length === 2 || s.items.length === 3);
            assert.equal(new Set(s.items.map((i) => i.id)).size, s.items.length);
            assert.equal(
              s.items.reduce((t, i) => t + i.amountMinor, 0n),
              target,
            );
          }
        },
      ),
    );
  });
});
