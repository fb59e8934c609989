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

/**
 * All sums of up to `maxPicks` of `amounts` that do not exceed `bound`, sorted by sum (built by
 * merging, no sort needed). Amounts are positive, so a partial sum above the bound can only grow:
 * it is dropped at once, which keeps the lists short when a payment is small beside the items.
 */
interface HalfSums {
  readonly sum: Float64Array;
  readonly mask: Int32Array;
  readonly count: Uint8Array;
  readonly length: number;
}

/** Lists of sums, reused by every search (a search runs to its end before the next begins). */
interface SumBuffers {
  sum: Float64Array;
  mask: Int32Array;
  count: Uint8Array;
}

const SCRATCH: SumBuffers[] = Array.from({ length: 4 }, () => ({
  sum: new Float64Array(0),
  mask: new Int32Array(0),
  count: new Uint8Array(0),
}));

function buffers(k: number, size: number): SumBuffers {
  const b = SCRATCH[k] as SumBuffers;
  if (b.sum.length < size) {
    b.sum = new Float64Array(size);
    b.mask = new Int32Array(size);
    b.count = new Uint8Array(size);
  }
  return b;
}

/** The sums of one half (`side` 0 or 1: the two halves of a search use separate buffers). */
function halfSums(amounts: readonly number[], maxPicks: number, bound: number, side: number): HalfSums {
  let from = buffers(side * 2, 1 << amounts.length);
  let to = buffers(side * 2 + 1, 1 << amounts.length);
  from.sum[0] = 0;
  from.mask[0] = 0;
  from.count[0] = 0;
  let length = 1;
  for (let bit = 0; bit < amounts.length; bit++) {
    const amount = amounts[bit] as number;
    const { sum, mask, count } = from;
    // The second list ends at the first sum that `amount` lifts above the bound.
    let jEnd = length;
    while (jEnd > 0 && (sum[jEnd - 1] as number) + amount > bound) jEnd--;
    // Merge the current list with the current list plus `amount` (both sorted by sum).
    let i = 0;
    let j = 0;
    let n = 0;
    while (i < length || j < jEnd) {
      while (j < jEnd && (count[j] as number) >= maxPicks) j++;
      const takeOld = j >= jEnd || (i < length && (sum[i] as number) <= (sum[j] as number) + amount);
      if (takeOld) {
        if (i >= length) break;
        to.sum[n] = sum[i] as number;
        to.mask[n] = mask[i] as number;
        to.count[n] = count[i] as number;
        i++;
      } else {
        to.sum[n] = (sum[j] as number) + amount;
        to.mask[n] = (mask[j] as number) | (1 << bit);
        to.count[n] = (count[j] as number) + 1;
        j++;
      }
      n++;
    }
    [from, to] = [to, from];
    length = n;
  }
  return { sum: from.sum, mask: from.mask, count: from.count, length };
}

/** Index of the first sum ≥ target in sorted half sums. */
function lowerBound(list: HalfSums, target: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list.sum[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sums of up to 30 items stay exact in a double below this (2^53 / 32). */
const SAFE_AMOUNT = BigInt(Number.MAX_SAFE_INTEGER) / 32n;

export function findCombinations(candidates: readonly OpenItem[], query: CombinationQuery): Combination[] {
  const maxItems = Math.min(query.maxItems ?? 24, 30);
  const maxPicks = query.maxPicks ?? 8;
  const limit = query.limit ?? 5;
  const slack = query.shortByAtMostMinor ?? 0n;
  const items = [...candidates]
    .filter((c) => c.amountMinor > 0n && c.amountMinor <= query.amountMinor + slack)
    // Oldest first; equal due dates by id (creation order), so the result never depends on load order.
    .sort((a, b) => compareText(a.dueDate, b.dueDate) || compareText(a.id, b.id))
    .slice(0, maxItems);
  if (items.length === 0 || query.amountMinor + slack > SAFE_AMOUNT) return [];
  // Integer arithmetic in doubles (exact below SAFE_AMOUNT): bigint sums are ~10× slower.
  const amounts = items.map((i) => Number(i.amountMinor));
  const target = Number(query.amountMinor);
  const slackN = Number(slack);
  const half = Math.ceil(items.length / 2);
  const left = items.slice(0, half);
  const right = items.slice(half);
  const leftSums = halfSums(amounts.slice(0, half), maxPicks, target + slackN, 0);
  const rightSums = halfSums(amounts.slice(half), maxPicks, target + slackN, 1);
  const hits = pairsWithin(leftSums, rightSums, target, slackN, maxPicks, limit * 20 + 1);
  const make = (h: number): Combination => {
    const lMask = leftSums.mask[hits.left[h] as number] as number;
    const rMask = rightSums.mask[hits.right[h] as number] as number;
    const picked = [
      ...left.filter((_, k) => (lMask & (1 << k)) !== 0),
      ...right.filter((_, k) => (rMask & (1 << k)) !== 0),
    ];
    const totalMinor = BigInt(hits.total[h] as number);
    return { items: picked, totalMinor, differenceMinor: query.amountMinor - totalMinor };
  };
  return ranked(hits, target, slackN, limit, make);
}

/** Pairs of half sums (indexes) whose total T is within amount ≤ T ≤ amount + slack, the first `max` found. */
interface Hits {
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly total: Float64Array;
  readonly count: Uint8Array;
  readonly length: number;
}

/**
 * Every left sum (ascending) with the right sums that complete it, as far as `max` pairs. The
 * first right sum to try only moves down as the left sum grows: one pointer, no search per sum.
 */
function pairsWithin(
  leftSums: HalfSums,
  rightSums: HalfSums,
  target: number,
  slack: number,
  maxPicks: number,
  max: number,
): Hits {
  const hits = {
    left: new Int32Array(max),
    right: new Int32Array(max),
    total: new Float64Array(max),
    count: new Uint8Array(max),
    length: 0,
  };
  let start = lowerBound(rightSums, target - (leftSums.sum[0] as number));
  for (let li = 0; li < leftSums.length && hits.length < max; li++) {
    const lSum = leftSums.sum[li] as number;
    const lCount = leftSums.count[li] as number;
    const from = target - lSum;
    while (start > 0 && (rightSums.sum[start - 1] as number) >= from) start--;
    for (let i = start; i < rightSums.length; i++) {
      const rSum = rightSums.sum[i] as number;
      if (rSum > from + slack) break;
      const count = lCount + (rightSums.count[i] as number);
      if (count === 0 || count > maxPicks) continue;
      hits.left[hits.length] = li;
      hits.right[hits.length] = i;
      hits.total[hits.length] = lSum + rSum;
      hits.count[hits.length] = count;
      hits.length += 1;
      if (hits.length >= max) break;
    }
  }
  return hits;
}

/**
 * The best `limit` combinations: fewest items first, then closest to the amount, then oldest, then
 * by ids. Ranked by the numbers first; only those that can make the first `limit` are built.
 */
function ranked(
  hits: Hits,
  target: number,
  slack: number,
  limit: number,
  make: (h: number) => Combination,
): Combination[] {
  // Items, then distance: a total is within [amount, amount + slack], so one number orders both.
  const key = new Float64Array(hits.length);
  for (let h = 0; h < hits.length; h++)
    key[h] = (hits.count[h] as number) * (slack + 1) + ((hits.total[h] as number) - target);
  const cut = key.slice().sort()[Math.min(limit, hits.length) - 1] ?? Number.NEGATIVE_INFINITY;
  const order: number[] = [];
  for (let h = 0; h < hits.length; h++) if ((key[h] as number) <= cut) order.push(h);
  return order
    .map((h) => {
      const c = make(h);
      return { c, oldest: oldest(c), ids: c.items.map((i) => i.id).join(',') };
    })
    .sort(
      (a, b) =>
        a.c.items.length - b.c.items.length ||
        (abs(a.c.differenceMinor) < abs(b.c.differenceMinor)
          ? -1
          : abs(a.c.differenceMinor) > abs(b.c.differenceMinor)
            ? 1
            : 0) ||
        compareText(a.oldest, b.oldest) ||
        compareText(a.ids, b.ids),
    )
    .slice(0, limit)
    .map((k) => k.c);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
