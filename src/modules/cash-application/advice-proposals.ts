/**
 * The first step of `decide`: a separate remittance advice whose total is the line's amount (same
 * currency) and that the line also fits by at least one of: the payment reference or end-to-end
 * id, the payer's account (IBAN), a similar payer name, a booking date within
 * ADVICE_DATE_WINDOW_DAYS of the advice's date. Then the advice's lines say what the payment
 * settles (advice-lines.ts), and the proposal is as strong as a reference.
 *
 * Nothing is guessed: two advices that fit the line equally, or another line of the run that fits
 * the advice equally, make suggestions; an advice line that cannot be resolved, a payer that
 * plainly differs or a payer account known for another customer keep the line for a person.
 */
import { daysBetween } from '../../shared/calendar-date.ts';
import { normalizeIban } from '../../shared/iban.ts';
import { moneyText } from '../../shared/money-text.ts';
import { type AdviceSettlement, settleAdvice } from './advice-lines.ts';
import type { RemittanceAdvice } from './advices.ts';
import { type BankLine, CANDIDATE_NAME_SIMILARITY, type MatchContext } from './match-context.ts';
import { nameSimilarity } from './names.ts';
import { type PayerEvidence, payerWeight } from './payer-evidence.ts';
import type { Matching, Proposal } from './proposal.ts';
import type { Allocation } from './settlement.ts';

/** A booking date at most this many days before or after the advice's date is evidence. */
export const ADVICE_DATE_WINDOW_DAYS = 10;

/** Names less alike than this are different payers (unless a reference or the account ties them). */
const DIFFERENT_PAYER_BELOW = 0.5;

/** Each kind of evidence outweighs all weaker kinds together: a reference decides over a name and a date. */
const WEIGHT = { reference: 8, iban: 4, name: 2, date: 1 } as const;

/** How well an advice fits a line: the evidence, and a score to rank advices (and lines) by. */
export interface AdviceFit {
  readonly score: number;
  readonly evidence: readonly string[];
  /** Both name a payer and the names are not alike, and no reference or account ties them. */
  readonly payerDiffers: boolean;
}

/** An advice that fits the line, with the other lines of the run that fit it as well. */
interface Fitting {
  readonly advice: RemittanceAdvice;
  readonly fit: AdviceFit;
  readonly rivalLines: number;
}

/** The proposals of the advices that fit the line best; none when no advice fits. */
export function adviceProposals(m: Matching): Proposal[] {
  if (m.ctx.advices.size === 0) return [];
  const fitting = fittingAdvices(m.line, m.ctx);
  const best = fitting[0]?.fit.score;
  const top = fitting.filter((f) => f.fit.score === best);
  return top.flatMap((f) => adviceProposal(m, f, top.length) ?? []);
}

/** How an advice fits a line (null: the amounts differ or nothing else ties them). */
export function adviceFit(advice: RemittanceAdvice, line: BankLine): AdviceFit | null {
  if (advice.currency !== line.currency || advice.totalMinor !== line.amountMinor) return null;
  const evidence: string[] = [];
  let score = 0;
  const reference = advice.paymentReference && referenceIn(advice.paymentReference, line);
  if (reference) {
    score += WEIGHT.reference;
    evidence.push(`payment reference ${advice.paymentReference}`);
  }
  const iban = advice.payerIban && line.counterpartyIban;
  if (iban && normalizeIban(advice.payerIban ?? '') === normalizeIban(line.counterpartyIban ?? '')) {
    score += WEIGHT.iban;
    evidence.push(`payer account ${line.counterpartyIban}`);
  }
  const similarity = payerSimilarity(advice.payerName, line);
  if (similarity !== null && similarity >= CANDIDATE_NAME_SIMILARITY) {
    score += WEIGHT.name;
    evidence.push(`payer name (${Math.round(similarity * 100)}% alike)`);
  }
  const days = Math.abs(daysBetween(advice.date, line.bookingDate));
  if (days <= ADVICE_DATE_WINDOW_DAYS) {
    score += WEIGHT.date;
    evidence.push(`booked ${days} day(s) from the advice's date`);
  }
  if (score === 0) return null;
  const payerDiffers = similarity !== null && similarity < DIFFERENT_PAYER_BELOW && score < WEIGHT.iban;
  return { score, evidence, payerDiffers };
}

/** The advices that fit the line, best first; an advice another line of the run fits better is not the line's. */
function fittingAdvices(line: BankLine, ctx: MatchContext): Fitting[] {
  const out: Fitting[] = [];
  for (const advice of ctx.advices.candidates(line)) {
    const fit = adviceFit(advice, line);
    if (!fit) continue;
    const others = ctx.advices.otherLines(line).map((l) => adviceFit(advice, l)?.score ?? 0);
    if (others.some((s) => s > fit.score)) continue;
    out.push({ advice, fit, rivalLines: others.filter((s) => s === fit.score).length });
  }
  return out.sort((a, b) => b.fit.score - a.fit.score);
}

/** The advice applied per line; capped when it is not the only fit, or when something is in doubt. */
function adviceProposal(m: Matching, f: Fitting, tiedAdvices: number): Proposal | null {
  const { line, config } = m;
  const settled = settleAdvice(m.ctx, f.advice);
  const customerId = payingCustomer(m, settled);
  if (customerId === null) return null;
  const doubts = [...settled.problems, ...doubtsOf(m, f, tiedAdvices, customerId)];
  const { caps } = config;
  const cap =
    tiedAdvices > 1 || f.rivalLines > 0
      ? caps.ambiguous
      : doubts.length > 0
        ? caps.needsPerson
        : caps.certain;
  const payer = payerWeight(m.payers, customerId);
  const combined =
    1 - (1 - config.references.byStrength.exact) * (1 - (payer?.weight ?? 0)) * (1 - config.amount.exact);
  const allocations = withinAmount(settled.allocations, line.amountMinor);
  const allocated = allocations.reduce((s, a) => s + a.amountMinor, 0n);
  return {
    customerId,
    allocations,
    adjustments: [],
    unappliedMinor: line.amountMinor - allocated,
    confidence: Math.round(Math.min(cap, combined) * 1000) / 1000,
    reasons: [summary(f), ...settled.notes, ...doubts, ...(payer ? [payer.reason] : [])],
    adviceId: f.advice.adviceId,
    ...(settled.deduction ? { deduction: settled.deduction } : {}),
  };
}

/** Why a person should look, besides advice lines that could not be resolved. */
function doubtsOf(m: Matching, f: Fitting, tiedAdvices: number, customerId: string): string[] {
  const { line, ctx } = m;
  const out: string[] = [];
  if (tiedAdvices > 1)
    out.push(`${tiedAdvices} remittance advices of this amount fit the line equally: not guessed`);
  if (f.rivalLines > 0)
    out.push(`${f.rivalLines} other bank line(s) of the same amount fit this advice equally: not guessed`);
  if (f.fit.payerDiffers)
    out.push(
      `the advice's payer "${f.advice.payerName}" is not the line's payer "${line.counterpartyName ?? ''}"`,
    );
  const known = ctx.customerOfIban(line.counterpartyIban);
  if (known && ctx.groupOf(known) !== ctx.groupOf(customerId))
    out.push(`payer account ${line.counterpartyIban} is known for another customer`);
  return out;
}

function summary(f: Fitting): string {
  const a = f.advice;
  const payer = a.payerName ? `of ${a.payerName} ` : '';
  return `remittance advice ${payer}dated ${a.date} (${a.lines.length} line(s), ${moneyText(a.totalMinor, a.currency)}) fits: the amount, ${f.fit.evidence.join(', ')}`;
}

/**
 * Whose receipt: the customer whose invoices the advice names; of a group's invoices, the company
 * of that group the payer is (else the group's parent); when no advice line resolves, the
 * customer the payer most likely is.
 */
function payingCustomer(m: Matching, settled: AdviceSettlement): string | null {
  const likeliest = (of: readonly PayerEvidence[]) =>
    [...of].sort((a, b) => b.weight - a.weight)[0]?.customerId;
  if (settled.customerId === null) return likeliest(m.payers) ?? null;
  if (settled.customers.size <= 1) return settled.customerId;
  const group = m.ctx.groupOf(settled.customerId);
  return likeliest(m.payers.filter((p) => m.ctx.groupOf(p.customerId) === group)) ?? group;
}

/** The payer's name on the line (or the party it pays for) against the advice's: null when one is missing. */
function payerSimilarity(adviceName: string | null, line: BankLine): number | null {
  const names = [line.counterpartyName, line.ultimateParty].filter((n): n is string => !!n);
  if (!adviceName || names.length === 0) return null;
  return Math.max(...names.map((n) => nameSimilarity(adviceName, n)));
}

/** The payment reference as the end-to-end id, a structured reference, or written in the text. */
function referenceIn(reference: string, line: BankLine): boolean {
  const want = compact(reference);
  if (want.length < 4) return false;
  if ([line.endToEndId ?? '', ...line.structuredReferences].some((r) => compact(r) === want)) return true;
  return want.length >= 6 && compact(line.remittance).includes(want);
}

function compact(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

/** Allocations cut to the line's amount (an advice in doubt may state more than was paid). */
function withinAmount(allocations: readonly Allocation[], amountMinor: bigint): Allocation[] {
  let left = amountMinor;
  return allocations
    .map((a) => {
      const take = a.amountMinor < left ? a.amountMinor : left;
      left -= take;
      return { ...a, amountMinor: take };
    })
    .filter((a) => a.amountMinor > 0n);
}
