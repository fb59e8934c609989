/**
 * Customer statements by email: on demand, and as of each month's end to every customer with open
 * items or unapplied cash (the `statements.monthly` job on the 1st). The message lists the open
 * items; the statement PDF is rendered at the first attempt and stored. A month's statement goes
 * to a customer once (dedupe key `statement:<customer>:<as-of>`); on-demand ones each time.
 */
import type { Queryable, Tx } from '../../db/client.ts';
import { withTransaction } from '../../db/client.ts';
import { addDays, type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';
import { chunks } from '../../shared/chunks.ts';
import { newId } from '../../shared/ids.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { customersTakingEmail, getCustomerRowOrThrow } from '../customers/index.ts';
import type { QueuedMessage, QueueMessageInput } from '../messaging/index.ts';
import { agingItems, agingReport } from '../reports/index.ts';
import { getDeliverySettings } from './delivery-settings.service.ts';
import { notifyOutbox } from './notify-outbox.ts';
import { queueWithPortalLinks } from './queue-with-portal-links.ts';

const money = (amountMinor: bigint, currency: string) => ({ amountMinor, currency });

/** The statement message of a customer as of `asOf`: its open items listed, the PDF to render. */
export async function statementMessage(
  q: Queryable,
  deps: Pick<TxDeps, 'clock'>,
  tenantId: string,
  customer: { customerId: string; externalId: string },
  asOf: CalendarDate,
  options: { dedupeKey: string; to?: readonly string[] },
): Promise<QueueMessageInput> {
  const today = todayUtc(deps.clock.now());
  const query = { asOf, basis: 'due_date' as const, today, customerId: customer.customerId };
  const { items, unapplied } = await agingItems(q, tenantId, query);
  const unappliedByCurrency = new Map<string, bigint>();
  for (const u of unapplied)
    unappliedByCurrency.set(u.currency, (unappliedByCurrency.get(u.currency) ?? 0n) + u.unapplied_minor);
  return {
    dedupeKey: options.dedupeKey,
    customerId: customer.customerId,
    content: {
      kind: 'statement',
      asOf,
      invoices: items.map((i) => ({
        invoiceId: i.invoice_id,
        number: i.number ?? '',
        issueDate: i.issue_date,
        dueDate: i.due_date,
        total: money(i.total_minor, i.currency),
        open: money(i.open_minor, i.currency),
      })),
      unapplied: [...unappliedByCurrency].map(([currency, m]) => money(m, currency)),
    },
    ...(options.to ? { to: [...options.to] } : {}),
    attachments: [
      {
        render: { kind: 'statement', customerId: customer.customerId, asOf },
        fileName: `Statement-${customer.externalId.replace(/[^A-Za-z0-9._-]/g, '_')}-${asOf}.pdf`,
        contentType: 'application/pdf',
      },
    ],
  };
}

/** Email a customer's statement as of `asOf` (default today) now, to its addresses or to `to`. */
export async function sendStatement(
  deps: CoreDeps,
  tenantId: string,
  customerIdOrExternalId: string,
  options: { asOf?: CalendarDate; to?: readonly string[] } = {},
): Promise<QueuedMessage> {
  return withTransaction(deps.db, async (tx) => {
    const customer = await getCustomerRowOrThrow(tx, tenantId, customerIdOrExternalId);
    const asOf = options.asOf ?? todayUtc(deps.clock.now());
    const input = await statementMessage(tx, deps, tenantId, customer, asOf, {
      dedupeKey: `statement:${customer.customerId}:${asOf}:${newId()}`,
      ...(options.to ? { to: options.to } : {}),
    });
    const [queued] = await queueWithPortalLinks(tx, deps, tenantId, [input], 'statement_email');
    if (!queued) throw new Error('queueing the statement returned nothing');
    await notifyOutbox(tx, deps, tenantId, [queued]);
    return queued;
  });
}

/** The last day of the month before `date`'s month: the as-of date of a statement run on `date`. */
export function previousMonthEnd(date: CalendarDate): CalendarDate {
  return addDays(`${date.slice(0, 7)}-01`, -1);
}

async function queueMonthly(
  deps: CoreDeps,
  tx: Tx,
  tenantId: string,
  customers: readonly { customerId: string; externalId: string }[],
  asOf: CalendarDate,
): Promise<number> {
  const inputs: QueueMessageInput[] = [];
  for (const c of customers)
    inputs.push(
      await statementMessage(tx, deps, tenantId, c, asOf, {
        dedupeKey: `statement:${c.customerId}:${asOf}`,
      }),
    );
  const queued = await queueWithPortalLinks(tx, deps, tenantId, inputs, 'statement_email');
  await notifyOutbox(tx, deps, tenantId, queued);
  return queued.filter((m) => m.created).length;
}

/**
 * The monthly statement run on `date` (the 1st): every customer with open items or unapplied cash
 * at the previous month's end, who takes documents by email, gets that statement — once, however
 * often the run is repeated. Returns the as-of date and how many were queued now.
 */
export async function sendMonthlyStatements(
  deps: CoreDeps,
  tenantId: string,
  date: CalendarDate,
): Promise<{ asOf: CalendarDate; customers: number; queued: number }> {
  const asOf = previousMonthEnd(date);
  if (!(await getDeliverySettings(deps.db, tenantId)).monthlyStatements)
    return { asOf, customers: 0, queued: 0 };
  const today = todayUtc(deps.clock.now());
  const reports = await agingReport(deps.db, tenantId, { asOf, basis: 'due_date', today });
  const withBalance = new Set(
    reports.flatMap((r) => r.customers.filter((c) => c.totalMinor !== 0n || c.unappliedMinor !== 0n)),
  );
  const ids = [...new Set([...withBalance].map((c) => c.customerId))];
  const customers = await customersTakingEmail(deps.db, tenantId, ids);
  let queued = 0;
  for (const batch of chunks(customers, 200))
    queued += await withTransaction(deps.db, (tx) => queueMonthly(deps, tx, tenantId, batch, asOf));
  return { asOf, customers: customers.length, queued };
}
