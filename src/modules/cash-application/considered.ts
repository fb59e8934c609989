/**
 * Which other customers a decision weighed and why they lost, in words a clerk reads: every
 * customer the payer may be and every customer a proposal was made for, beside the one chosen.
 */
import type { MatchContext } from './match-context.ts';
import type { PayerEvidence } from './payer-evidence.ts';
import type { Matching, Proposal } from './proposal.ts';

export interface Considered {
  readonly customerId: string;
  /** The confidence of its best proposal; null when no open item of it fits the amount. */
  readonly confidence: number | null;
  /** Why it lost, in words. */
  readonly why: string;
}

/** At most this many other customers are named in a decision's reasons. */
export const MAX_CONSIDERED = 3;

/** The other customers weighed for `m`, most plausible first, beside `chosen` (null: none chosen). */
export function consideredCustomers(
  m: Matching,
  ranked: readonly Proposal[],
  chosen: Proposal | null,
): Considered[] {
  const bestOf = new Map<string, Proposal>();
  for (const p of ranked) if (!bestOf.has(p.customerId)) bestOf.set(p.customerId, p);
  const payerOf = strongestPayers(m.payers);
  const ids = [...new Set([...bestOf.keys(), ...payerOf.keys()])].filter((id) => id !== chosen?.customerId);
  return ids
    .map((customerId) => considered(customerId, bestOf.get(customerId), payerOf.get(customerId), chosen))
    .sort((a, b) => (b.confidence ?? -1) - (a.confidence ?? -1))
    .slice(0, MAX_CONSIDERED);
}

function strongestPayers(payers: readonly PayerEvidence[]): Map<string, PayerEvidence> {
  const out = new Map<string, PayerEvidence>();
  for (const p of payers) {
    const old = out.get(p.customerId);
    if (!old || old.weight < p.weight) out.set(p.customerId, p);
  }
  return out;
}

function considered(
  customerId: string,
  best: Proposal | undefined,
  payer: PayerEvidence | undefined,
  chosen: Proposal | null,
): Considered {
  const who = payer ? payer.reason : 'not named by the payer';
  if (!best)
    return { customerId, confidence: null, why: `${who}; no open item or set of its items fits the amount` };
  const items = best.allocations.map((a) => a.number).join(', ');
  const against = chosen ? ` against ${chosen.confidence}` : '';
  const lookAlike = payer?.outclassedBy
    ? `; the payer's name is "${payer.outclassedBy}"'s rather than this one's`
    : '';
  return {
    customerId,
    confidence: best.confidence,
    why: `${who}${lookAlike}; its best reading (${items || 'on account'}) scored ${best.confidence}${against}`,
  };
}

/** One reason line naming the other customers weighed: "also considered: Silverline Foods SARL (C-2) — …". */
export function consideredReason(ctx: MatchContext, list: readonly Considered[]): string[] {
  if (list.length === 0) return [];
  const named = list.map((c) => {
    const customer = ctx.customer(c.customerId);
    const label = customer
      ? `${customer.names[0] ?? customer.externalId} (${customer.externalId})`
      : c.customerId;
    return `${label}: ${c.why}`;
  });
  return [`also considered — ${named.join(' | ')}`];
}
