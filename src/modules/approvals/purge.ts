/** Purge of the approval requests when a tenant's data is reset (the demo reset). */
import type { Tx } from '../../db/client.ts';
import { deleteRequests } from './approvals.repository.ts';

/** Delete every approval request of `tenantId`, in the caller's transaction. */
export function purgeApprovalRequests(tx: Tx, tenantId: string): Promise<void> {
  return deleteRequests(tx, tenantId);
}
