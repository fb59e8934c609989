/** Approval requests as lists and single records (newest first, keyset pages). */
import type { Queryable } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import * as repo from './approvals.repository.ts';

export type ApprovalRequest = repo.ApprovalRequestRow;

export const APPROVAL_STATUSES = [
  'pending',
  'approved',
  'rejected',
  'cancelled',
  'expired',
  'failed',
] as const;

export async function getApprovalRequestOrThrow(q: Queryable, tenantId: string, requestId: string) {
  const row = isUuid(requestId) ? await repo.findRequest(q, tenantId, requestId) : null;
  if (!row) throw notFound('approval request', requestId);
  return row;
}

/** A page of requests, newest first; `cursor` is the last id of the previous page. */
export async function listApprovalRequests(
  q: Queryable,
  tenantId: string,
  query: { status?: string; kind?: string; customer?: string; cursor?: string; limit: number },
) {
  const customerId = query.customer
    ? (await getCustomerRowOrThrow(q, tenantId, query.customer)).customerId
    : undefined;
  const rows = await repo.listRequestRows(q, tenantId, {
    ...(query.status ? { status: query.status } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(customerId ? { customerId } : {}),
    ...(query.cursor ? { beforeId: query.cursor } : {}),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return { requests: page, nextCursor: rows.length > query.limit ? (page.at(-1)?.requestId ?? null) : null };
}
