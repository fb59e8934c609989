/**
 * Credits and write-offs shaped to pass unseen. `under_approval_limit`: one user's credit notes or
 * write-offs just below the approval threshold in force for their kind and currency (at most 5%
 * below it), at least three times in the scan's window — splitting or trimming to stay under the
 * checker. `round_amount_credit`: a credit or write-off of a round amount (a multiple of 100 major
 * units, at least 1,000), which real disputes and short payments rarely produce.
 */
import { exponentOf } from '../../shared/currency.ts';
import type { AnomalyPolicy } from './anomaly-policy.ts';
import { monthOf } from './anomaly-policy.ts';
import type { CreditFact } from './detect-diverted-cash.ts';
import type { FindingDraft } from './findings.types.ts';

/** A credit or write-off with who made it (the audit record's actor; null: not found). */
export interface AttributedCreditFact extends CreditFact {
  readonly userId: string | null;
  readonly userName: string | null;
}

/** `invoice.credit_note:EUR` → the threshold in minor units, for enabled kinds with a threshold above 0. */
export type Thresholds = ReadonlyMap<string, bigint>;

export const thresholdKey = (kind: CreditFact['kind'], currency: string) =>
  `${kind === 'write_off' ? 'invoice.write_off' : 'invoice.credit_note'}:${currency}`;

/** The threshold a credit stayed just under (within `belowShare`), or null. */
export function justUnder(c: CreditFact, thresholds: Thresholds, belowShare: number): bigint | null {
  const limit = thresholds.get(thresholdKey(c.kind, c.currency));
  if (limit === undefined || limit <= 0n || c.amountMinor >= limit) return null;
  const floor = limit - (limit * BigInt(Math.round(belowShare * 1_000_000))) / 1_000_000n;
  return c.amountMinor >= floor ? limit : null;
}

function byUser(credits: readonly AttributedCreditFact[]): Map<string, AttributedCreditFact[]> {
  const out = new Map<string, AttributedCreditFact[]>();
  for (const c of credits) {
    if (!c.userId) continue;
    out.set(c.userId, [...(out.get(c.userId) ?? []), c]);
  }
  return out;
}

export function detectUnderApprovalLimit(
  credits: readonly AttributedCreditFact[],
  thresholds: Thresholds,
  policy: AnomalyPolicy['underApprovalLimit'],
): FindingDraft[] {
  const under = credits.filter((c) => justUnder(c, thresholds, policy.belowShare) !== null);
  return [...byUser(under)].flatMap(([userId, list]) => {
    if (list.length < policy.minRepeats) return [];
    const sorted = [...list].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const last = sorted.at(-1) as AttributedCreditFact;
    return [
      {
        kind: 'under_approval_limit' as const,
        severity: 'medium' as const,
        title: `${last.userName ?? userId} made ${list.length} credits or write-offs just under the approval threshold`,
        dedupeKey: `under_approval_limit:${userId}:${monthOf(sorted[0]?.createdAt ?? last.createdAt)}`,
        occurredAt: last.createdAt,
        evidence: {
          records: [],
          userId,
          facts: {
            belowShare: policy.belowShare,
            credits: sorted.map((c) => ({
              adjustmentId: c.adjustmentId,
              kind: c.kind,
              invoiceId: c.invoiceId,
              invoiceNumber: c.invoiceNumber,
              amountMinor: c.amountMinor.toString(),
              currency: c.currency,
              thresholdMinor: thresholds.get(thresholdKey(c.kind, c.currency))?.toString() ?? null,
              at: c.createdAt.toISOString(),
            })),
          },
        },
      },
    ];
  });
}

/** True for a multiple of `roundMajor` major units, at least `minMajor` (in the currency's minor units). */
export function isRoundAmount(
  amountMinor: bigint,
  currency: string,
  policy: AnomalyPolicy['roundAmountCredit'],
) {
  const unit = 10n ** BigInt(exponentOf(currency));
  return amountMinor >= policy.minMajor * unit && amountMinor % (policy.roundMajor * unit) === 0n;
}

export function detectRoundAmountCredits(
  credits: readonly AttributedCreditFact[],
  policy: AnomalyPolicy['roundAmountCredit'],
): FindingDraft[] {
  return credits.flatMap((c) =>
    isRoundAmount(c.amountMinor, c.currency, policy)
      ? [
          {
            kind: 'round_amount_credit' as const,
            severity: 'low' as const,
            title: `${c.kind === 'write_off' ? 'Write-off' : 'Credit note'} of a round amount on invoice ${c.invoiceNumber ?? c.invoiceId}`,
            dedupeKey: `round_amount_credit:${c.adjustmentId}`,
            occurredAt: c.createdAt,
            evidence: {
              records: [],
              userId: c.userId,
              customerId: c.customerId,
              invoiceId: c.invoiceId,
              facts: {
                kind: c.kind,
                amountMinor: c.amountMinor.toString(),
                currency: c.currency,
                by: c.userName,
              },
            },
          },
        ]
      : [],
  );
}
