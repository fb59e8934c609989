/** Commands on numbering series; HTTP and the CLI share these schemas. */
import { z } from 'zod';
import { patternProblem } from './numbering-format.ts';

export const SERIES_KINDS = ['invoice', 'credit_note', 'dunning_charge'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];

export const seriesKey = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,19}$/, 'a series key is 1-20 capital letters, digits or _, e.g. INV')
  .describe('series key, e.g. INV (invoices), CN (credit notes), DUN (dunning charges)');

/** Highest next number a series accepts: far below the 64-bit range, like every amount. */
export const MAX_SEQUENCE = 999_999_999_999n;

export const setNumberingSeriesInput = z
  .object({
    pattern: z
      .string()
      .min(1)
      .max(40)
      .superRefine((p, ctx) => {
        const problem = patternProblem(p);
        if (problem) ctx.addIssue({ code: 'custom', message: `pattern ${problem}` });
      })
      .optional()
      .describe('e.g. INV-{seq} or INV-{YYYY}-{seq} ({YYYY}: the issue year; the series restarts each year)'),
    prefix: z
      .string()
      .max(30)
      .regex(/^[^\s{}]*$/, 'a prefix has no spaces or braces')
      .optional()
      .describe('shorthand for the pattern <prefix>{seq} (keeps a year part if the series has one)'),
    digits: z.int().min(1).max(12).optional().describe('minimum width of the sequence, zero-padded'),
    next: z
      .union([z.string().regex(/^\d{1,12}$/, 'next is a whole number'), z.int()])
      .refine(
        (v) => BigInt(v) >= 1n && BigInt(v) <= MAX_SEQUENCE,
        `next must be between 1 and ${MAX_SEQUENCE}`,
      )
      .optional()
      .describe('the next number to issue; never below a number already taken'),
    year: z
      .int()
      .min(1900)
      .max(2999)
      .optional()
      .describe('for a yearly series: the year whose next number `next` sets (default: the current year)'),
    kind: z.enum(SERIES_KINDS).optional().describe('document kind of a new series (default invoice)'),
  })
  .strict();

export type SetNumberingSeriesInput = z.input<typeof setNumberingSeriesInput>;
