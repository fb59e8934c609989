/**
 * Payment-date prediction in the product: each tenant's model trained on its own history (weekly
 * by the `payment-model.train` job and on demand), its summary, and the prediction of open
 * invoices as of a day (on the invoice, and per customer for the worklist).
 */

import type { Queryable } from '../../db/client.ts';
import { withTransaction } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { invalidState } from '../../shared/errors.ts';
import { groupBy } from '../../shared/group-by.ts';
import type { CoreDeps } from '../core-deps.ts';
import { MIN_PAID_INVOICES, trainTenantModel } from './model-training.ts';
import {
  type OpenInvoicePrediction,
  predictOpenInvoicesOfCustomer,
  withOpenPromise,
} from './open-invoice-prediction.ts';
import { invoiceLedgerRows, invoicePromiseRows, invoiceReminderRows } from './payment-facts.queries.ts';
import {
  dateOfDay,
  dayNumber,
  factsOf,
  type PaymentFactSources,
  type TenantInvoiceFact,
} from './payment-facts.ts';
import { loadModel, type StoredModel, saveModel } from './predictions.repository.ts';

export interface PaymentModelSummary extends Omit<StoredModel, 'model'> {
  readonly minPaidInvoices: number;
}

/**
 * The tenant's facts as known on `asOf` (of `customerIds` only, when given), with their reminders
 * and promises to pay; `sources` null: without them (the risk score, which counts broken promises
 * itself) — never for the model, whose features read them.
 */
export async function loadPaymentFacts(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  customerIds: readonly string[] | null,
  sources: PaymentFactSources | null,
): Promise<TenantInvoiceFact[]> {
  const rows = await invoiceLedgerRows(q, tenantId, asOf, customerIds);
  if (!sources) return factsOf(rows);
  const reminders = await invoiceReminderRows(q, tenantId, asOf, customerIds);
  const promises = await invoicePromiseRows(q, tenantId, asOf, sources, customerIds);
  return factsOf(rows, reminders, promises);
}

/** Train the tenant's model on its history as of `asOf` and store it (replacing the last one). */
export async function trainPaymentModelOfTenant(
  deps: CoreDeps,
  tenantId: string,
  asOf: CalendarDate,
  sources: PaymentFactSources,
): Promise<PaymentModelSummary> {
  const facts = await loadPaymentFacts(deps.db, tenantId, asOf, null, sources);
  const training = trainTenantModel(facts);
  const stored: StoredModel = {
    status: training.kind,
    trainedAt: deps.clock.now(),
    asOf,
    paidInvoices: training.paid,
    holdout:
      training.kind === 'model' && training.holdout
        ? {
            size: training.holdout.size,
            from: dateOfDay(training.holdout.fromDay),
            modelMae: training.holdout.modelMae,
            baselineMae: training.holdout.baselineMae,
          }
        : null,
    model: training.kind === 'model' ? training.model : null,
  };
  await withTransaction(deps.db, (tx) => saveModel(tx, tenantId, stored));
  return summaryOf(stored);
}

/** The tenant's model as trained last; null when never trained. */
export async function getPaymentModelSummary(
  q: Queryable,
  tenantId: string,
): Promise<PaymentModelSummary | null> {
  const stored = await loadModel(q, tenantId);
  return stored ? summaryOf(stored) : null;
}

function summaryOf(stored: StoredModel): PaymentModelSummary {
  const { model: _model, ...rest } = stored;
  return { ...rest, minPaidInvoices: MIN_PAID_INVOICES };
}

export interface InvoicePrediction extends OpenInvoicePrediction {
  readonly invoiceId: string;
  readonly customerId: string;
  readonly dueOn: CalendarDate;
  readonly predictedOn: CalendarDate;
  /** The promised day of the earliest promise to pay open on the day naming it; null: none. */
  readonly promisedOn: CalendarDate | null;
  /** When the model used was trained; null for the customer-history fallback. */
  readonly modelTrainedAt: Date | null;
}

/** The prediction for the open invoice `invoiceId` as of `asOf`; a conflict unless it is open then. */
export async function predictInvoice(
  q: Queryable,
  tenantId: string,
  invoiceId: string,
  customerId: string,
  asOf: CalendarDate,
  sources: PaymentFactSources,
): Promise<InvoicePrediction> {
  const predictions = await predictOpenInvoicesOfCustomers(q, tenantId, [customerId], asOf, sources);
  const found = predictions.find((p) => p.invoiceId === invoiceId);
  if (!found)
    throw invalidState(
      `invoice ${invoiceId} is not open on ${asOf} (paid, credited, void or a draft): nothing to predict`,
    );
  return found;
}

/**
 * Predictions for every invoice of `customerIds` open on `asOf` (null: all customers); an open
 * promise to pay naming the invoice sets the predicted day (`withOpenPromise`).
 */
export async function predictOpenInvoicesOfCustomers(
  q: Queryable,
  tenantId: string,
  customerIds: readonly string[] | null,
  asOf: CalendarDate,
  sources: PaymentFactSources,
): Promise<InvoicePrediction[]> {
  const stored = await loadModel(q, tenantId);
  const model = stored?.model ?? null;
  const facts = await loadPaymentFacts(q, tenantId, asOf, customerIds, sources);
  const today = dayNumber(asOf);
  const out: InvoicePrediction[] = [];
  for (const invoices of groupBy(facts, (f) => f.customerId).values()) {
    const open = invoices.filter((f) => f.settledDay === null);
    const predictions = predictOpenInvoicesOfCustomer(model, open, invoices, today);
    open.forEach((f, i) => {
      const p = withOpenPromise(predictions[i] as OpenInvoicePrediction, f, today);
      out.push({
        ...p,
        invoiceId: f.invoiceId,
        customerId: f.customerId,
        dueOn: dateOfDay(f.dueDay),
        predictedOn: dateOfDay(p.predictedDay),
        promisedOn: p.promisedDay === null ? null : dateOfDay(p.promisedDay),
        modelTrainedAt: p.basis === 'model' ? (stored?.trainedAt ?? null) : null,
      });
    });
  }
  return out;
}

/**
 * Per customer: the mean predicted days late and late probability of its open invoices on `asOf`
 * (`customerIds` null: every customer with an open invoice).
 */
export async function customerLateness(
  q: Queryable,
  tenantId: string,
  customerIds: readonly string[] | null,
  asOf: CalendarDate,
  sources: PaymentFactSources,
): Promise<Map<string, CustomerLateness>> {
  const out = new Map<string, CustomerLateness>();
  if (customerIds !== null && customerIds.length === 0) return out;
  const predictions = await predictOpenInvoicesOfCustomers(q, tenantId, customerIds, asOf, sources);
  for (const [customerId, list] of groupBy(predictions, (p) => p.customerId)) {
    const probabilities = list.flatMap((p) => (p.lateProbability === null ? [] : [p.lateProbability]));
    out.set(customerId, {
      basis: list[0]?.basis ?? 'customer_history',
      openInvoices: list.length,
      daysLate: list.reduce((s, p) => s + p.daysLate, 0) / list.length,
      lateProbability: probabilities.length
        ? probabilities.reduce((s, p) => s + p, 0) / probabilities.length
        : null,
    });
  }
  return out;
}

export interface CustomerLateness {
  readonly basis: OpenInvoicePrediction['basis'];
  readonly openInvoices: number;
  readonly daysLate: number;
  readonly lateProbability: number | null;
}
