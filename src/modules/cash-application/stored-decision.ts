/**
 * A bank line's decision as stored with its verdict (`bank_transactions.decision`, JSON): the
 * proposal that was booked, or the suggestions and reasons of a line left for review.
 */
import type { SettlementAdjustmentKind } from '../invoices/index.ts';
import type { Proposal } from './engine.ts';

/** A proposal in JSON: amounts as decimal strings of minor units. */
export interface StoredProposal {
  customerId: string;
  confidence: number;
  allocations: { invoiceId: string; number: string; amountMinor: string }[];
  adjustments: { kind: SettlementAdjustmentKind; invoiceId: string; amountMinor: string }[];
  unappliedMinor: string;
  reasons: string[];
  /** The remittance advice the proposal applies, if one. */
  adviceId?: string;
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
    ...(p.adviceId ? { adviceId: p.adviceId } : {}),
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
    ...(s.adviceId ? { adviceId: s.adviceId } : {}),
  };
}

/** The suggestions stored with a line left for review (none for other verdicts). */
export function storedSuggestions(decision: unknown): StoredProposal[] {
  return (decision as { suggestions?: StoredProposal[] } | null)?.suggestions ?? [];
}

/** The reasons stored with a verdict. */
export function storedReasons(decision: unknown): string[] {
  return (decision as { reasons?: string[] } | null)?.reasons ?? [];
}

/** The journal entry a `post` rule made of the line, if one did (the line is booked then). */
export function postedEntryId(decision: unknown): string | null {
  return (decision as { entryId?: string | null } | null)?.entryId ?? null;
}
