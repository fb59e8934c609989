import { doublePrecision, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { businessDate, instant, tenantId } from '../../db/columns.ts';

/**
 * Each tenant's payment-date model, the latest training only (a retraining replaces it): the
 * trees as JSON (null when the tenant had too little history), when and on what it was trained,
 * and its holdout measure (null when there was too little history to hold some out).
 */
export const paymentModels = pgTable(
  'payment_models',
  {
    tenantId: tenantId(),
    /** `model`, or `too_little_history`. */
    status: text('status').notNull(),
    trainedAt: instant('trained_at').notNull(),
    /** The business day the history was read as of. */
    asOf: businessDate('as_of').notNull(),
    /** Settled invoices it was trained on. */
    paidInvoices: integer('paid_invoices').notNull(),
    holdoutSize: integer('holdout_size'),
    holdoutFrom: businessDate('holdout_from'),
    holdoutModelMae: doublePrecision('holdout_model_mae'),
    holdoutBaselineMae: doublePrecision('holdout_baseline_mae'),
    model: jsonb('model'),
  },
  (t) => [primaryKey({ columns: [t.tenantId] })],
);
