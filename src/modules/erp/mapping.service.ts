/**
 * The tenant's mapping of cashloop accounts to the host ERP's chart, and the customers' debtor
 * accounts. A mapping names an account of cashloop's chart; changing it changes future batches
 * only (a past batch keeps the mapping it was made with).
 */
import { type Queryable, withTransaction } from '../../db/client.ts';
import { notFound, validationFailed } from '../../shared/errors.ts';
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

/** Set several mappings at once; an account code cashloop's chart lacks refuses them all. */
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
    for (const m of mappings) await repo.upsertMapping(tx, tenantId, m.accountCode, m.erpAccount);
    return repo.listMappings(tx, tenantId);
  });
}

export async function removeAccountMapping(
  deps: CoreDeps,
  tenantId: string,
  accountCode: string,
): Promise<void> {
  const removed = await withTransaction(deps.db, (tx) => repo.deleteMapping(tx, tenantId, accountCode));
  if (!removed) throw notFound('ERP account mapping of account', accountCode);
}

export function listCustomerAccounts(q: Queryable, tenantId: string) {
  return repo.listCustomerAccounts(q, tenantId);
}

/** Set a customer's (by id or external id) debtor account in the ERP (unique per tenant). */
export async function setCustomerAccount(
  deps: CoreDeps,
  tenantId: string,
  customerId: string,
  erpAccount: string,
): Promise<void> {
  await withTransaction(deps.db, async (tx) => {
    const customer = await getCustomerRowOrThrow(tx, tenantId, customerId);
    await repo.upsertCustomerAccount(tx, tenantId, customer.customerId, erpAccount);
  });
}
