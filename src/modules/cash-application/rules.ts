/**
 * User-defined rules, like an ERP's reconciliation models: conditions on the text, the payer and
 * the amount, and what to do when they all hold — ignore the line, post it to an account of the
 * chart (interest, a supplier's refund), name the customer who pays through a third party, or take
 * the invoice number out of the text with a pattern. Rules run before the engine, first match wins.
 */
import { z } from 'zod';
import { parseBankAmount } from '../bank/index.ts';
import { decimalAmount } from '../customers/index.ts';
import type { BankLine } from './engine.ts';
import { MAX_PATTERN_CHARS, patternProblem, safePattern } from './safe-pattern.ts';

/**
 * A pattern a rule may hold: JavaScript syntax, matched case-insensitively in linear time (see
 * safe-pattern.ts); backreferences and lookaround are refused with a message naming them.
 */
const regex = z
  .string()
  .min(1)
  .max(MAX_PATTERN_CHARS)
  .superRefine((source, ctx) => {
    const problem = patternProblem(source);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

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

/** The patterns of a rule, each with the input field that holds it. */
function patternsOf(rule: Rule): { field: string; source: string }[] {
  return [
    ...(rule.conditions.textMatches
      ? [{ field: 'conditions.textMatches', source: rule.conditions.textMatches }]
      : []),
    ...(rule.conditions.payerNameMatches
      ? [{ field: 'conditions.payerNameMatches', source: rule.conditions.payerNameMatches }]
      : []),
    ...(rule.action.type === 'reference' ? [{ field: 'action.pattern', source: rule.action.pattern }] : []),
  ];
}

/**
 * Why a stored rule cannot run — a pattern saved before patterns were checked for linear-time
 * matching, or one suspended for overrunning its time budget — naming the field; null when it
 * runs. A rule with a problem is skipped by the run, never evaluated.
 */
export function ruleProblem(rule: Rule): string | null {
  for (const { field, source } of patternsOf(rule)) {
    const problem = safePattern(source).problem;
    if (problem) return `${field}: ${problem}`;
  }
  return null;
}

/** The text conditions and reference patterns look at: the remittance and structured references. */
function ruleText(line: BankLine): string {
  return [line.remittance, ...line.structuredReferences].join(' ');
}

/** True when every condition of `rule` holds for `line` (a pattern that cannot run never holds). */
export function ruleMatches(rule: Rule, line: BankLine): boolean {
  const c = rule.conditions;
  if (c.textMatches && !safePattern(c.textMatches).test(ruleText(line))) return false;
  if (c.payerIban && c.payerIban.replace(/\s+/g, '').toUpperCase() !== line.counterpartyIban) return false;
  if (c.payerNameMatches && !safePattern(c.payerNameMatches).test(line.counterpartyName ?? '')) return false;
  if (c.currency && c.currency.toUpperCase() !== line.currency) return false;
  const bound = (v: string | undefined) =>
    v === undefined ? null : (parseBankAmount(v, line.currency)?.minor ?? null);
  const min = bound(c.amountMin);
  const max = bound(c.amountMax);
  if (min !== null && line.amountMinor < min) return false;
  if (max !== null && line.amountMinor > max) return false;
  return true;
}

/** The first rule (in the order given) that can run and whose conditions hold. */
export function firstMatchingRule(rules: readonly Rule[], line: BankLine): Rule | null {
  return rules.find((r) => ruleProblem(r) === null && ruleMatches(r, line)) ?? null;
}

/** The invoice numbers a `reference` rule takes out of the text: group 1 of every match. */
export function referencesByPattern(pattern: string, line: BankLine): string[] {
  return safePattern(pattern).firstGroups(ruleText(line));
}
