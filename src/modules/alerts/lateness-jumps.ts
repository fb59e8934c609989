/**
 * "A customer's predicted lateness jumped" — pure. Each check compares a customer's mean predicted
 * days late over its open invoices (predictions module, `customerLateness`) with the rule's
 * baseline for that customer, in hundredths of a day (exact integers, as they are stored):
 *
 * - first seen: the prediction becomes the baseline, nothing is told (there is nothing to jump from);
 * - at least `minIncreaseDays` above the baseline: a jump is told, and the prediction becomes the
 *   baseline (a further jump is told again, the same level is not);
 * - below the baseline: the baseline falls to it, so a rise is measured from the lowest point since
 *   the last jump — a customer creeping later a day at a time is told once the creep adds up;
 * - otherwise the baseline stays.
 *
 * A customer with no open invoice has no prediction and keeps its baseline.
 */

export interface LatenessJump {
  readonly customerId: string;
  /** The baseline and the new prediction, in hundredths of a day late. */
  readonly fromHundredths: number;
  readonly toHundredths: number;
}

export interface LatenessJudgement {
  readonly jumps: readonly LatenessJump[];
  /** The baselines to store (only those that changed). */
  readonly baselines: ReadonlyMap<string, number>;
}

/** Days late as hundredths of a day, rounded half away from zero (the predictions are floats). */
export function toHundredths(daysLate: number): number {
  return Math.sign(daysLate) * Math.round(Math.abs(daysLate) * 100);
}

export function judgeLatenessJumps(
  baselines: ReadonlyMap<string, number>,
  predicted: ReadonlyMap<string, number>,
  minIncreaseDays: number,
): LatenessJudgement {
  const jumps: LatenessJump[] = [];
  const changed = new Map<string, number>();
  for (const [customerId, now] of predicted) {
    const base = baselines.get(customerId);
    if (base === undefined) changed.set(customerId, now);
    else if (now - base >= minIncreaseDays * 100) {
      jumps.push({ customerId, fromHundredths: base, toHundredths: now });
      changed.set(customerId, now);
    } else if (now < base) changed.set(customerId, now);
  }
  return { jumps, baselines: changed };
}

/** "12.50" from 1250. */
export function hundredthsText(h: number): string {
  const sign = h < 0 ? '-' : '';
  const abs = Math.abs(h);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
