/**
 * User-defined rules, like an ERP's reconciliation models: conditions on the text, the payer and
 * the amount, and what to do when they all hold — ignore the line, post it to an account of the
 * chart (interest, a supplier's refund), name the customer who pays through a third party, or take
 * the invoice number out of the text with a pattern. Rules run before the engine, first match wins.
 */
import { z } from 'zod';
import { parseBankAmount } from '../bank/statement.ts';
import { decimalAmount } from '../customers/customers.input.ts';
import type { BankLine } from './engine.ts';

function isRegex(text: string): boolean {
  try {
    new RegExp(text, 'i');
    return true;
  } catch {
    return false;
  }
}

const regex = z.string().min(1).max(500).refine(isRegex, 'not a valid regular expression');

export const ruleConditions = z
  .object({
    textMatches: regex
      .optional()
      .describe('regular expression on remittance and references (case-insensitive)'),
    payerIban: z.string().min(5).max(34).optional(),
    payerNameMatches: regex.optional().describe('regular expression on the payer name (case-insensitive)'),
    amountMin: decimalAmount.optional(),
    amountMax: decimalAmount.optional(),
    currency: z.string().length(3).optional(),
  })
  .strict()
  .refine((c) => Object.keys(c).length > 0, 'a rule needs at least one condition');
export type RuleConditions = z.infer<typeof ruleConditions>;

export const ruleAction = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ignore') }).strict(),
  z
    .object({
      type: z.literal('post'),
      accountCode: z.string().min(1).max(20).describe('account of the chart to credit'),
    })
    .strict(),
  z
    .object({
      type: z.literal('customer'),
      customer: z.string().min(1).describe('customer id or external id'),
    })
    .strict(),
  z
    .object({
      type: z.literal('reference'),
      pattern: regex.describe(
        'regular expression whose first group is the invoice number, e.g. "Beleg (\\\\d+)"',
      ),
    })
    .strict()
    .refine((a) => /\((?!\?:)/.test(a.pattern), 'the pattern needs a capturing group for the invoice number'),
]);
export type RuleAction = z.infer<typeof ruleAction>;

export const ruleInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    priority: z.number().int().min(0).max(100_000).optional(),
    conditions: ruleConditions,
    action: ruleAction,
  })
  .strict();
export type RuleInput = z.infer<typeof ruleInput>;

export interface Rule {
  readonly ruleId: string;
  readonly name: string;
  readonly priority: number;
  readonly conditions: RuleConditions;
  readonly action: RuleAction;
}

/** True when every condition of `rule` holds for `line`. */
export function ruleMatches(rule: Rule, line: BankLine): boolean {
  const c = rule.conditions;
  const text = [line.remittance, ...line.structuredReferences].join(' ');
  if (c.textMatches && !new RegExp(c.textMatches, 'i').test(text)) return false;
  if (c.payerIban && c.payerIban.replace(/\s+/g, '').toUpperCase() !== line.counterpartyIban) return false;
  if (c.payerNameMatches && !new RegExp(c.payerNameMatches, 'i').test(line.counterpartyName ?? ''))
    return false;
  if (c.currency && c.currency.toUpperCase() !== line.currency) return false;
  const bound = (v: string | undefined) =>
    v === undefined ? null : (parseBankAmount(v, line.currency)?.minor ?? null);
  const min = bound(c.amountMin);
  const max = bound(c.amountMax);
  if (min !== null && line.amountMinor < min) return false;
  if (max !== null && line.amountMinor > max) return false;
  return true;
}

/** The first enabled rule (by priority, then name) whose conditions hold. */
export function firstMatchingRule(rules: readonly Rule[], line: BankLine): Rule | null {
  return rules.find((r) => ruleMatches(r, line)) ?? null;
}

/** The invoice numbers a `reference` rule takes out of the text. */
export function referencesByPattern(pattern: string, line: BankLine): string[] {
  const text = [line.remittance, ...line.structuredReferences].join(' ');
  return [...text.matchAll(new RegExp(pattern, 'gi'))].flatMap((m) => (m[1] ? [m[1]] : []));
}
