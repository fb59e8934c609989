/**
 * Collectors and the customers they work: at most one collector per customer; bulk assignment;
 * the unassigned customers are a list of their own. A collector may be linked to the API key they
 * work with, so `?collector=me` finds their worklist.
 */
import { type Db, type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { AppError, invalidState, notFound, validationFailed } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { apiKeyExists } from '../apikeys/index.ts';
import { batchObjects, changedFields, recordAudit } from '../audit/index.ts';
import { findCustomersByIdOrExternalId } from '../customers/index.ts';
import {
  type AssignCustomersInput,
  type AssignmentInput,
  assignCustomersInput,
  assignmentInput,
  type CreateCollectorInput,
  createCollectorInput,
  type UpdateCollectorInput,
  updateCollectorInput,
} from './collectors.input.ts';
import * as repo from './collectors.repository.ts';

export type CollectorRow = repo.CollectorRow;
export interface CollectorView extends CollectorRow {
  customerCount: number;
}

/** Create a collector; the email is unique in the tenant (case-insensitive). */
export async function createCollector(
  db: Db,
  tenantId: string,
  raw: CreateCollectorInput,
): Promise<CollectorView> {
  const input = createCollectorInput.parse(raw);
  return withTransaction(db, async (tx) => {
    await assertEmailFree(tx, tenantId, input.email, null);
    if (input.apiKey) await assertKeyFree(tx, tenantId, input.apiKey, null);
    const collectorId = newId();
    await repo.insertCollector(tx, {
      tenantId,
      collectorId,
      name: input.name,
      email: input.email,
      apiKeyId: input.apiKey ?? null,
    });
    await recordAudit(tx, tenantId, {
      kind: 'collector.created',
      objectType: 'collector',
      objectId: collectorId,
      changes: changedFields(null, { name: input.name, email: input.email, apiKeyId: input.apiKey ?? null }),
    });
    return getCollectorOrThrow(tx, tenantId, collectorId);
  });
}

/** Change a collector; deactivating one unassigns its customers. */
export async function updateCollector(
  db: Db,
  tenantId: string,
  collectorId: string,
  raw: UpdateCollectorInput,
): Promise<CollectorView> {
  const input = updateCollectorInput.parse(raw);
  return withTransaction(db, async (tx) => {
    const before = await getCollectorOrThrow(tx, tenantId, collectorId);
    if (input.email) await assertEmailFree(tx, tenantId, input.email, collectorId);
    if (input.apiKey) await assertKeyFree(tx, tenantId, input.apiKey, collectorId);
    await repo.updateCollectorRow(tx, tenantId, collectorId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.email !== undefined ? { email: input.email } : {}),
      ...(input.apiKey !== undefined ? { apiKeyId: input.apiKey } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
    });
    if (input.active === false) await repo.unassignAllOf(tx, tenantId, collectorId);
    const after = await getCollectorOrThrow(tx, tenantId, collectorId);
    const fields = ['name', 'email', 'apiKeyId', 'active'];
    await recordAudit(tx, tenantId, {
      kind: 'collector.updated',
      objectType: 'collector',
      objectId: collectorId,
      changes: changedFields({ ...before }, { ...after }, fields),
    });
    return after;
  });
}

async function assertEmailFree(tx: Tx, tenantId: string, email: string, self: string | null) {
  const other = await repo.findCollectorByEmail(tx, tenantId, email);
  if (other && other.collectorId !== self)
    throw new AppError('conflict', `a collector with email ${email} already exists`, [
      { field: 'email', message: 'already exists' },
    ]);
}

async function assertKeyFree(tx: Tx, tenantId: string, keyId: string, self: string | null) {
  if (!(await apiKeyExists(tx, tenantId, keyId)))
    throw validationFailed(`API key ${keyId} not found`, [{ field: 'apiKey', message: 'unknown API key' }]);
  const other = await repo.findCollectorByKey(tx, tenantId, keyId);
  if (other && other.collectorId !== self)
    throw new AppError('conflict', `API key ${keyId} already belongs to collector ${other.name}`, [
      { field: 'apiKey', message: 'linked to another collector' },
    ]);
}

/** One collector with its customer count. */
export async function getCollectorOrThrow(
  q: Queryable,
  tenantId: string,
  collectorId: string,
): Promise<CollectorView> {
  const [row] = await repo.listCollectorRows(q, tenantId, collectorId);
  if (!row) throw notFound('collector', collectorId);
  return { ...row.collector, customerCount: Number(row.customers) };
}

/** Every collector (a short list), by name. */
export async function listCollectors(q: Queryable, tenantId: string): Promise<CollectorView[]> {
  const rows = await repo.listCollectorRows(q, tenantId);
  return rows.map((r) => ({ ...r.collector, customerCount: Number(r.customers) }));
}

/** The collector linked to an API key, or null. */
export function collectorForKey(q: Queryable, tenantId: string, keyId: string) {
  return repo.findCollectorByKey(q, tenantId, keyId);
}

/** The collector a signed-in user is: the one with the user's e-mail, or null. */
export function collectorForEmail(q: Queryable, tenantId: string, email: string) {
  return repo.findCollectorByEmail(q, tenantId, email);
}

/** Assign customers (ids or external ids) to an active collector; replaces earlier assignments. */
export async function assignCustomers(
  db: Db,
  tenantId: string,
  collectorId: string,
  raw: AssignCustomersInput,
): Promise<{ assigned: number }> {
  const input = assignCustomersInput.parse(raw);
  return withTransaction(db, async (tx) => {
    const collector = await getCollectorOrThrow(tx, tenantId, collectorId);
    if (!collector.active) throw invalidState(`collector ${collector.name} is inactive`);
    const ids = await customerIdsOrThrow(tx, tenantId, input.customers);
    await repo.assign(tx, tenantId, collectorId, ids);
    await recordAudit(tx, tenantId, {
      kind: 'collector.assigned',
      objectType: 'collector',
      objectId: collectorId,
      details: { customers: batchObjects(ids) },
    });
    return { assigned: ids.length };
  });
}

/** Take customers off whichever collector had them. */
export async function unassignCustomers(
  db: Db,
  tenantId: string,
  raw: AssignCustomersInput,
): Promise<{ unassigned: number }> {
  const input = assignCustomersInput.parse(raw);
  return withTransaction(db, async (tx) => {
    const ids = await customerIdsOrThrow(tx, tenantId, input.customers);
    await repo.unassign(tx, tenantId, ids);
    await recordAudit(tx, tenantId, {
      kind: 'collector.unassigned',
      objectType: 'customer',
      objectId: null,
      details: { customers: batchObjects(ids) },
    });
    return { unassigned: ids.length };
  });
}

async function customerIdsOrThrow(tx: Tx, tenantId: string, keys: readonly string[]): Promise<string[]> {
  const rows = await findCustomersByIdOrExternalId(tx, tenantId, [...new Set(keys)]);
  const byKey = new Map<string, string>();
  for (const r of rows) {
    byKey.set(r.externalId, r.customerId);
    byKey.set(r.customerId, r.customerId);
  }
  const missing = keys.flatMap((k, i) =>
    byKey.has(k) ? [] : [{ field: `customers[${i}]`, message: 'unknown customer' }],
  );
  if (missing.length > 0)
    throw validationFailed(`${missing.length} customer(s) not found`, missing.slice(0, 50));
  return [...new Set(keys.map((k) => byKey.get(k) ?? ''))];
}

/** Assign customers to a collector, or (`collector: null`) take them off whichever had them. */
export async function setAssignments(db: Db, tenantId: string, raw: AssignmentInput) {
  const input = assignmentInput.parse(raw);
  if (input.collector === null) {
    const { unassigned } = await unassignCustomers(db, tenantId, { customers: input.customers });
    return { collectorId: null, customers: unassigned };
  }
  const { assigned } = await assignCustomers(db, tenantId, input.collector, { customers: input.customers });
  return { collectorId: input.collector, customers: assigned };
}

export interface AssignmentQuery {
  /** A collector id, `unassigned`, or nothing for every customer. */
  collector?: string;
  cursor?: string;
  limit: number;
}

/** A page of customers with their collector, by external id. */
export async function listAssignments(q: Queryable, tenantId: string, query: AssignmentQuery) {
  const collectorId = query.collector === 'unassigned' ? null : query.collector;
  if (collectorId) await getCollectorOrThrow(q, tenantId, collectorId);
  const rows = await repo.listAssignmentRows(q, tenantId, {
    ...(collectorId !== undefined ? { collectorId } : {}),
    ...(query.cursor !== undefined ? { afterExternalId: query.cursor } : {}),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    assignments: page,
    nextCursor: rows.length > query.limit ? (page.at(-1)?.external_id ?? null) : null,
  };
}

/** Customer ids of a collector (for worklist filters). */
export function customerIdsOfCollector(q: Queryable, tenantId: string, collectorId: string) {
  return repo.customerIdsOf(q, tenantId, collectorId);
}

/** Collector (id and name) per customer id, for the customers given. */
export async function collectorsByCustomer(q: Queryable, tenantId: string, customerIds: readonly string[]) {
  const rows = await repo.collectorsOfCustomers(q, tenantId, customerIds);
  return new Map(rows.map((r) => [r.customer_id, { collectorId: r.collector_id, name: r.name }]));
}
