/**
 * Which message template (`dunning-1` … `dunning-9`) a letter's wording takes, from its level's
 * `templateKey` — never from the level's position alone, so a policy whose first level is seven
 * days after the due date does not send the pre-due "invoices due soon" text.
 *
 * The shipped slots escalate: 1 the friendly pre-due reminder, 2 a reminder of overdue invoices,
 * 3 a firm reminder, 4 the final notice, 5 the hand-over to collections (6–9 for a tenant's own).
 */
import type { DunningLevel, DunningPolicy } from './dunning.types.ts';

/** The slot of the pre-due wording; the only one that speaks of invoices "due soon". */
export const PRE_DUE_TEMPLATE_LEVEL = 1;
/** The first slot written for overdue invoices: what a pre-due level takes once they are overdue. */
export const FIRST_OVERDUE_TEMPLATE_LEVEL = 2;
export const MAX_TEMPLATE_LEVEL = 9;

/** The template keys with a fixed slot besides `dunning-N` (the keys of the docs' examples). */
export const NAMED_TEMPLATE_KEYS: Readonly<Record<string, number>> = {
  friendly: 1,
  'pre-due': 1,
  reminder: 2,
  firm: 3,
  final: 4,
  collections: 5,
  'hand-over': 5,
};

/** The slot a key names (`dunning-3` → 3, `final` → 4), or null for a key of the tenant's own. */
export function namedTemplateLevel(templateKey: string): number | null {
  const numbered = /^dunning-([1-9])$/.exec(templateKey)?.[1];
  if (numbered) return Number(numbered);
  return NAMED_TEMPLATE_KEYS[templateKey] ?? null;
}

/**
 * The slot of a level whose key names none: a level on or before the due date takes the pre-due
 * wording; the k-th level after it the (k + 1)-th slot (at most 9), so +7/+21/+35 take 2, 3, 4.
 */
function positionalTemplateLevel(level: DunningLevel, policy: Pick<DunningPolicy, 'levels'>): number {
  if (level.offsetDays <= 0) return PRE_DUE_TEMPLATE_LEVEL;
  const overdueBefore = policy.levels.filter((l) => l.offsetDays > 0 && l.offsetDays < level.offsetDays);
  return Math.min(FIRST_OVERDUE_TEMPLATE_LEVEL + overdueBefore.length, MAX_TEMPLATE_LEVEL);
}

/**
 * The template slot of a letter at `level` of `policy`. `anyOverdue`: some invoice of the letter is
 * past its due date on the letter's day (a pre-due level caught up after downtime); the pre-due
 * wording then gives way to the first overdue one, so "due soon" never goes out for overdue items.
 *
 * @example letterTemplateLevel({offsetDays: 7, templateKey: 'reminder-a', …}, policy, true) // 2
 */
export function letterTemplateLevel(
  level: DunningLevel,
  policy: Pick<DunningPolicy, 'levels'>,
  anyOverdue: boolean,
): number {
  const slot = namedTemplateLevel(level.templateKey) ?? positionalTemplateLevel(level, policy);
  return anyOverdue && slot === PRE_DUE_TEMPLATE_LEVEL ? FIRST_OVERDUE_TEMPLATE_LEVEL : slot;
}

/**
 * The slot of a letter recorded before the slot was kept with it: its key's, else its level
 * number, never the pre-due one for a letter with overdue invoices.
 */
export function legacyTemplateLevel(templateKey: string, levelNo: number, anyOverdue: boolean): number {
  const slot = Math.min(Math.max(namedTemplateLevel(templateKey) ?? levelNo, 1), MAX_TEMPLATE_LEVEL);
  return anyOverdue && slot === PRE_DUE_TEMPLATE_LEVEL ? FIRST_OVERDUE_TEMPLATE_LEVEL : slot;
}
