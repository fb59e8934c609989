/** Dispute reason codes, statuses, and the Zod schemas of dispute commands. */
import { z } from 'zod';
import { decimalAmount } from '../customers/index.ts';
import { calendarDate } from '../invoices/index.ts';

export const DISPUTE_REASONS = [
  'pricing',
  'quantity',
  'quality',
  'not_received',
  'duplicate',
  'chargeback',
  'other',
] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

export const DISPUTE_STATUSES = ['open', 'resolved', 'rejected'] as const;
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

const noteText = z.string().trim().min(1).max(5000);

export const openDisputeInput = z
  .object({
    invoice: z.string().min(1).describe('invoice id or number'),
    reason: z.enum(DISPUTE_REASONS),
    amount: decimalAmount.optional().describe('disputed amount; default: the open amount'),
    note: noteText.optional().describe('first note of the thread'),
  })
  .strict();
export type OpenDisputeInput = z.infer<typeof openDisputeInput>;

export const disputeNoteInput = z.object({ text: noteText }).strict();

export const resolveDisputeInput = z
  .object({
    creditAmount: decimalAmount
      .optional()
      .describe(
        'issue a credit note for this agreed amount (default: the disputed amount, at most the open amount)',
      ),
    creditNote: z
      .string()
      .min(1)
      .optional()
      .describe('or link a credit note already issued against the invoice (id or number)'),
    note: noteText.optional().describe('what was agreed; added to the thread'),
    date: calendarDate.optional().describe('date of the credit note (default: today)'),
  })
  .strict()
  .refine((r) => !(r.creditAmount && r.creditNote), {
    message: 'give creditAmount or creditNote, not both',
    path: ['creditNote'],
  });
export type ResolveDisputeInput = z.infer<typeof resolveDisputeInput>;

export const rejectDisputeInput = z
  .object({ reason: noteText.describe('why the dispute is rejected') })
  .strict();
export type RejectDisputeInput = z.infer<typeof rejectDisputeInput>;
