/**
 * Who paid: every customer the payer may be, each with a weight and the reason in words — a known
 * account, a name confirmed before, a similar name, a group member or parent, or a customer named
 * in the text when the payer is no customer (a payment service). Weights: `EngineConfig.payer`.
 */
import type { EngineConfig, PayerWeights } from './engine-config.ts';
import type { BankLine, MatchContext } from './match-context.ts';

export interface PayerEvidence {
  readonly customerId: string;
  readonly weight: number;
  readonly reason: string;
}

/** Every customer the payer of `line` may be, in the order found (the rule's customer first). */
export function payerEvidence(
  line: BankLine,
  ctx: MatchContext,
  config: EngineConfig,
  ruleCustomer?: { customerId: string; reason: string },
): PayerEvidence[] {
  const w = config.payer;
  const out: PayerEvidence[] = ruleCustomer ? [{ ...ruleCustomer, weight: w.namedByRule }] : [];
  const found: PayerEvidence[] = [...byAccount(line, ctx, w)];
  for (const party of [line.counterpartyName, line.ultimateParty]) found.push(...byName(party, ctx, w));
  found.push(...groupTreasury(found, ctx, w));
  // A payment service or a payer we do not know: the customer may be named in the text.
  if (found.length === 0) found.push(...namedInText(line, ctx, w));
  return [...out, ...found];
}

/** The strongest evidence that `customerId` paid (the first of equals). */
export function payerWeight(
  evidence: readonly PayerEvidence[],
  customerId: string,
): PayerEvidence | undefined {
  return evidence.filter((e) => e.customerId === customerId).sort((a, b) => b.weight - a.weight)[0];
}

function byAccount(line: BankLine, ctx: MatchContext, w: PayerWeights): PayerEvidence[] {
  const customerId = ctx.customerOfIban(line.counterpartyIban);
  if (!customerId) return [];
  const reason = `payer account ${line.counterpartyIban} is known for this customer`;
  return [{ customerId, weight: w.knownIban, reason }];
}

/** A payer or ultimate party name: confirmed before, or like customers' names (and their groups). */
function byName(party: string | null, ctx: MatchContext, w: PayerWeights): PayerEvidence[] {
  const out: PayerEvidence[] = [];
  const learned = ctx.customerOfLearnedName(party);
  if (learned)
    out.push({
      customerId: learned,
      weight: w.learnedName,
      reason: `payer name "${party}" was confirmed for this customer before`,
    });
  const named = ctx.customersNamed(party);
  const best = named[0]?.similarity ?? 0;
  for (const { customerId, similarity } of named) {
    out.push({
      customerId,
      weight: similarNameWeight(similarity, best, w),
      reason: `payer name "${party}" is like the customer's (${Math.round(similarity * 100)}%)`,
    });
    const parent = ctx.customer(customerId)?.parentId;
    if (parent)
      out.push({
        customerId: parent,
        weight: w.groupMember,
        reason: `payer "${party}" belongs to the group`,
      });
  }
  return out;
}

/**
 * A name's weight from its similarity. A name that another customer's name matches clearly
 * better (a group member's name holds its parent's, "Acme UK" vs "Acme") is weak evidence.
 */
function similarNameWeight(similarity: number, best: number, w: PayerWeights): number {
  const { floor, base, perSimilarity } = w.similarName;
  const weight = base + (similarity - floor) * perSimilarity;
  return similarity < best - w.outclassed.margin ? Math.min(weight, w.outclassed.cap) : weight;
}

/** A group treasury pays for its members: the parent's evidence counts for each member. */
function groupTreasury(found: readonly PayerEvidence[], ctx: MatchContext, w: PayerWeights): PayerEvidence[] {
  return found.flatMap((e) =>
    ctx.membersOfGroup(e.customerId).map((member) => ({
      customerId: member,
      weight: Math.min(e.weight, w.groupParent.ceiling) * w.groupParent.factor,
      reason: `paid by the parent company of the group (${e.reason})`,
    })),
  );
}

function namedInText(line: BankLine, ctx: MatchContext, w: PayerWeights): PayerEvidence[] {
  return ctx.customersMentioned(line.remittance).map((customerId) => ({
    customerId,
    weight: w.namedInText,
    reason: `the customer is named in the text (payer "${line.counterpartyName ?? ''}" is not a customer)`,
  }));
}
