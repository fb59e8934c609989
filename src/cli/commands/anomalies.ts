/**
 * `cashloop anomalies scan` — run the anomaly detectors over the last 31 days now (as the daily
 * job does) — and `cashloop anomalies list` — the anomaly findings, newest first. Review them with
 * `cashloop findings show|confirm|dismiss ID` (they are findings like the monitoring's).
 */
import {
  ANOMALY_KINDS,
  type AnomalyScanSummary,
  type Finding,
  runAnomalyScan,
} from '../../modules/findings/index.ts';
import { toJson } from '../io.ts';
import { findingListCommand } from './findings.ts';
import type { CommandSpec } from './types.ts';

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

export const anomaliesList = findingListCommand('anomalies list', ANOMALY_KINDS, (rows) => ({
  findings: rows.map(anomalyJson),
}));
