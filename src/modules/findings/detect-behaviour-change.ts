/**
 * A sudden change in a customer's payment behaviour: the median days late of its last N payments
 * against the median of the payments before them, judged robustly — the jump must exceed
 * `madFactor` times the history's scaled MAD (1.4826 × median absolute deviation, the normal
 * distribution's σ) and `minJumpDays`, with at least `minHistory` earlier payments.
 */
import { median } from '../analytics/index.ts';
import type { AnomalyPolicy } from './anomaly-policy.ts';
import { monthOf } from './anomaly-policy.ts';
import type { FindingDraft } from './findings.types.ts';

/** One settled invoice of a customer: days late = the day it was settled − its due date. */
export interface PaymentFact {
  readonly invoiceId: string;
  readonly settledOn: string;
  readonly daysLate: number;
}

export interface CustomerPayments {
  readonly customerId: string;
  /** Oldest first. */
  readonly payments: readonly PaymentFact[];
}

/** Scaled median absolute deviation (a robust σ). */
export function scaledMad(values: readonly number[]): number {
  const m = median(values);
  return 1.4826 * median(values.map((v) => Math.abs(v - m)));
}

/** The jump in median days late and whether it is a change, or null without enough payments. */
export function behaviourJump(payments: readonly PaymentFact[], policy: AnomalyPolicy['behaviourChange']) {
  if (payments.length < policy.recentPayments + policy.minHistory) return null;
  const recent = payments.slice(-policy.recentPayments).map((p) => p.daysLate);
  const history = payments.slice(0, -policy.recentPayments).map((p) => p.daysLate);
  const before = median(history);
  const now = median(recent);
  const mad = scaledMad(history);
  const jump = now - before;
  return { before, now, mad, jump, changed: jump > policy.minJumpDays && jump > policy.madFactor * mad };
}

export function detectBehaviourChange(
  customers: readonly CustomerPayments[],
  policy: AnomalyPolicy['behaviourChange'],
): FindingDraft[] {
  return customers.flatMap((c) => {
    const j = behaviourJump(c.payments, policy);
    const last = c.payments.at(-1);
    if (!j?.changed || !last) return [];
    return [
      {
        kind: 'behaviour_change' as const,
        severity: 'medium' as const,
        title: `Customer ${c.customerId} now pays ${j.now} days late (median of its last ${policy.recentPayments}), against ${j.before} before`,
        dedupeKey: `behaviour_change:${c.customerId}:${monthOf(last.settledOn)}`,
        occurredAt: new Date(`${last.settledOn}T00:00:00Z`),
        evidence: {
          records: [],
          customerId: c.customerId,
          invoiceId: last.invoiceId,
          facts: {
            medianDaysLateBefore: j.before,
            medianDaysLateRecent: j.now,
            scaledMadBefore: Number(j.mad.toFixed(2)),
            jumpDays: j.jump,
            recent: c.payments.slice(-policy.recentPayments),
            historyPayments: c.payments.length - policy.recentPayments,
          },
        },
      },
    ];
  });
}
