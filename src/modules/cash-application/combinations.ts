/**
 * Which open items of a customer add up to a payment: a bounded subset sum over integer minor
 * units. Customers pay several invoices at once, often without saying which; the amount tells.
 *
 * Exact sums are found by meet-in-the-middle over at most `maxItems` candidates (the oldest
 * first, as payers settle oldest first): 2^(n/2) sums per half, so 24 items cost ~8,000 sums per
 * side. A tolerance admits a payment short by bank charges or a small difference. Every
 * combination found is returned (up to `limit`), fewest items first, then closest to the amount,
 * then oldest: more than one means the amount alone is ambiguous, which the engine must not
 * auto-apply.
 */

export interface OpenItem {
  readonly id: string;
  readonly amountMinor: bigint;
  /** For ordering: 'YYYY-MM-DD', older first. */
  readonly dueDate: string;
}

export interface Combination {
  readonly items: readonly OpenItem[];
  readonly totalMinor: bigint;
  /** amount paid − total of the items: negative when the payer paid less (charges, difference). */
  readonly differenceMinor: bigint;
}

export interface CombinationQuery {
  readonly amountMinor: bigint;
  /** The payment may be short of the items' total by at most this much (bank charges). */
  readonly shortByAtMostMinor?: bigint;
  readonly maxItems?: number;
  readonly maxPicks?: number;
  readonly limit?: number;
}

interface HalfSum {
  readonly sum: bigint;
  readonly mask: number;
  readonly count: number;
}

function halfSums(items: readonly OpenItem[], maxPicks: number): HalfSum[] {
  const out: HalfSum[] = [{ sum: 0n, mask: 0, count: 0 }];
  items.forEach((item, i) => {
    const size = out.length;
    for (let k = 0; k < size; k++) {
      const base = out[k] as HalfSum;
      if (base.count >= maxPicks) continue;
      out.push({ sum: base.sum + item.amountMinor, mask: base.mask | (1 << i), count: base.count + 1 });
    }
  });
  return out;
}

/** Index of the first element with sum ≥ target in a list sorted by sum. */
function lowerBound(list: readonly HalfSum[], target: bigint): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid] as HalfSum).sum < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function findCombinations(candidates: readonly OpenItem[], query: CombinationQuery): Combination[] {
  const maxItems = Math.min(query.maxItems ?? 24, 30);
  const maxPicks = query.maxPicks ?? 8;
  const limit = query.limit ?? 5;
  const slack = query.shortByAtMostMinor ?? 0n;
  const items = [...candidates]
    .filter((c) => c.amountMinor > 0n && c.amountMinor <= query.amountMinor + slack)
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0))
    .slice(0, maxItems);
  const half = Math.ceil(items.length / 2);
  const left = items.slice(0, half);
  const right = items.slice(half);
  const leftSums = halfSums(left, maxPicks);
  const rightSums = halfSums(right, maxPicks).sort((a, b) => (a.sum < b.sum ? -1 : a.sum > b.sum ? 1 : 0));
  const found: Combination[] = [];
  // The items' total T must satisfy amount ≤ T ≤ amount + slack.
  for (const l of leftSums) {
    const from = query.amountMinor - l.sum;
    for (let i = lowerBound(rightSums, from); i < rightSums.length; i++) {
      const r = rightSums[i] as HalfSum;
      if (r.sum > from + slack) break;
      if (l.count + r.count === 0 || l.count + r.count > maxPicks) continue;
      const picked = [
        ...left.filter((_, k) => (l.mask & (1 << k)) !== 0),
        ...right.filter((_, k) => (r.mask & (1 << k)) !== 0),
      ];
      const totalMinor = l.sum + r.sum;
      found.push({ items: picked, totalMinor, differenceMinor: query.amountMinor - totalMinor });
      if (found.length > limit * 20) break;
    }
  }
  return found
    .sort(
      (a, b) =>
        a.items.length - b.items.length ||
        Number(abs(a.differenceMinor) - abs(b.differenceMinor)) ||
        (oldest(a) < oldest(b) ? -1 : oldest(a) > oldest(b) ? 1 : 0),
    )
    .slice(0, limit);
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

/** Due dates oldest first: combinations of older items sort first. */
function oldest(c: Combination): string {
  return c.items
    .map((i) => i.dueDate)
    .sort()
    .join(',');
}
