/**
 * /v1/analytics/anomalies — anomaly detection (docs/analytics.md "Anomaly detection"): a scan on
 * demand (the daily job `anomalies.scan` runs the same) and the list of anomaly findings. They are
 * findings of the findings module: one shown with `GET /v1/findings/{id}`, decided with
 * `POST /v1/findings/{id}/confirm|dismiss`. Admins only, as findings are: the evidence names users,
 * customers and receipts, and a dismissal closes a fraud question.
 */
import type { CoreDeps } from '../../modules/core-deps.ts';
import { ANOMALY_KINDS, listFindings, runAnomalyScan } from '../../modules/findings/index.ts';
import { principalOf } from '../auth.ts';
import { decodeCursor, encodeCursor, pageOf } from '../pagination.ts';
import { type Api, errors } from './common.ts';
import { anomalyListQuery, anomalyScanSchema, findingJson, findingSchema } from './findings.schemas.ts';

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
}
