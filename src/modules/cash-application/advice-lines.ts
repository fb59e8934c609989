/**
 * What an advice's lines settle: each invoice reference resolved as the engine resolves references
 * (`ReferenceIndex`, then the open item by number), allocated the amount the advice states. Less
 * than open leaves the rest open (with the payer's reason, a deduction to clear); a credit note
 * the payer deducts is netted; what cannot be resolved — an invoice that is not open, unknown,
 * only one digit away from one, or several invoices — is a problem, never a guess.
 */
import { moneyText } from '../../shared/money-text.ts';
import type { AdviceLine, RemittanceAdvice } from './advices.ts';
import type { MatchContext, OpenInvoice } from './match-context.ts';
import type { Deduction } from './proposal.ts';
import { invoiceKey } from './references.ts';
import type { Allocation } from './settlement.ts';

/** The advice's lines as allocations of one customer, and what keeps them from being sure. */
export interface AdviceSettlement {
  /** The customer whose invoices the advice names (of its first resolved line); null when none resolved. */
  readonly customerId: string | null;
  /**
   * The customers whose invoices are allocated: `customerId` alone, or several companies of its
   * group (a parent company paying its subsidiaries' invoices; receipts allow that).
   */
  readonly customers: ReadonlySet<string>;
  readonly allocations: readonly Allocation[];
  readonly deduction: Deduction | null;
  /** Why the advice cannot be applied without a person (which advice line, and why). */
  readonly problems: readonly string[];
  /** What a clerk should know of an application that is sure (rest left open, credit note netted). */
  readonly notes: readonly string[];
}

/** An invoice the advice pays, with what it states on it and the advice lines that name it. */
interface Paid {
  readonly inv: OpenInvoice;
  stated: bigint;
  readonly lineNos: number[];
  readonly reasons: string[];
}

/** Settle an advice's lines against the open items (see the file's comment). */
export function settleAdvice(ctx: MatchContext, advice: RemittanceAdvice): AdviceSettlement {
  const problems: string[] = [];
  const notes: string[] = [];
  const { paid, credits } = resolveLines(ctx, advice, problems);
  const customerId = paid[0]?.inv.customerId ?? null;
  const group = customerId === null ? null : ctx.groupOf(customerId);
  const mine = paid.filter((p) => ctx.groupOf(p.inv.customerId) === group);
  if (mine.length < paid.length)
    problems.push(
      `the advice names invoices of ${new Set(paid.map((p) => p.inv.customerId)).size} customers of different groups`,
    );
  const customers = new Set(mine.map((p) => p.inv.customerId));
  if (customers.size > 1) notes.push(`invoices of ${customers.size} companies of one group`);
  const allocations = mine.map((p) => allocation(p.inv, min(p.stated, p.inv.openMinor)));
  const credit = netCredits(advice, mine, credits, allocations, problems, notes);
  const deduction = shortPayments(advice, mine, allocations, credit, problems, notes);
  return {
    customerId,
    customers,
    allocations: allocations.filter((a) => a.amountMinor > 0n),
    deduction,
    problems,
    notes,
  };
}

/** The invoices the advice's lines pay (lines naming one invoice summed), and its credit-note lines. */
function resolveLines(ctx: MatchContext, advice: RemittanceAdvice, problems: string[]) {
  const paid = new Map<string, Paid>();
  const credits: { no: number; line: AdviceLine }[] = [];
  for (const [i, line] of advice.lines.entries()) {
    const no = i + 1;
    if (line.amountMinor <= 0n) {
      credits.push({ no, line });
      continue;
    }
    const found = resolveReference(ctx, advice.currency, line.reference);
    if (typeof found === 'string') {
      problems.push(`advice line ${no} (${line.reference}, ${money(line.amountMinor, advice)}): ${found}`);
      continue;
    }
    const p = paid.get(found.invoiceId) ?? { inv: found, stated: 0n, lineNos: [], reasons: [] };
    p.stated += line.amountMinor;
    p.lineNos.push(no);
    if (line.reason) p.reasons.push(line.reason);
    paid.set(found.invoiceId, p);
  }
  return { paid: [...paid.values()], credits };
}

/**
 * The open invoice an advice line names, or why there is none. The strongest references found
 * count (an RF reference or the number with its prefix before the digits alone); a one-digit typo
 * is never taken for the invoice on an advice.
 */
export function resolveReference(
  ctx: MatchContext,
  currency: string,
  reference: string,
): OpenInvoice | string {
  const hits = ctx.references.find(reference);
  const allDigits = reference.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
  const sure = hits.filter((h) => h.strength !== 'typo');
  const best = sure.filter((h) => h.strength === sure[0]?.strength);
  const open = best.map((h) => ctx.invoice(h.number)).filter((i): i is OpenInvoice => i !== undefined);
  const inCurrency = open.filter((i) => i.currency === currency);
  // An advice line names one invoice: where parts of it name others (`INV-004 254`), all its digits decide.
  const whole =
    inCurrency.length > 1 ? inCurrency.filter((i) => invoiceKey(i.number).digits === allDigits) : inCurrency;
  const [only, second] = whole.length === 1 ? whole : inCurrency;
  if (only && !second) return only;
  if (only && second)
    return `fits ${inCurrency.length} open invoices (${inCurrency.map((i) => i.number).join(', ')}); not guessed`;
  if (open[0]) return `${open[0].number} is open in ${open[0].currency}, not in ${currency}`;
  const typo = hits.find((h) => h.strength === 'typo');
  const near = typo ? ` (${typo.number} is one digit away: not guessed)` : '';
  const closed = ctx.references.unresolved(reference);
  if (closed.length > 0) return `${closed.join(', ')} is not open (paid, cancelled or not ours)${near}`;
  return `no open invoice has this number${near}`;
}

/**
 * Credit notes the payer deducted (negative lines). Booked here already, they lowered the open
 * amounts the advice states in full: nothing to do. Not booked here, their sum comes off one
 * invoice that can carry it, as a deduction to clear (`credit_note`).
 */
function netCredits(
  advice: RemittanceAdvice,
  mine: readonly Paid[],
  credits: readonly { no: number; line: AdviceLine }[],
  allocations: Allocation[],
  problems: string[],
  notes: string[],
): Deduction | null {
  const creditMinor = credits.reduce((s, c) => s - c.line.amountMinor, 0n);
  const over = mine.filter((p) => p.stated > p.inv.openMinor);
  const overMinor = over.reduce((s, p) => s + p.stated - p.inv.openMinor, 0n);
  const what = credits.map((c) => c.line.reference).join(', ');
  if (overMinor === creditMinor) {
    if (creditMinor > 0n) notes.push(`credit note ${what} deducted by the payer is booked here already`);
    return null;
  }
  if (overMinor > 0n) {
    for (const p of over)
      problems.push(
        `advice line ${p.lineNos.join(', ')} pays ${money(p.stated, advice)} on ${p.inv.number}, which is open for ${money(p.inv.openMinor, advice)}`,
      );
    return null;
  }
  const at = largest(allocations, creditMinor);
  if (at < 0) {
    problems.push(`credit note ${what} (${money(creditMinor, advice)}) is more than any invoice's payment`);
    return null;
  }
  const target = allocations[at] as Allocation;
  allocations[at] = { ...target, amountMinor: target.amountMinor - creditMinor };
  notes.push(
    `credit note ${what} deducted by the payer (${money(creditMinor, advice)}) stays open on ${target.number}`,
  );
  const reasons = credits.map((c) => c.line.reason).filter((r): r is string => r !== null);
  return {
    kind: 'credit_note',
    invoiceId: target.invoiceId,
    amountMinor: creditMinor,
    reason: [`credit note ${what}`, ...reasons].join(': '),
  };
}

/** Invoices paid less than open: the rest stays open; with the payer's reason, a deduction (one at most). */
function shortPayments(
  advice: RemittanceAdvice,
  mine: readonly Paid[],
  allocations: readonly Allocation[],
  credit: Deduction | null,
  problems: string[],
  notes: string[],
): Deduction | null {
  const deductions: Deduction[] = credit ? [credit] : [];
  for (const p of mine) {
    const allocated = allocations.find((a) => a.invoiceId === p.inv.invoiceId)?.amountMinor ?? 0n;
    const short = p.inv.openMinor - allocated;
    if (short <= 0n || credit?.invoiceId === p.inv.invoiceId) continue;
    const reason = p.reasons.join('; ');
    notes.push(
      `advice line ${p.lineNos.join(', ')} pays ${money(allocated, advice)} of ${money(p.inv.openMinor, advice)} on ${p.inv.number}: the rest stays open${reason ? ` (${reason})` : ''}`,
    );
    if (reason)
      deductions.push({ kind: 'short_payment', invoiceId: p.inv.invoiceId, amountMinor: short, reason });
  }
  if (deductions.length > 1)
    problems.push(
      `the advice states ${deductions.length} deductions (${deductions.map((d) => d.reason).join('; ')}): a person books them`,
    );
  return deductions.length === 1 ? (deductions[0] ?? null) : null;
}

/** The index of the largest allocation of at least `amount`, else -1. */
function largest(allocations: readonly Allocation[], amount: bigint): number {
  let at = -1;
  allocations.forEach((a, i) => {
    if (a.amountMinor >= amount && (at < 0 || a.amountMinor > (allocations[at]?.amountMinor ?? 0n))) at = i;
  });
  return at;
}

function allocation(inv: OpenInvoice, amountMinor: bigint): Allocation {
  return { invoiceId: inv.invoiceId, number: inv.number, amountMinor };
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function money(amountMinor: bigint, advice: RemittanceAdvice): string {
  return moneyText(amountMinor, advice.currency);
}
