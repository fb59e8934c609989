/** All SQL of the erp module: account mappings, customers' debtor accounts and export batches. */
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/constraint-violation.ts';
import { AppError } from '../../shared/errors.ts';
import { erpAccountMappings, erpCustomerAccounts, erpExportBatches } from './erp.tables.ts';

export function listMappings(q: Queryable, tenantId: string) {
  return q
    .select({ accountCode: erpAccountMappings.accountCode, erpAccount: erpAccountMappings.erpAccount })
    .from(erpAccountMappings)
    .where(eq(erpAccountMappings.tenantId, tenantId))
    .orderBy(asc(erpAccountMappings.accountCode));
}

export async function upsertMapping(tx: Tx, tenantId: string, accountCode: string, erpAccount: string) {
  await tx
    .insert(erpAccountMappings)
    .values({ tenantId, accountCode, erpAccount })
    .onConflictDoUpdate({
      target: [erpAccountMappings.tenantId, erpAccountMappings.accountCode],
      set: { erpAccount, updatedAt: sql`now()` },
    });
}

export async function deleteMapping(tx: Tx, tenantId: string, accountCode: string): Promise<boolean> {
  const rows = await tx
    .delete(erpAccountMappings)
    .where(and(eq(erpAccountMappings.tenantId, tenantId), eq(erpAccountMappings.accountCode, accountCode)))
    .returning({ code: erpAccountMappings.accountCode });
  return rows.length > 0;
}

export async function customerAccounts(q: Queryable, tenantId: string, customerIds: readonly string[]) {
  if (customerIds.length === 0) return new Map<string, string>();
  const rows = await q
    .select({ customerId: erpCustomerAccounts.customerId, erpAccount: erpCustomerAccounts.erpAccount })
    .from(erpCustomerAccounts)
    .where(
      and(
        eq(erpCustomerAccounts.tenantId, tenantId),
        inArray(erpCustomerAccounts.customerId, [...customerIds]),
      ),
    );
  return new Map(rows.map((r) => [r.customerId, r.erpAccount]));
}

export function listCustomerAccounts(q: Queryable, tenantId: string) {
  return q
    .select({ customerId: erpCustomerAccounts.customerId, erpAccount: erpCustomerAccounts.erpAccount })
    .from(erpCustomerAccounts)
    .where(eq(erpCustomerAccounts.tenantId, tenantId))
    .orderBy(asc(erpCustomerAccounts.erpAccount));
}

/** Set (or move) a customer's debtor account; a number another customer holds is a conflict. */
export async function upsertCustomerAccount(
  tx: Tx,
  tenantId: string,
  customerId: string,
  erpAccount: string,
) {
  try {
    await tx
      .insert(erpCustomerAccounts)
      .values({ tenantId, customerId, erpAccount })
      .onConflictDoUpdate({
        target: [erpCustomerAccounts.tenantId, erpCustomerAccounts.customerId],
        set: { erpAccount },
      });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('conflict', `debtor account ${erpAccount} belongs to another customer`, [
        { field: 'erpAccount', message: 'taken by another customer' },
      ]);
    throw error;
  }
}

/** The highest all-digit debtor account of the tenant in [from, to], or null. */
export async function highestDebtorIn(tx: Tx, tenantId: string, from: bigint, to: bigint) {
  const [row] = await queryRows<{ max: string | null }>(
    tx,
    sql`select max(erp_account::numeric)::text as max from erp_customer_accounts
        where tenant_id = ${tenantId} and erp_account ~ '^[0-9]{1,18}$'
          and erp_account::numeric between ${String(from)}::numeric and ${String(to)}::numeric`,
  );
  return row?.max ? BigInt(row.max) : null;
}

export async function insertCustomerAccounts(
  tx: Tx,
  tenantId: string,
  rows: readonly { customerId: string; erpAccount: string }[],
) {
  if (rows.length > 0) await tx.insert(erpCustomerAccounts).values(rows.map((r) => ({ tenantId, ...r })));
}

export type BatchRow = typeof erpExportBatches.$inferSelect;

export async function lastBatch(q: Queryable, tenantId: string): Promise<BatchRow | null> {
  const [row] = await q
    .select()
    .from(erpExportBatches)
    .where(eq(erpExportBatches.tenantId, tenantId))
    .orderBy(desc(erpExportBatches.batchNo))
    .limit(1);
  return row ?? null;
}

export async function findBatch(q: Queryable, tenantId: string, batchNo: number): Promise<BatchRow | null> {
  const [row] = await q
    .select()
    .from(erpExportBatches)
    .where(and(eq(erpExportBatches.tenantId, tenantId), eq(erpExportBatches.batchNo, batchNo)));
  return row ?? null;
}

export function listBatches(q: Queryable, tenantId: string, limit: number) {
  return q
    .select()
    .from(erpExportBatches)
    .where(eq(erpExportBatches.tenantId, tenantId))
    .orderBy(desc(erpExportBatches.batchNo))
    .limit(limit);
}

/** Record a batch; another export that took the same entries first makes this a `conflict`. */
export async function insertBatch(tx: Tx, row: typeof erpExportBatches.$inferInsert): Promise<void> {
  try {
    await tx.insert(erpExportBatches).values(row);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError(
        'conflict',
        'another export took these journal entries at the same time; run it again',
      );
    throw error;
  }
}
