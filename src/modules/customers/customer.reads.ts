/**
 * What other modules read of the customers: published relations for their aggregating queries, and
 * the few figures they need of given customers. A relation is an SQL subquery scoped to one tenant;
 * its columns are documented here, its storage stays private to this module.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';
import { foldedText } from '../../db/fold.ts';

/**
 * The tenant's customers as a relation: `customer_id`, `external_id`, `name`, `currency` (the
 * customer's own), `credit_limit_minor` (in that currency; null when none is set), `category_id`
 * (the top-level receivable category; null when none), `subcategory_id` (its subcategory; null when none).
 */
export function customersRelation(tenantId: string): SQL {
  return sql`(select customer_id, external_id, name, currency, credit_limit_minor, category_id, subcategory_id
              from customers
              where tenant_id = ${tenantId})`;
}

/** The tenant's receivable categories as a relation: `category_id`, `name`, `parent_id` (null at the top). */
export function categoriesRelation(tenantId: string): SQL {
  return sql`(select category_id, name, parent_id from customer_categories where tenant_id = ${tenantId})`;
}

/** Customers who take documents by email and have an address, as a relation: `customer_id`, `external_id`. */
export function emailCustomersRelation(tenantId: string): SQL {
  return sql`(select customer_id, external_id from customers
              where tenant_id = ${tenantId} and delivery_channel = 'email'
                and (cardinality(emails) > 0 or jsonb_path_exists(contacts, '$[*].email')))`;
}

/** Of `customerIds`, those who take documents by email and have an address, by external id. */
export async function customersTakingEmail(
  q: Queryable,
  tenantId: string,
  customerIds: readonly string[],
): Promise<{ customerId: string; externalId: string }[]> {
  if (customerIds.length === 0) return [];
  const rows = await queryRows<{ customer_id: string; external_id: string }>(
    q,
    sql`select customer_id, external_id from ${emailCustomersRelation(tenantId)} c
        where customer_id = any(${sql.param([...customerIds])}::uuid[])
        order by external_id`,
  );
  return rows.map((r) => ({ customerId: r.customer_id, externalId: r.external_id }));
}

export interface CustomerCreditTerms {
  customer_id: string;
  external_id: string;
  currency: string;
  credit_limit_minor: bigint | null;
}

/** Currency and credit limit of the customers given (unknown ids are left out). */
export function customerCreditTerms(
  q: Queryable,
  tenantId: string,
  customerIds: readonly string[],
): Promise<CustomerCreditTerms[]> {
  if (customerIds.length === 0) return Promise.resolve([]);
  return queryRows<CustomerCreditTerms>(
    q,
    sql`select customer_id, external_id, currency, credit_limit_minor from ${customersRelation(tenantId)} c
        where customer_id = any(${sql.param([...customerIds])}::uuid[])`,
  );
}

/** Of `externalIds`, those the tenant has a customer with. */
export async function existingExternalIds(
  q: Queryable,
  tenantId: string,
  externalIds: readonly string[],
): Promise<Set<string>> {
  if (externalIds.length === 0) return new Set();
  const rows = await queryRows<{ external_id: string }>(
    q,
    sql`select external_id from customers
        where tenant_id = ${tenantId} and external_id = any(${sql.param([...externalIds])}::text[])`,
  );
  return new Set(rows.map((r) => r.external_id));
}

/** True when the tenant has any customer (so any data: invoices and receipts need one). */
export async function tenantHasCustomers(q: Queryable, tenantId: string): Promise<boolean> {
  const rows = await queryRows(q, sql`select 1 from customers where tenant_id = ${tenantId} limit 1`);
  return rows.length > 0;
}

/**
 * The tenant's customers for a searchable list, as a relation: `customer_id`, `external_id`, `name`,
 * `legal_name`, `tax_id`, `currency`, `credit_limit_minor`, `category_id`, `subcategory_id`,
 * `status`, and `search_text`: name, legal name, external id, e-mail addresses (the customer's and
 * its contacts') and tax id (also without spaces), folded by `foldedText` (case and accents ignored).
 */
export function customerDirectoryRelation(tenantId: string): SQL {
  const text = sql`concat_ws(' ', name, legal_name, external_id, array_to_string(emails, ' '),
    (select string_agg(e #>> '{}', ' ') from jsonb_path_query(contacts, '$[*].email') as j(e)),
    tax_id, replace(tax_id, ' ', ''))`;
  return sql`(select customer_id, external_id, name, legal_name, tax_id, currency, credit_limit_minor,
                category_id, subcategory_id, status, ${foldedText(text)} as search_text
              from customers where tenant_id = ${tenantId})`;
}
