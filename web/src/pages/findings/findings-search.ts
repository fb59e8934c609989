/**
 * The findings page's URL search parameters (`/findings?status=open&kind=lapping_signal&finding=<id>`):
 * every filter and the finding shown in the drawer are a deep link. Read by the router's
 * `validateSearch`: anything unknown is dropped rather than sent to the API.
 */

import type { components } from '../../api/schema';
import { oneOf, str } from '../../app/search-params';

type Finding = components['schemas']['Finding'];
export type FindingKind = Finding['kind'];
export type FindingStatus = Finding['status'];
export type FindingSeverity = Finding['severity'];

/**
 * Every kind the API lists (its enum), in the filter's order: a Record over the generated type, so
 * a kind the API adds fails the compile until it is listed (and translated) here.
 */
const KINDS: Record<FindingKind, true> = {
  duplicate_invoice: true,
  duplicate_payment: true,
  lapping_signal: true,
  credit_after_receipt: true,
  under_approval_limit: true,
  round_amount_credit: true,
  unusual_issuer: true,
  benford: true,
  behaviour_change: true,
  invoice_outside_policy: true,
  bank_change_then_refund: true,
  sign_in_new_place: true,
  repeated_failed_sign_ins: true,
  operation_without_approval: true,
};
export const FINDING_KINDS = Object.keys(KINDS) as FindingKind[];

export const FINDING_STATUSES = [
  'open',
  'confirmed',
  'dismissed',
] as const satisfies readonly FindingStatus[];
export const SEVERITIES = ['high', 'medium', 'low'] as const satisfies readonly FindingSeverity[];

export interface FindingsSearch {
  /** `all`, or one status; none: the open ones (what is left to review). */
  status?: FindingStatus | 'all' | undefined;
  kind?: FindingKind | undefined;
  severity?: FindingSeverity | undefined;
  /** The finding shown in the drawer. */
  finding?: string | undefined;
}

export function validateFindingsSearch(s: Record<string, unknown>): FindingsSearch {
  return {
    status: oneOf(s.status, [...FINDING_STATUSES, 'all'] as const),
    kind: oneOf(s.kind, FINDING_KINDS),
    severity: oneOf(s.severity, SEVERITIES),
    finding: str(s.finding),
  };
}
