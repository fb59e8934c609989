/**
 * The tenant's mapping of cashloop accounts to the host ERP's chart, and the customers' debtor
 * accounts. A mapping names an account of cashloop's chart; changing it changes future batches
 * only (a past batch keeps the mapping it was made with).
 */
import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { notFound, validationFailed } from '../../shared/errors.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import * as repo from './erp.repository.ts';

export interface AccountMapping {
  readonly accountCode: string;
  readonly erpAccount: string;
}

export function listAccountMappings(q: Queryable, tenantId: string): Promise<AccountMapping[]> {
  return repo.listMappings(q, tenantId);
}

/**
 * Set several mappings at once; an account code cashloop's chart lacks refuses them all. A change
 * is audited (`erp_mappings.updated`: each account's ERP account before and after).
 */
export async function setAccountMappings(
  deps: CoreDeps,
  tenantId: string,
  mappings: readonly AccountMapping[],
): Promise<AccountMapping[]> {
  return withTransaction(deps.db, async (tx) => {
    for (const [i, m] of mappings.entries())
      if (!(await deps.ledger.hasAccount(tx, tenantId, m.accountCode)))
        throw validationFailed(`cashloop has no account ${m.accountCode}`, [
          { field: `mappings[${i}].accountCode`, message: 'no such account in the chart' },
        ]);
    const before = await repo.listMappings(tx, tenantId);
    for (const m of mappings) await repo.upsertMapping(tx, tenantId, m.accountCode, m.erpAccount);
    const after = await repo.listMappings(tx, tenantId);
    await auditMappings(tx, tenantId, before, after);
    return after;
  });
}

/** Remove an account's mapping (audited like a change: its ERP account before, null after). */
export async function removeAccountMapping(
  deps: CoreDeps,
  tenantId: string,
  accountCode: string,
): Promise<void> {
  await withTransaction(deps.db, async (tx) => {
    const before = await repo.listMappings(tx, tenantId);
    if (!(await repo.deleteMapping(tx, tenantId, accountCode)))
      throw notFound('ERP account mapping of account', accountCode);
    await auditMappings(tx, tenantId, before, await repo.listMappings(tx, tenantId));
  });
}

/** One audit record of what changed between two lists of mappings: `{ accountCode: [before, after] }`. */
async function auditMappings(
  tx: Tx,
  tenantId: string,
  before: readonly AccountMapping[],
  after: readonly AccountMapping[],
): Promise<void> {
  const byCode = (list: readonly AccountMapping[]) =>
    Object.fromEntries(list.map((m) => [m.accountCode, m.erpAccount]));
  const changes = changedFields(byCode(before), byCode(after));
  if (Object.keys(changes).length === 0) return;
  await recordAudit(tx, tenantId, {
    kind: 'erp_mappings.updated',
    objectType: 'tenant',
    objectId: tenantId,
    changes,
  });
}

export function listCustomerAccounts(q: Queryable, tenantId: string) {
  return repo.listCustomerAccounts(q, tenantId);
}

/**
 * Set a customer's (by id or external id) debtor account in the ERP (unique per tenant); a change
 * is audited (`erp_customer_account.updated`, the account before and after).
 */
export async function setCustomerAccount(
  deps: CoreDeps,
  tenantId: string,
  customerId: string,
  erpAccount: string,
): Promise<void> {
  await withTransaction(deps.db, async (tx) => {
    const { customerId: id } = await getCustomerRowOrThrow(tx, tenantId, customerId);
    const before = (await repo.customerAccounts(tx, tenantId, [id])).get(id) ?? null;
    await repo.upsertCustomerAccount(tx, tenantId, id, erpAccount);
    const changes = changedFields({ erpAccount: before }, { erpAccount });
    if (Object.keys(changes).length > 0)
      await recordAudit(tx, tenantId, {
        kind: 'erp_customer_account.updated',
        objectType: 'customer',
        objectId: id,
        changes,
      });
  });
}
