/**
 * Step 2 of `decide`, when no reference settled the line: the likeliest payers' open items that
 * the amount makes — one item or a set (bounded subset sum), exactly, within the bank-charge
 * tolerance, or less early-payment discounts. The amount is then the evidence; when several sets
 * make it, or the text names an invoice of ours that is not open, a person decides.
 */
import { type Combination, findCombinations, type OpenItem } from './combinations.ts';
import type { AmountWeights } from './engine-config.ts';
import { isKnownPayer, type PayerEvidence } from './payer-evidence.ts';
import { byIds, type Matching, type Proposal, propose } from './proposal.ts';
import { discountAllowed } from './settlement.ts';
import { exactPairsAndTriples } from './small-sets.ts';

/** The sets of a customer's open items the amount makes, and whether any makes it exactly. */
interface AmountSets {
  readonly sets: readonly Combination[];
  readonly anyExact: boolean;
}

/**
 * Proposals from the amount for the likeliest payers. `unresolved`: numbers of our invoices in
 * the text that are not open — the payer said what it pays, so a guess is only suggested.
 */
export function amountProposals(m: Matching, unresolved: readonly string[]): Proposal[] {
  return likeliestPayers(m).flatMap((payer) => payerProposals(m, payer, unresolved));
}

/** The strongest evidence of each customer, strongest first, at most `maxCandidates` customers. */
export function likeliestPayers(m: Matching): PayerEvidence[] {
  const seen = new Set<string>();
  const out: PayerEvidence[] = [];
  for (const payer of [...m.payers].sort((a, b) => b.weight - a.weight)) {
    if (seen.has(payer.customerId)) continue;
    // The likeliest few are enough (a common name can be like dozens of customers).
    if (seen.size >= m.config.payer.maxCandidates) break;
    seen.add(payer.customerId);
    out.push(payer);
  }
  return out;
}

function payerProposals(m: Matching, payer: PayerEvidence, unresolved: readonly string[]): Proposal[] {
  const { sets, anyExact } = amountSets(m, payer.customerId);
  const unique = sets.length === 1;
  return sets.map((combo) =>
    propose(
      m.line,
      {
        customerId: payer.customerId,
        items: byIds(m.ctx, payer.customerId, combo.items),
        refConfidence: amountOnlyWeight(m.config.amount, combo, unique, anyExact),
        refReason: amountReason(combo, sets.length),
        payer,
        cap: amountOnlyCap(m, payer, combo, unique, unresolved),
        amountAlreadyCounted: true,
      },
      m.config,
    ),
  );
}

/**
 * How sure an amount-only guess may be: ambiguous when several sets make the amount or the text
 * names an invoice of ours that is not open; a look-alike's guess below every guess of the
 * better-named customer; short by bank charges only when an account or a person names the payer
 * (else a look-alike's item a few euros off would beat the named customer's exact one).
 */
function amountOnlyCap(
  m: Matching,
  payer: PayerEvidence,
  combo: Combination,
  unique: boolean,
  unresolved: readonly string[],
): number {
  const { caps } = m.config;
  if (payer.outclassedBy !== undefined) return caps.lookAlike;
  if (unresolved.length > 0 || !unique) return caps.ambiguous;
  if (combo.differenceMinor !== 0n && !isKnownPayer(payer)) return caps.needsPerson;
  return caps.certain;
}

function asSets(items: readonly OpenItem[], max: number): Combination[] {
  return items.slice(0, max).map((i) => ({ items: [i], totalMinor: i.amountMinor, differenceMinor: 0n }));
}

/** Items that, less the early-payment discount still allowed on the line's date, equal the amount. */
function singlesLessDiscount(m: Matching, customerId: string): OpenItem[] {
  const { line, ctx, config } = m;
  const rounding = config.amount.discountRoundingMinor;
  return ctx
    .openOf(customerId)
    .filter((i) => {
      if (i.currency !== line.currency || i.openMinor !== i.totalMinor) return false;
      const discount = discountAllowed(i, line.bookingDate);
      const diff = i.openMinor - discount - line.amountMinor;
      return discount > 0n && diff >= -rounding && diff <= rounding;
    })
    .map((i) => ({ id: i.invoiceId, amountMinor: i.openMinor, dueDate: i.dueDate }))
    .sort((a, b) => compareText(a.dueDate, b.dueDate) || compareText(a.id, b.id));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The sets of the customer's open items the amount makes. One item for exactly the amount beats
 * any set of several (every item is looked at, not only the oldest the subset sum reads), and so
 * does one item less its early-payment discount; then two or three items that make it exactly
 * (among all open items); else
 * one search within the bank-charge tolerance, exact sets first; only when none makes the amount,
 * the sets that make it less their early-payment discounts.
 */
function amountSets(m: Matching, customerId: string): AmountSets {
  const { line, ctx, config } = m;
  // Oldest first (ties by id): equal candidates are proposed in an order that never depends on load order.
  const items = ctx.itemsOf(customerId, line.currency);
  const singles = items.filter((i) => i.amountMinor === line.amountMinor);
  if (singles.length > 0) return { sets: asSets(singles, config.search.amountOnlySets), anyExact: true };
  const lessDiscount = singlesLessDiscount(m, customerId);
  if (lessDiscount.length > 0)
    return { sets: asSets(lessDiscount, config.search.amountOnlySets), anyExact: false };
  const few = exactPairsAndTriples(items, line.amountMinor, config.search.amountOnlySets);
  if (few.length > 0) return { sets: few, anyExact: true };
  const all = findCombinations(items, {
    amountMinor: line.amountMinor,
    shortByAtMostMinor: m.toleranceMinor,
    limit: config.search.combinations,
  });
  const exact = all.filter((c) => c.differenceMinor === 0n).slice(0, config.search.amountOnlySets);
  const withCharges = exact.length > 0 ? exact : all.slice(0, config.search.amountOnlySets);
  const sets = withCharges.length > 0 ? withCharges : discountCombinations(m, customerId);
  return { sets, anyExact: exact.length > 0 };
}

/**
 * The amount alone: one item paid exactly is good evidence, a set of items less so, and a set
 * that only fits within the bank-charge tolerance is often chance (many subsets of a customer's
 * items fall within a few euros of any amount): never applied without a person.
 */
function amountOnlyWeight(w: AmountWeights, combo: Combination, unique: boolean, anyExact: boolean): number {
  if (!unique) return w.amountOnly.severalSets;
  const exactSum = combo.differenceMinor === 0n || anyExact;
  if (combo.items.length === 1)
    return exactSum ? w.amountOnly.oneItemExact : w.amountOnly.oneItemWithinCharges;
  return exactSum ? w.amountOnly.setExact : w.amountOnly.setWithinCharges;
}

function amountReason(combo: Combination, sets: number): string {
  if (sets !== 1) return `no reference; the amount matches ${sets} different sets of open items: ambiguous`;
  const what = combo.items.length === 1 ? 'one open item' : `${combo.items.length} open items together`;
  return `no reference; the amount matches ${what} of this customer, and no other set`;
}

/** Sets of open items that, less their early-payment discounts, equal the payment. */
function discountCombinations(m: Matching, customerId: string): Combination[] {
  const { line, ctx, config } = m;
  const open = ctx.openOf(customerId);
  const discounted = open
    .filter((i) => i.currency === line.currency && i.openMinor === i.totalMinor)
    .map((i) => ({
      id: i.invoiceId,
      amountMinor: i.openMinor - discountAllowed(i, line.bookingDate),
      dueDate: i.dueDate,
    }))
    .filter((i) => i.amountMinor > 0n);
  const withDiscount = (id: string) => {
    const inv = open.find((o) => o.invoiceId === id);
    return inv !== undefined && discountAllowed(inv, line.bookingDate) > 0n;
  };
  return findCombinations(discounted, {
    amountMinor: line.amountMinor,
    shortByAtMostMinor: config.search.discountSlackMinor,
    limit: config.search.discountSets,
  }).filter((c) => c.items.some((i) => withDiscount(i.id)));
}
