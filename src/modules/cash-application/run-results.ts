/** What a cash application run reports for each line it decided. */
import { formatAmount } from '../../shared/money.ts';
import type { BankLineRow, BankLineVerdict } from '../bank/index.ts';
import type { SettlementAdjustmentKind } from '../invoices/index.ts';
import type { Decision, Proposal } from './engine.ts';

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
  suggestions: { invoiceNumbers: string[]; confidence: number; reasons: string[] }[];
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
        suggestions: suggestionsOf(decision.suggestions),
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
        suggestions: suggestionsOf(decision.suggestions),
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

function suggestionsOf(list: readonly Proposal[]) {
  return list.map((s) => ({
    invoiceNumbers: s.allocations.map((a) => a.number),
    confidence: s.confidence,
    reasons: [...s.reasons],
  }));
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
