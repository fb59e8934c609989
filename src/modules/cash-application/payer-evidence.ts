/**
 * Who paid: every customer the payer may be, each with a weight and the reason in words — a known
 * account, a name confirmed before, a similar name, a group member or parent, or a customer named
 * in the text when the payer is no customer (a payment service). Weights: `EngineConfig.payer`.
 */
import type { EngineConfig, PayerWeights } from './engine-config.ts';
import type { BankLine, MatchContext } from './match-context.ts';
import { type LegalFormRelation, legalFormOf, legalFormRelation } from './names.ts';

/** Where the evidence comes from: tolerances and caps depend on it. */
export type PayerKind =
  | 'account'
  | 'learned_name'
  | 'name'
  | 'group_member'
  | 'group_parent'
  | 'text'
  | 'rule';

export interface PayerEvidence {
  readonly customerId: string;
  readonly kind: PayerKind;
  readonly weight: number;
  readonly reason: string;
  /**
   * Another customer's name is clearly the better match (by `EngineConfig.payer.lookAlike.margin`):
   * the payer is most likely that one, and this customer's items are never applied on the amount alone.
   */
  readonly outclassedBy?: string;
}

/** The payer is named by something other than a name alone (an account, a person, a rule). */
export function isKnownPayer(e: PayerEvidence | undefined): boolean {
  return e !== undefined && (e.kind === 'account' || e.kind === 'learned_name' || e.kind === 'rule');
}

/** Every customer the payer of `line` may be, in the order found (the rule's customer first). */
export function payerEvidence(
  line: BankLine,
  ctx: MatchContext,
  config: EngineConfig,
  ruleCustomer?: { customerId: string; reason: string },
): PayerEvidence[] {
  const w = config.payer;
  const out: PayerEvidence[] = ruleCustomer ? [{ ...ruleCustomer, kind: 'rule', weight: w.namedByRule }] : [];
  const found: PayerEvidence[] = [...byAccount(line, ctx, w)];
  for (const party of [line.counterpartyName, line.ultimateParty]) found.push(...byName(party, ctx, w));
  found.push(...groupTreasury(found, ctx, w));
  // A payment service or a payer we do not know: the customer may be named in the text.
  if (found.length === 0) found.push(...namedInText(line, ctx, w));
  return markLookAlikes([...out, ...found], ctx, w);
}

/**
 * A customer named only by a name that another customer's name matches clearly better (the
 * payer wrote `Silverline Foods LLC`; `Silverline Foods SARL` is its look-alike), or only through
 * a group such a name belongs to, is marked `outclassedBy` that customer — unless something else
 * (an account, a person, a rule) names it too.
 */
function markLookAlikes(evidence: PayerEvidence[], ctx: MatchContext, w: PayerWeights): PayerEvidence[] {
  const byName = evidence.filter((e) => e.kind === 'name');
  const best = byName.reduce<PayerEvidence | undefined>(
    (b, e) => (!b || e.weight > b.weight ? e : b),
    undefined,
  );
  if (!best) return evidence;
  const otherwiseNamed = new Set(evidence.filter((e) => e.kind !== 'name').map((e) => e.customerId));
  const label = ctx.customer(best.customerId)?.names[0] ?? best.customerId;
  return evidence.map((e) =>
    (e.kind === 'name' || e.kind === 'group_member' || e.kind === 'group_parent') &&
    e.customerId !== best.customerId &&
    !otherwiseNamed.has(e.customerId) &&
    best.weight - e.weight >= w.lookAlike.margin
      ? { ...e, outclassedBy: label }
      : e,
  );
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
  return [{ customerId, kind: 'account', weight: w.knownIban, reason }];
}

/** A payer or ultimate party name: confirmed before, or like customers' names (and their groups). */
function byName(party: string | null, ctx: MatchContext, w: PayerWeights): PayerEvidence[] {
  const out: PayerEvidence[] = [];
  const learned = ctx.customerOfLearnedName(party);
  if (learned)
    out.push({
      customerId: learned,
      kind: 'learned_name',
      weight: w.learnedName,
      reason: `payer name "${party}" was confirmed for this customer before`,
    });
  const named = ctx.customersNamed(party);
  const best = named[0]?.similarity ?? 0;
  const written = party ? legalFormOf(party) : { form: '', cut: false };
  for (const { customerId, similarity } of named) {
    const relation = legalFormRelation(written, ctx.legalForms(customerId));
    out.push({
      customerId,
      kind: 'name',
      weight: outclassed(withLegalForm(similarNameWeight(similarity, w), relation, w), similarity, best, w),
      reason: nameReason(party ?? '', similarity, relation, written.form, ctx.legalForms(customerId)),
    });
    const parent = ctx.customer(customerId)?.parentId;
    if (parent)
      out.push({
        customerId: parent,
        kind: 'group_member',
        weight: w.groupMember,
        reason: `payer "${party}" belongs to the group`,
      });
  }
  return out;
}

/** A name's weight with what its legal form says (`EngineConfig.payer.legalForm`). */
function withLegalForm(weight: number, relation: LegalFormRelation, w: PayerWeights): number {
  const { sameBonus, exact, differentCap } = w.legalForm;
  if (relation === 'same') return Math.max(weight, Math.min(exact, weight + sameBonus));
  if (relation === 'different') return Math.min(weight, differentCap);
  return weight;
}

function nameReason(
  party: string,
  similarity: number,
  relation: LegalFormRelation,
  form: string,
  customerForms: readonly string[],
): string {
  const like = `payer name "${party}" is like the customer's (${Math.round(similarity * 100)}%)`;
  if (relation === 'same' && similarity >= 1)
    return `payer name "${party}" is the customer's name, legal form (${form.toUpperCase()}) included`;
  if (relation === 'same') return `${like}, with the same legal form (${form.toUpperCase()})`;
  if (relation === 'different') {
    const theirs = [...new Set(customerForms.filter((f) => f !== ''))].map((f) => f.toUpperCase());
    return `${like}, but its legal form ${form.toUpperCase()} is not the customer's (${theirs.join(', ')}): another company of that name`;
  }
  return form === '' ? `${like}; no legal form written` : like;
}

/** A name's weight from its similarity: 0.55 at the floor (0.85), 0.85 for the same name. */
function similarNameWeight(similarity: number, w: PayerWeights): number {
  const { floor, base, perSimilarity } = w.similarName;
  return base + (similarity - floor) * perSimilarity;
}

/**
 * A name that another customer's name matches clearly better (a group member's name holds its
 * parent's, "Acme UK" vs "Acme") is weak evidence.
 */
function outclassed(weight: number, similarity: number, best: number, w: PayerWeights): number {
  return similarity < best - w.outclassed.margin ? Math.min(weight, w.outclassed.cap) : weight;
}

/** A group treasury pays for its members: the parent's evidence counts for each member. */
function groupTreasury(found: readonly PayerEvidence[], ctx: MatchContext, w: PayerWeights): PayerEvidence[] {
  return found.flatMap((e) =>
    ctx.membersOfGroup(e.customerId).map((member) => ({
      customerId: member,
      kind: 'group_parent' as const,
      weight: Math.min(e.weight, w.groupParent.ceiling) * w.groupParent.factor,
      reason: `paid by the parent company of the group (${e.reason})`,
    })),
  );
}

function namedInText(line: BankLine, ctx: MatchContext, w: PayerWeights): PayerEvidence[] {
  return ctx.customersMentioned(line.remittance).map((customerId) => ({
    customerId,
    kind: 'text' as const,
    weight: w.namedInText,
    reason: `the customer is named in the text (payer "${line.counterpartyName ?? ''}" is not a customer)`,
  }));
}
