/** Bank lines in the review queue, run results and cash application rules as the API shows them. */
import { z } from 'zod';
import { BANK_LINE_VERDICTS } from '../../modules/bank/index.ts';
import { type listRules, REVIEW_STATUSES } from '../../modules/cash-application/index.ts';
import { SETTLEMENT_ADJUSTMENT_KINDS } from '../../modules/invoices/index.ts';

export const money = z.string().describe('decimal amount in the currency');

const DEDUCTION_KINDS = ['short_payment', 'credit_note'] as const;
const deductionDescription =
  "the payer paid less and said why (a short payment with a reason, a credit note netted that is not an open credit): the amount stays open on the invoice and booking opens a dispute on it with the payer's words; null when none";

const deductionView = z.object({
  kind: z.enum(DEDUCTION_KINDS),
  invoiceId: z.string(),
  invoiceNumber: z.string().nullable(),
  amount: money,
  reason: z.string().describe("the payer's words"),
});

export const reviewItem = z
  .object({
    id: z.string(),
    bankReference: z.string().nullable(),
    bookingDate: z.string(),
    amount: money,
    currency: z.string(),
    payerName: z.string().nullable(),
    payerIban: z.string().nullable(),
    remittance: z.string(),
    status: z.enum(REVIEW_STATUSES),
    customerId: z.string().nullable(),
    customerExternalId: z.string().nullable(),
    customerName: z.string().nullable(),
    confidence: z.number().nullable(),
    receiptId: z.string().nullable(),
    suggestions: z.array(
      z.object({
        customerId: z.string(),
        customerExternalId: z.string().nullable(),
        customerName: z.string().nullable(),
        confidence: z.number(),
        allocations: z.array(z.object({ invoiceId: z.string(), invoiceNumber: z.string(), amount: money })),
        adjustments: z.array(
          z.object({ kind: z.enum(SETTLEMENT_ADJUSTMENT_KINDS), invoiceId: z.string(), amount: money }),
        ),
        reasons: z.array(z.string()),
        deduction: deductionView.nullable().describe(deductionDescription),
      }),
    ),
    deduction: deductionView
      .extend({ disputeId: z.string().nullable().describe('the dispute it opened or added to') })
      .nullable()
      .describe('what an applied line deducted, and its dispute; null otherwise'),
    reasons: z.array(z.string()),
  })
  .meta({ id: 'BankLine' });

const deductionResult = z
  .object({
    invoiceNumber: z.string(),
    amount: money,
    reason: z.string().describe("the payer's words"),
    kind: z.enum(DEDUCTION_KINDS),
  })
  .nullable()
  .describe(deductionDescription);

export const lineResult = z
  .object({
    bankReference: z.string().nullable(),
    bookingDate: z.string(),
    amount: money,
    currency: z.string(),
    status: z.enum(BANK_LINE_VERDICTS),
    confidence: z.number(),
    customer: z.string().nullable().describe('external id'),
    allocations: z.array(z.object({ invoiceNumber: z.string(), amount: money })),
    adjustments: z.array(z.object({ kind: z.enum(SETTLEMENT_ADJUSTMENT_KINDS), amount: money })),
    unapplied: money,
    deduction: deductionResult,
    suggestions: z.array(
      z.object({
        invoiceNumbers: z.array(z.string()),
        confidence: z.number(),
        reasons: z.array(z.string()),
        deduction: deductionResult,
      }),
    ),
    reasons: z.array(z.string()),
  })
  .meta({ id: 'CashApplicationLineResult' });

export const ruleView = z
  .object({
    ruleId: z.string(),
    name: z.string(),
    priority: z.number().int(),
    enabled: z.boolean(),
    conditions: z.record(z.string(), z.string()),
    action: z.record(z.string(), z.string()),
    problem: z
      .string()
      .nullable()
      .describe(
        'why the rule cannot run and is skipped (e.g. a pattern the safe matcher refuses); null when it runs',
      ),
  })
  .meta({ id: 'CashApplicationRule' });

export const toView = (r: Awaited<ReturnType<typeof listRules>>[number]) => ({
  ruleId: r.ruleId,
  name: r.name,
  priority: r.priority,
  enabled: r.enabled,
  conditions: r.conditions as Record<string, string>,
  action: r.action as Record<string, string>,
  problem: r.problem,
});

export const openItems = z
  .object({
    customer: z.object({ customerId: z.string(), externalId: z.string(), name: z.string() }),
    currency: z.string().describe("the line's currency: only open items in it are listed"),
    items: z.array(
      z.object({
        invoiceId: z.string(),
        number: z.string(),
        customerId: z.string().describe('the customer, or another company of its group'),
        customerName: z.string().nullable(),
        issueDate: z.string().nullable(),
        dueDate: z.string().nullable(),
        total: money,
        open: money,
      }),
    ),
  })
  .meta({ id: 'BankLineOpenItems' });

const thresholds = {
  autoApplyThreshold: z
    .number()
    .describe('a proposal at or above this confidence is applied without a person'),
  autoApplyMargin: z
    .number()
    .describe('…and only when it leads the runner-up proposal by at least this much'),
  customerMargin: z
    .number()
    .describe('…and the best proposal for any other customer by at least this much (else a person decides)'),
  maxSuggestions: z.number().int().describe('proposals kept for a person on a line not applied'),
  bankChargeTolerances: z
    .record(z.string(), z.string())
    .describe('how much short a payment may be and still settle its items (bank charges), by currency'),
};

export const matchingSettingsSchema = z
  .object({
    ...thresholds,
    bankChargeTolerances: thresholds.bankChargeTolerances.describe(
      "the tenant's overrides of the bank-charge tolerance by currency; other currencies use the defaults",
    ),
    defaults: z.object(thresholds).describe("the engine's defaults (bankChargeTolerances: the whole table)"),
  })
  .meta({ id: 'MatchingSettings' });
