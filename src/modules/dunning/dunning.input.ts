/** Zod schemas for dunning commands, shared by the API and the CLI. */
import { z } from 'zod';
import { decimalAmount } from '../customers/index.ts';
import { calendarDate } from '../invoices/index.ts';
import { CHANNELS, DAY_COUNTS } from './dunning.types.ts';

export const templateKey = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,99}$/, 'lower-case letters, digits, ".", "_" or "-" (e.g. "reminder-1")');

/** Amounts per currency, in major units: `{"EUR": "5.00", "USD": "6.00"}`. */
const perCurrency = z
  .record(z.string().regex(/^[A-Za-z]{3}$/, 'an ISO 4217 code'), decimalAmount)
  .describe('amount per currency (ISO 4217 code → decimal string in major units)');

export const levelInput = z
  .object({
    offsetDays: z
      .number()
      .int()
      .min(-365)
      .max(3650)
      .describe('days relative to the due date; negative before it (e.g. -3, 7, 21, 35, 50)'),
    templateKey,
    channel: z.enum(CHANNELS).default('email'),
    fees: perCurrency.optional().describe('fee charged with a letter of this level, per currency'),
    chargesInterest: z.boolean().default(false).describe('charge the interest accrued since the last charge'),
    handsOver: z.boolean().default(false).describe('marks the customer as handed over to collections'),
  })
  .strict();
export type LevelInput = z.input<typeof levelInput>;

const ratePct = z.string().regex(/^-?\d{1,3}(\.\d{1,6})?$/, 'a percentage like "3.62" or "-0.88"');

export const interestInput = z
  .object({
    dayCount: z.enum(DAY_COUNTS).default('act/365'),
    marginPct: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,6})?$/, 'a percentage like "9"')
      .default('0')
      .describe('points added to the base rate (e.g. "9" for German B2B, "5" for consumers)'),
    baseRates: z
      .array(z.object({ effectiveFrom: calendarDate, ratePct }).strict())
      .min(1)
      .max(500)
      .describe('base (reference) rate in percent from each date on; no interest before the first'),
  })
  .strict();

export const policyInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    isDefault: z.boolean().default(false).describe("the tenant's default policy (only one)"),
    graceDays: z.number().int().min(0).max(365).default(0).describe('added to levels after the due date'),
    minimumAmounts: perCurrency.optional().describe('no letter below this amount, per currency'),
    interest: interestInput.nullable().optional(),
    finalInterestStatement: z
      .boolean()
      .default(false)
      .describe(
        'charge the interest from the last interest-charging letter to a late payment (an open item)',
      ),
    levels: z.array(levelInput).min(1).max(20).describe('in order of strictly increasing offsetDays'),
  })
  .strict();
export type PolicyInput = z.input<typeof policyInput>;

export const policyPatch = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    isDefault: z.boolean().optional(),
    graceDays: z.number().int().min(0).max(365).optional(),
    minimumAmounts: perCurrency.optional(),
    interest: interestInput.nullable().optional(),
    finalInterestStatement: z.boolean().optional(),
    levels: z.array(levelInput).min(1).max(20).optional().describe('replaces every level'),
  })
  .strict();
export type PolicyPatch = z.input<typeof policyPatch>;

export const assignmentInput = z
  .object({
    policy: z.string().min(1).nullable().describe('policy id or name; null removes the assignment'),
    customer: z.string().min(1).optional().describe('customer id or external id'),
    category: z.string().min(1).optional().describe('category or subcategory id'),
  })
  .strict()
  .refine((a) => (a.customer === undefined) !== (a.category === undefined), {
    message: 'name exactly one of customer or category',
    path: ['customer'],
  });
export type AssignmentInput = z.input<typeof assignmentInput>;

export const holdInput = z
  .object({
    reason: z.string().trim().min(1).max(500),
    until: calendarDate.optional().describe('last day of the hold; omitted: until released'),
  })
  .strict();
export type HoldInput = z.input<typeof holdInput>;

export const runInput = z
  .object({
    asOf: calendarDate.optional().describe("the day to dun for (default: today's date)"),
    dryRun: z.boolean().optional().describe('plan and return the letters without recording anything'),
  })
  .strict();
export type RunInput = z.input<typeof runInput>;
