/** Approval requests and the approval policy as the API shows them. */
import { z } from 'zod';
import {
  APPROVAL_KINDS,
  APPROVAL_STATUSES,
  type ApprovalRequest,
  approvalPolicyInput,
} from '../../modules/approvals/index.ts';
import { formatAmount } from '../../shared/money.ts';
import { authorSchema, instant, iso, money } from './common.ts';
import { authorJson } from './shared-views.ts';

export const approvalRequestSchema = z
  .object({
    id: z.string(),
    kind: z.enum(APPROVAL_KINDS),
    status: z.enum(APPROVAL_STATUSES),
    summary: z.string().describe('what would happen, in one line'),
    amount: money('the amount the policy judged (null for kinds without money)').nullable(),
    currency: z.string().nullable(),
    customerId: z.string().nullable(),
    object: z.object({ type: z.string(), id: z.string().nullable() }),
    payload: z.unknown().describe('the validated original request, as it will run on approval'),
    maker: authorSchema,
    origin: z.string().describe('http, cli, job or system'),
    requestedAt: instant,
    expiresAt: instant,
    approverLevel: z.enum(['write', 'credit', 'admin']).describe('the access level a checker must hold'),
    checker: authorSchema.nullable().describe('who decided (the system for an expiry)'),
    decidedAt: instant.nullable(),
    decisionReason: z.string().nullable().describe('the reason given; for a failed request, why it failed'),
    result: z
      .record(z.string(), z.string())
      .nullable()
      .describe('ids of what the approved operation created or changed'),
  })
  .meta({ id: 'ApprovalRequest' });

export function approvalRequestJson(r: ApprovalRequest): z.infer<typeof approvalRequestSchema> {
  return {
    id: r.requestId,
    kind: r.kind as z.infer<typeof approvalRequestSchema>['kind'],
    status: r.status as z.infer<typeof approvalRequestSchema>['status'],
    summary: r.summary,
    amount: r.amountMinor === null || r.currency === null ? null : formatAmount(r.amountMinor, r.currency),
    currency: r.currency,
    customerId: r.customerId,
    object: { type: r.objectType, id: r.objectId },
    payload: r.payload,
    maker: authorJson(r.makerName, r.makerKeyId, r.makerUserId),
    origin: r.originChannel,
    requestedAt: r.requestedAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    approverLevel: r.approverLevel as z.infer<typeof approvalRequestSchema>['approverLevel'],
    checker: r.checkerName === null ? null : authorJson(r.checkerName, r.checkerKeyId, r.checkerUserId),
    decidedAt: iso(r.decidedAt),
    decisionReason: r.decisionReason,
    result: (r.result as Record<string, string> | null) ?? null,
  };
}

/** A 202 answer of a guarded operation: it waits for a checker. */
export const approvalPendingSchema = z
  .object({ approvalRequest: approvalRequestSchema })
  .describe('202: the operation waits for approval; nothing changed yet');

export const approvalPolicySchema = approvalPolicyInput.meta({ id: 'ApprovalPolicy' });
