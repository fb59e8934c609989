/** The approvals module's door: all that the adapters and the jobs may use of it. */

export type { Checker } from './approval-decisions.service.ts';
export {
  approveRequest,
  cancelRequest,
  expireRequests,
  rejectRequest,
} from './approval-decisions.service.ts';
export type { ApprovalRequestRow, Gated } from './approval-gate.service.ts';
export { gateInTx } from './approval-gate.service.ts';
export type { ApprovalRequest } from './approval-list.service.ts';
export {
  APPROVAL_STATUSES,
  getApprovalRequestOrThrow,
  listApprovalRequests,
} from './approval-list.service.ts';
export type { Operation, OperationFacts } from './approval-operations.ts';
export {
  bankDetailsChange,
  creditLimitIncrease,
  crossCustomerAllocation,
  dunningPolicyChange,
  holdRelease,
  invoiceCreditNote,
  invoiceWriteOff,
  receiptRefund,
  receiptWriteOff,
} from './approval-operations.ts';
export {
  assertLimitChangeGuardedElsewhere,
  getApprovalPolicy,
  setApprovalPolicy,
} from './approval-policy.service.ts';
export type { ApprovalKind, ApprovalPolicy, KindSwitch } from './approval-policy.ts';
export {
  APPROVAL_KINDS,
  APPROVER_LEVELS,
  approvalNeeded,
  approvalPolicyInput,
  approvalPolicyOf,
  defaultApprovalPolicy,
  SOD_RULES,
} from './approval-policy.ts';
export { purgeApprovalRequests } from './purge.ts';
