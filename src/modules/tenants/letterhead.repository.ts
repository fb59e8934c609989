/** SQL of the letterhead: the tenant row holds the current one, `tenant_letterheads` every version. */
import { and, eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { tenantLetterheads, tenants } from './tenants.tables.ts';

export type LetterheadRow = typeof tenantLetterheads.$inferSelect;
export type LetterheadFields = Omit<LetterheadRow, 'tenantId' | 'version' | 'createdAt'>;

const FIELDS = {
  name: tenants.name,
  legalName: tenants.legalName,
  country: tenants.country,
  taxId: tenants.taxId,
  address: tenants.address,
  iban: tenants.iban,
  bic: tenants.bic,
  bankName: tenants.bankName,
  email: tenants.email,
  phone: tenants.phone,
  website: tenants.website,
  registration: tenants.registration,
  footer: tenants.footer,
  electronicAddress: tenants.electronicAddress,
};

/** The current letterhead and its version, or null for an unknown tenant; `lock` takes the row lock. */
export async function currentLetterhead(q: Queryable, tenantId: string, lock = false) {
  const query = q
    .select({ ...FIELDS, version: tenants.letterheadVersion })
    .from(tenants)
    .where(eq(tenants.tenantId, tenantId));
  const [row] = await (lock ? query.for('update') : query);
  return row ?? null;
}

export async function findLetterheadVersion(q: Queryable, tenantId: string, version: number) {
  const [row] = await q
    .select()
    .from(tenantLetterheads)
    .where(and(eq(tenantLetterheads.tenantId, tenantId), eq(tenantLetterheads.version, version)));
  return row ?? null;
}

/** Store a version unless it is stored already (versions never change once written). */
export async function insertLetterheadVersion(
  tx: Tx,
  tenantId: string,
  version: number,
  fields: LetterheadFields,
  createdAt: Date,
) {
  await tx
    .insert(tenantLetterheads)
    .values({ tenantId, version, ...fields, createdAt })
    .onConflictDoNothing();
}

export async function setCurrentLetterhead(
  tx: Tx,
  tenantId: string,
  version: number,
  fields: LetterheadFields,
) {
  await tx
    .update(tenants)
    .set({ ...fields, letterheadVersion: version })
    .where(eq(tenants.tenantId, tenantId));
}
