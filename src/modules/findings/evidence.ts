/** How detectors cite audit records in a finding's evidence. */
import type { AuditRecordView } from '../audit/index.ts';

/** `{ seq: '42', kind: 'invoice.issued', occurredAt: '…' }` for each record, in the order given. */
export function citeRecords(...records: readonly AuditRecordView[]) {
  return records.map((r) => ({
    seq: r.seq.toString(),
    kind: r.kind,
    occurredAt: r.occurredAt.toISOString(),
  }));
}

/** A string field of a record's details, or null. */
export function detailText(record: AuditRecordView, field: string): string | null {
  const v = record.details[field];
  return typeof v === 'string' ? v : null;
}

/** Who acted, as evidence shows it: `Ana Admin (user 0193…)`. */
export function actorText(record: AuditRecordView): string {
  return record.actor.id
    ? `${record.actor.name} (${record.actor.kind} ${record.actor.id})`
    : record.actor.name;
}
