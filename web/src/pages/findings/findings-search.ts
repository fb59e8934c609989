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

/** The kinds the API lists (its enum), for the filter; the type check keeps the list to the API's. */
export const FINDING_KINDS = [
  'duplicate_invoice',
  'duplicate_payment',
  'lapping_signal',
  'credit_after_receipt',
  'under_approval_limit',
  'round_amount_credit',
  'unusual_issuer',
  'benford',
  'behaviour_change',
  'invoice_outside_policy',
  'bank_change_then_refund',
  'sign_in_new_place',
  'repeated_failed_sign_ins',
  'operation_without_approval',
] as const satisfies readonly FindingKind[];

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
