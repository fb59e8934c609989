/**
 * Step 1 of `decide`: the open items the text references (invoice numbers in any disguise, RF
 * references, PO numbers; same currency only), grouped by customer, and what each group makes
 * of the amount — the items themselves, a typo's item when the amount settles it, the items with
 * other open items that make the amount, or an item one digit away that fits.
 */
import type { Combination } from './combinations.ts';
import { findCombinations } from './combinations.ts';
import { groupPaymentProposal } from './group-proposals.ts';
import type { OpenInvoice } from './match-context.ts';
import type { PayerEvidence } from './payer-evidence.ts';
import { payerWeight } from './payer-evidence.ts';
import { byIds, type Matching, type Proposal, propose } from './proposal.ts';
import { invoiceKey, oneDigitOff, type ReferenceHit } from './references.ts';
import { settle } from './settlement.ts';

/** An open item the text references, with the reference's weight and how it was found. */
export interface Referenced {
  readonly inv: OpenInvoice;
  readonly strength: number;
  readonly found: string;
}

/** The items a group of strong references names, and what the amount and payer say of them. */
interface Named {
  readonly customerId: string;
  readonly items: readonly OpenInvoice[];
  readonly ids: ReadonlySet<string>;
  readonly strong: readonly Referenced[];
  readonly refConfidence: number;
  /** The amount settles the items exactly, less discounts or less bank charges. */
  readonly fits: boolean;
  readonly payer: PayerEvidence | undefined;
  /** A payer is known, and it is not this customer. */
  readonly contradicted: boolean;
}

/** Every proposal the references in the text lead to, customer by customer. */
export function referenceProposals(m: Matching): Proposal[] {
  const out: Proposal[] = [];
  const byCustomer = referencedByCustomer(m);
  for (const [customerId, refs] of byCustomer) out.push(...customerProposals(m, customerId, refs));
  const group = groupPaymentProposal(m, byCustomer);
  if (!group) return out;
  // The text names items of other companies of the group too: one member's items with the rest
  // left unapplied is no longer a sure reading.
  const needsPerson = m.config.caps.needsPerson;
  return [
    ...out.map((p) =>
      p.unappliedMinor > 0n ? { ...p, confidence: Math.min(p.confidence, needsPerson) } : p,
    ),
    group,
  ];
}

/** Referenced open items by customer: numbers and RF references first, then PO numbers. */
function referencedByCustomer(m: Matching): Map<string, Referenced[]> {
  const { line, ctx, config } = m;
  const byCustomer = new Map<string, Referenced[]>();
  const add = (inv: OpenInvoice, ref: Referenced | null) => {
    const list = byCustomer.get(inv.customerId) ?? [];
    if (ref) list.push(ref);
    byCustomer.set(inv.customerId, list);
  };
  for (const hit of ctx.references.find(m.text, line.amountMinor)) {
    const inv = ctx.invoice(hit.number);
    if (inv === undefined || inv.currency !== line.currency) continue;
    add(inv, { inv, strength: config.references.byStrength[hit.strength], found: foundText(hit, inv) });
  }
  for (const inv of ctx.byPoNumber(m.text).filter((i) => i.currency === line.currency)) {
    const known = byCustomer.get(inv.customerId)?.some((x) => x.inv.invoiceId === inv.invoiceId);
    const found = `PO number ${inv.poNumber} → ${inv.number}`;
    add(inv, known ? null : { inv, strength: config.references.poNumber, found });
  }
  return byCustomer;
}

function foundText(hit: ReferenceHit, inv: OpenInvoice): string {
  return `${hit.found} → ${inv.number} (${hit.strength.replace('_', ' ')})`;
}

/** The proposals of one customer's referenced items, in the order they are ranked on ties. */
function customerProposals(m: Matching, customerId: string, refs: readonly Referenced[]): Proposal[] {
  const payer = payerWeight(m.payers, customerId);
  const out = typoProposals(m, customerId, refs, payer);
  const strong = refs.filter((r) => r.strength >= m.config.references.standsAloneAtLeast);
  if (strong.length === 0) return out;
  const named = namedItems(m, customerId, strong, payer);
  const combos = withOtherItems(m, named);
  const alternatives = named.fits ? [] : nearNumbers(m, named);
  out.push(...alternatives.map((a) => nearNumberProposal(m, named, a)));
  out.push(referencedProposal(m, named, combos.length === 0 && alternatives.length === 0));
  out.push(...combos.map((c) => withOtherItemsProposal(m, named, c, combos.length)));
  return out;
}

/**
 * A one-digit typo names an invoice only when the amount confirms it: each alone, and only when
 * it settles exactly (or less its discount or bank charges).
 */
function typoProposals(
  m: Matching,
  customerId: string,
  refs: readonly Referenced[],
  payer: PayerEvidence | undefined,
): Proposal[] {
  const { line, config } = m;
  return refs
    .filter((r) => r.strength < config.references.standsAloneAtLeast)
    .filter((r) => settle(line, [r.inv], config).fitEvidence !== 0)
    .map((r) =>
      propose(
        line,
        {
          customerId,
          items: [r.inv],
          refConfidence: r.strength,
          refReason: `referenced: ${r.found}`,
          payer,
          cap: payer ? config.caps.certain : config.caps.needsPerson,
        },
        config,
      ),
    );
}

/** The items strong references name; bare digits must be confirmed by the amount or the payer. */
function namedItems(
  m: Matching,
  customerId: string,
  strong: readonly Referenced[],
  payer: PayerEvidence | undefined,
): Named {
  const w = m.config.references;
  const items = strong.map((r) => r.inv).sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1));
  const weakest = Math.min(...strong.map((r) => r.strength));
  const fits = settle(m.line, items, m.config, m.deductions).fitEvidence > 0;
  const unconfirmed = weakest < w.confirmedAtLeast && !fits && !payer;
  return {
    customerId,
    items,
    ids: new Set(items.map((i) => i.invoiceId)),
    strong,
    refConfidence: unconfirmed ? weakest * w.unconfirmedFactor : weakest,
    fits,
    payer,
    contradicted: m.payers.length > 0 && !payer,
  };
}

/**
 * More paid than the referenced items: maybe the payer listed only some of the items it pays —
 * when the referenced items with others make the amount exactly.
 */
function withOtherItems(m: Matching, named: Named): Combination[] {
  const { line, ctx, config } = m;
  const referencedTotal = named.items.reduce((sum, i) => sum + i.openMinor, 0n);
  if (line.amountMinor <= referencedTotal) return [];
  const containsNamed = (c: Combination) =>
    c.items.length > named.ids.size && [...named.ids].every((id) => c.items.some((i) => i.id === id));
  return (
    findCombinations(ctx.itemsOf(named.customerId, line.currency), {
      amountMinor: line.amountMinor,
      shortByAtMostMinor: m.toleranceMinor,
      limit: config.search.combinations,
    })
      // Unreferenced items only when they make the amount exactly: within the bank-charge
      // tolerance, some set of a customer's items nearly always fits an over-payment.
      .filter((c) => containsNamed(c) && c.differenceMinor === 0n)
      .slice(0, config.search.withOtherItemsSets)
  );
}

/**
 * The number written is open but for another amount, and an open item of a payer one digit away
 * from it is open for exactly this amount: most likely a typo that hit a real number.
 */
function nearNumbers(m: Matching, named: Named): { payerId: string; inv: OpenInvoice }[] {
  const { line, ctx, config } = m;
  const oneDigitFromNamed = (o: OpenInvoice) =>
    named.items.some((i) => oneDigitOff(invoiceKey(i.number).digits, invoiceKey(o.number).digits));
  return [...new Set(m.payers.map((p) => p.customerId))].flatMap((payerId) =>
    ctx
      .openOf(payerId)
      .filter(
        (o) =>
          o.currency === line.currency &&
          !named.ids.has(o.invoiceId) &&
          oneDigitFromNamed(o) &&
          settle(line, [o], config).fitEvidence >= config.references.nearNumberFitAtLeast,
      )
      .map((o) => ({ payerId, inv: o })),
  );
}

function nearNumberProposal(
  m: Matching,
  named: Named,
  near: { payerId: string; inv: OpenInvoice },
): Proposal {
  const written = named.items.map((i) => i.number).join(', ');
  return propose(
    m.line,
    {
      customerId: near.payerId,
      items: [near.inv],
      refConfidence: m.config.references.byStrength.typo,
      refReason: `referenced ${written}, open for another amount; ${near.inv.number}, one digit away, fits the amount`,
      payer: payerWeight(m.payers, near.payerId),
    },
    m.config,
  );
}

/**
 * The referenced items themselves. A person looks when the payer is known as another customer and
 * the amount does not fit (the reference may be a typo that hit someone else's invoice), or when
 * a set with other items or an item one digit away fits the amount better (`alone` false).
 */
function referencedProposal(m: Matching, named: Named, alone: boolean): Proposal {
  const sure = (named.fits || !named.contradicted) && alone;
  return propose(
    m.line,
    {
      customerId: named.customerId,
      items: named.items,
      refConfidence: named.refConfidence,
      refReason: `referenced: ${named.strong.map((r) => r.found).join('; ')}`,
      payer: named.payer,
      cap: sure ? m.config.caps.certain : m.config.caps.needsPerson,
      stated: m.deductions,
    },
    m.config,
  );
}

/** The referenced items with other open items that together make the amount. */
function withOtherItemsProposal(m: Matching, named: Named, combo: Combination, combos: number): Proposal {
  const { caps, references } = m.config;
  const written = named.items.map((i) => i.number).join(', ');
  const uncertain = named.contradicted || combo.differenceMinor !== 0n;
  return propose(
    m.line,
    {
      customerId: named.customerId,
      items: byIds(m.ctx, named.customerId, combo.items),
      refConfidence: named.refConfidence * references.withOtherItemsFactor,
      refReason: `referenced ${written}; the amount covers ${named.items.length === 1 ? 'it' : 'them'} with other open items`,
      payer: named.payer,
      cap: combos > 1 ? caps.ambiguous : uncertain ? caps.needsPerson : caps.certain,
    },
    m.config,
  );
}
