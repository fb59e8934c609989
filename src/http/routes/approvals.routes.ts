/**
 * /v1/approvals and /v1/approval-policy: requests that wait for a checker (maker-checker), their
 * decisions, and the tenant's policy. Listing is `read`; deciding is `write` at the route and the
 * policy's level for the request (403 `approval_level`); the policy is changed by an admin.
 */
import { z } from 'zod';
import {
  APPROVAL_KINDS,
  APPROVAL_STATUSES,
  approveRequest,
  cancelRequest,
  getApprovalPolicy,
  getApprovalRequestOrThrow,
  listApprovalRequests,
  rejectRequest,
  setApprovalPolicy,
} from '../../modules/approvals/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { type Principal, principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { approvalPolicySchema, approvalRequestJson, approvalRequestSchema } from './approvals.schemas.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import { actorOf } from './shared-views.ts';

const tags = ['approvals'];
const requestId = idParam('approval request id (UUID)');

/** Registers each route of the module (one small function per route, below). */
export function approvalRoutes(app: Api, deps: CoreDeps): void {
  listApprovalsRoute(app, deps);
  getApprovalRoute(app, deps);
  decisionRoutes(app, deps);
  getPolicyRoute(app, deps);
  putPolicyRoute(app, deps);
}

function listApprovalsRoute(app: Api, deps: CoreDeps): void {
  app.get('/approvals', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listApprovals',
      summary: 'Approval requests, newest first',
      description: 'Filters combine; cursor-paginated (keyset on the id, which grows with time).',
      querystring: z.object({
        ...pageQuery,
        status: z.enum(APPROVAL_STATUSES).optional(),
        kind: z.enum(APPROVAL_KINDS).optional(),
        customer: z.string().optional().describe('customer id or external id'),
      }),
      response: { 200: pageOf(approvalRequestSchema), ...errors },
    },
    handler: async (req) => {
      const q = req.query;
      const cursor = decodeCursor(q.cursor, 'uuid');
      const page = await listApprovalRequests(deps.db, principalOf(req).tenantId, {
        limit: q.limit,
        ...(q.status ? { status: q.status } : {}),
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.customer ? { customer: q.customer } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return { items: page.requests.map(approvalRequestJson), nextCursor: encodeCursor(page.nextCursor) };
    },
  });
}

function getApprovalRoute(app: Api, deps: CoreDeps): void {
  app.get('/approvals/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getApproval',
      summary: 'One approval request',
      params: requestId,
      response: { 200: approvalRequestSchema, ...errors },
    },
    handler: async (req) =>
      approvalRequestJson(await getApprovalRequestOrThrow(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}

const checkerOf = (p: Principal) => ({ actor: actorOf(p), levels: p.permissions });

const DECISIONS = [
  {
    path: 'approve',
    operationId: 'approveApproval',
    summary: 'Approve a request: its operation runs now, in the same transaction',
    description:
      'Another person than the maker, holding the policy’s level (403 approval_own_request, approval_level, approval_sod_conflict naming the rule and the receipt); 409 approval_expired or approval_not_pending. When the operation is refused now (e.g. the invoice was paid meanwhile), nothing of it is stored and the request answers with status `failed` and the reason.',
    reasonRequired: false,
    decide: (d: CoreDeps, p: Principal, id: string, reason: string | undefined) =>
      approveRequest(d, p.tenantId, id, checkerOf(p), reason),
  },
  {
    path: 'reject',
    operationId: 'rejectApproval',
    summary: 'Reject a request (reason required): nothing of it runs',
    description: 'The same checker rules as approve (other person, the policy’s level).',
    reasonRequired: true,
    decide: (d: CoreDeps, p: Principal, id: string, reason: string | undefined) =>
      rejectRequest(d, p.tenantId, id, checkerOf(p), reason ?? ''),
  },
  {
    path: 'cancel',
    operationId: 'cancelApproval',
    summary: 'Withdraw one’s own pending request',
    description: 'Only the maker may cancel (403 otherwise).',
    reasonRequired: false,
    decide: (d: CoreDeps, p: Principal, id: string, reason: string | undefined) =>
      cancelRequest(d, p.tenantId, id, actorOf(p), reason),
  },
] as const;

function decisionRoutes(app: Api, deps: CoreDeps): void {
  for (const { path, operationId, summary, description, reasonRequired, decide } of DECISIONS)
    app.post(`/approvals/:id/${path}`, {
      config: { access: 'write' },
      schema: {
        tags,
        operationId,
        summary,
        description,
        params: requestId,
        headers: idempotencyHeaders,
        body: (reasonRequired
          ? z.object({ reason: z.string().trim().min(1).max(2000) }).strict()
          : z
              .object({ reason: z.string().trim().max(2000).optional() })
              .strict()
              .optional()) as z.ZodType<{ reason?: string | undefined } | undefined>,
        response: { 200: approvalRequestSchema, ...errors },
      },
      handler: (req, reply) =>
        respond(req, reply, deps, 200, async (d) =>
          approvalRequestJson(await decide(d, principalOf(req), req.params.id, req.body?.reason)),
        ),
    });
}

function getPolicyRoute(app: Api, deps: CoreDeps): void {
  app.get('/approval-policy', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getApprovalPolicy',
      summary: 'The approval policy: what waits for a checker, thresholds per currency, SoD rules',
      response: { 200: approvalPolicySchema, ...errors },
    },
    handler: async (req) => getApprovalPolicy(deps.db, principalOf(req).tenantId),
  });
}

function putPolicyRoute(app: Api, deps: CoreDeps): void {
  app.put('/approval-policy', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'setApprovalPolicy',
      summary: 'Replace the approval policy (kinds and rules left out keep their defaults)',
      description:
        'Per kind: enabled, thresholds per currency (decimal strings; at or above needs approval; 0 = always; a currency without a threshold always needs approval), approverLevel, expiresAfterHours. `maker_cannot_approve` cannot be switched off.',
      body: approvalPolicySchema,
      response: { 200: approvalPolicySchema, ...errors },
    },
    handler: async (req) => setApprovalPolicy(deps, principalOf(req).tenantId, req.body),
  });
}
