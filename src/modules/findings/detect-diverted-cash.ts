/**
 * Signs of diverted cash. `lapping_signal`: a receipt paid from a bank account that the customer
 * master gives to another customer, booked to a customer outside that customer's group (parent
 * and members; customers module's groups); or a receipt applied to an invoice of a customer
 * outside the receipt customer's group (allocation refuses that, so it means the group changed
 * after) — the shape of one customer's money covering another's debt. `credit_after_receipt`: a
 * credit note or write-off on customer X within days after a receipt was applied to a customer
 * other than X — the shape of X's payment diverted and X's debt made to vanish: paid from X's own
 * account (on X's master) and of a similar amount (high), or from an account on nobody's master
 * (or none) and of exactly the credit's amount (medium). A receipt from another customer's account
 * was that customer's money, so says nothing about X. (Similar amounts alone were too common: on
 * the demo company a scan raised 186 findings, one for almost every credit note.)
 */
import type { AnomalyPolicy } from './anomaly-policy.ts';
import { nearAmounts } from './detect-duplicates.ts';
import type { FindingDraft } from './findings.types.ts';

export interface CrossAllocationFact {
  readonly allocationId: string;
  readonly receiptId: string;
  readonly payerCustomerId: string;
  readonly invoiceId: string;
  readonly invoiceNumber: string | null;
  readonly invoiceCustomerId: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly appliedAt: Date;
}

/** A receipt whose payer account is on the master data of other customers only. */
export interface ForeignPayerFact {
  readonly receiptId: string;
  readonly customerId: string;
  readonly payerIban: string;
  readonly payerName: string | null;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly receivedOn: string;
  readonly accountOwnerIds: readonly string[];
}

export interface LappingFacts {
  readonly allocations: readonly CrossAllocationFact[];
  readonly foreignPayers: readonly ForeignPayerFact[];
  /** Each customer's group (itself included), for the payers and account owners; missing: no relation. */
  readonly groups: ReadonlyMap<string, ReadonlySet<string>>;
}

function related(groups: LappingFacts['groups'], a: string, b: string): boolean {
  return a === b || (groups.get(a)?.has(b) ?? false);
}

function foreignPayerFindings(facts: LappingFacts): FindingDraft[] {
  return facts.foreignPayers.flatMap((r) => {
    if (r.accountOwnerIds.some((owner) => related(facts.groups, owner, r.customerId))) return [];
    return [
      {
        kind: 'lapping_signal' as const,
        severity: 'high' as const,
        title: `Receipt booked to customer ${r.customerId} paid from the bank account of unrelated customer ${r.accountOwnerIds.join(', ')}`,
        dedupeKey: `lapping_signal:receipt:${r.receiptId}`,
        occurredAt: new Date(`${r.receivedOn}T00:00:00Z`),
        evidence: {
          records: [],
          customerId: r.customerId,
          receiptId: r.receiptId,
          facts: {
            payerIban: r.payerIban,
            payerName: r.payerName,
            accountOnMasterOf: r.accountOwnerIds,
            bookedToCustomerId: r.customerId,
            amountMinor: r.amountMinor.toString(),
            currency: r.currency,
            receivedOn: r.receivedOn,
            relation: 'none',
          },
        },
      },
    ];
  });
}

export function detectLapping(facts: LappingFacts): FindingDraft[] {
  return [...foreignPayerFindings(facts), ...crossAllocationFindings(facts)];
}

function crossAllocationFindings(facts: LappingFacts): FindingDraft[] {
  return facts.allocations.flatMap((a) => {
    if (a.invoiceCustomerId === a.payerCustomerId) return [];
    if (facts.groups.get(a.payerCustomerId)?.has(a.invoiceCustomerId)) return [];
    return [
      {
        kind: 'lapping_signal' as const,
        severity: 'medium' as const,
        title: `Receipt of customer ${a.payerCustomerId} applied to invoice ${a.invoiceNumber ?? a.invoiceId} of unrelated customer ${a.invoiceCustomerId}`,
        dedupeKey: `lapping_signal:${a.allocationId}`,
        occurredAt: a.appliedAt,
        evidence: {
          records: [],
          customerId: a.invoiceCustomerId,
          invoiceId: a.invoiceId,
          receiptId: a.receiptId,
          facts: {
            payerCustomerId: a.payerCustomerId,
            invoiceCustomerId: a.invoiceCustomerId,
            allocationId: a.allocationId,
            amountMinor: a.amountMinor.toString(),
            currency: a.currency,
            relation: 'none',
          },
        },
      },
    ];
  });
}

export interface CreditFact {
  readonly adjustmentId: string;
  readonly kind: 'credit_note' | 'write_off';
  readonly invoiceId: string;
  readonly invoiceNumber: string | null;
  readonly customerId: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly createdAt: Date;
}

/**
 * Whose money the receipt was, by its payer account: on the credited customer's master, on
 * another customer's master only, or unknown (no payer account, or one on nobody's master).
 */
export type ReceiptPayer = 'credited_customer' | 'other_customer' | 'unknown';

export interface AppliedReceiptFact {
  readonly receiptId: string;
  readonly receiptAmountMinor: bigint;
  readonly currency: string;
  /** The customer the receipt was applied to (an invoice of theirs). */
  readonly appliedToCustomerId: string;
  readonly appliedAt: Date;
  readonly payer: ReceiptPayer;
}

const DAY_MS = 86_400_000;

/** X's own money (within the share) or money of nobody known (to the cent); another customer's: never. */
function amountsMatch(c: CreditFact, r: AppliedReceiptFact, policy: AnomalyPolicy['creditAfterReceipt']) {
  if (r.payer === 'credited_customer')
    return nearAmounts(r.receiptAmountMinor, c.amountMinor, policy.amountShare, 0n);
  return r.payer === 'unknown' && r.receiptAmountMinor === c.amountMinor;
}

function followsReceipt(c: CreditFact, r: AppliedReceiptFact, policy: AnomalyPolicy['creditAfterReceipt']) {
  const gap = c.createdAt.getTime() - r.appliedAt.getTime();
  return (
    r.currency === c.currency &&
    r.appliedToCustomerId !== c.customerId &&
    gap >= 0 &&
    gap <= policy.withinDays * DAY_MS &&
    amountsMatch(c, r, policy)
  );
}

/** A receipt from X's own account outranks one of unknown payer; of equal rank, the later. */
function outranks(r: AppliedReceiptFact, had: AppliedReceiptFact): boolean {
  const rank = (x: AppliedReceiptFact) => (x.payer === 'credited_customer' ? 1 : 0);
  return rank(r) !== rank(had) ? rank(r) > rank(had) : had.appliedAt < r.appliedAt;
}

/** The receipt each credit follows best (`outranks`), of the candidate pairs (any order) that pass the rule. */
function latestReceiptPerCredit(
  pairs: readonly (readonly [CreditFact, AppliedReceiptFact])[],
  policy: AnomalyPolicy['creditAfterReceipt'],
): Map<string, readonly [CreditFact, AppliedReceiptFact]> {
  const out = new Map<string, readonly [CreditFact, AppliedReceiptFact]>();
  for (const [c, r] of pairs) {
    if (!followsReceipt(c, r, policy)) continue;
    const had = out.get(c.adjustmentId);
    if (!had || outranks(r, had[1])) out.set(c.adjustmentId, [c, r]);
  }
  return out;
}

/**
 * One finding per credit or write-off that follows a similar receipt applied elsewhere (the latest
 * such receipt), from candidate pairs of a credit and a receipt applied before it.
 */
export function detectCreditAfterReceipt(
  pairs: readonly (readonly [CreditFact, AppliedReceiptFact])[],
  policy: AnomalyPolicy['creditAfterReceipt'],
): FindingDraft[] {
  return [...latestReceiptPerCredit(pairs, policy).values()].map(([c, r]) => {
    const days = Math.floor((c.createdAt.getTime() - r.appliedAt.getTime()) / DAY_MS);
    return {
      kind: 'credit_after_receipt' as const,
      severity: r.payer === 'credited_customer' ? ('high' as const) : ('medium' as const),
      title: `${c.kind === 'write_off' ? 'Write-off' : 'Credit note'} on invoice ${c.invoiceNumber ?? c.invoiceId} ${days} days after a similar receipt was applied to another customer`,
      dedupeKey: `credit_after_receipt:${c.adjustmentId}`,
      occurredAt: c.createdAt,
      evidence: {
        records: [],
        customerId: c.customerId,
        invoiceId: c.invoiceId,
        receiptId: r.receiptId,
        facts: {
          adjustment: { ...c, amountMinor: c.amountMinor.toString(), createdAt: c.createdAt.toISOString() },
          receipt: {
            ...r,
            receiptAmountMinor: r.receiptAmountMinor.toString(),
            appliedAt: r.appliedAt.toISOString(),
          },
          daysBetween: days,
          payer: r.payer,
        },
      },
    };
  });
}
