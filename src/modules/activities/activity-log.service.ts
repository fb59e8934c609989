/**
 * `logActivity`: the one way anything is written to a customer's activity log, by people (calls,
 * emails, notes, meetings, letters) and by the system (promise broken, dispute opened, credit hold
 * set, dunning letter sent …). Runs in the caller's transaction, so the entry commits or rolls back
 * with the event it records. Depends on nothing but its own tables and the webhooks outbox: every
 * module may call it. The system events that an outbound webhook tells (`WEBHOOK_OF`) are recorded
 * for the subscribed endpoints here, in the same transaction — the one seam for them.
 */
import type { Tx } from '../../db/client.ts';
import { newId } from '../../shared/ids.ts';
import { type NewWebhookEvent, recordWebhookEventsInTx, type WebhookEventType } from '../webhooks/index.ts';
import type { ActivityEvent, ManualActivityKind } from './activity.input.ts';
import * as repo from './activity.repository.ts';
import { type Actor, SYSTEM_ACTOR } from './actor.ts';

export type ActivityRow = repo.ActivityRow;

interface EntryCommon {
  customerId: string;
  text: string;
  invoiceIds?: readonly string[];
  /** When it happened: for "now" pass the caller's `deps.clock.now()`. */
  occurredAt: Date;
}

/** A person's activity, or a system event (author defaults to `system`). */
export type ActivityEntry =
  | (EntryCommon & { kind: ManualActivityKind; author: Actor })
  | (EntryCommon & { kind: 'system'; event: ActivityEvent; author?: Actor });

function rowOf(tenantId: string, entry: ActivityEntry): repo.NewActivityRow {
  const author = entry.author ?? SYSTEM_ACTOR;
  return {
    tenantId,
    activityId: newId(),
    customerId: entry.customerId,
    kind: entry.kind,
    event: entry.kind === 'system' ? entry.event : null,
    text: entry.text.slice(0, 5000),
    invoiceIds: [...new Set(entry.invoiceIds ?? [])],
    authorName: author.name,
    authorKeyId: author.keyId,
    authorUserId: author.userId,
    occurredAt: entry.occurredAt,
  };
}

/** The activity events that are also webhook events. */
const WEBHOOK_OF: Partial<Record<ActivityEvent, WebhookEventType>> = {
  dispute_opened: 'dispute.opened',
  dispute_resolved: 'dispute.resolved',
  promise_broken: 'promise.broken',
  credit_hold_set: 'customer.credit_hold',
  dunning_letter_sent: 'dunning.letter_sent',
};

function webhookEventsOf(rows: readonly repo.NewActivityRow[]): NewWebhookEvent[] {
  const out: NewWebhookEvent[] = [];
  for (const r of rows) {
    const type = r.event ? WEBHOOK_OF[r.event as ActivityEvent] : undefined;
    if (!type) continue;
    const data = {
      customerId: r.customerId,
      invoiceIds: r.invoiceIds,
      text: r.text,
      activityId: r.activityId,
    };
    out.push({ type, data, occurredAt: r.occurredAt });
  }
  return out;
}

/**
 * Append one entry to the customer's activity log in `tx`; returns its id.
 * Example: `logActivity(tx, t, { kind: 'system', event: 'dunning_letter_sent', customerId,
 * invoiceIds, text: 'Reminder level 2 sent to ap@acme.example', occurredAt: clock.now() })`.
 */
export async function logActivity(tx: Tx, tenantId: string, entry: ActivityEntry): Promise<string> {
  const row = rowOf(tenantId, entry);
  await repo.insertActivities(tx, [row]);
  await recordWebhookEventsInTx(tx, tenantId, webhookEventsOf([row]));
  return row.activityId;
}

/** Append many entries in one statement (for runs that log per customer). */
export async function logActivities(
  tx: Tx,
  tenantId: string,
  entries: readonly ActivityEntry[],
): Promise<void> {
  const rows = entries.map((e) => rowOf(tenantId, e));
  await repo.insertActivities(tx, rows);
  await recordWebhookEventsInTx(tx, tenantId, webhookEventsOf(rows));
}
