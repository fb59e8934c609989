/**
 * A policy as entered (decimal strings, levels in the given order) → the domain policy, checked:
 * levels strictly ordered by offset (so offsets are unique), amounts valid in their currency, base
 * rates on distinct dates, and interest terms present when a level charges interest. Every problem
 * is reported with its field (`levels[2].offsetDays`), and nothing is stored when there is one.
 * A level after the due date may not name the pre-due template (`friendly`, `pre-due`, `dunning-1`).
 */
import { isKnownCurrency } from '../../shared/currency.ts';
import { type ErrorDetail, validationFailed } from '../../shared/errors.ts';
import { tryParseAmount } from '../../shared/money.ts';
import type { policyInput } from './dunning.input.ts';
import type { DunningLevel, DunningPolicy, InterestTerms } from './dunning.types.ts';
import { namedTemplateLevel, PRE_DUE_TEMPLATE_LEVEL } from './letter-template.ts';

export type PolicyDefinition = Omit<DunningPolicy, 'policyId'>;
type ParsedPolicyInput = ReturnType<typeof policyInput.parse>;

/** Check and convert a parsed policy input; throws `validation_failed` listing every problem. */
export function definePolicy(input: ParsedPolicyInput): PolicyDefinition {
  const problems: ErrorDetail[] = [];
  const levels = input.levels.map((l, i): DunningLevel => {
    const previous = input.levels[i - 1];
    if (previous && l.offsetDays <= previous.offsetDays)
      problems.push({
        field: `levels[${i}].offsetDays`,
        message: `must be greater than the previous level's ${previous.offsetDays} (levels strictly ordered, offsets unique)`,
      });
    if (l.offsetDays > 0 && namedTemplateLevel(l.templateKey) === PRE_DUE_TEMPLATE_LEVEL)
      problems.push({
        field: `levels[${i}].templateKey`,
        message: `"${l.templateKey}" is the pre-due wording ("invoices due soon") and this level is ${l.offsetDays} days after the due date: use an overdue template such as "reminder"`,
      });
    return {
      levelNo: i + 1,
      offsetDays: l.offsetDays,
      templateKey: l.templateKey,
      channel: l.channel,
      feesMinor: amounts(l.fees ?? {}, `levels[${i}].fees`, 'positive', problems),
      chargesInterest: l.chargesInterest,
      handsOver: l.handsOver,
    };
  });
  const interest = input.interest ? interestTerms(input.interest, problems) : null;
  if (!interest && input.finalInterestStatement)
    problems.push({
      field: 'finalInterestStatement',
      message: 'a final interest statement needs the interest terms',
    });
  if (!interest && levels.some((l) => l.chargesInterest))
    problems.push({ field: 'interest', message: 'a level charges interest: give the interest terms' });
  const minimumMinor = amounts(input.minimumAmounts ?? {}, 'minimumAmounts', 'non-negative', problems);
  if (problems.length > 0)
    throw validationFailed(`the dunning policy is not valid: ${problems[0]?.message}`, problems);
  return {
    name: input.name,
    isDefault: input.isDefault,
    graceDays: input.graceDays,
    minimumMinor,
    interest,
    finalInterestStatement: input.finalInterestStatement,
    levels,
  };
}

function amounts(
  given: Readonly<Record<string, string>>,
  field: string,
  sign: 'positive' | 'non-negative',
  problems: ErrorDetail[],
): Record<string, bigint> {
  const out: Record<string, bigint> = {};
  for (const [code, text] of Object.entries(given)) {
    const currency = code.toUpperCase();
    const value = isKnownCurrency(currency) ? tryParseAmount(text, currency) : null;
    if (!isKnownCurrency(currency)) problems.push({ field: `${field}.${code}`, message: 'unknown currency' });
    else if (value === null || value < 0n || (sign === 'positive' && value === 0n))
      problems.push({ field: `${field}.${code}`, message: `must be a ${sign} amount in ${currency}` });
    else out[currency] = value;
  }
  return out;
}

function interestTerms(
  input: NonNullable<ParsedPolicyInput['interest']>,
  problems: ErrorDetail[],
): InterestTerms {
  const seen = new Set<string>();
  input.baseRates.forEach((r, i) => {
    if (seen.has(r.effectiveFrom))
      problems.push({
        field: `interest.baseRates[${i}].effectiveFrom`,
        message: 'two base rates on one date',
      });
    seen.add(r.effectiveFrom);
  });
  const baseRates = [...input.baseRates].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  return { dayCount: input.dayCount, marginPct: input.marginPct, baseRates };
}
