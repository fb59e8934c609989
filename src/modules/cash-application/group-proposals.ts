/**
 * A parent company (a group's treasury) pays its subsidiaries' invoices in one amount: the text
 * references open items of several customers of one group, and together they make the amount.
 * One proposal: the cash is the paying customer's receipt, allocated to the members' invoices
 * (receipts allow allocations within a group).
 */
import { isKnownPayer, type PayerEvidence } from './payer-evidence.ts';
import { type Matching, type Proposal, propose } from './proposal.ts';
import type { Referenced } from './reference-proposals.ts';

/**
 * The group payment the references make, or null: the referenced items (strong references only)
 * belong to at least two customers of one group, the payer is named (account, name, person or
 * rule) as a customer of that group, and the items together settle the amount exactly, less
 * their discounts or less bank charges.
 */
export function groupPaymentProposal(
  m: Matching,
  byCustomer: ReadonlyMap<string, Referenced[]>,
): Proposal | null {
  const { ctx, config } = m;
  const strong = [...byCustomer.values()]
    .flat()
    .filter((r) => r.strength >= config.references.standsAloneAtLeast);
  const customers = new Set(strong.map((r) => r.inv.customerId));
  if (customers.size < 2) return null;
  const groups = new Set([...customers].map((c) => ctx.groupOf(c)));
  const [group] = groups;
  if (groups.size !== 1 || group === undefined) return null;
  const payer = groupPayer(m, group);
  if (!payer) return null;
  const items = [...new Map(strong.map((r) => [r.inv.invoiceId, r.inv])).values()].sort((a, b) =>
    a.dueDate < b.dueDate ? -1 : 1,
  );
  const proposal = propose(
    m.line,
    {
      customerId: payer.customerId,
      items,
      refConfidence: Math.min(...strong.map((r) => r.strength)),
      refReason: `referenced invoices of ${customers.size} companies of one group: ${strong.map((r) => r.found).join('; ')}`,
      payer,
      cap: isKnownPayer(payer) || payer.kind === 'name' ? config.caps.certain : config.caps.needsPerson,
    },
    config,
  );
  // A group payment is only proposed when the amount settles the items (else: each member alone).
  const settled = proposal.allocations.reduce((s, a) => s + a.amountMinor, 0n) === m.line.amountMinor;
  return settled && proposal.unappliedMinor === 0n && proposal.allocations.length === items.length
    ? proposal
    : null;
}

/** The strongest evidence naming a customer of `group` as the payer (not only through the group). */
function groupPayer(m: Matching, group: string): PayerEvidence | undefined {
  return m.payers
    .filter(
      (p) => p.kind !== 'group_member' && p.kind !== 'group_parent' && m.ctx.groupOf(p.customerId) === group,
    )
    .sort((a, b) => b.weight - a.weight)[0];
}
