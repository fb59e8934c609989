/**
 * /v1/audit: the tenant's audit trail — search it (newest first, keyset pages) and export it as
 * CSV. Admins only: the trail shows every user's addresses and every before/after value, bank
 * details included (docs/audit.md, "Who may read it").
 */
import { z } from 'zod';
import { type AuditFilter, type AuditRecordView, listAuditRecords } from '../../modules/audit/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { validationFailed } from '../../shared/errors.ts';
import { principalOf } from '../auth.ts';
import { decodeCursor, encodeCursor, pageOf } from '../pagination.ts';
import {
  auditFilterQuery,
  auditListQuery,
  auditRecordJson,
  auditRecordSchema,
  auditTable,
} from './audit.schemas.ts';
import { type Api, errors } from './common.ts';
import { sendExport } from './report-exports.ts';
import { exportResponse } from './reports.schemas.ts';

const tags = ['audit'];

/** The most records one export holds; a wider one is refused with a hint to narrow it. */
export const AUDIT_EXPORT_MAX = 100_000;
const EXPORT_PAGE = 2000;

export function auditRoutes(app: Api, deps: CoreDeps): void {
  listAuditRoute(app, deps);
  exportAuditRoute(app, deps);
}

type FilterQuery = { [K in keyof typeof auditFilterQuery]?: string | undefined };

function filterOf(q: FilterQuery): AuditFilter {
  const from = q.from ? new Date(q.from) : undefined;
  const to = q.to ? new Date(q.to) : undefined;
  if (from && to && from > to)
    throw validationFailed('from is after to', [{ field: 'from', message: 'must not be after to' }]);
  return {
    ...(q.objectType ? { objectType: q.objectType } : {}),
    ...(q.objectId ? { objectId: q.objectId } : {}),
    ...(q.actor ? { actorId: q.actor } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

function listAuditRoute(app: Api, deps: CoreDeps): void {
  app.get('/audit', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'listAuditRecords',
      summary: 'The audit trail, newest first',
      description:
        'Every change to business data and settings: who (user, API key or system), when, from where (IP and user agent, CLI, job), what (changed fields before and after), why (the reason given), with the hash chain (`prevHash`, `hash`) that `cashloop audit verify` checks. Filters combine with AND; `kind=customer` matches every `customer.*` kind.',
      querystring: auditListQuery,
      response: { 200: pageOf(auditRecordSchema), ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      const cursor = decodeCursor(req.query.cursor, 'int');
      const page = await listAuditRecords(deps.db, tenantId, filterOf(req.query), {
        limit: req.query.limit,
        ...(cursor ? { beforeSeq: BigInt(cursor) } : {}),
      });
      return {
        items: page.records.map(auditRecordJson),
        nextCursor: encodeCursor(page.nextBeforeSeq?.toString() ?? null),
      };
    },
  });
}

function exportAuditRoute(app: Api, deps: CoreDeps): void {
  app.get('/audit/export', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'exportAuditRecords',
      summary: 'The audit trail as CSV',
      description: `The records the same filters select, newest first, as CSV (UTF-8, RFC 4180, header row; changes and details as JSON text). At most ${AUDIT_EXPORT_MAX.toLocaleString('en')} records: a wider selection is refused (422) — narrow it with from/to.`,
      querystring: z.object(auditFilterQuery),
      response: { 200: exportResponse, ...errors },
    },
    handler: async (req, reply) => {
      const { tenantId } = principalOf(req);
      const records = await collectForExport(deps, tenantId, filterOf(req.query));
      return sendExport(reply, 'csv', 'audit-trail', [auditTable(records)]);
    },
  });
}

async function collectForExport(deps: CoreDeps, tenantId: string, filter: AuditFilter) {
  const records: AuditRecordView[] = [];
  let beforeSeq: bigint | undefined;
  for (;;) {
    const page = await listAuditRecords(deps.db, tenantId, filter, {
      limit: EXPORT_PAGE,
      ...(beforeSeq !== undefined ? { beforeSeq } : {}),
    });
    records.push(...page.records);
    if (records.length > AUDIT_EXPORT_MAX)
      throw validationFailed(
        `more than ${AUDIT_EXPORT_MAX} records match: narrow the export with from and to`,
        [{ field: 'from', message: 'narrow the time range' }],
      );
    if (page.nextBeforeSeq === null) return records;
    beforeSeq = page.nextBeforeSeq;
  }
}
