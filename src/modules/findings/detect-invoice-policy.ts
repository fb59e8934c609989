/**
 * Invoices issued outside the policy: in a numbering series not allowed, by a role not allowed, or
 * (by a person or an API key) outside business hours — judged on each `invoice.issued` audit record:
 * who issued, when (the record's time, in the policy's time zone) and in which series.
 * (Issuing an invoice is no gated kind of the approvals module; the operations that are — credit
 * notes, write-offs, refunds … — are judged in detect-missing-approval.ts.)
 */
import type { AuditRecordView } from '../audit/index.ts';
import { actorText, citeRecords, detailText } from './evidence.ts';
import type { FindingDraft } from './findings.types.ts';
import { localTime, minutesOf } from './local-time.ts';
import type { MonitoringPolicy } from './monitoring-policy.ts';

export interface InvoicePolicyFacts {
  readonly issued: readonly AuditRecordView[];
  readonly policy: MonitoringPolicy['issue'];
  /** The tenant's configured series (used when the policy names none). */
  readonly configuredSeries: readonly string[];
  /** The role of each user and API key by id (as they are now). */
  readonly roles: ReadonlyMap<string, string>;
}

function outsideHours(r: AuditRecordView, hours: NonNullable<MonitoringPolicy['issue']['businessHours']>) {
  const local = localTime(r.occurredAt, hours.timeZone);
  const inDay = local.minutes >= minutesOf(hours.start) && local.minutes < minutesOf(hours.end);
  if (hours.days.includes(local.weekday) && inDay) return null;
  return `issued ${local.weekday} ${local.text} (${hours.timeZone}), outside ${hours.days.join(',')} ${hours.start}–${hours.end}`;
}

/** What is wrong with one issue, as sentences (empty: within the policy). */
export function invoicePolicyBreaches(r: AuditRecordView, facts: InvoicePolicyFacts): string[] {
  const p = facts.policy;
  const out: string[] = [];
  const series = detailText(r, 'series');
  const allowed = p.allowedSeries ?? facts.configuredSeries;
  if (series !== null && !allowed.includes(series))
    out.push(`series ${series} is not allowed (allowed: ${allowed.join(', ') || 'none'})`);
  const person = r.actor.kind === 'user' || r.actor.kind === 'api_key';
  if (person) {
    const role = (r.actor.id && facts.roles.get(r.actor.id)) || 'unknown';
    if (!(p.allowedRoles as readonly string[]).includes(role))
      out.push(`role ${role} may not issue (allowed: ${p.allowedRoles.join(', ')})`);
    const hours = p.businessHours ? outsideHours(r, p.businessHours) : null;
    if (hours) out.push(hours);
  } else if (!p.issuedBySystem) out.push('issued by the system, which the policy does not allow');
  return out;
}

/** One medium finding per `invoice.issued` record that breaks the policy. */
export function detectInvoicesOutsidePolicy(facts: InvoicePolicyFacts): FindingDraft[] {
  return facts.issued.flatMap((r) => {
    const breaches = invoicePolicyBreaches(r, facts);
    if (breaches.length === 0) return [];
    const number = detailText(r, 'number') ?? r.objectId ?? '?';
    return [
      {
        kind: 'invoice_outside_policy' as const,
        severity: 'medium' as const,
        title: `Invoice ${number} issued outside the policy: ${breaches.join('; ')}`.slice(0, 500),
        dedupeKey: `invoice_outside_policy:${r.seq}`,
        occurredAt: r.occurredAt,
        evidence: {
          records: citeRecords(r),
          invoiceId: r.objectId,
          userId: r.actor.kind === 'user' ? r.actor.id : null,
          facts: {
            number,
            series: detailText(r, 'series'),
            issuedBy: actorText(r),
            from: r.origin,
            breaches,
          },
        },
      },
    ];
  });
}
