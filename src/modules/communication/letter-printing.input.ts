/** The Zod schema of a print batch request: which planned letters to print, and whether to record them posted. */
import { z } from 'zod';

/** At most this many letters go into one batch (its PDF renders in one request). */
export const MAX_PRINT_BATCH = 100;

export const printLettersInput = z
  .object({
    runId: z
      .uuid()
      .optional()
      .describe('print the planned letters of this run (default: every planned letter of channel letter)'),
    letterIds: z
      .array(z.uuid())
      .min(1)
      .max(MAX_PRINT_BATCH)
      .optional()
      .describe('print exactly these letters (each must be a planned letter of channel letter)'),
    markSent: z
      .boolean()
      .optional()
      .describe('record the letters as printed and posted (status sent) in the same transaction'),
  })
  .strict();
export type PrintLettersInput = z.infer<typeof printLettersInput>;
