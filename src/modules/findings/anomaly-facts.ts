/**
 * Gathering the facts the anomaly detectors judge: one set-based query per detector, through the
 * invoices, receipts, audit, customers and approvals modules' doors, turned into the detectors' typed
 * facts (amounts as bigint, instants as Date).
 */
import type { Queryable } from '../../db/client.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { parseAmount } from '../../shared/money.ts';
import { getApprovalPolicy } from '../approvals/index.ts';
import { type AuditRecordView, auditCountsByActor, auditRecordsBetween } from '../audit/index.ts';
import { groupCustomerIds } from '../customers/index.ts';
import {
  creditsSince,
  duplicateInvoiceCandidates,
  firstTwoDigitCounts,
  type InvoiceCandidateRow,
} from '../invoices/index.ts';
import {
  creditAfterReceiptCandidates,
  crossCustomerAllocationsSince,
  duplicateReceiptCandidates,
  type ReceiptCandidateRow,
  receiptsFromOtherCustomersAccounts,
  settledInvoicesOfRecentPayers,
} from '../receipts/index.ts';
import type { AnomalyPolicy, ScanWindow } from './anomaly-policy.ts';
import type { CustomerPayments } from './detect-behaviour-change.ts';
import type { DigitCounts } from './detect-benford.ts';
import type { AttributedCreditFact, Thresholds } from './detect-credit-amounts.ts';
import type { AppliedReceiptFact, CreditFact, LappingFacts } from './detect-diverted-cash.ts';
import type { InvoiceFact, ReceiptFact } from './detect-duplicates.ts';
import type { IssuerFacts } from './detect-unusual-issuer.ts';

const DAY_MS = 86_400_000;
const ppm = (share: number) => Math.round(share * 1_000_000);
const msDate = (ms: string) => new Date(Number(ms));

const invoiceOf = (r: InvoiceCandidateRow): InvoiceFact => ({
  invoiceId: r.invoice_id,
  customerId: r.customer_id,
  number: r.number,
  currency: r.currency,
  totalMinor: BigInt(r.total_minor),
  issueDate: r.issue_date,
  status: r.status,
});

export async function duplicateInvoiceFacts(q: Queryable, tenantId: string, w: ScanWindow, p: AnomalyPolicy) {
  const pairs = await duplicateInvoiceCandidates(q, tenantId, {
    since: todayUtc(w.since),
    windowDays: p.duplicateInvoice.windowDays,
    sharePpm: ppm(p.duplicateInvoice.amountShare),
    toleranceMinor: p.duplicateInvoice.amountToleranceMinor,
  });
  return pairs.map(([a, b]) => [invoiceOf(a), invoiceOf(b)] as const);
}

const receiptOf = (r: ReceiptCandidateRow): ReceiptFact => ({
  receiptId: r.receipt_id,
  customerId: r.customer_id,
  currency: r.currency,
  amountMinor: BigInt(r.amount_minor),
  receivedOn: r.received_on,
  reference: r.reference,
});

export async function duplicatePaymentFacts(q: Queryable, tenantId: string, w: ScanWindow, p: AnomalyPolicy) {
  const pairs = await duplicateReceiptCandidates(q, tenantId, {
    since: todayUtc(w.since),
    windowDays: p.duplicatePayment.windowDays,
  });
  return pairs.map(([a, b]) => [receiptOf(a), receiptOf(b)] as const);
}

export async function lappingFacts(q: Queryable, tenantId: string, w: ScanWindow): Promise<LappingFacts> {
  const rows = await crossCustomerAllocationsSince(q, tenantId, w.since);
  const payers = await receiptsFromOtherCustomersAccounts(q, tenantId, todayUtc(w.since));
  const foreignPayers = payers.map((r) => ({
    receiptId: r.receipt_id,
    customerId: r.customer_id,
    payerIban: r.payer_iban,
    payerName: r.payer_name,
    currency: r.currency,
    amountMinor: BigInt(r.amount_minor),
    receivedOn: r.received_on,
    accountOwnerIds: r.owners.split(','),
  }));
  const ids = [...rows.map((r) => r.payer_customer_id), ...foreignPayers.flatMap((p) => p.accountOwnerIds)];
  const groups = await groupCustomerIds(q, tenantId, [...new Set(ids)]);
  const allocations = rows.map((r) => ({
    allocationId: r.allocation_id,
    receiptId: r.receipt_id,
    payerCustomerId: r.payer_customer_id,
    invoiceId: r.invoice_id,
    invoiceNumber: r.invoice_number,
    invoiceCustomerId: r.invoice_customer_id,
    currency: r.currency,
    amountMinor: BigInt(r.amount_minor),
    appliedAt: msDate(r.applied_ms),
  }));
  return { allocations, foreignPayers, groups };
}

export async function creditAfterReceiptFacts(
  q: Queryable,
  tenantId: string,
  w: ScanWindow,
  p: AnomalyPolicy,
) {
  const rows = await creditAfterReceiptCandidates(q, tenantId, {
    since: w.since,
    withinDays: p.creditAfterReceipt.withinDays,
    sharePpm: ppm(p.creditAfterReceipt.amountShare),
  });
  return rows.map((r) => {
    const credit: CreditFact = {
      adjustmentId: r.adjustment_id,
      kind: r.kind,
      invoiceId: r.invoice_id,
      invoiceNumber: r.number,
      customerId: r.customer_id,
      currency: r.currency,
      amountMinor: BigInt(r.amount_minor),
      createdAt: msDate(r.created_ms),
    };
    const receipt: AppliedReceiptFact = {
      receiptId: r.receipt_id,
      receiptAmountMinor: BigInt(r.receipt_amount_minor),
      currency: r.currency,
      appliedToCustomerId: r.applied_to_customer_id,
      appliedAt: msDate(r.applied_ms),
      payer: r.payer,
    };
    return [credit, receipt] as const;
  });
}

export async function attributedCreditFacts(q: Queryable, tenantId: string, w: ScanWindow) {
  const rows = await creditsSince(q, tenantId, w.since);
  return rows.map(
    (r): AttributedCreditFact => ({
      adjustmentId: r.adjustment_id,
      kind: r.kind,
      invoiceId: r.invoice_id,
      invoiceNumber: r.number,
      customerId: r.customer_id,
      currency: r.currency,
      amountMinor: BigInt(r.amount_minor),
      createdAt: msDate(r.created_ms),
      userId: r.actor_id,
      userName: r.actor_name,
    }),
  );
}

/** The thresholds of the approval policy now, for the enabled credit-note and write-off kinds. */
export async function creditThresholds(q: Queryable, tenantId: string): Promise<Thresholds> {
  const policy = await getApprovalPolicy(q, tenantId);
  const out = new Map<string, bigint>();
  for (const k of policy.kinds) {
    if (!k.enabled || (k.kind !== 'invoice.write_off' && k.kind !== 'invoice.credit_note')) continue;
    for (const t of k.thresholds) out.set(`${k.kind}:${t.currency}`, parseAmount(t.amount, t.currency));
  }
  return out;
}

export async function issuerFacts(
  q: Queryable,
  tenantId: string,
  w: ScanWindow,
  p: AnomalyPolicy,
): Promise<IssuerFacts> {
  const kinds = ['invoice.issued'];
  const from = new Date(w.now.getTime() - p.unusualIssuer.lookbackDays * DAY_MS);
  const counts = await auditCountsByActor(q, tenantId, { kinds, from, to: w.now });
  if (counts.total < p.unusualIssuer.minTenantIssues)
    return { issued: [], issuesByActor: new Map(), tenantIssues: counts.total };
  const rare = [...counts.byActor]
    .filter(([id, n]) => id !== '' && n <= p.unusualIssuer.maxIssues)
    .map(([id]) => id);
  const issued: AuditRecordView[] = rare.length
    ? await auditRecordsBetween(q, tenantId, { kinds, from: w.since, to: w.now, actorIds: rare })
    : [];
  return { issued, issuesByActor: counts.byActor, tenantIssues: counts.total };
}

export async function digitCountFacts(q: Queryable, tenantId: string, w: ScanWindow): Promise<DigitCounts[]> {
  const groups = new Map<
    string,
    { userId: string | null; userName: string; month: string; counts: Map<number, number> }
  >();
  for (const r of await firstTwoDigitCounts(q, tenantId, w.since)) {
    const key = `${r.actor_id ?? ''}:${r.month}`;
    const g = groups.get(key) ?? {
      userId: r.actor_id,
      userName: r.actor_name,
      month: r.month,
      counts: new Map(),
    };
    g.counts.set(Number(r.digits), Number(r.n));
    groups.set(key, g);
  }
  return [...groups.values()];
}

export async function paymentFacts(
  q: Queryable,
  tenantId: string,
  w: ScanWindow,
  p: AnomalyPolicy,
): Promise<CustomerPayments[]> {
  const rows = await settledInvoicesOfRecentPayers(q, tenantId, {
    since: todayUtc(w.since),
    maxPerCustomer: p.behaviourChange.maxHistory + p.behaviourChange.recentPayments,
  });
  const out = new Map<
    string,
    { customerId: string; payments: { invoiceId: string; settledOn: string; daysLate: number }[] }
  >();
  for (const r of rows) {
    const c = out.get(r.customer_id) ?? { customerId: r.customer_id, payments: [] };
    c.payments.push({ invoiceId: r.invoice_id, settledOn: r.settled_on, daysLate: Number(r.days_late) });
    out.set(r.customer_id, c);
  }
  return [...out.values()];
}
