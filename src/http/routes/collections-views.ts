/**
 * Collections and credit rows → JSON-safe objects matching collections-schemas.ts, with the
 * customer external ids and invoice numbers looked up once per response.
 */
import type { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import type { ActivityRow } from '../../modules/activities/index.ts';
import { type Actor, keyActor } from '../../modules/activities/index.ts';
import type { ApiKeyPrincipal } from '../../modules/apikeys/index.ts';
import type {
  CollectorView,
  PromiseEvaluation,
  PromiseView,
  WorklistItem,
} from '../../modules/collections/index.ts';
import type { CreditStatus, HoldEvaluation, HoldRow } from '../../modules/credit/index.ts';
import { customerRefs } from '../../modules/customers/index.ts';
import type { DisputeRow, getDisputeDetail } from '../../modules/disputes/index.ts';
import { getInvoicesByIds } from '../../modules/invoices/index.ts';
import { formatAmount } from '../../shared/money.ts';
import type {
  activitySchema,
  collectorSchema,
  creditHoldSchema,
  creditStatusSchema,
  disputeDetailSchema,
  disputeSchema,
  holdEvaluationSchema,
  promiseEvaluationSchema,
  promiseSchema,
  worklistItemSchema,
} from './collections-schemas.ts';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** The author of what a request does: its API key's label, or its id. */
export function actorOf(principal: ApiKeyPrincipal): Actor {
  return keyActor(principal.keyId, principal.label);
}

function author(name: string, keyId: string | null) {
  return { name, keyId };
}

/** External ids of customers and numbers of invoices, by id. */
async function lookups(q: Queryable, tenantId: string, customerIds: string[], invoiceIds: string[]) {
  const customers = await customerRefs(q, tenantId, customerIds);
  const invoices = await getInvoicesByIds(q, tenantId, [...new Set(invoiceIds)]);
  const numbers = new Map(invoices.map((i) => [i.invoiceId, i.number]));
  return {
    externalId: (id: string) => customers.get(id)?.externalId ?? null,
    number: (id: string | null) => (id === null ? null : (numbers.get(id) ?? null)),
  };
}

export async function activityViews(
  q: Queryable,
  tenantId: string,
  rows: readonly ActivityRow[],
): Promise<z.infer<typeof activitySchema>[]> {
  const l = await lookups(
    q,
    tenantId,
    rows.map((r) => r.customerId),
    rows.flatMap((r) => r.invoiceIds),
  );
  return rows.map((r) => ({
    id: r.activityId,
    customerId: r.customerId,
    customerExternalId: l.externalId(r.customerId),
    kind: r.kind,
    event: r.event,
    text: r.text,
    invoiceIds: r.invoiceIds,
    invoiceNumbers: r.invoiceIds.map((id) => l.number(id)),
    author: author(r.authorName, r.authorKeyId),
    occurredAt: r.occurredAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function disputeViews(
  q: Queryable,
  tenantId: string,
  rows: readonly DisputeRow[],
): Promise<z.infer<typeof disputeSchema>[]> {
  const l = await lookups(
    q,
    tenantId,
    rows.map((r) => r.customerId),
    rows.flatMap((r) => (r.creditNoteId ? [r.invoiceId, r.creditNoteId] : [r.invoiceId])),
  );
  return rows.map((r) => ({
    id: r.disputeId,
    invoiceId: r.invoiceId,
    invoiceNumber: l.number(r.invoiceId),
    customerId: r.customerId,
    customerExternalId: l.externalId(r.customerId),
    reason: r.reasonCode,
    amount: formatAmount(r.amountMinor, r.currency),
    currency: r.currency,
    status: r.status,
    openedAt: r.openedAt.toISOString(),
    openedBy: author(r.openedByName, r.openedByKeyId),
    closedAt: iso(r.closedAt),
    closedBy: r.closedByName ? author(r.closedByName, r.closedByKeyId) : null,
    resolution: r.resolution,
    creditNoteId: r.creditNoteId,
    creditNoteNumber: l.number(r.creditNoteId),
  }));
}

export async function disputeDetailView(
  q: Queryable,
  tenantId: string,
  detail: Awaited<ReturnType<typeof getDisputeDetail>>,
): Promise<z.infer<typeof disputeDetailSchema>> {
  const [view] = await disputeViews(q, tenantId, [detail.dispute]);
  if (!view) throw new Error('dispute view missing');
  return {
    ...view,
    notes: detail.notes.map((n) => ({
      id: n.noteId,
      author: author(n.authorName, n.authorKeyId),
      text: n.text,
      createdAt: n.createdAt.toISOString(),
    })),
  };
}

export async function promiseViews(
  q: Queryable,
  tenantId: string,
  rows: readonly PromiseView[],
): Promise<z.infer<typeof promiseSchema>[]> {
  const l = await lookups(
    q,
    tenantId,
    rows.map((r) => r.customerId),
    rows.flatMap((r) => r.invoiceIds),
  );
  return rows.map((r) => ({
    id: r.promiseId,
    customerId: r.customerId,
    customerExternalId: l.externalId(r.customerId),
    amount: formatAmount(r.amountMinor, r.currency),
    currency: r.currency,
    madeOn: r.madeOn,
    promisedOn: r.promisedOn,
    keepBy: r.keepBy,
    invoiceIds: r.invoiceIds,
    invoiceNumbers: r.invoiceIds.map((id) => l.number(id)),
    status: r.status,
    note: r.note,
    createdBy: author(r.createdByName, r.createdByKeyId),
    createdAt: r.createdAt.toISOString(),
    settledOn: r.settledOn,
    paid: r.paidMinor === null ? null : formatAmount(r.paidMinor, r.currency),
    cancelReason: r.cancelReason,
  }));
}

export async function promiseEvaluationView(
  q: Queryable,
  tenantId: string,
  e: PromiseEvaluation,
): Promise<z.infer<typeof promiseEvaluationSchema>> {
  const l = await lookups(
    q,
    tenantId,
    e.settled.map((s) => s.customerId),
    [],
  );
  return {
    asOf: e.asOf,
    evaluated: e.evaluated,
    stillOpen: e.stillOpen,
    settled: e.settled.map((s) => ({
      promiseId: s.promiseId,
      customerId: s.customerId,
      customerExternalId: l.externalId(s.customerId),
      outcome: s.outcome,
      amount: formatAmount(s.amountMinor, s.currency),
      paid: formatAmount(s.paidMinor, s.currency),
      currency: s.currency,
      promisedOn: s.promisedOn,
      keepBy: s.keepBy,
    })),
  };
}

export function collectorJson(c: CollectorView): z.infer<typeof collectorSchema> {
  return {
    id: c.collectorId,
    name: c.name,
    email: c.email,
    apiKeyId: c.apiKeyId,
    active: c.active,
    customerCount: c.customerCount,
    createdAt: c.createdAt.toISOString(),
  };
}

export function worklistItemJson(item: WorklistItem, rank: number): z.infer<typeof worklistItemSchema> {
  const h = item.facts.history;
  return {
    rank,
    customerId: item.customerId,
    customerExternalId: item.externalId,
    customerName: item.name,
    collector: item.collector ? { id: item.collector.collectorId, name: item.collector.name } : null,
    score: round2(item.score),
    weightedOverdue: round2(item.weightedOverdue),
    historyFactor: Math.round(item.historyFactor * 10000) / 10000,
    brokenPromiseFactor: item.brokenPromiseFactor,
    overdue: item.facts.overdue.map((c) => ({
      currency: c.currency,
      collectible: formatAmount(c.collectibleMinor, c.currency),
      underPromise: formatAmount(c.promisedMinor, c.currency),
      oldestDays: c.oldestDays,
      disputedInvoices: c.disputedCount,
    })),
    history: {
      settled: h.settled,
      late: h.late,
      averageDaysLate: h.settled === 0 ? null : Math.round((h.sumDaysAfterDue / h.settled) * 10) / 10,
    },
    brokenPromiseOn: item.facts.brokenPromiseOn,
    onHold: item.facts.onHold,
    reasons: item.reasons,
  };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function holdJson(h: HoldRow) {
  return {
    id: h.holdId,
    kind: h.kind === 'manual' ? ('manual' as const) : ('automatic' as const),
    reasons: h.reasons,
    note: h.note,
    setOn: h.setOn,
    setAt: h.setAt.toISOString(),
    setBy: author(h.setByName, h.setByKeyId),
    releasedAt: iso(h.releasedAt),
    releasedBy: h.releasedByName ? author(h.releasedByName, h.releasedByKeyId) : null,
    releaseNote: h.releaseNote,
  };
}

export async function creditHoldViews(
  q: Queryable,
  tenantId: string,
  rows: readonly HoldRow[],
): Promise<z.infer<typeof creditHoldSchema>[]> {
  const l = await lookups(
    q,
    tenantId,
    rows.map((r) => r.customerId),
    [],
  );
  return rows.map((h) => ({
    ...holdJson(h),
    customerId: h.customerId,
    customerExternalId: l.externalId(h.customerId),
  }));
}

export function creditStatusJson(s: CreditStatus): z.infer<typeof creditStatusSchema> {
  const { position: p } = s;
  const m = (v: bigint) => formatAmount(v, p.currency);
  return {
    customerId: s.customerId,
    customerExternalId: s.externalId,
    asOf: s.asOf,
    currency: p.currency,
    creditLimit: p.limitMinor === null ? null : m(p.limitMinor),
    exposure: {
      openInvoices: m(p.exposure.openInvoicesMinor),
      unappliedCash: m(p.exposure.unappliedMinor),
      uninvoicedOrders: m(p.exposure.uninvoicedOrdersMinor),
      total: m(p.exposure.totalMinor),
      unconvertedCurrencies: p.exposure.unconverted,
    },
    available: p.limitMinor === null ? null : m(p.limitMinor - p.exposure.totalMinor),
    oldestOverdueDays: p.oldestOverdueDays,
    ruleReasons: s.reasons,
    onHold: s.onHold,
    holds: s.holds.map(holdJson),
  };
}

export async function holdEvaluationView(
  q: Queryable,
  tenantId: string,
  e: HoldEvaluation,
): Promise<z.infer<typeof holdEvaluationSchema>> {
  const l = await lookups(
    q,
    tenantId,
    e.changes.map((c) => c.customerId),
    [],
  );
  return {
    asOf: e.asOf,
    evaluated: e.evaluated,
    onHold: e.onHold,
    changes: e.changes.map((c) => ({ ...c, customerExternalId: l.externalId(c.customerId) })),
  };
}
