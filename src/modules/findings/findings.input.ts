/** Inputs of the findings module: a review decision (the note is required) and list filters. */
import { z } from 'zod';
import { FINDING_KINDS, FINDING_STATUSES, SEVERITIES } from './findings.types.ts';

export const decisionInput = z
  .object({
    note: z
      .string()
      .trim()
      .min(1, 'say why: what was checked and what it showed')
      .max(2000)
      .describe('why the finding is confirmed or dismissed (kept with it and in the audit trail)'),
  })
  .strict();
export type DecisionInput = z.infer<typeof decisionInput>;

export const findingFilterInput = z
  .object({
    status: z.enum(FINDING_STATUSES).optional(),
    kind: z.enum(FINDING_KINDS).optional(),
    severity: z.enum(SEVERITIES).optional(),
  })
  .strict();
export type FindingFilterInput = z.infer<typeof findingFilterInput>;
