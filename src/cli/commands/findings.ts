/**
 * `cashloop findings list|show|confirm|dismiss` — the monitoring's findings and their review — and
 * `cashloop monitoring scan`: judge the audit records written since the last scan now.
 */

import { findingsTable } from '../../http/routes/analytics-export.ts';
import { findingJson } from '../../http/routes/findings.schemas.ts';
import {
  decideFinding,
  FINDING_KINDS,
  FINDING_STATUSES,
  type Finding,
  type FindingKind,
  getFindingOrThrow,
  listFindings,
  runMonitoringScan,
  SEVERITIES,
} from '../../modules/findings/index.ts';
import { validationFailed } from '../../shared/errors.ts';
import { table, toJson } from '../io.ts';
import { EXPORT_OPTIONS, EXPORT_USAGE, exportRequest, writeExport } from './export-option.ts';
import { type CommandSpec, collectPages, limitOption, oneOfOption, stringOption } from './types.ts';

const PAGE = 500;

function findingIdOf(positionals: readonly string[]): string {
  const [id] = positionals;
  if (!id) throw validationFailed('give the finding id', [{ field: 'id', message: 'required' }]);
  return id;
}

function showLines(f: Finding): string {
  const lines = [
    `${f.findingId}  ${f.severity.toUpperCase()}  ${f.status}`,
    f.title,
    `kind: ${f.kind}; happened ${f.occurredAt.toISOString()}; found ${f.createdAt.toISOString()}`,
    `audit records: ${f.evidence.records.map((r) => `${r.seq} (${r.kind})`).join(', ')}`,
    `facts: ${JSON.stringify(f.evidence.facts)}`,
  ];
  if (f.decision)
    lines.push(`${f.status} by ${f.decision.byName} at ${f.decision.at.toISOString()}: ${f.decision.note}`);
  return `${lines.join('\n')}\n`;
}

/**
 * A list command over findings of `kinds` (all kinds: the whole review queue), newest first, paged
 * through; `--json` prints `jsonOf(rows)`. `findings list` and `anomalies list` are this command.
 */
export function findingListCommand(
  name: string,
  kinds: readonly FindingKind[],
  jsonOf: (rows: Finding[]) => unknown,
): CommandSpec {
  return {
    name,
    usage: `cashloop ${name} [--status ${FINDING_STATUSES.join('|')}] [--kind KIND] [--severity ${SEVERITIES.join('|')}] [--limit N] [--json] ${EXPORT_USAGE}`,
    options: {
      ...EXPORT_OPTIONS,
      status: { type: 'string' },
      kind: { type: 'string' },
      severity: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
    },
    positionals: [],
    async run({ runtime, io, values }) {
      const exporting = exportRequest(values);
      const filter = {
        status: oneOfOption(values, 'status', FINDING_STATUSES),
        kind: oneOfOption(values, 'kind', kinds),
        severity: oneOfOption(values, 'severity', SEVERITIES),
        ...(kinds.length < FINDING_KINDS.length ? { kinds } : {}),
      };
      const rows = await collectPages(
        limitOption(values),
        PAGE,
        async (want, beforeId: string | undefined) => {
          const page = await listFindings(runtime.deps.db, runtime.tenant.tenantId, filter, {
            limit: want,
            beforeId,
          });
          return { items: page.findings, next: page.nextBeforeId };
        },
      );
      if (exporting) return writeExport(io, exporting, [findingsTable(rows.map(findingJson))]);
      if (values.json) io.stdout(toJson(jsonOf(rows)));
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
}

export const findingsList = findingListCommand('findings list', FINDING_KINDS, (rows) => rows);

export const findingsShow: CommandSpec = {
  name: 'findings show',
  usage: 'cashloop findings show ID [--json]',
  options: { json: { type: 'boolean' } },
  positionals: ['id'],
  async run({ runtime, io, values, positionals }) {
    const f = await getFindingOrThrow(runtime.deps.db, runtime.tenant.tenantId, findingIdOf(positionals));
    io.stdout(values.json ? toJson(f) : showLines(f));
    return 0;
  },
};

function decideCommand(verb: 'confirm' | 'dismiss'): CommandSpec {
  return {
    name: `findings ${verb}`,
    usage: `cashloop findings ${verb} ID --note TEXT [--json]`,
    options: { note: { type: 'string' }, json: { type: 'boolean' } },
    positionals: ['id'],
    async run({ runtime, io, values, positionals }) {
      const status = verb === 'confirm' ? 'confirmed' : 'dismissed';
      const note = stringOption(values, 'note') ?? '';
      const id = findingIdOf(positionals);
      const f = await decideFinding(runtime.deps, runtime.tenant.tenantId, id, status, { note });
      io.stdout(values.json ? toJson(f) : `Finding ${f.findingId} ${status}.\n`);
      return 0;
    },
  };
}

export const findingsConfirm = decideCommand('confirm');
export const findingsDismiss = decideCommand('dismiss');

export const monitoringScan: CommandSpec = {
  name: 'monitoring scan',
  usage: 'cashloop monitoring scan [--json]',
  options: { json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const s = await runMonitoringScan(runtime.deps, runtime.tenant.tenantId);
    io.stdout(
      values.json
        ? toJson(s)
        : `${s.records} audit records judged (through record ${s.scannedThroughSeq}); ${s.findings} new findings, ${s.alerts} alerts queued.\n`,
    );
    return 0;
  },
};
