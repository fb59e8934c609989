/**
 * Collections data as published relations: SQL subqueries scoped to one tenant with documented
 * columns, for other modules' aggregating queries — the collector assignments (the customer list)
 * and the promises open on a day (the cash forecast).
 */
import { type SQL, sql } from 'drizzle-orm';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import type { PaymentFactSources } from '../predictions/index.ts';

/**
 * Customers with an assigned collector, one row each: `customer_id`, `collector_id`,
 * `collector_name`, `collector_email`, `collector_active`.
 */
export function customerCollectorsRelation(tenantId: string): SQL {
  return sql`(select a.customer_id, a.collector_id, c.name as collector_name, c.email as collector_email,
                     c.active as collector_active
              from customer_collectors a
              join collectors c on c.tenant_id = a.tenant_id and c.collector_id = a.collector_id
              where a.tenant_id = ${tenantId})`;
}

/**
 * Every promise to pay, one row each, for reports (the KPI report's promise-kept rate):
 * `promise_id`, `customer_id`, `currency`, `amount_minor`, `promised_on`, `keep_by` (the last day it may be kept),
 * `status` (`open`, `kept`, `broken`, `cancelled`), `settled_on` (the day it was judged kept,
 * broken or cancelled; null while open).
 */
export function promiseFactsRelation(tenantId: string): SQL {
  return sql`(select promise_id, customer_id, currency, amount_minor, promised_on, keep_by, status, settled_on
              from promises where tenant_id = ${tenantId})`;
}

/**
 * Promises to pay marked broken, one row each: `promise_id`, `customer_id`, `currency`,
 * `amount_minor`, `promised_on`, `broken_on` (the day the check found it not kept).
 */
export function brokenPromisesRelation(tenantId: string): SQL {
  return sql`(select promise_id, customer_id, currency, amount_minor, promised_on, settled_on as broken_on
              from promises where tenant_id = ${tenantId} and status = 'broken')`;
}

/**
 * Promises to pay that were open at the end of `asOf` (made on or before it, not yet kept, broken
 * or cancelled then), one row per promise and named invoice: `promise_id`, `customer_id`,
 * `currency`, `amount_minor`, `promised_on` (`YYYY-MM-DD`), `invoice_id` (null for a promise of
 * the customer overall). Today's open promises are those open as of today.
 */
export function promisesOpenOnRelation(tenantId: string, asOf: CalendarDate): SQL {
  return sql`(select p.promise_id, p.customer_id, p.currency, p.amount_minor,
                to_char(p.promised_on, 'YYYY-MM-DD') as promised_on, pi.invoice_id
              from promises p
              left join promise_invoices pi on pi.tenant_id = p.tenant_id and pi.promise_id = p.promise_id
              where p.tenant_id = ${tenantId} and p.made_on <= ${asOf}::date
                and (p.settled_on is null or p.settled_on > ${asOf}::date))`;
}

/**
 * Promises to pay as known at the end of `asOf`, one row per promise and the invoice it names
 * (promises of the customer overall name none and are not here): `promise_id`, `invoice_id`,
 * `made_on`, `promised_on`, and — when judged by then — `judged_on` (the day it was found kept or
 * broken, or cancelled) and `outcome` (`kept`, `broken`, `cancelled`); both null while open then.
 * The payment-date model's facts read it (a port of predictions, `PaymentFactSources`).
 */
export function promisedInvoicesRelation(tenantId: string, asOf: CalendarDate): SQL {
  return sql`(select p.promise_id, pi.invoice_id, to_char(p.made_on, 'YYYY-MM-DD') as made_on,
                to_char(p.promised_on, 'YYYY-MM-DD') as promised_on,
                case when p.settled_on <= ${asOf}::date then to_char(p.settled_on, 'YYYY-MM-DD') end as judged_on,
                case when p.settled_on <= ${asOf}::date then p.status end as outcome
              from promises p
              join promise_invoices pi on pi.tenant_id = p.tenant_id and pi.promise_id = p.promise_id
              where p.tenant_id = ${tenantId} and p.made_on <= ${asOf}::date)`;
}

/** What the payment-date model's facts read of collections (predictions' port): the promises to pay. */
export const paymentFactSources: PaymentFactSources = { promises: promisedInvoicesRelation };
