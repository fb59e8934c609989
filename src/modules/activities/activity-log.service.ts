/**
 * `logActivity`: the one way anything is written to a customer's activity log, by people (calls,
 * emails, notes, meetings, letters) and by the system (promise broken, dispute opened, credit hold
 * set, dunning letter sent …). Runs in the caller's transaction, so the entry commits or rolls back
 * with the event it records. Depends on nothing but its own tables: every module may call it.
 */
import type { Tx } from '../../db/client.ts';
import { newId } from '../../shared/ids.ts';
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

/**
 * Append one entry to the customer's activity log in `tx`; returns its id.
 * Example: `logActivity(tx, t, { kind: 'system', event: 'dunning_letter_sent', customerId,
 * invoiceIds, text: 'Reminder level 2 sent to ap@acme.example', occurredAt: clock.now() })`.
 */
export async function logActivity(tx: Tx, tenantId: string, entry: ActivityEntry): Promise<string> {
  const row = rowOf(tenantId, entry);
  await repo.insertActivities(tx, [row]);
  return row.activityId;
}

/** Append many entries in one statement (for runs that log per customer). */
export async function logActivities(
  tx: Tx,
  tenantId: string,
  entries: readonly ActivityEntry[],
): Promise<void> {
  await repo.insertActivities(
    tx,
    entries.map((e) => rowOf(tenantId, e)),
  );
}
