/**
 * The matching engine: for one bank credit, which customer paid and which open items it settles,
 * with a confidence and the reasons a person can check. Pure: everything it knows comes in a
 * MatchContext built once per run (open items, customers, known payer accounts, own accounts).
 *
 * Evidence, strongest first:
 * - references in the text and structured fields (RF creditor references, invoice numbers in any
 *   disguise, one-digit typos, the customer's PO numbers): reference-proposals.ts;
 * - the payer: a known bank account (IBAN), else the name against customers' names, legal names
 *   and aliases (group members count for their parent's invoices): payer-evidence.ts;
 * - the amount: the open amount exactly, a set of open items (bounded subset sum), an early-payment
 *   discount taken within its window, bank charges within the currency's tolerance, or a partial
 *   or over-payment of referenced items: settlement.ts, amount-proposals.ts.
 * Every weight, cap and tolerance is in engine-config.ts. A decision is `applied` at or above
 * `autoApplyThreshold` with a lead over the runner-up (and over the best proposal for another customer by
 * `customerMargin`), else the top suggestions are kept; the reasons name the other customers weighed. Lines
 * that are not customer receipts (debits, reversals, own-account transfers, interest) are `ignored`.
 */
import { amountProposals } from './amount-proposals.ts';
import { consideredCustomers, consideredReason } from './considered.ts';
import { statedDeductions, withoutCreditNoteNumbers } from './deductions.ts';
import { bankChargeToleranceMinor, DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engine-config.ts';
import type { BankLine, MatchContext } from './match-context.ts';
import { payerEvidence } from './payer-evidence.ts';
import { dedupe, type Matching, type Proposal } from './proposal.ts';
import { referenceProposals } from './reference-proposals.ts';

export { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engine-config.ts';
export { type BankLine, type CustomerInfo, MatchContext, type OpenInvoice } from './match-context.ts';
export type { Deduction, Proposal } from './proposal.ts';
export { discountAllowed } from './settlement.ts';

export type Decision =
  | { status: 'applied'; proposal: Proposal; suggestions: readonly Proposal[] }
  | { status: 'suggested'; suggestions: readonly Proposal[]; reasons: readonly string[] }
  | { status: 'unmatched'; reasons: readonly string[]; customerId: string | null }
  | { status: 'ignored'; reasons: readonly string[] };

/** What a user rule adds before the engine decides: the customer who pays, invoice numbers found by a pattern. */
export interface DecisionHints {
  readonly customerId?: string;
  readonly references?: readonly string[];
  readonly reason?: string;
}

const IGNORE_TEXT =
  /\b(zinsen|habenzinsen|interest|int[ée]r[êe]ts|dividend|umbuchung|übertrag|own transfer|eigen[üu]bertrag)\b/i;

/** Why a line is not a customer receipt, or null when it may be one. */
export function ignoreReason(line: BankLine, ctx: MatchContext): string | null {
  if (line.amountMinor <= 0n) return 'outgoing payment (debit), not a receipt';
  if (line.reversal) return 'a reversal by the bank, not a receipt';
  if (ctx.isOwnAccount(line.counterpartyIban)) return 'transfer from one of our own accounts';
  if (IGNORE_TEXT.test(line.remittance) && ctx.references.find(line.remittance).length === 0)
    return 'interest, dividend or internal transfer (text), no invoice referenced';
  return null;
}

/**
 * Decide one bank line: ignored, or proposals from the references (step 1) and — when none of
 * them is sure — from the payer and the amount (step 2; also when the references found fit
 * nothing: a customer number or a date in the text may look like an invoice number), ranked.
 */
export function decide(
  line: BankLine,
  ctx: MatchContext,
  config: EngineConfig = DEFAULT_ENGINE_CONFIG,
  hints: DecisionHints = {},
): Decision {
  const ignored = ignoreReason(line, ctx);
  if (ignored) return { status: 'ignored', reasons: [ignored] };
  const m = matching(line, ctx, config, hints);
  const proposals = referenceProposals(m);
  // The text names one of our invoice numbers that is not open: the payer said what it pays.
  const unresolved = ctx.references.unresolved(m.text, line.amountMinor);
  if (!proposals.some((p) => p.confidence >= config.autoApplyThreshold))
    proposals.push(...amountProposals(m, unresolved));
  return verdict(m, proposals, unresolved);
}

/** What every step reads: the line's text with a rule's references, its payers, its tolerance. */
function matching(line: BankLine, ctx: MatchContext, config: EngineConfig, hints: DecisionHints): Matching {
  const text = [
    withoutCreditNoteNumbers(line.remittance),
    ...line.structuredReferences,
    line.endToEndId ?? '',
    ...(hints.references ?? []),
  ].join(' ');
  const ruleCustomer = hints.customerId
    ? { customerId: hints.customerId, reason: hints.reason ?? 'named by a rule' }
    : undefined;
  return {
    line,
    ctx,
    config,
    text,
    payers: payerEvidence(line, ctx, config, ruleCustomer),
    toleranceMinor: bankChargeToleranceMinor(config, line.currency),
    deductions: statedDeductions(line.remittance, line.currency),
  };
}

/**
 * Applied when the best is sure, clearly ahead of the runner-up, and — when the runner-up among
 * other customers is plausible too — ahead of that customer by `customerMargin`: when two customers
 * are plausible, a person decides. Else suggested or unmatched. Either way the reasons name the
 * other customers weighed and why they lost.
 */
function verdict(m: Matching, proposals: readonly Proposal[], unresolved: readonly string[]): Decision {
  const { maxSuggestions } = m.config;
  const ranked = dedupe(proposals).sort((a, b) => b.confidence - a.confidence);
  const [best] = ranked;
  if (!best) return unmatched(m, unresolved);
  if (isSure(m.config, ranked, best)) {
    const also = consideredReason(m.ctx, consideredCustomers(m, ranked, best));
    const proposal = also.length > 0 ? { ...best, reasons: [...best.reasons, ...also] } : best;
    return { status: 'applied', proposal, suggestions: ranked.slice(1, 1 + maxSuggestions) };
  }
  const also = consideredReason(m.ctx, consideredCustomers(m, ranked, best));
  return {
    status: 'suggested',
    suggestions: ranked.slice(0, maxSuggestions),
    reasons: [...best.reasons, ...also],
  };
}

/** Sure enough to apply without a person: above the threshold and clearly ahead of the rest. */
function isSure(config: EngineConfig, ranked: readonly Proposal[], best: Proposal): boolean {
  const { autoApplyThreshold, autoApplyMargin, customerMargin } = config;
  if (best.confidence < autoApplyThreshold) return false;
  const second = ranked[1];
  if (second && best.confidence - second.confidence < autoApplyMargin) return false;
  const otherCustomer = ranked.find((p) => p.customerId !== best.customerId);
  return !otherCustomer || best.confidence - otherCustomer.confidence >= customerMargin;
}

/** Nothing fits: the likeliest payer, if any, and why its money stays unapplied. */
function unmatched(m: Matching, unresolved: readonly string[]): Decision {
  const payer = [...m.payers].sort((a, b) => b.weight - a.weight)[0];
  if (!payer) return { status: 'unmatched', customerId: null, reasons: ['no reference, no known payer'] };
  return {
    status: 'unmatched',
    customerId: payer.customerId,
    reasons: [
      payer.reason,
      ...(unresolved.length > 0 ? [`the text names ${unresolved.join(', ')}, which is not open`] : []),
      'no open item or set of open items of this customer fits the amount; kept as unapplied cash',
    ],
  };
}
