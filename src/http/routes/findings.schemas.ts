/** The JSON of /v1/findings and /v1/monitoring: a finding with its evidence and decision, the policy. */
import { z } from 'zod';
import {
  ANOMALY_KINDS,
  FINDING_KINDS,
  FINDING_STATUSES,
  type Finding,
  type MonitoringPolicyView,
  monitoringPolicySchema,
  SEVERITIES,
} from '../../modules/findings/index.ts';
import { pageQuery } from '../pagination.ts';

export const findingSchema = z
  .object({
    id: z.string(),
    kind: z.enum(FINDING_KINDS),
    severity: z.enum(SEVERITIES),
    title: z.string(),
    status: z.enum(FINDING_STATUSES),
    occurredAt: z.string().describe('when what was found happened (the audit record’s time)'),
    createdAt: z.string().describe('when the scan found it'),
    evidence: z
      .object({
        records: z
          .array(z.object({ seq: z.string(), kind: z.string(), occurredAt: z.string() }))
          .describe('the audit records that prove it (GET /v1/audit shows each)'),
        userId: z.string().nullable().optional(),
        customerId: z.string().nullable().optional(),
        invoiceId: z.string().nullable().optional(),
        receiptId: z.string().nullable().optional(),
        facts: z.record(z.string(), z.unknown()),
      })
      .describe('the facts and the ids that prove the finding'),
    decision: z
      .object({ note: z.string(), byId: z.string().nullable(), byName: z.string(), at: z.string() })
      .nullable()
      .describe('null while open'),
  })
  .meta({ id: 'Finding' });

export function findingJson(f: Finding): z.infer<typeof findingSchema> {
  return {
    id: f.findingId,
    kind: f.kind,
    severity: f.severity,
    title: f.title,
    status: f.status,
    occurredAt: f.occurredAt.toISOString(),
    createdAt: f.createdAt.toISOString(),
    evidence: { ...f.evidence, records: [...f.evidence.records], facts: f.evidence.facts },
    decision: f.decision ? { ...f.decision, at: f.decision.at.toISOString() } : null,
  };
}

export const findingListQuery = z.object({
  ...pageQuery,
  status: z.enum(FINDING_STATUSES).optional(),
  kind: z.enum(FINDING_KINDS).optional(),
  severity: z.enum(SEVERITIES).optional(),
});

export const monitoringPolicyViewSchema = z
  .object({
    policy: monitoringPolicySchema,
    isDefault: z.boolean().describe('true while the tenant has set no policy of its own'),
    scannedThroughSeq: z.string().describe('the last audit record the scan has judged'),
    scannedAt: z.string().nullable(),
  })
  .meta({ id: 'MonitoringPolicy' });

export function policyViewJson(v: MonitoringPolicyView): z.infer<typeof monitoringPolicyViewSchema> {
  return { ...v, scannedAt: v.scannedAt?.toISOString() ?? null };
}

export const scanSummarySchema = z.object({
  records: z.number().int(),
  findings: z.number().int(),
  alerts: z.number().int(),
  scannedThroughSeq: z.string(),
});

export const anomalyListQuery = z.object({
  ...pageQuery,
  status: z.enum(FINDING_STATUSES).optional(),
  kind: z.enum(ANOMALY_KINDS).optional(),
  severity: z.enum(SEVERITIES).optional(),
});

export const anomalyScanSchema = z
  .object({
    from: z.string().describe('the window judged: from …'),
    to: z.string().describe('… to now'),
    kinds: z.array(
      z.object({
        kind: z.enum(ANOMALY_KINDS),
        found: z.number().int().describe('found in the window'),
        created: z.number().int().describe('of those, new findings'),
      }),
    ),
    created: z.number().int(),
    alerts: z.number().int().describe('e-mails queued to the admins (medium and high findings)'),
  })
  .meta({ id: 'AnomalyScan' });
