/**
 * A bank line's decision as stored with its verdict (`bank_transactions.decision`, JSON): the
 * proposal that was booked, or the suggestions and reasons of a line left for review.
 */
import type { SettlementAdjustmentKind } from '../invoices/index.ts';
import type { Deduction, Proposal } from './engine.ts';

/** A proposal in JSON: amounts as decimal strings of minor units. */
export interface StoredProposal {
  customerId: string;
  confidence: number;
  allocations: { invoiceId: string; number: string; amountMinor: string }[];
  adjustments: { kind: SettlementAdjustmentKind; invoiceId: string; amountMinor: string }[];
  unappliedMinor: string;
  reasons: string[];
  /** Only when the payer stated one (absent, not null, otherwise: older decisions have none). */
  deduction?: StoredDeduction;
}

/** A deduction in JSON (see `Deduction`). */
export interface StoredDeduction {
  kind: Deduction['kind'];
  invoiceId: string;
  amountMinor: string;
  reason: string;
}

/** How an applied line came to be booked. */
export type BookedHow = 'auto' | 'accepted' | 'manual';

export function proposalJson(p: Proposal): StoredProposal {
  return {
    customerId: p.customerId,
    confidence: p.confidence,
    allocations: p.allocations.map((a) => ({
      invoiceId: a.invoiceId,
      number: a.number,
      amountMinor: String(a.amountMinor),
    })),
    adjustments: p.adjustments.map((a) => ({
      kind: a.kind,
      invoiceId: a.invoiceId,
      amountMinor: String(a.amountMinor),
    })),
    unappliedMinor: String(p.unappliedMinor),
    reasons: [...p.reasons],
    ...(p.deduction ? { deduction: deductionJson(p.deduction) } : {}),
  };
}

export function proposalOf(s: StoredProposal, extraReason?: string): Proposal {
  return {
    customerId: s.customerId,
    confidence: s.confidence,
    allocations: s.allocations.map((a) => ({
      invoiceId: a.invoiceId,
      number: a.number,
      amountMinor: BigInt(a.amountMinor),
    })),
    adjustments: s.adjustments.map((a) => ({
      kind: a.kind,
      invoiceId: a.invoiceId,
      amountMinor: BigInt(a.amountMinor),
    })),
    unappliedMinor: BigInt(s.unappliedMinor),
    reasons: extraReason ? [...s.reasons, extraReason] : [...s.reasons],
    ...(s.deduction ? { deduction: deductionOf(s.deduction) } : {}),
  };
}

function deductionJson(d: Deduction): StoredDeduction {
  return { kind: d.kind, invoiceId: d.invoiceId, amountMinor: String(d.amountMinor), reason: d.reason };
}

function deductionOf(s: StoredDeduction): Deduction {
  return { kind: s.kind, invoiceId: s.invoiceId, amountMinor: BigInt(s.amountMinor), reason: s.reason };
}

/**
 * What an applied line's decision says of its deduction: the deduction booked and the dispute it
 * went to (booking always names one; null only for a decision written otherwise); null when the
 * line had no deduction.
 */
export function bookedDeduction(
  decision: unknown,
): { deduction: Deduction; disputeId: string | null } | null {
  const p = storedAppliedProposal(decision);
  return p?.deduction ? { deduction: deductionOf(p.deduction), disputeId: p.disputeId ?? null } : null;
}

/** The suggestions stored with a line left for review (none for other verdicts). */
export function storedSuggestions(decision: unknown): StoredProposal[] {
  return (decision as { suggestions?: StoredProposal[] } | null)?.suggestions ?? [];
}

/** The proposal an applied line booked, with the dispute its deduction went to (null otherwise). */
export function storedAppliedProposal(decision: unknown): (StoredProposal & { disputeId?: string }) | null {
  const d = decision as (StoredProposal & { disputeId?: string }) | null;
  return d && Array.isArray(d.allocations) ? d : null;
}

/** The reasons stored with a verdict. */
export function storedReasons(decision: unknown): string[] {
  return (decision as { reasons?: string[] } | null)?.reasons ?? [];
}

/** The journal entry a `post` rule made of the line, if one did (the line is booked then). */
export function postedEntryId(decision: unknown): string | null {
  return (decision as { entryId?: string | null } | null)?.entryId ?? null;
}
