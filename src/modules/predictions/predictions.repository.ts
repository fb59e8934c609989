/** All SQL on the stored payment models (one row per tenant). */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import type { PaymentModel } from '../analytics/index.ts';

export interface StoredModel {
  readonly status: 'model' | 'too_little_history';
  readonly trainedAt: Date;
  readonly asOf: CalendarDate;
  readonly paidInvoices: number;
  readonly holdout: {
    readonly size: number;
    readonly from: CalendarDate;
    readonly modelMae: number;
    readonly baselineMae: number;
  } | null;
  readonly model: PaymentModel | null;
}

/** Replace the tenant's model by `stored`. */
export async function saveModel(q: Queryable, tenantId: string, stored: StoredModel): Promise<void> {
  const h = stored.holdout;
  const model = stored.model ? JSON.stringify(stored.model) : null;
  await q.execute(sql`
    insert into payment_models (tenant_id, status, trained_at, as_of, paid_invoices, holdout_size,
      holdout_from, holdout_model_mae, holdout_baseline_mae, model)
    values (${tenantId}, ${stored.status}, ${stored.trainedAt.toISOString()}::timestamptz, ${stored.asOf}::date,
      ${stored.paidInvoices}, ${h?.size ?? null}, ${h?.from ?? null}::date, ${h?.modelMae ?? null},
      ${h?.baselineMae ?? null}, ${model}::jsonb)
    on conflict (tenant_id) do update set status = excluded.status, trained_at = excluded.trained_at,
      as_of = excluded.as_of, paid_invoices = excluded.paid_invoices, holdout_size = excluded.holdout_size,
      holdout_from = excluded.holdout_from, holdout_model_mae = excluded.holdout_model_mae,
      holdout_baseline_mae = excluded.holdout_baseline_mae, model = excluded.model`);
}

interface ModelRow {
  status: 'model' | 'too_little_history';
  trained_at: string | Date;
  as_of: string;
  paid_invoices: number;
  holdout_size: number | null;
  holdout_from: string | null;
  holdout_model_mae: number | string | null;
  holdout_baseline_mae: number | string | null;
  model: PaymentModel | string | null;
}

/** The tenant's stored model; null when it was never trained. */
export async function loadModel(q: Queryable, tenantId: string): Promise<StoredModel | null> {
  const [row] = await queryRows<ModelRow>(
    q,
    sql`select status, trained_at, to_char(as_of, 'YYYY-MM-DD') as as_of, paid_invoices, holdout_size,
          to_char(holdout_from, 'YYYY-MM-DD') as holdout_from, holdout_model_mae, holdout_baseline_mae, model
        from payment_models where tenant_id = ${tenantId}`,
  );
  if (!row) return null;
  return {
    status: row.status,
    trainedAt: new Date(row.trained_at),
    asOf: row.as_of,
    paidInvoices: Number(row.paid_invoices),
    holdout:
      row.holdout_size === null || row.holdout_from === null
        ? null
        : {
            size: Number(row.holdout_size),
            from: row.holdout_from,
            modelMae: Number(row.holdout_model_mae),
            baselineMae: Number(row.holdout_baseline_mae),
          },
    model: typeof row.model === 'string' ? (JSON.parse(row.model) as PaymentModel) : row.model,
  };
}
