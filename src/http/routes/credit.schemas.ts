/**
 * Credit as the API shows it: holds with their authors, a customer's credit status (limit,
 * exposure, headroom) and the evaluation of holds. Money is a decimal string in major units.
 */
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import type { CreditStatus, HoldEvaluation, HoldRow } from '../../modules/credit/index.ts';
import { formatAmount } from '../../shared/money.ts';
import { authorSchema, date, instant, iso, money } from './common.ts';
import { authorJson, lookups } from './shared-views.ts';

export const holdSchema = z.object({
  id: z.string(),
  kind: z.enum(['manual', 'automatic']),
  reasons: z.array(z.string()).describe('automatic: over_limit, overdue, risk_score'),
  note: z.string().nullable(),
  setOn: date,
  setAt: instant,
  setBy: authorSchema,
  releasedAt: instant.nullable(),
  releasedBy: authorSchema.nullable(),
  releaseNote: z.string().nullable(),
});

export const creditHoldSchema = holdSchema
  .extend({
    customerId: z.string(),
    customerExternalId: z.string().nullable(),
    customerName: z.string().nullable(),
  })
  .meta({ id: 'CreditHold' });

export const creditStatusSchema = z
  .object({
    customerId: z.string(),
    customerExternalId: z.string(),
    asOf: date,
    currency: z.string().describe("the customer's currency: limit and exposure are in it"),
    creditLimit: money('credit limit').nullable(),
    exposure: z.object({
      openInvoices: money('open invoices'),
      unappliedCash: money('unapplied cash (reduces exposure)'),
      uninvoicedOrders: money('uninvoiced orders (none exist yet)'),
      total: money('open invoices − unapplied cash + uninvoiced orders'),
      unconvertedCurrencies: z
        .array(z.string())
        .describe('other currencies that could not be converted, left out'),
    }),
    available: money('credit limit − exposure (negative when over)').nullable(),
    oldestOverdueDays: z.number().int().nullable().describe('of the oldest open, undisputed invoice'),
    ruleReasons: z
      .array(z.string())
      .describe('what the automatic rules say now: over_limit, overdue, risk_score'),
    onHold: z.boolean(),
    holds: z.array(holdSchema),
  })
  .meta({ id: 'CreditStatus' });

export const holdEvaluationSchema = z
  .object({
    asOf: date,
    evaluated: z.number().int(),
    onHold: z.number().int(),
    changes: z.array(
      z.object({
        customerId: z.string(),
        customerExternalId: z.string().nullable(),
        change: z.enum(['set', 'release', 'update']),
        reasons: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'CreditHoldEvaluation' });

export function holdJson(h: HoldRow) {
  return {
    id: h.holdId,
    kind: h.kind === 'manual' ? ('manual' as const) : ('automatic' as const),
    reasons: h.reasons,
    note: h.note,
    setOn: h.setOn,
    setAt: h.setAt.toISOString(),
    setBy: authorJson(h.setByName, h.setByKeyId, h.setByUserId),
    releasedAt: iso(h.releasedAt),
    releasedBy: h.releasedByName ? authorJson(h.releasedByName, h.releasedByKeyId, h.releasedByUserId) : null,
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
    customerName: l.name(h.customerId),
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

export const creditSettingsSchema = z
  .object({
    holdOverdueDays: z
      .number()
      .int()
      .nullable()
      .describe('hold customers with an invoice more than this many days overdue; null: rule off'),
    holdRiskScore: z
      .number()
      .int()
      .nullable()
      .describe(
        'hold customers whose risk score is this or more (judged by the daily credit check); null: rule off',
      ),
  })
  .meta({ id: 'CreditSettings' });
