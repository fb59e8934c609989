/**
 * Benford's law, first-two digits (Nigrini, "Benford's Law", 2012, ch. 5): the share of amounts
 * whose first two digits are d (10 … 99) is log10(1 + 1/d). The mean absolute deviation (MAD) of
 * the actual shares from those, over the 90 digit pairs, is judged against Nigrini's bounds: up to
 * 0.0012 close conformity, 0.0018 acceptable, 0.0022 marginal, above that nonconformity — which
 * is a `benford` finding for that user and month, when there are enough amounts to judge.
 */
import type { AnomalyPolicy } from './anomaly-policy.ts';
import type { FindingDraft } from './findings.types.ts';

/** How many amounts of one user and month begin with each first-two digits. */
export interface DigitCounts {
  /** null: the system (imports, schedules) */
  readonly userId: string | null;
  readonly userName: string;
  readonly month: string;
  /** first-two digits (10 … 99) → count */
  readonly counts: ReadonlyMap<number, number>;
}

export type Conformity = 'close' | 'acceptable' | 'marginal' | 'nonconformity';

/** Benford's expected share of first-two digits `d` (10 … 99). */
export const benfordShare = (d: number) => Math.log10(1 + 1 / d);

/** MAD of the counts from Benford's first-two-digit shares; NaN when there are no amounts. */
export function firstTwoDigitsMad(counts: ReadonlyMap<number, number>): number {
  let n = 0;
  for (const [d, c] of counts) if (d >= 10 && d <= 99) n += c;
  let sum = 0;
  for (let d = 10; d <= 99; d++) sum += Math.abs((counts.get(d) ?? 0) / n - benfordShare(d));
  return sum / 90;
}

export function conformityOf(mad: number, bounds: AnomalyPolicy['benford']): Conformity {
  if (mad <= bounds.close) return 'close';
  if (mad <= bounds.acceptable) return 'acceptable';
  if (mad <= bounds.marginal) return 'marginal';
  return 'nonconformity';
}

/** The first two digits of a positive amount in minor units (null below 10). */
export function firstTwoDigits(amountMinor: bigint): number | null {
  return amountMinor >= 10n ? Number(amountMinor.toString().slice(0, 2)) : null;
}

function total(counts: ReadonlyMap<number, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  return n;
}

/** The digit pairs furthest above their expected share (what a reviewer looks at first). */
function excess(counts: ReadonlyMap<number, number>, n: number) {
  return [...counts]
    .map(([d, c]) => ({ digits: d, count: c, actual: c / n, expected: benfordShare(d) }))
    .sort((a, b) => b.actual - b.expected - (a.actual - a.expected))
    .slice(0, 5)
    .map((x) => ({ ...x, actual: Number(x.actual.toFixed(4)), expected: Number(x.expected.toFixed(4)) }));
}

/** One medium finding per user and month whose amounts (at least `minAmounts`) do not conform. */
export function detectBenford(
  groups: readonly DigitCounts[],
  policy: AnomalyPolicy['benford'],
): FindingDraft[] {
  return groups.flatMap((g) => {
    const n = total(g.counts);
    if (n < policy.minAmounts) return [];
    const mad = firstTwoDigitsMad(g.counts);
    if (conformityOf(mad, policy) !== 'nonconformity') return [];
    return [
      {
        kind: 'benford' as const,
        severity: 'medium' as const,
        title: `Amounts of ${g.userName} in ${g.month} do not follow Benford's law (first-two digits MAD ${mad.toFixed(4)})`,
        dedupeKey: `benford:${g.userId ?? 'system'}:${g.month}`,
        occurredAt: new Date(`${g.month}-01T00:00:00Z`),
        evidence: {
          records: [],
          userId: g.userId,
          facts: {
            month: g.month,
            amounts: n,
            mad: Number(mad.toFixed(6)),
            bounds: { close: policy.close, acceptable: policy.acceptable, marginal: policy.marginal },
            conformity: 'nonconformity',
            mostInExcess: excess(g.counts, n),
          },
        },
      },
    ];
  });
}
