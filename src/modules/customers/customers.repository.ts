/** All SQL of the customers module. Every function is scoped by tenant. */
import { and, asc, eq, gt, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { isAnyOf } from '../../db/conditions.ts';
import { customerBankAccounts, customerCategories, customers } from './customers.tables.ts';

export type CustomerRow = typeof customers.$inferSelect;
export type NewCustomerRow = typeof customers.$inferInsert;

export async function findCustomerById(q: Queryable, tenantId: string, customerId: string) {
  const [row] = await q
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.customerId, customerId)));
  return row ?? null;
}

/** Customers named by id (UUID) or external id, in one query. */
export function findCustomersByIdOrExternalId(q: Queryable, tenantId: string, keys: readonly string[]) {
  const ids = keys.filter((k) => /^[0-9a-f-]{36}$/i.test(k));
  return q
    .select()
    .from(customers)
    .where(
      and(
        eq(customers.tenantId, tenantId),
        sql`(${customers.externalId} = any(${sql.param([...keys])}::text[]) or ${customers.customerId} = any(${sql.param(ids)}::uuid[]))`,
      ),
    );
}

export async function findCustomerByExternalId(q: Queryable, tenantId: string, externalId: string) {
  const [row] = await q
    .select()
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.externalId, externalId)));
  return row ?? null;
}

export async function findCustomersByExternalIds(
  q: Queryable,
  tenantId: string,
  externalIds: readonly string[],
) {
  if (externalIds.length === 0) return [];
  return q
    .select({
      customerId: customers.customerId,
      externalId: customers.externalId,
      currency: customers.currency,
      paymentTerms: customers.paymentTerms,
    })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), isAnyOf(customers.externalId, externalIds, 'text')));
}

export async function insertCustomer(tx: Tx, row: NewCustomerRow): Promise<CustomerRow> {
  const [inserted] = await tx.insert(customers).values(row).returning();
  if (!inserted) throw new Error('customer insert returned nothing');
  return inserted;
}

export async function updateCustomerRow(
  tx: Tx,
  tenantId: string,
  customerId: string,
  patch: Partial<NewCustomerRow>,
) {
  const [row] = await tx
    .update(customers)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(customers.tenantId, tenantId), eq(customers.customerId, customerId)))
    .returning();
  return row ?? null;
}

export interface CustomerListFilter {
  afterExternalId?: string;
  limit: number;
  status?: string;
  categoryId?: string;
  search?: string;
}

export function listCustomerRows(q: Queryable, tenantId: string, f: CustomerListFilter) {
  const conditions: SQL[] = [eq(customers.tenantId, tenantId)];
  if (f.afterExternalId !== undefined) conditions.push(gt(customers.externalId, f.afterExternalId));
  if (f.status) conditions.push(eq(customers.status, f.status));
  if (f.categoryId) {
    const byCategory = or(eq(customers.categoryId, f.categoryId), eq(customers.subcategoryId, f.categoryId));
    if (byCategory) conditions.push(byCategory);
  }
  if (f.search) {
    const pattern = `%${f.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    const bySearch = or(ilike(customers.name, pattern), ilike(customers.externalId, pattern));
    if (bySearch) conditions.push(bySearch);
  }
  return q
    .select()
    .from(customers)
    .where(and(...conditions))
    .orderBy(asc(customers.externalId))
    .limit(f.limit);
}

export function bankAccountsOf(q: Queryable, tenantId: string, customerIds: readonly string[]) {
  if (customerIds.length === 0) return Promise.resolve([]);
  return q
    .select({ customerId: customerBankAccounts.customerId, iban: customerBankAccounts.iban })
    .from(customerBankAccounts)
    .where(
      and(
        eq(customerBankAccounts.tenantId, tenantId),
        isAnyOf(customerBankAccounts.customerId, customerIds, 'uuid'),
      ),
    );
}

export async function replaceBankAccounts(
  tx: Tx,
  tenantId: string,
  customerId: string,
  ibans: readonly string[],
) {
  await tx
    .delete(customerBankAccounts)
    .where(
      and(
        eq(customerBankAccounts.tenantId, tenantId),
        eq(customerBankAccounts.customerId, customerId),
        eq(customerBankAccounts.source, 'master_data'),
      ),
    );
  if (ibans.length === 0) return;
  await tx
    .insert(customerBankAccounts)
    .values([...new Set(ibans)].map((iban) => ({ tenantId, customerId, iban })))
    .onConflictDoNothing();
}

export function listCategoryRows(q: Queryable, tenantId: string) {
  return q
    .select()
    .from(customerCategories)
    .where(eq(customerCategories.tenantId, tenantId))
    .orderBy(asc(customerCategories.name));
}

export async function findCategory(q: Queryable, tenantId: string, name: string, parentId: string | null) {
  const [row] = await q
    .select()
    .from(customerCategories)
    .where(
      and(
        eq(customerCategories.tenantId, tenantId),
        eq(customerCategories.name, name),
        parentId === null ? isNull(customerCategories.parentId) : eq(customerCategories.parentId, parentId),
      ),
    );
  return row ?? null;
}

export async function insertCategory(
  tx: Tx,
  tenantId: string,
  categoryId: string,
  name: string,
  parentId: string | null,
) {
  await tx.insert(customerCategories).values({ tenantId, categoryId, name, parentId });
}

export async function countCustomers(q: Queryable, tenantId: string): Promise<number> {
  const [row] = await q
    .select({ n: sql<number>`count(*)::int` })
    .from(customers)
    .where(eq(customers.tenantId, tenantId));
  return row?.n ?? 0;
}
