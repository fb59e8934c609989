/**
 * A proposal — a customer, the open items a payment settles and how — and its confidence. The
 * reference, the payer and the amount are independent pieces of evidence, combined as
 * 1 − Π(1 − pᵢ) and bounded by a cap when the evidence is known to be ambiguous.
 */
import type { OpenItem } from './combinations.ts';
import type { StatedDeduction } from './deductions.ts';
import type { EngineConfig } from './engine-config.ts';
import type { BankLine, MatchContext, OpenInvoice } from './match-context.ts';
import type { PayerEvidence } from './payer-evidence.ts';
import { type Adjustment, type Allocation, settle } from './settlement.ts';

export interface Proposal {
  readonly customerId: string;
  readonly allocations: readonly Allocation[];
  readonly adjustments: readonly Adjustment[];
  readonly unappliedMinor: bigint;
  readonly confidence: number;
  readonly reasons: readonly string[];
  /**
   * The payer said why it paid less (`abzgl. 120,00 EUR Transportschaden`, `less credit note 815`):
   * the difference stays open on `invoiceId` and is a deduction to clear — booking opens a dispute
   * on that invoice with `reason` (the payer's words) for `amountMinor`.
   */
  readonly deduction?: Deduction;
  /** The remittance advice the proposal applies line by line (advice-proposals.ts), if one. */
  readonly adviceId?: string;
}

/** A deduction the payer stated in the remittance text (see `Proposal.deduction`). */
export interface Deduction {
  readonly kind: 'short_payment' | 'credit_note';
  readonly invoiceId: string;
  readonly amountMinor: bigint;
  /** The payer's words, e.g. `Transportschaden` or `credit note 815`. */
  readonly reason: string;
}

/** One line being decided: what every step of `decide` reads. */
export interface Matching {
  readonly line: BankLine;
  readonly ctx: MatchContext;
  readonly config: EngineConfig;
  /** Remittance, structured references, end-to-end id and a rule's references, joined. */
  readonly text: string;
  /** Every customer the payer may be (see payer-evidence.ts). */
  readonly payers: readonly PayerEvidence[];
  /** The bank-charge tolerance in the line's currency. */
  readonly toleranceMinor: bigint;
  /** What the payer says it deducted (`deductions.ts`). */
  readonly deductions: readonly StatedDeduction[];
}

/** What speaks for a customer and a set of its items. */
export interface Evidence {
  readonly customerId: string;
  /** Oldest first: a partial payment settles them in this order. */
  readonly items: readonly OpenInvoice[];
  /** The reference's weight (0 when no reference named the items). */
  readonly refConfidence: number;
  readonly refReason: string;
  readonly payer: PayerEvidence | undefined;
  /** Upper bound of the confidence (`EngineConfig.caps`); default `caps.certain`. */
  readonly cap?: number;
  /** The amount is what found the items (no reference): it is not evidence a second time. */
  readonly amountAlreadyCounted?: boolean;
  /** What the payer said it deducted (only where a reference names the items). */
  readonly stated?: readonly StatedDeduction[];
}

/** The proposal for `evidence`, with its confidence rounded to three decimals and its reasons. */
export function propose(line: BankLine, evidence: Evidence, config: EngineConfig): Proposal {
  const settled = settle(line, evidence.items, config, evidence.stated);
  const fitEvidence = evidence.amountAlreadyCounted ? 0 : settled.fitEvidence;
  const combined = combine(evidence.refConfidence, evidence.payer?.weight ?? 0, fitEvidence);
  const bounded = Math.min(evidence.cap ?? config.caps.certain, config.caps.certain, combined);
  return {
    customerId: evidence.customerId,
    allocations: settled.allocations,
    adjustments: settled.adjustments,
    unappliedMinor: settled.unappliedMinor,
    confidence: Math.round(bounded * 1000) / 1000,
    reasons: [evidence.refReason, ...(evidence.payer ? [evidence.payer.reason] : []), settled.fit].filter(
      (r) => r !== '',
    ),
    ...(settled.deduction ? { deduction: settled.deduction } : {}),
  };
}

/** Independent evidence combined: the chance that not all of it is wrong, 1 − Π(1 − pᵢ). */
function combine(reference: number, payer: number, amount: number): number {
  return 1 - (1 - reference) * (1 - payer) * (1 - amount);
}

/** One proposal per customer and set of items: the most confident (the first of equals). */
export function dedupe(proposals: readonly Proposal[]): Proposal[] {
  const byKey = new Map<string, Proposal>();
  for (const p of proposals) {
    const key = `${p.customerId}|${p.allocations
      .map((a) => a.invoiceId)
      .sort()
      .join(',')}`;
    const old = byKey.get(key);
    if (!old || old.confidence < p.confidence) byKey.set(key, p);
  }
  return [...byKey.values()];
}

/** The open items of `customerId` behind subset-sum candidates, in the candidates' order. */
export function byIds(ctx: MatchContext, customerId: string, items: readonly OpenItem[]): OpenInvoice[] {
  const open = ctx.openOf(customerId);
  return items.flatMap((i) => open.filter((o) => o.invoiceId === i.id));
}
