/** Numbering series as the API shows them (the next number as a string: it is a bigint). */
import { z } from 'zod';
import type { NumberingSeries } from '../../modules/numbering/index.ts';

export const seriesSchema = z.object({
  series: z.string().describe('series key, e.g. INV'),
  kind: z.string().describe('document kind it numbers: invoice, credit_note or dunning_charge'),
  pattern: z.string().describe('e.g. INV-{seq} or INV-{YYYY}-{seq}'),
  prefix: z.string().describe('the text before the first placeholder'),
  digits: z.number().int().describe('minimum width of the sequence, zero-padded'),
  yearly: z.boolean().describe('the pattern has a year part: the series restarts at 1 each year'),
  year: z.number().int().describe('the year `next` belongs to (0 for a series without a year part)'),
  next: z.string().describe('the next sequence value (a decimal string)'),
  nextNumber: z.string().describe('the number the next document gets, e.g. INV-000042'),
});

export const seriesJson = (s: NumberingSeries) => ({ ...s, next: s.next.toString() });
