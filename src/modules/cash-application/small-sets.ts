/**
 * Two or three open items that make an amount exactly, among *all* of a customer's open items:
 * a payer settling a few invoices picks them anywhere in its list, not only among the oldest that
 * the bounded subset sum (combinations.ts) reads. Pairs and triples by hashing amounts: O(n²).
 */
import type { Combination, OpenItem } from './combinations.ts';

/** Sets of two or three of `items` whose open amounts add up to `amountMinor`, at most `limit`. */
export function exactPairsAndTriples(
  items: readonly OpenItem[],
  amountMinor: bigint,
  limit: number,
): Combination[] {
  const sorted = [...items]
    .filter((i) => i.amountMinor > 0n && i.amountMinor < amountMinor)
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.id < b.id ? -1 : 1));
  const at = new Map<bigint, number[]>();
  sorted.forEach((item, k) => {
    at.set(item.amountMinor, [...(at.get(item.amountMinor) ?? []), k]);
  });
  const out: Combination[] = [];
  const found = (picked: number[]) => {
    const chosen = picked.map((k) => sorted[k] as OpenItem);
    out.push({ items: chosen, totalMinor: amountMinor, differenceMinor: 0n });
  };
  for (let i = 0; i < sorted.length && out.length < limit; i++) {
    const a = (sorted[i] as OpenItem).amountMinor;
    for (const j of at.get(amountMinor - a) ?? []) if (j > i && out.length < limit) found([i, j]);
  }
  for (let i = 0; i < sorted.length && out.length < limit; i++)
    for (let j = i + 1; j < sorted.length && out.length < limit; j++) {
      const rest = amountMinor - (sorted[i] as OpenItem).amountMinor - (sorted[j] as OpenItem).amountMinor;
      if (rest <= 0n) continue;
      for (const k of at.get(rest) ?? []) if (k > j && out.length < limit) found([i, j, k]);
    }
  return out;
}
