/**
 * /v1/analytics/anomalies — anomaly detection (docs/analytics.md "Anomaly detection"): a scan on
 * demand (the daily job `anomalies.scan` runs the same) and the list of anomaly findings. They are
 * findings of the findings module: one shown with `GET /v1/findings/{id}`, decided with
 * `POST /v1/findings/{id}/confirm|dismiss`. Admins only, as findings are: the evidence names users,
 * customers and receipts, and a dismissal closes a fraud question.
 */
import type { CoreDeps } from '../../modules/core-deps.ts';
import { ANOMALY_KINDS, listFindings, runAnomalyScan } from '../../modules/findings/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { principalOf } from '../auth.ts';
import { decodeCursor, encodeCursor, pageOf } from '../pagination.ts';
import { findingsTable } from './analytics-export.ts';
import { type Api, errors } from './common.ts';
import { anomalyListQuery, anomalyScanSchema, findingJson, findingSchema } from './findings.schemas.ts';
import { sendExport } from './report-exports.ts';
import { exportFormat, exportResponse } from './reports.schemas.ts';

const tags = ['findings'];

export function anomalyRoutes(app: Api, deps: CoreDeps): void {
  app.post('/analytics/anomalies/scan', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'runAnomalyScan',
      summary: 'Scan the last 31 days for anomalies now (as the daily job does); the counts per kind',
      description:
        'Per kind: `found` = what the detectors found in the window, `created` = how many of those are new findings (a finding already stored, open or decided, is not stored again).',
      response: { 200: anomalyScanSchema, ...errors },
    },
    handler: async (req) => {
      const s = await runAnomalyScan(deps, principalOf(req).tenantId);
      return { ...s, from: s.from.toISOString(), to: s.to.toISOString(), kinds: [...s.kinds] };
    },
  });
  app.get('/analytics/anomalies', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'listAnomalies',
      summary: 'Anomaly findings, newest first',
      description:
        'The findings of the anomaly kinds only (`GET /v1/findings?kind=` lists any one kind, monitoring included). Filters combine with AND.',
      querystring: anomalyListQuery,
      response: { 200: pageOf(findingSchema), ...errors },
    },
    handler: async (req) => {
      const { limit, cursor, ...filter } = req.query;
      const page = await listFindings(
        deps.db,
        principalOf(req).tenantId,
        { ...filter, kinds: ANOMALY_KINDS },
        { limit, beforeId: decodeCursor(cursor, 'uuid') },
      );
      return { items: page.findings.map(findingJson), nextCursor: encodeCursor(page.nextBeforeId) };
    },
  });
  exportAnomaliesRoute(app, deps);
}

/** At most this many findings in one export; pages of this size. */
const MAX_EXPORT_FINDINGS = 100_000;
const EXPORT_PAGE = 1000;

function exportAnomaliesRoute(app: Api, deps: CoreDeps): void {
  app.get('/analytics/anomalies/export', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'exportAnomalies',
      summary: 'Anomaly findings as CSV or XLSX, newest first',
      description: `The findings GET /v1/analytics/anomalies lists (same filters; all pages, at most ${MAX_EXPORT_FINDINGS}), one row each: id, when it happened (a date and the instant), when found, kind, severity, status, title, the customer, invoice and receipt it names, and the decision.`,
      querystring: anomalyListQuery.omit({ limit: true, cursor: true }).extend({ format: exportFormat }),
      response: { 200: exportResponse, ...errors },
    },
    handler: async (req, reply) => {
      const { format, ...filter } = req.query;
      const tenantId = principalOf(req).tenantId;
      const rows = [];
      let beforeId: string | undefined;
      do {
        const page = await listFindings(
          deps.db,
          tenantId,
          { ...filter, kinds: ANOMALY_KINDS },
          { limit: Math.min(EXPORT_PAGE, MAX_EXPORT_FINDINGS - rows.length), beforeId },
        );
        rows.push(...page.findings.map(findingJson));
        beforeId = page.nextBeforeId ?? undefined;
      } while (beforeId && rows.length < MAX_EXPORT_FINDINGS);
      const today = todayUtc(deps.clock.now());
      return sendExport(reply, format, `anomalies-${today}`, [findingsTable(rows)]);
    },
  });
}
