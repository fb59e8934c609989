/** Tenants (organisations): created with their chart of accounts, payment terms and number series. */
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, type Queryable, withTransaction } from '../../db/client.ts';
import { isKnownCurrency } from '../../shared/currency.ts';
import { notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { seedChartOfAccounts } from '../ledger/index.ts';
import { seedSeries } from '../numbering/index.ts';
import { seedPaymentTerms } from '../terms/index.ts';
import { tenants } from './tenants.tables.ts';

export const createTenantInput = z
  .object({
    name: z.string().min(1).max(200),
    legalName: z.string().max(300).optional(),
    baseCurrency: z.string().refine(isKnownCurrency, 'unknown ISO 4217 currency'),
    country: z.string().length(2).optional(),
    taxId: z.string().max(50).optional(),
    iban: z.string().max(34).optional(),
    address: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type CreateTenantInput = z.infer<typeof createTenantInput>;

export type Tenant = typeof tenants.$inferSelect;

export async function createTenant(db: Db, input: CreateTenantInput, tenantId = newId()): Promise<Tenant> {
  const data = createTenantInput.parse(input);
  return withTransaction(db, async (tx) => {
    const [tenant] = await tx
      .insert(tenants)
      .values({
        tenantId,
        name: data.name,
        legalName: data.legalName ?? null,
        baseCurrency: data.baseCurrency,
        country: data.country ?? null,
        taxId: data.taxId ?? null,
        iban: data.iban ?? null,
        address: data.address ?? null,
      })
      .returning();
    await seedChartOfAccounts(tx, tenantId);
    await seedPaymentTerms(tx, tenantId);
    await seedSeries(tx, tenantId);
    if (!tenant) throw new Error('tenant insert returned nothing');
    return tenant;
  });
}

export async function getTenantOrThrow(q: Queryable, tenantId: string): Promise<Tenant> {
  const [tenant] = await q.select().from(tenants).where(eq(tenants.tenantId, tenantId));
  if (!tenant) throw notFound('tenant', tenantId);
  return tenant;
}

export async function listTenants(q: Queryable): Promise<Tenant[]> {
  return q.select().from(tenants).orderBy(tenants.createdAt);
}

/** The oldest tenant, created from `defaults` when there is none yet (a fresh installation). */
export async function ensureDefaultTenant(
  db: Db,
  defaults: CreateTenantInput,
): Promise<{ tenant: Tenant; created: boolean }> {
  const [first] = await listTenants(db);
  if (first) return { tenant: first, created: false };
  return { tenant: await createTenant(db, defaults), created: true };
}
