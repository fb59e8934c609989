/** SQL of dunning policies, their assignment to categories and customers, and holds. */
import { and, asc, eq, ne } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { isAnyOf } from '../../db/conditions.ts';
import { groupBy } from '../../shared/group-by.ts';
import {
  dunningBaseRates,
  dunningCategoryPolicies,
  dunningCustomers,
  dunningLevelFees,
  dunningPolicies,
  dunningPolicyLevels,
  dunningPolicyMinimums,
} from './dunning.tables.ts';
import type { Channel, DayCount, DunningPolicy } from './dunning.types.ts';
import type { PolicyDefinition } from './policy-definition.ts';

export type CustomerSettingsRow = typeof dunningCustomers.$inferSelect;

/** Insert a policy with its levels, fees, minimums and base rates. */
export async function insertPolicy(tx: Tx, tenantId: string, policyId: string, def: PolicyDefinition) {
  await tx.insert(dunningPolicies).values({ tenantId, policyId, ...headOf(def) });
  await insertChildren(tx, tenantId, policyId, def);
}

/** Replace a policy's definition: the row updated, the children rewritten. */
export async function replacePolicy(
  tx: Tx,
  tenantId: string,
  policyId: string,
  def: PolicyDefinition,
  now: Date,
) {
  await tx
    .update(dunningPolicies)
    .set({ ...headOf(def), updatedAt: now })
    .where(and(eq(dunningPolicies.tenantId, tenantId), eq(dunningPolicies.policyId, policyId)));
  const own = (t: typeof dunningPolicyLevels | typeof dunningPolicyMinimums | typeof dunningBaseRates) =>
    and(eq(t.tenantId, tenantId), eq(t.policyId, policyId));
  await tx
    .delete(dunningLevelFees)
    .where(and(eq(dunningLevelFees.tenantId, tenantId), eq(dunningLevelFees.policyId, policyId)));
  await tx.delete(dunningPolicyLevels).where(own(dunningPolicyLevels));
  await tx.delete(dunningPolicyMinimums).where(own(dunningPolicyMinimums));
  await tx.delete(dunningBaseRates).where(own(dunningBaseRates));
  await insertChildren(tx, tenantId, policyId, def);
}

function headOf(def: PolicyDefinition) {
  return {
    name: def.name,
    isDefault: def.isDefault,
    graceDays: def.graceDays,
    interestDayCount: def.interest?.dayCount ?? null,
    interestMarginPct: def.interest?.marginPct ?? null,
    finalInterestStatement: def.finalInterestStatement,
  };
}

async function insertChildren(tx: Tx, tenantId: string, policyId: string, def: PolicyDefinition) {
  await tx.insert(dunningPolicyLevels).values(
    def.levels.map((l) => ({
      tenantId,
      policyId,
      levelNo: l.levelNo,
      offsetDays: l.offsetDays,
      templateKey: l.templateKey,
      channel: l.channel,
      chargesInterest: l.chargesInterest,
      handsOver: l.handsOver,
    })),
  );
  const fees = def.levels.flatMap((l) =>
    Object.entries(l.feesMinor).map(([currency, feeMinor]) => ({
      tenantId,
      policyId,
      levelNo: l.levelNo,
      currency,
      feeMinor,
    })),
  );
  if (fees.length > 0) await tx.insert(dunningLevelFees).values(fees);
  const minimums = Object.entries(def.minimumMinor).map(([currency, minimumMinor]) => ({
    tenantId,
    policyId,
    currency,
    minimumMinor,
  }));
  if (minimums.length > 0) await tx.insert(dunningPolicyMinimums).values(minimums);
  const rates = (def.interest?.baseRates ?? []).map((r) => ({ tenantId, policyId, ...r }));
  if (rates.length > 0) await tx.insert(dunningBaseRates).values(rates);
}

/** Make every other policy of the tenant non-default. */
export async function clearOtherDefaults(tx: Tx, tenantId: string, policyId: string) {
  await tx
    .update(dunningPolicies)
    .set({ isDefault: false })
    .where(and(eq(dunningPolicies.tenantId, tenantId), ne(dunningPolicies.policyId, policyId)));
}

/** Every policy of the tenant, complete, by id (five small queries). */
export async function loadPolicies(q: Queryable, tenantId: string): Promise<Map<string, DunningPolicy>> {
  const heads = await q
    .select()
    .from(dunningPolicies)
    .where(eq(dunningPolicies.tenantId, tenantId))
    .orderBy(asc(dunningPolicies.name));
  const levels = await q
    .select()
    .from(dunningPolicyLevels)
    .where(eq(dunningPolicyLevels.tenantId, tenantId))
    .orderBy(asc(dunningPolicyLevels.levelNo));
  const fees = await q.select().from(dunningLevelFees).where(eq(dunningLevelFees.tenantId, tenantId));
  const minimums = await q
    .select()
    .from(dunningPolicyMinimums)
    .where(eq(dunningPolicyMinimums.tenantId, tenantId));
  const rates = await q
    .select()
    .from(dunningBaseRates)
    .where(eq(dunningBaseRates.tenantId, tenantId))
    .orderBy(asc(dunningBaseRates.effectiveFrom));
  const levelsOf = groupBy(levels, (l) => l.policyId);
  const feesOf = groupBy(fees, (f) => `${f.policyId}|${f.levelNo}`);
  const minimumsOf = groupBy(minimums, (m) => m.policyId);
  const ratesOf = groupBy(rates, (r) => r.policyId);
  const policies = heads.map(
    (h): DunningPolicy => ({
      policyId: h.policyId,
      name: h.name,
      isDefault: h.isDefault,
      graceDays: h.graceDays,
      minimumMinor: Object.fromEntries(
        (minimumsOf.get(h.policyId) ?? []).map((m) => [m.currency, m.minimumMinor]),
      ),
      interest: h.interestDayCount
        ? {
            dayCount: h.interestDayCount as DayCount,
            marginPct: h.interestMarginPct ?? '0',
            baseRates: (ratesOf.get(h.policyId) ?? []).map((r) => ({
              effectiveFrom: r.effectiveFrom,
              ratePct: r.ratePct,
            })),
          }
        : null,
      finalInterestStatement: h.finalInterestStatement,
      levels: (levelsOf.get(h.policyId) ?? []).map((l) => ({
        levelNo: l.levelNo,
        offsetDays: l.offsetDays,
        templateKey: l.templateKey,
        channel: l.channel as Channel,
        feesMinor: Object.fromEntries(
          (feesOf.get(`${h.policyId}|${l.levelNo}`) ?? []).map((f) => [f.currency, f.feeMinor]),
        ),
        chargesInterest: l.chargesInterest,
        handsOver: l.handsOver,
      })),
    }),
  );
  return new Map(policies.map((p) => [p.policyId, p]));
}

export async function lockPolicy(tx: Tx, tenantId: string, policyId: string) {
  const [row] = await tx
    .select({ policyId: dunningPolicies.policyId })
    .from(dunningPolicies)
    .where(and(eq(dunningPolicies.tenantId, tenantId), eq(dunningPolicies.policyId, policyId)))
    .for('update');
  return row ?? null;
}

/** A policy id by id or by name, or null. */
export async function findPolicyId(q: Queryable, tenantId: string, idOrName: string, byId: boolean) {
  const [row] = await q
    .select({ policyId: dunningPolicies.policyId })
    .from(dunningPolicies)
    .where(
      and(
        eq(dunningPolicies.tenantId, tenantId),
        byId ? eq(dunningPolicies.policyId, idOrName) : eq(dunningPolicies.name, idOrName),
      ),
    );
  return row?.policyId ?? null;
}

export function categoryPolicyRows(q: Queryable, tenantId: string) {
  return q.select().from(dunningCategoryPolicies).where(eq(dunningCategoryPolicies.tenantId, tenantId));
}

export async function setCategoryPolicy(
  tx: Tx,
  tenantId: string,
  categoryId: string,
  policyId: string | null,
) {
  const own = and(
    eq(dunningCategoryPolicies.tenantId, tenantId),
    eq(dunningCategoryPolicies.categoryId, categoryId),
  );
  if (policyId === null) {
    await tx.delete(dunningCategoryPolicies).where(own);
    return;
  }
  await tx
    .insert(dunningCategoryPolicies)
    .values({ tenantId, categoryId, policyId })
    .onConflictDoUpdate({
      target: [dunningCategoryPolicies.tenantId, dunningCategoryPolicies.categoryId],
      set: { policyId },
    });
}

/** Upsert a customer's dunning settings (`patch` names the columns to set). */
export async function upsertCustomerSettings(
  tx: Tx,
  tenantId: string,
  customerId: string,
  patch: Partial<Omit<CustomerSettingsRow, 'tenantId' | 'customerId'>>,
  now: Date,
) {
  await tx
    .insert(dunningCustomers)
    .values({ tenantId, customerId, ...patch, updatedAt: now })
    .onConflictDoUpdate({
      target: [dunningCustomers.tenantId, dunningCustomers.customerId],
      set: { ...patch, updatedAt: now },
    });
}

/** Settings of the given customers (those without a row are left out); all customers' when `customerIds` is null. */
export function customerSettingsRows(q: Queryable, tenantId: string, customerIds: readonly string[] | null) {
  const where =
    customerIds === null
      ? eq(dunningCustomers.tenantId, tenantId)
      : and(
          eq(dunningCustomers.tenantId, tenantId),
          isAnyOf(dunningCustomers.customerId, customerIds, 'uuid'),
        );
  return q.select().from(dunningCustomers).where(where);
}
