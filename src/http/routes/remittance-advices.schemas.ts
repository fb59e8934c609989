/** Remittance advices as the API shows them: what the payer says it pays, and what became of it. */
import { z } from 'zod';
import { ADVICE_FORMATS, ADVICE_STATUSES } from '../../modules/cash-application/index.ts';
import { date, instant, money } from './common.ts';

export const adviceView = z.object({
  id: z.string(),
  format: z.string().describe(`${ADVICE_FORMATS.join(' or ')}`),
  status: z
    .enum(ADVICE_STATUSES)
    .describe(
      '`open`: no bank line found yet; `matched`: a run found its bank line (`bankTransactionId`) and left it for review; `applied`: the line was booked per advice line',
    ),
  payerName: z.string().nullable(),
  payerIban: z.string().nullable(),
  paymentReference: z.string().nullable().describe('payment reference or end-to-end id of the transfer'),
  date: date,
  currency: z.string(),
  total: money('the lump sum'),
  bankTransactionId: z.string().nullable().describe('the bank line it was matched to or applied on'),
  importedAt: instant,
  lines: z.array(
    z.object({
      lineNo: z.number().int(),
      invoiceReference: z.string().describe('the invoice as the payer wrote it'),
      amount: money('paid on it (negative: a credit note deducted)'),
      reason: z.string().nullable().describe('why less, in the payer’s words'),
      sourceLine: z.number().int().describe('line of the file'),
    }),
  ),
});

export const adviceImportResult = z.object({
  format: z.enum(ADVICE_FORMATS),
  advices: z.array(adviceView).describe('the advices stored by this import'),
  skipped: z.number().int().describe('advices of the file imported before: not stored again'),
  warnings: z.array(z.string()),
});
