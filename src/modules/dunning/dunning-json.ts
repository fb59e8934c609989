/**
 * Dunning records as JSON-safe documents (money as decimal strings in major units next to the
 * currency): what `cashloop dunning run --json` prints and the API answers.
 */
import { formatAmount } from '../../shared/money.ts';
import type { DunningPolicy } from './dunning.types.ts';
import type { LetterDetail } from './letters.service.ts';
import type { DunningRunResult } from './run.service.ts';
import type { DunningLetter } from './run-records.ts';

/** A letter: customer, level, invoices with amounts, fee, interest, channel, status, printing. */
export function letterJson(l: DunningLetter) {
  const m = (v: bigint) => formatAmount(v, l.currency);
  return {
    id: l.letterId,
    runId: l.runId,
    asOf: l.asOf,
    customer: {
      id: l.customerId,
      externalId: l.customer.externalId,
      name: l.customer.name,
      language: l.customer.language,
    },
    currency: l.currency,
    level: l.levelNo,
    templateKey: l.templateKey,
    template: `dunning-${l.templateLevel}`,
    channel: l.channel,
    status: l.status,
    open: m(l.openMinor),
    overdue: m(l.overdueMinor),
    fee: m(l.feeMinor),
    interest: m(l.interestMinor),
    total: m(l.openMinor + l.feeMinor + l.interestMinor),
    charge: l.chargeInvoiceId ? { id: l.chargeInvoiceId, number: l.chargeNumber ?? '' } : null,
    handsOver: l.handsOver,
    printed: l.printed
      ? {
          at: l.printed.at.toISOString(),
          by: { name: l.printed.by.name, keyId: l.printed.by.keyId, userId: l.printed.by.userId },
        }
      : null,
    invoices: l.invoices.map((i) => ({
      id: i.invoiceId,
      number: i.number,
      dueDate: i.dueDate,
      daysOverdue: i.daysOverdue,
      level: i.levelNo,
      open: m(i.openMinor),
      interest: m(i.interestMinor),
      interestFrom: i.interestFrom,
      interestThrough: i.interestThrough,
    })),
  };
}

/** A letter with the interest arithmetic per invoice. */
export function letterDetailJson(l: LetterDetail) {
  const base = letterJson(l);
  return {
    ...base,
    invoices: base.invoices.map((i) => ({ ...i, interestDetail: l.interestDetails.get(i.id) ?? null })),
  };
}

/** A run's result: its letters, what was skipped and why, and the counts. */
export function dunningRunJson(r: DunningRunResult) {
  return {
    runId: r.runId,
    asOf: r.asOf,
    dryRun: r.dryRun,
    letters: r.letters.map(letterJson),
    skipped: r.skipped.map((s) => ({
      customer: { id: s.customerId, externalId: s.customerExternalId },
      currency: s.currency,
      reason: s.reason,
      invoices: [...s.invoiceIds],
    })),
    summary: r.summary,
    interestStatements: r.interestStatements.map((s) => ({
      customer: { id: s.customerId, externalId: r.customerExternalIds.get(s.customerId) ?? s.customerId },
      currency: s.currency,
      interest: formatAmount(s.interestMinor, s.currency),
      charge: s.chargeInvoiceId ? { id: s.chargeInvoiceId, number: s.chargeNumber ?? '' } : null,
      invoices: s.items.map((i) => ({
        id: i.invoice.invoiceId,
        number: i.invoice.number,
        paidOn: i.paidOn,
        interestFrom: i.interest.from,
        interestThrough: i.interest.through,
        interest: formatAmount(i.interest.interestMinor, s.currency),
      })),
    })),
    notices: r.notices.map((n) => ({ ...n })),
  };
}

/** A policy with amounts per currency as decimal strings. */
export function policyJson(p: DunningPolicy) {
  const decimals = (m: Readonly<Record<string, bigint>>) =>
    Object.fromEntries(Object.entries(m).map(([c, v]) => [c, formatAmount(v, c)]));
  return {
    id: p.policyId,
    name: p.name,
    isDefault: p.isDefault,
    graceDays: p.graceDays,
    minimumAmounts: decimals(p.minimumMinor),
    interest: p.interest
      ? {
          dayCount: p.interest.dayCount,
          marginPct: p.interest.marginPct,
          baseRates: p.interest.baseRates.map((r) => ({ ...r })),
        }
      : null,
    finalInterestStatement: p.finalInterestStatement,
    levels: p.levels.map((l) => ({
      level: l.levelNo,
      offsetDays: l.offsetDays,
      templateKey: l.templateKey,
      channel: l.channel,
      fees: decimals(l.feesMinor),
      chargesInterest: l.chargesInterest,
      handsOver: l.handsOver,
    })),
  };
}
