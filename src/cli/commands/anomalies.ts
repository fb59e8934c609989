/**
 * `cashloop anomalies scan` — run the anomaly detectors over the last 31 days now (as the daily
 * job does) — and `cashloop anomalies list` — the anomaly findings, newest first. Review them with
 * `cashloop findings show|confirm|dismiss ID` (they are findings like the monitoring's).
 */
import {
  ANOMALY_KINDS,
  type AnomalyScanSummary,
  FINDING_STATUSES,
  type Finding,
  listFindings,
  runAnomalyScan,
  SEVERITIES,
} from '../../modules/findings/index.ts';
import { table, toJson } from '../io.ts';
import { type CommandSpec, collectPages, limitOption, oneOfOption } from './types.ts';

const PAGE = 500;

/** What a finding is about: the user, invoice, receipt or customer its evidence names first. */
function subjectOf(f: Finding): { type: string; id: string } | null {
  const e = f.evidence;
  if (f.kind === 'benford' || f.kind === 'under_approval_limit' || f.kind === 'unusual_issuer')
    return e.userId ? { type: 'user', id: e.userId } : null;
  if (f.kind === 'duplicate_payment' && e.receiptId) return { type: 'receipt', id: e.receiptId };
  if (f.kind === 'behaviour_change' && e.customerId) return { type: 'customer', id: e.customerId };
  if (e.invoiceId) return { type: 'invoice', id: e.invoiceId };
  return e.customerId ? { type: 'customer', id: e.customerId } : null;
}

/** A finding as `anomalies list --json` prints it. */
export function anomalyJson(f: Finding) {
  return {
    id: f.findingId,
    kind: f.kind,
    severity: f.severity,
    status: f.status,
    subject: subjectOf(f),
    title: f.title,
    occurredAt: f.occurredAt.toISOString(),
    createdAt: f.createdAt.toISOString(),
    evidence: f.evidence,
    decision: f.decision ? { ...f.decision, at: f.decision.at.toISOString() } : null,
  };
}

function scanText(s: AnomalyScanSummary): string {
  const lines = s.kinds.map(
    (k) => `${k.kind.padEnd(22)} ${String(k.found).padStart(6)} found ${String(k.created).padStart(6)} new`,
  );
  return `Anomaly scan ${s.from.toISOString()} … ${s.to.toISOString()}\n${lines.join('\n')}\n${s.created} new findings, ${s.alerts} alerts queued.\n`;
}

export const anomaliesScan: CommandSpec = {
  name: 'anomalies scan',
  usage: 'cashloop anomalies scan [--json]',
  options: { json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const s = await runAnomalyScan(runtime.deps, runtime.tenant.tenantId);
    io.stdout(
      values.json ? toJson({ ...s, from: s.from.toISOString(), to: s.to.toISOString() }) : scanText(s),
    );
    return 0;
  },
};

export const anomaliesList: CommandSpec = {
  name: 'anomalies list',
  usage: `cashloop anomalies list [--status ${FINDING_STATUSES.join('|')}] [--kind KIND] [--severity ${SEVERITIES.join('|')}] [--limit N] [--json]`,
  options: {
    status: { type: 'string' },
    kind: { type: 'string' },
    severity: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [],
  async run({ runtime, io, values }) {
    const status = oneOfOption(values, 'status', FINDING_STATUSES);
    const kind = oneOfOption(values, 'kind', ANOMALY_KINDS);
    const severity = oneOfOption(values, 'severity', SEVERITIES);
    const filter = { status, kind, severity, kinds: ANOMALY_KINDS };
    const rows = await collectPages(limitOption(values), PAGE, async (want, beforeId: string | undefined) => {
      const page = await listFindings(runtime.deps.db, runtime.tenant.tenantId, filter, {
        limit: want,
        beforeId,
      });
      return { items: page.findings, next: page.nextBeforeId };
    });
    if (values.json) io.stdout(toJson({ findings: rows.map(anomalyJson) }));
    else
      io.stdout(
        table(
          ['ID', 'SEVERITY', 'STATUS', 'KIND', 'HAPPENED', 'TITLE'],
          rows.map((f) => [f.findingId, f.severity, f.status, f.kind, f.occurredAt.toISOString(), f.title]),
        ),
      );
    return 0;
  },
};
