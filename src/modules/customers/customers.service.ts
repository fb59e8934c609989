/**
 * Customers: master data with a receivable category tree and known bank accounts.
 * `upsertCustomer` is the one write path: create by external id, or update the existing one.
 */

import { type Db, type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { groupBy } from '../../shared/group-by.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import { parseAmount } from '../../shared/money.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import { type CustomerInput, type CustomerPatch, customerInput, customerPatch } from './customers.input.ts';
import * as repo from './customers.repository.ts';

export type { CustomerRow } from './customers.repository.ts';
/** Customers named by id or external id (the given ones that exist). */
export const findCustomersByIdOrExternalId = repo.findCustomersByIdOrExternalId;

import type { Contact } from './customers.tables.ts';
import type { EinvoiceSettings } from './einvoice-settings.ts';

export interface CustomerView {
  id: string;
  externalId: string;
  name: string;
  legalName: string | null;
  aliases: string[];
  parentId: string | null;
  contacts: Contact[];
  emails: string[];
  billingAddress: Record<string, string> | null;
  country: string | null;
  taxId: string | null;
  language: string;
  currency: string;
  deliveryChannel: string;
  paymentTerms: string;
  creditLimitMinor: bigint | null;
  categoryId: string | null;
  subcategoryId: string | null;
  bankAccounts: string[];
  status: string;
  einvoice: EinvoiceSettings | null;
  createdAt: Date;
  updatedAt: Date;
}

function toView(row: repo.CustomerRow, ibans: string[]): CustomerView {
  return {
    id: row.customerId,
    externalId: row.externalId,
    name: row.name,
    legalName: row.legalName,
    aliases: row.aliases,
    parentId: row.parentId,
    contacts: row.contacts,
    emails: row.emails,
    billingAddress: row.billingAddress,
    country: row.country,
    taxId: row.taxId,
    language: row.language,
    currency: row.currency,
    deliveryChannel: row.deliveryChannel,
    paymentTerms: row.paymentTerms,
    creditLimitMinor: row.creditLimitMinor,
    categoryId: row.categoryId,
    subcategoryId: row.subcategoryId,
    bankAccounts: ibans,
    status: row.status,
    einvoice: row.einvoice,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export type UpsertOutcome = 'created' | 'updated';

/** Create a customer, or update the one with the same external id. Runs in `tx`. */
export async function upsertCustomer(
  tx: Tx,
  tenantId: string,
  raw: CustomerInput,
): Promise<{ customer: CustomerView; outcome: UpsertOutcome }> {
  const input = customerInput.parse(raw);
  const tenant = await getTenantOrThrow(tx, tenantId);
  const existing = await repo.findCustomerByExternalId(tx, tenantId, input.externalId);
  const currency = input.currency ?? existing?.currency ?? tenant.baseCurrency;
  const parentId = await resolveParent(tx, tenantId, input.parentExternalId, input.externalId);
  const { categoryId, subcategoryId } = await ensureCategoryPath(
    tx,
    tenantId,
    input.category,
    input.subcategory,
  );
  const fields = {
    name: input.name,
    legalName: input.legalName ?? existing?.legalName ?? null,
    aliases: input.aliases ?? existing?.aliases ?? [],
    parentId: input.parentExternalId !== undefined ? parentId : (existing?.parentId ?? null),
    contacts: input.contacts ?? existing?.contacts ?? [],
    emails: input.emails ?? existing?.emails ?? [],
    billingAddress: input.billingAddress ?? existing?.billingAddress ?? null,
    country: input.country ?? existing?.country ?? null,
    taxId: input.taxId ?? existing?.taxId ?? null,
    language: input.language ?? existing?.language ?? 'en',
    currency,
    deliveryChannel: input.deliveryChannel ?? existing?.deliveryChannel ?? 'email',
    paymentTerms: input.paymentTerms ?? existing?.paymentTerms ?? 'NET30',
    creditLimitMinor:
      input.creditLimit !== undefined
        ? parseAmount(input.creditLimit, currency, 'creditLimit')
        : (existing?.creditLimitMinor ?? null),
    categoryId: input.category !== undefined ? categoryId : (existing?.categoryId ?? null),
    subcategoryId: input.category !== undefined ? subcategoryId : (existing?.subcategoryId ?? null),
    status: input.status ?? existing?.status ?? 'active',
    einvoice: input.einvoice ?? existing?.einvoice ?? null,
  };
  const row = existing
    ? await repo.updateCustomerRow(tx, tenantId, existing.customerId, fields)
    : await repo.insertCustomer(tx, {
        tenantId,
        customerId: newId(),
        externalId: input.externalId,
        ...fields,
      });
  if (!row) throw new Error('customer write returned nothing');
  if (input.bankAccounts !== undefined)
    await repo.replaceBankAccounts(tx, tenantId, row.customerId, input.bankAccounts);
  const ibans = (await repo.bankAccountsOf(tx, tenantId, [row.customerId])).map((b) => b.iban);
  return { customer: toView(row, ibans), outcome: existing ? 'updated' : 'created' };
}

/** Create a new customer; a second customer with the same external id is a conflict. */
export function createCustomer(db: Db, tenantId: string, raw: CustomerInput): Promise<CustomerView> {
  return withTransaction(db, (tx) => createCustomerInTx(tx, tenantId, raw));
}

/** `createCustomer` in the caller's transaction. */
export async function createCustomerInTx(
  tx: Tx,
  tenantId: string,
  raw: CustomerInput,
): Promise<CustomerView> {
  const input = customerInput.parse(raw);
  if (await repo.findCustomerByExternalId(tx, tenantId, input.externalId)) {
    throw new AppError('conflict', `a customer with external id ${input.externalId} already exists`, [
      { field: 'externalId', message: 'already exists' },
    ]);
  }
  const { customer } = await upsertCustomer(tx, tenantId, input);
  await auditCustomer(tx, tenantId, { kind: 'customer.created' }, null, customer);
  return customer;
}

/** The audit record of a customer's creation or change: its changed fields, bank accounts included. */
async function auditCustomer(
  tx: Tx,
  tenantId: string,
  note: CustomerAuditNote,
  before: CustomerView | null,
  after: CustomerView,
): Promise<void> {
  const { createdAt: _c, updatedAt: _u, ...was } = before ?? ({} as Partial<CustomerView>);
  const { createdAt: _c2, updatedAt: _u2, ...now } = after;
  const changes = changedFields(before ? was : null, now);
  if (before && Object.keys(changes).length === 0) return;
  await recordAudit(tx, tenantId, {
    kind: note.kind,
    reason: note.reason ?? null,
    objectType: 'customer',
    objectId: after.id,
    changes,
    details: { externalId: after.externalId },
  });
}

export async function updateCustomer(
  db: Db,
  tenantId: string,
  idOrExternalId: string,
  raw: CustomerPatch,
): Promise<CustomerView> {
  return withTransaction(db, (tx) => updateCustomerInTx(tx, tenantId, idOrExternalId, raw));
}

/** How a caller names a change in the audit trail (default: `customer.updated`, no reason). */
export interface CustomerAuditNote {
  readonly kind: string;
  readonly reason?: string | null | undefined;
}

/** `updateCustomer` inside the caller's transaction (e.g. the credit module setting a limit). */
export async function updateCustomerInTx(
  tx: Tx,
  tenantId: string,
  idOrExternalId: string,
  raw: CustomerPatch,
  note: CustomerAuditNote = { kind: 'customer.updated' },
): Promise<CustomerView> {
  const patch = customerPatch.parse(raw);
  const existing = await getCustomerRowOrThrow(tx, tenantId, idOrExternalId);
  const { bankAccounts, creditLimit, ...rest } = patch;
  const fields: Partial<repo.NewCustomerRow> = stripUndefined(rest);
  if (creditLimit !== undefined) {
    fields.creditLimitMinor =
      creditLimit === null ? null : parseAmount(creditLimit, existing.currency, 'creditLimit');
  }
  const ibansBefore = (await repo.bankAccountsOf(tx, tenantId, [existing.customerId])).map((b) => b.iban);
  const row = await repo.updateCustomerRow(tx, tenantId, existing.customerId, fields);
  if (!row) throw notFound('customer', idOrExternalId);
  if (bankAccounts !== undefined) await repo.replaceBankAccounts(tx, tenantId, row.customerId, bankAccounts);
  const ibans = (await repo.bankAccountsOf(tx, tenantId, [row.customerId])).map((b) => b.iban);
  const after = toView(row, ibans);
  await auditCustomer(tx, tenantId, note, toView(existing, ibansBefore), after);
  return after;
}

function stripUndefined<T extends object>(obj: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}

/** Look a customer up by id (UUID) or external id. */
export async function getCustomerRowOrThrow(
  q: Queryable,
  tenantId: string,
  idOrExternalId: string,
): Promise<repo.CustomerRow> {
  const row =
    (isUuid(idOrExternalId) ? await repo.findCustomerById(q, tenantId, idOrExternalId) : null) ??
    (await repo.findCustomerByExternalId(q, tenantId, idOrExternalId));
  if (!row) throw notFound('customer', idOrExternalId);
  return row;
}

export async function getCustomer(
  q: Queryable,
  tenantId: string,
  idOrExternalId: string,
): Promise<CustomerView> {
  const row = await getCustomerRowOrThrow(q, tenantId, idOrExternalId);
  const ibans = (await repo.bankAccountsOf(q, tenantId, [row.customerId])).map((b) => b.iban);
  return toView(row, ibans);
}

/** A page of customers ordered by external id; `nextCursor` is null on the last page. */
export async function listCustomers(q: Queryable, tenantId: string, filter: repo.CustomerListFilter) {
  const rows = await repo.listCustomerRows(q, tenantId, { ...filter, limit: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  const ibans = await repo.bankAccountsOf(
    q,
    tenantId,
    page.map((r) => r.customerId),
  );
  const byCustomer = groupBy(ibans, (b) => b.customerId);
  return {
    customers: page.map((r) =>
      toView(
        r,
        (byCustomer.get(r.customerId) ?? []).map((b) => b.iban),
      ),
    ),
    nextCursor: rows.length > filter.limit ? (page.at(-1)?.externalId ?? null) : null,
  };
}

async function resolveParent(
  tx: Tx,
  tenantId: string,
  parentExternalId: string | undefined,
  selfExternalId: string,
) {
  if (parentExternalId === undefined) return null;
  if (parentExternalId === selfExternalId)
    throw validationFailed('a customer cannot be its own parent', [
      { field: 'parentExternalId', message: 'is the customer itself' },
    ]);
  const parent = await repo.findCustomerByExternalId(tx, tenantId, parentExternalId);
  if (!parent) {
    throw validationFailed(`parent customer ${parentExternalId} not found`, [
      { field: 'parentExternalId', message: `unknown customer ${parentExternalId}` },
    ]);
  }
  return parent.customerId;
}

/** Find or create category and subcategory by name. */
export async function ensureCategoryPath(tx: Tx, tenantId: string, category?: string, subcategory?: string) {
  if (!category) return { categoryId: null, subcategoryId: null };
  const categoryId = await ensureCategory(tx, tenantId, category, null);
  const subcategoryId = subcategory ? await ensureCategory(tx, tenantId, subcategory, categoryId) : null;
  return { categoryId, subcategoryId };
}

async function ensureCategory(
  tx: Tx,
  tenantId: string,
  name: string,
  parentId: string | null,
): Promise<string> {
  const found = await repo.findCategory(tx, tenantId, name, parentId);
  if (found) return found.categoryId;
  const categoryId = newId();
  await repo.insertCategory(tx, tenantId, categoryId, name, parentId);
  return categoryId;
}

export function createCategory(db: Db, tenantId: string, name: string, parent?: string) {
  return withTransaction(db, (tx) => createCategoryInTx(tx, tenantId, name, parent));
}

/** `createCategory` in the caller's transaction. */
export async function createCategoryInTx(tx: Tx, tenantId: string, name: string, parent?: string) {
  const path = parent
    ? await ensureCategoryPath(tx, tenantId, parent, name)
    : await ensureCategoryPath(tx, tenantId, name);
  return { categoryId: path.subcategoryId ?? path.categoryId, name, parent: parent ?? null };
}

/** The category tree: top-level categories with their subcategories. */
export async function listCategories(q: Queryable, tenantId: string) {
  const rows = await repo.listCategoryRows(q, tenantId);
  return rows
    .filter((r) => r.parentId === null)
    .map((top) => ({
      id: top.categoryId,
      name: top.name,
      subcategories: rows
        .filter((r) => r.parentId === top.categoryId)
        .map((s) => ({ id: s.categoryId, name: s.name })),
    }));
}
