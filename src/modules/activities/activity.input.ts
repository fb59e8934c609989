/** Activity kinds and system events, and the Zod schema of an activity a person logs. */
import { z } from 'zod';

/** What people log by hand. */
export const MANUAL_ACTIVITY_KINDS = ['call', 'email', 'note', 'meeting', 'letter'] as const;
export type ManualActivityKind = (typeof MANUAL_ACTIVITY_KINDS)[number];
export const ACTIVITY_KINDS = [...MANUAL_ACTIVITY_KINDS, 'system'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** What the system logs (`kind = 'system'`); other modules log theirs through `logActivity`. */
export const ACTIVITY_EVENTS = [
  'promise_made',
  'promise_kept',
  'promise_broken',
  'promise_cancelled',
  'dispute_opened',
  'dispute_resolved',
  'dispute_rejected',
  'dispute_noted',
  'credit_hold_set',
  'credit_hold_released',
  'credit_override',
  'credit_limit_changed',
  'invoice_delivered',
  'statement_sent',
  'dunning_letter_sent',
  'message_failed',
] as const;
export type ActivityEvent = (typeof ACTIVITY_EVENTS)[number];

export const logActivityInput = z
  .object({
    customer: z.string().min(1).describe('customer id or external id'),
    kind: z.enum(MANUAL_ACTIVITY_KINDS),
    text: z.string().trim().min(1).max(5000),
    invoices: z.array(z.string().min(1)).max(200).optional().describe('invoice ids or numbers it is about'),
    occurredAt: z.iso.datetime({ offset: true }).optional().describe('when it happened (default: now)'),
  })
  .strict();
export type LogActivityInput = z.infer<typeof logActivityInput>;
