/**
 * What follows from a message's final outcome, in the transaction that records it: a dunning
 * letter becomes `sent` or `failed` with its email, and the customer's activity log shows what
 * went out (invoice delivered, statement sent, dunning letter sent; with an attachment left out, why)
 * or what could not be sent.
 */
import type { Tx } from '../../db/client.ts';
import type { ActivityEvent } from '../activities/index.ts';
import { logActivity } from '../activities/index.ts';
import { getLetterOrThrow, markLetters } from '../dunning/index.ts';
import type { MessageSettledHook, OutboxRow } from '../messaging/index.ts';

function eventOf(message: OutboxRow, outcome: 'sent' | 'failed'): ActivityEvent {
  if (outcome === 'failed') return 'message_failed';
  if (message.kind === 'dunning') return 'dunning_letter_sent';
  if (message.kind === 'statement') return 'statement_sent';
  return 'invoice_delivered';
}

function textOf(message: OutboxRow, outcome: 'sent' | 'failed', error: string | null): string {
  const to = message.toAddresses.join(', ');
  if (outcome === 'sent') return `Emailed to ${to}: "${message.subject}"${error ? ` — ${error}` : ''}`;
  return `Could not be emailed to ${to}: "${message.subject}" — ${error ?? 'the last attempt failed'}`;
}

async function settleLetter(tx: Tx, message: OutboxRow, outcome: 'sent' | 'failed', at: Date) {
  if (!message.dunningLetterId) return;
  const letterId = message.dunningLetterId;
  const letter = await getLetterOrThrow(tx, message.tenantId, letterId);
  if (letter.status === outcome) return;
  await markLetters(tx, message.tenantId, [{ letterId, status: letter.status }], outcome, at);
}

/** The hook the outbox is wired with (src/main.ts). */
export const onMessageSettled: MessageSettledHook = async (tx, message, outcome, at, error) => {
  await settleLetter(tx, message, outcome, at);
  if (!message.customerId) return;
  await logActivity(tx, message.tenantId, {
    kind: 'system',
    event: eventOf(message, outcome),
    customerId: message.customerId,
    invoiceIds: message.invoiceIds,
    text: textOf(message, outcome, error),
    occurredAt: at,
  });
};
