/** The audit trail's shapes on the API: a record, the list filters, and its export table. */
import { z } from 'zod';
import { AUDIT_KIND_PATTERN, type AuditRecordView } from '../../modules/audit/index.ts';
import { text } from '../../shared/xlsx.ts';
import { pageQuery } from '../pagination.ts';
import { instant } from './common.ts';
import type { ExportTable } from './report-exports.ts';

const when = z.iso.datetime({ offset: true }).describe('ISO 8601 instant');

export const auditFilterQuery = {
  objectType: z.string().regex(AUDIT_KIND_PATTERN).optional().describe('e.g. customer, invoice, api_key'),
  objectId: z.string().min(1).max(200).optional().describe("the object's id (with objectType)"),
  actor: z.uuid().optional().describe("a user's or an API key's id"),
  kind: z
    .string()
    .regex(AUDIT_KIND_PATTERN)
    .optional()
    .describe('a kind (customer.updated) or every kind under a prefix (customer)'),
  from: when.optional().describe('records at or after this instant'),
  to: when.optional().describe('records at or before this instant'),
};

export const auditListQuery = z.object({ ...pageQuery, ...auditFilterQuery });

export const auditRecordSchema = z
  .object({
    seq: z.string().describe("the record's number in the tenant's chain (1, 2, …)"),
    recordId: z.string(),
    occurredAt: instant,
    actor: z.object({
      kind: z.enum(['user', 'api_key', 'system']),
      id: z.string().nullable().describe("the user's or API key's id"),
      name: z.string(),
    }),
    origin: z.object({
      channel: z.enum(['http', 'cli', 'job', 'system']),
      ip: z.string().nullable(),
      agent: z.string().nullable().describe('HTTP: user agent; CLI: command and OS user; job: its name'),
    }),
    kind: z.string().describe('what happened, e.g. customer.updated'),
    objectType: z.string(),
    objectId: z.string().nullable(),
    reason: z.string().nullable().describe('the reason given'),
    changes: z.record(z.string(), z.unknown()).describe('changed fields: { field: [before, after] }'),
    details: z.record(z.string(), z.unknown()),
    prevHash: z.string(),
    hash: z.string().describe('sha256 of the canonical record, previous hash included'),
  })
  .meta({ id: 'AuditRecord' });

export type AuditRecordJson = z.infer<typeof auditRecordSchema>;

export function auditRecordJson(r: AuditRecordView): AuditRecordJson {
  return {
    ...r,
    seq: r.seq.toString(),
    occurredAt: r.occurredAt.toISOString(),
    actor: { ...r.actor, kind: r.actor.kind as AuditRecordJson['actor']['kind'] },
    origin: { ...r.origin, channel: r.origin.channel as AuditRecordJson['origin']['channel'] },
  };
}

/** The records as one export table: changes and details as JSON text in their cells. */
export function auditTable(records: readonly AuditRecordView[]): ExportTable {
  const header = [
    'seq',
    'occurred_at',
    'actor_kind',
    'actor_id',
    'actor_name',
    'origin',
    'ip',
    'agent',
    'kind',
    'object_type',
    'object_id',
    'reason',
    'changes',
    'details',
    'prev_hash',
    'hash',
  ];
  const rows = records.map((r) =>
    [
      r.seq.toString(),
      r.occurredAt.toISOString(),
      r.actor.kind,
      r.actor.id ?? '',
      r.actor.name,
      r.origin.channel,
      r.origin.ip ?? '',
      r.origin.agent ?? '',
      r.kind,
      r.objectType,
      r.objectId ?? '',
      r.reason ?? '',
      JSON.stringify(r.changes),
      JSON.stringify(r.details),
      r.prevHash,
      r.hash,
    ].map(text),
  );
  return { name: 'Audit trail', header, rows };
}
