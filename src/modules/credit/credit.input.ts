/** Zod schemas of credit commands. */
import { z } from 'zod';
import { creditLimitAmount } from '../customers/index.ts';

const reason = z.string().trim().min(1).max(1000);

/** The `override` of an invoice issue: who gives it comes from the API key, why from here. */
export const creditOverrideInput = z
  .object({ reason: reason.describe('why the invoice may go out despite the credit hold or limit') })
  .strict();
export type CreditOverrideInput = z.infer<typeof creditOverrideInput>;

export const setCreditLimitInput = z
  .object({
    limit: creditLimitAmount.nullable().describe("in the customer's currency; null removes the limit"),
    reason: reason.optional(),
  })
  .strict();
export type SetCreditLimitInput = z.infer<typeof setCreditLimitInput>;

export const setHoldInput = z.object({ reason }).strict();
export const releaseHoldInput = z.object({ reason: reason.optional() }).strict();

export const creditSettingsPatch = z
  .object({
    holdOverdueDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .nullable()
      .optional()
      .describe('hold customers with an invoice more than this many days overdue; null turns the rule off'),
    holdRiskScore: z
      .number()
      .int()
      .min(1)
      .max(100)
      .nullable()
      .optional()
      .describe(
        'hold customers whose risk score (0–100) is this or more, judged by the daily credit check; null turns the rule off',
      ),
  })
  .strict();
export type CreditSettingsPatch = z.infer<typeof creditSettingsPatch>;
