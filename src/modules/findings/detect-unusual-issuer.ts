/**
 * Invoices issued by a user (or API key) who rarely issues: at most `maxIssues` issues in the last
 * `lookbackDays` days while the tenant issued at least `minTenantIssues`. Outside business hours,
 * roles and series are the monitoring's (detect-invoice-policy.ts); this adds who is unusual.
 */
import type { AuditRecordView } from '../audit/index.ts';
import type { AnomalyPolicy } from './anomaly-policy.ts';
import { monthOf } from './anomaly-policy.ts';
import { actorText, citeRecords, detailText } from './evidence.ts';
import type { FindingDraft } from './findings.types.ts';

export interface IssuerFacts {
  /** `invoice.issued` records of the scan's window by people (users and API keys). */
  readonly issued: readonly AuditRecordView[];
  /** Issues per actor id over the lookback (window included). */
  readonly issuesByActor: ReadonlyMap<string, number>;
  /** Issues of the tenant over the lookback, by anyone. */
  readonly tenantIssues: number;
}

function byActorAndMonth(records: readonly AuditRecordView[]): Map<string, AuditRecordView[]> {
  const out = new Map<string, AuditRecordView[]>();
  for (const r of records) {
    if (!r.actor.id || r.actor.kind === 'system') continue;
    const key = `${r.actor.id}:${monthOf(r.occurredAt)}`;
    out.set(key, [...(out.get(key) ?? []), r]);
  }
  return out;
}

export function detectUnusualIssuers(
  facts: IssuerFacts,
  policy: AnomalyPolicy['unusualIssuer'],
): FindingDraft[] {
  if (facts.tenantIssues < policy.minTenantIssues) return [];
  return [...byActorAndMonth(facts.issued)].flatMap(([key, records]) => {
    const first = records[0];
    const actorId = first?.actor.id;
    if (!first || !actorId) return [];
    const issues = facts.issuesByActor.get(actorId) ?? records.length;
    if (issues > policy.maxIssues) return [];
    const shown = records.slice(0, 20);
    return [
      {
        kind: 'unusual_issuer' as const,
        severity: 'medium' as const,
        title: `${first.actor.name} issued ${records.length} invoice(s) but rarely issues (${issues} of the tenant's ${facts.tenantIssues} in ${policy.lookbackDays} days)`,
        dedupeKey: `unusual_issuer:${key}`,
        occurredAt: first.occurredAt,
        evidence: {
          records: citeRecords(...shown),
          userId: first.actor.kind === 'user' ? actorId : null,
          invoiceId: first.objectId,
          facts: {
            issuer: actorText(first),
            issuesInLookback: issues,
            tenantIssuesInLookback: facts.tenantIssues,
            share: Number((issues / facts.tenantIssues).toFixed(6)),
            numbers: shown.map((r) => detailText(r, 'number')),
          },
        },
      },
    ];
  });
}
