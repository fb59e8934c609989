import { customerRefs } from '../../modules/customers/index.ts';
import { DISPUTE_STATUSES, type DisputeRow, listDisputes } from '../../modules/disputes/index.ts';
import { getInvoicesByIds } from '../../modules/invoices/index.ts';
import { validationFailed } from '../../shared/errors.ts';
import { formatAmount } from '../../shared/money.ts';
import { table, toJson } from '../io.ts';
import { type CommandSpec, limitOption, stringOption } from './types.ts';

const PAGE = 1000;

export const disputesList: CommandSpec = {
  name: 'disputes list',
  usage: `cashloop disputes list [--status ${DISPUTE_STATUSES.join('|')}] [--limit N] [--json]`,
  options: { status: { type: 'string' }, limit: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const status = stringOption(values, 'status');
    if (status && !(DISPUTE_STATUSES as readonly string[]).includes(status))
      throw validationFailed(`unknown status "${status}"; one of ${DISPUTE_STATUSES.join(', ')}`, [
        { field: 'status', message: 'unknown status' },
      ]);
    const limit = limitOption(values);
    const { db } = runtime.deps;
    const tenantId = runtime.tenant.tenantId;
    const rows: DisputeRow[] = [];
    let cursor: string | undefined;
    do {
      const want = limit === undefined ? PAGE : Math.min(PAGE, limit - rows.length);
      const page = await listDisputes(db, tenantId, {
        limit: want,
        ...(status ? { status } : {}),
        ...(cursor ? { cursor } : {}),
      });
      rows.push(...page.disputes);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && (limit === undefined || rows.length < limit));
    const refs = await customerRefs(
      db,
      tenantId,
      rows.map((r) => r.customerId),
    );
    const ids = rows.flatMap((r) => (r.creditNoteId ? [r.invoiceId, r.creditNoteId] : [r.invoiceId]));
    const invoices = new Map(
      (await getInvoicesByIds(db, tenantId, [...new Set(ids)])).map((i) => [i.invoiceId, i.number]),
    );
    const disputes = rows.map((r) => ({
      id: r.disputeId,
      invoice: invoices.get(r.invoiceId) ?? r.invoiceId,
      customer: refs.get(r.customerId)?.externalId ?? r.customerId,
      reason: r.reasonCode,
      currency: r.currency,
      amount: formatAmount(r.amountMinor, r.currency),
      status: r.status,
      openedAt: r.openedAt.toISOString(),
      openedBy: r.openedByName,
      resolution: r.resolution,
      creditNote: r.creditNoteId ? (invoices.get(r.creditNoteId) ?? r.creditNoteId) : null,
    }));
    if (values.json) {
      io.stdout(toJson({ disputes }));
      return 0;
    }
    io.stdout(
      table(
        ['INVOICE', 'CUSTOMER', 'REASON', 'CUR', 'AMOUNT', 'STATUS', 'OPENED'],
        disputes.map((d) => [
          d.invoice,
          d.customer,
          d.reason,
          d.currency,
          d.amount,
          d.status,
          d.openedAt.slice(0, 10),
        ]),
        [4],
      ),
    );
    io.stdout(`${disputes.length} dispute(s)\n`);
    return 0;
  },
};
