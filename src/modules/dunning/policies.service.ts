/**
 * Dunning policies (create, read, update — checked before anything is stored), their assignment to
 * customers and receivable categories, and holds that keep a customer out of dunning.
 */

import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/constraint-violation.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import { formatAmount } from '../../shared/money.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { getCustomerRowOrThrow, listCategories } from '../customers/index.ts';
import {
  type AssignmentInput,
  assignmentInput,
  type HoldInput,
  holdInput,
  type PolicyInput,
  type PolicyPatch,
  policyInput,
  policyPatch,
} from './dunning.input.ts';
import type { DunningPolicy } from './dunning.types.ts';
import * as repo from './policies.repository.ts';
import { type PolicySource, resolvePolicy } from './policy-assignment.ts';
import { definePolicy } from './policy-definition.ts';
import { findPreset } from './policy-presets.ts';

/** Create a policy; `isDefault` makes it the tenant's only default. 409 on a duplicate name. */
export async function createPolicy(
  deps: CoreDeps,
  tenantId: string,
  raw: PolicyInput,
): Promise<DunningPolicy> {
  const def = definePolicy(policyInput.parse(raw));
  const policyId = newId();
  await writeGuarded(deps, def.name, async (tx) => {
    if (await repo.findPolicyId(tx, tenantId, def.name, false)) throw duplicateName(def.name);
    if (def.isDefault) await repo.clearOtherDefaults(tx, tenantId, policyId);
    await repo.insertPolicy(tx, tenantId, policyId, def);
    await recordAudit(tx, tenantId, {
      kind: 'dunning_policy.created',
      objectType: 'dunning_policy',
      objectId: policyId,
      changes: changedFields(null, { ...def }),
    });
  });
  return getPolicyOrThrow(deps.db, tenantId, policyId);
}

/**
 * Add the ready-made policy `key` (policy-presets.ts), named `name` when given; it becomes the
 * default when `isDefault`, or when the tenant has no default policy yet (so a new installation
 * duns with it at once). 404 for an unknown key, 409 when a policy of that name exists.
 */
export async function addPresetPolicy(
  deps: CoreDeps,
  tenantId: string,
  key: string,
  opts: { name?: string | undefined; isDefault?: boolean | undefined } = {},
): Promise<DunningPolicy> {
  const preset = findPreset(key);
  if (!preset) throw notFound('dunning policy preset', key);
  const hasDefault = (await listPolicies(deps.db, tenantId)).some((p) => p.isDefault);
  return createPolicy(deps, tenantId, {
    ...preset.policy,
    name: opts.name ?? preset.policy.name,
    isDefault: opts.isDefault ?? !hasDefault,
  });
}

/** Change a policy: given fields replace the stored ones (`levels` replaces every level). */
export async function updatePolicy(
  deps: CoreDeps,
  tenantId: string,
  idOrName: string,
  raw: PolicyPatch,
): Promise<DunningPolicy> {
  const patch = policyPatch.parse(raw);
  try {
    return await withTransaction(deps.db, (tx) => updatePolicyInTx(tx, deps, tenantId, idOrName, patch));
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(patch.name ?? idOrName);
    throw error;
  }
}

/** `updatePolicy` in the caller's transaction. */
export async function updatePolicyInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  idOrName: string,
  raw: PolicyPatch,
): Promise<DunningPolicy> {
  const patch = policyPatch.parse(raw);
  const current = await getPolicyOrThrow(tx, tenantId, idOrName);
  const def = definePolicy(policyInput.parse({ ...policyToInput(current), ...withoutUndefined(patch) }));
  if (!(await repo.lockPolicy(tx, tenantId, current.policyId))) throw notFound('dunning policy', idOrName);
  const other = await repo.findPolicyId(tx, tenantId, def.name, false);
  if (other && other !== current.policyId) throw duplicateName(def.name);
  if (def.isDefault) await repo.clearOtherDefaults(tx, tenantId, current.policyId);
  await repo.replacePolicy(tx, tenantId, current.policyId, def, deps.clock.now());
  await recordAudit(tx, tenantId, {
    kind: 'dunning_policy.updated',
    objectType: 'dunning_policy',
    objectId: current.policyId,
    changes: changedFields(
      { ...policyToInput(current) },
      { ...policyToInput(current), ...withoutUndefined(patch) },
    ),
  });
  return getPolicyOrThrow(tx, tenantId, current.policyId);
}

async function writeGuarded(deps: CoreDeps, name: string, fn: (tx: Tx) => Promise<void>) {
  try {
    await withTransaction(deps.db, fn);
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(name);
    throw error;
  }
}

function duplicateName(name: string): AppError {
  return new AppError('conflict', `a dunning policy named "${name}" exists already`, [
    { field: 'name', message: 'already used' },
  ]);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The stored policy in the input's shape (decimal strings), for merging a patch. */
export function policyToInput(p: DunningPolicy): PolicyInput {
  const decimals = (m: Readonly<Record<string, bigint>>) =>
    Object.fromEntries(Object.entries(m).map(([c, v]) => [c, formatAmount(v, c)]));
  return {
    name: p.name,
    isDefault: p.isDefault,
    graceDays: p.graceDays,
    minimumAmounts: decimals(p.minimumMinor),
    interest: p.interest ? { ...p.interest, baseRates: [...p.interest.baseRates] } : null,
    finalInterestStatement: p.finalInterestStatement,
    levels: p.levels.map((l) => ({
      offsetDays: l.offsetDays,
      templateKey: l.templateKey,
      channel: l.channel,
      fees: decimals(l.feesMinor),
      chargesInterest: l.chargesInterest,
      handsOver: l.handsOver,
    })),
  };
}

/** A policy by id or name. */
export async function getPolicyOrThrow(
  q: Queryable,
  tenantId: string,
  idOrName: string,
): Promise<DunningPolicy> {
  const policies = await repo.loadPolicies(q, tenantId);
  const found = policies.get(idOrName) ?? [...policies.values()].find((p) => p.name === idOrName);
  if (!found) throw notFound('dunning policy', idOrName);
  return found;
}

/** Every policy of the tenant, by name. */
export async function listPolicies(q: Queryable, tenantId: string): Promise<DunningPolicy[]> {
  return [...(await repo.loadPolicies(q, tenantId)).values()];
}

async function policyIdOrThrow(q: Queryable, tenantId: string, idOrName: string): Promise<string> {
  const id =
    (isUuid(idOrName) ? await repo.findPolicyId(q, tenantId, idOrName, true) : null) ??
    (await repo.findPolicyId(q, tenantId, idOrName, false));
  if (!id)
    throw new AppError('not_found', `dunning policy ${idOrName} not found`, [
      { field: 'policy', message: 'unknown policy' },
    ]);
  return id;
}

/** Assign a policy to a customer or a (sub)category; `policy: null` removes the assignment. */
export async function assignPolicy(deps: CoreDeps, tenantId: string, raw: AssignmentInput) {
  const input = assignmentInput.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    const policyId = input.policy === null ? null : await policyIdOrThrow(tx, tenantId, input.policy);
    if (input.customer !== undefined) {
      const customer = await getCustomerRowOrThrow(tx, tenantId, input.customer);
      await repo.upsertCustomerSettings(tx, tenantId, customer.customerId, { policyId }, deps.clock.now());
      await auditAssignment(tx, tenantId, 'customer', customer.customerId, policyId);
      return { target: 'customer' as const, id: customer.customerId, policyId };
    }
    const categoryId = await categoryIdOrThrow(tx, tenantId, input.category ?? '');
    await repo.setCategoryPolicy(tx, tenantId, categoryId, policyId);
    await auditAssignment(tx, tenantId, 'category', categoryId, policyId);
    return { target: 'category' as const, id: categoryId, policyId };
  });
}

function auditAssignment(tx: Tx, tenantId: string, target: string, id: string, policyId: string | null) {
  return recordAudit(tx, tenantId, {
    kind: 'dunning_policy.assigned',
    objectType: target,
    objectId: id,
    details: { policyId },
  });
}

async function categoryIdOrThrow(q: Queryable, tenantId: string, id: string): Promise<string> {
  const tree = await listCategories(q, tenantId);
  const ids = tree.flatMap((c) => [c.id, ...c.subcategories.map((s) => s.id)]);
  if (!ids.includes(id))
    throw new AppError('not_found', `category ${id} not found`, [
      { field: 'category', message: 'unknown category id' },
    ]);
  return id;
}

/** Every assignment: categories and customers with a policy of their own, and the default. */
export async function listAssignments(q: Queryable, tenantId: string) {
  const categories = await repo.categoryPolicyRows(q, tenantId);
  const customers = (await repo.customerSettingsRows(q, tenantId, null)).filter((c) => c.policyId !== null);
  const defaultPolicy = (await listPolicies(q, tenantId)).find((p) => p.isDefault) ?? null;
  return {
    defaultPolicyId: defaultPolicy?.policyId ?? null,
    categories: categories.map((c) => ({ categoryId: c.categoryId, policyId: c.policyId })),
    customers: customers.map((c) => ({ customerId: c.customerId, policyId: c.policyId ?? '' })),
  };
}

/** Keep a customer out of dunning until `until` (inclusive) or until released. */
export async function setHold(deps: CoreDeps, tenantId: string, customer: string, raw: HoldInput) {
  const input = holdInput.parse(raw);
  await withTransaction(deps.db, async (tx) => {
    const row = await getCustomerRowOrThrow(tx, tenantId, customer);
    const patch = { holdReason: input.reason, holdUntil: input.until ?? null, holdSetAt: deps.clock.now() };
    await repo.upsertCustomerSettings(tx, tenantId, row.customerId, patch, deps.clock.now());
    await recordAudit(tx, tenantId, {
      kind: 'dunning_hold.set',
      objectType: 'customer',
      objectId: row.customerId,
      reason: input.reason,
      details: { until: input.until ?? null },
    });
  });
  return getCustomerDunning(deps.db, tenantId, customer);
}

/** Release a customer's hold (nothing happens when there is none). */
export async function releaseHold(deps: CoreDeps, tenantId: string, customer: string) {
  await withTransaction(deps.db, async (tx) => {
    const row = await getCustomerRowOrThrow(tx, tenantId, customer);
    const patch = { holdReason: null, holdUntil: null, holdSetAt: null };
    await repo.upsertCustomerSettings(tx, tenantId, row.customerId, patch, deps.clock.now());
    await recordAudit(tx, tenantId, {
      kind: 'dunning_hold.released',
      objectType: 'customer',
      objectId: row.customerId,
    });
  });
  return getCustomerDunning(deps.db, tenantId, customer);
}

export interface CustomerDunning {
  customerId: string;
  externalId: string;
  policy: { policyId: string; name: string; source: PolicySource } | null;
  hold: { reason: string; until: string | null; since: Date | null } | null;
  handedOver: { on: string; letterId: string | null } | null;
}

/** A customer's dunning profile: the policy that applies and why, its hold, its hand-over. */
export async function getCustomerDunning(
  q: Queryable,
  tenantId: string,
  customer: string,
): Promise<CustomerDunning> {
  const row = await getCustomerRowOrThrow(q, tenantId, customer);
  const [settings] = await repo.customerSettingsRows(q, tenantId, [row.customerId]);
  const policies = await repo.loadPolicies(q, tenantId);
  const categories = await repo.categoryPolicyRows(q, tenantId);
  const resolved = resolvePolicy(
    { policyId: settings?.policyId ?? null, categoryId: row.categoryId, subcategoryId: row.subcategoryId },
    {
      byCategoryId: new Map(categories.map((c) => [c.categoryId, c.policyId])),
      defaultPolicyId: [...policies.values()].find((p) => p.isDefault)?.policyId ?? null,
    },
  );
  const policy = resolved ? policies.get(resolved.policyId) : undefined;
  return {
    customerId: row.customerId,
    externalId: row.externalId,
    policy:
      resolved && policy ? { policyId: policy.policyId, name: policy.name, source: resolved.source } : null,
    hold: settings?.holdReason
      ? { reason: settings.holdReason, until: settings.holdUntil, since: settings.holdSetAt }
      : null,
    handedOver: settings?.handedOverOn
      ? { on: settings.handedOverOn, letterId: settings.handedOverLetterId }
      : null,
  };
}
