/** What a cash application run reports for each line it decided. */
import { formatAmount } from '../../shared/money.ts';
import type { BankLineRow, BankLineVerdict } from '../bank/index.ts';
import type { SettlementAdjustmentKind } from '../invoices/index.ts';
import type { Decision, Deduction, Proposal } from './engine.ts';
import type { Allocation } from './settlement.ts';

/** A deduction the payer stated, as a result shows it (`reason`: the payer's words). */
export interface DeductionResult {
  invoiceNumber: string;
  amount: string;
  reason: string;
  kind: Deduction['kind'];
}

export interface LineResult {
  bankReference: string | null;
  bookingDate: string;
  amount: string;
  currency: string;
  status: BankLineVerdict;
  confidence: number;
  customer: string | null;
  allocations: { invoiceNumber: string; amount: string }[];
  adjustments: { kind: SettlementAdjustmentKind; amount: string }[];
  unapplied: string;
  /** What the payer deducted and why, left open on the invoice and disputed (applied lines). */
  deduction: DeductionResult | null;
  suggestions: {
    invoiceNumbers: string[];
    confidence: number;
    reasons: string[];
    deduction: DeductionResult | null;
  }[];
  reasons: string[];
}

export interface CashApplicationRun {
  results: LineResult[];
  summary: { lines: number; applied: number; suggested: number; unmatched: number; ignored: number };
}

/** The result of `decision` on `row`; `externalIds` names the customers. */
export function resultOf(
  row: BankLineRow,
  decision: Decision,
  externalIds: ReadonlyMap<string, string>,
): LineResult {
  const money = (m: bigint) => formatAmount(m, row.currency);
  const base = {
    bankReference: row.bank_reference,
    bookingDate: row.booking_date,
    amount: money(row.amount_minor),
    currency: row.currency,
    allocations: [],
    adjustments: [],
    unapplied: money(0n),
    deduction: null,
    suggestions: [],
    confidence: 0,
    customer: null,
  };
  const customer = (id: string | null | undefined) => (id ? (externalIds.get(id) ?? null) : null);
  switch (decision.status) {
    case 'applied': {
      const p = decision.proposal;
      return {
        ...base,
        status: 'applied',
        confidence: p.confidence,
        customer: customer(p.customerId),
        allocations: p.allocations.map((a) => ({ invoiceNumber: a.number, amount: money(a.amountMinor) })),
        adjustments: p.adjustments.map((a) => ({ kind: a.kind, amount: money(a.amountMinor) })),
        unapplied: money(p.unappliedMinor),
        deduction: deductionResult(p, row.currency),
        suggestions: suggestionsOf(decision.suggestions, row.currency),
        reasons: [...p.reasons],
      };
    }
    case 'suggested': {
      const best = decision.suggestions[0];
      return {
        ...base,
        status: 'suggested',
        confidence: best?.confidence ?? 0,
        customer: customer(best?.customerId),
        suggestions: suggestionsOf(decision.suggestions, row.currency),
        reasons: [...decision.reasons],
      };
    }
    case 'unmatched':
      return {
        ...base,
        status: 'unmatched',
        customer: customer(decision.customerId),
        reasons: [...decision.reasons],
      };
    case 'ignored':
      return { ...base, status: 'ignored', reasons: [...decision.reasons] };
  }
}

function suggestionsOf(list: readonly Proposal[], currency: string) {
  return list.map((s) => ({
    invoiceNumbers: s.allocations.map((a) => a.number),
    confidence: s.confidence,
    reasons: [...s.reasons],
    deduction: deductionResult(s, currency),
  }));
}

/** A proposal's deduction, its invoice named by number (from the allocations; else its id). */
export function deductionResult(
  p: { readonly allocations: readonly Allocation[]; readonly deduction?: Deduction | undefined },
  currency: string,
): DeductionResult | null {
  const d = p.deduction;
  if (!d) return null;
  return {
    invoiceNumber: p.allocations.find((a) => a.invoiceId === d.invoiceId)?.number ?? d.invoiceId,
    amount: formatAmount(d.amountMinor, currency),
    reason: d.reason,
    kind: d.kind,
  };
}

/** The run's answer: its results in line order and the count per verdict. */
export function runOf(results: LineResult[]): CashApplicationRun {
  const count = (s: BankLineVerdict) => results.filter((r) => r.status === s).length;
  return {
    results,
    summary: {
      lines: results.length,
      applied: count('applied'),
      suggested: count('suggested'),
      unmatched: count('unmatched'),
      ignored: count('ignored'),
    },
  };
}
