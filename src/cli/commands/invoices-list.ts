import { INVOICE_STATUSES, listInvoices } from '../../modules/invoices/index.ts';
import { daysBetween, todayUtc } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import { formatAmount } from '../../shared/money.ts';
import { table, toJson } from '../io.ts';
import { type CommandSpec, limitOption, stringOption } from './types.ts';

const PAGE = 1000;
const STATUSES = [...INVOICE_STATUSES, 'overdue'];

export const invoicesList: CommandSpec = {
  name: 'invoices list',
  usage: `cashloop invoices list [--status ${STATUSES.join('|')}] [--customer ID] [--limit N] [--json]`,
  options: {
    status: { type: 'string' },
    customer: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [],
  async run({ runtime, io, values }) {
    const status = stringOption(values, 'status');
    if (status && !STATUSES.includes(status))
      throw validationFailed(`unknown status "${status}"; one of ${STATUSES.join(', ')}`, [
        { field: 'status', message: 'unknown status' },
      ]);
    const customer = stringOption(values, 'customer');
    const limit = limitOption(values);
    const asOf = todayUtc(runtime.deps.clock.now());
    const rows = [];
    let cursor: string | undefined;
    do {
      const want = limit === undefined ? PAGE : Math.min(PAGE, limit - rows.length);
      const page = await listInvoices(runtime.deps.db, runtime.tenant.tenantId, {
        limit: want,
        asOf,
        kind: 'invoice',
        ...(status ? { status } : {}),
        ...(customer ? { customer } : {}),
        ...(cursor ? { cursor } : {}),
      });
      rows.push(...page.invoices);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && (limit === undefined || rows.length < limit));
    const invoices = rows.map((i) => ({
      number: i.number,
      customer: i.customerExternalId,
      status: i.status,
      overdue: i.overdue,
      daysPastDue: i.overdue && i.dueDate ? daysBetween(i.dueDate, asOf) : 0,
      issueDate: i.issueDate,
      dueDate: i.dueDate,
      currency: i.currency,
      total: formatAmount(i.totalMinor, i.currency),
      open: formatAmount(i.openMinor, i.currency),
      paymentReference: i.paymentReference,
      poNumber: i.poNumber,
    }));
    if (values.json) {
      io.stdout(toJson({ invoices }));
      return 0;
    }
    io.stdout(
      table(
        ['NUMBER', 'CUSTOMER', 'STATUS', 'ISSUED', 'DUE', 'CUR', 'TOTAL', 'OPEN'],
        invoices.map((i) => [
          i.number ?? '(draft)',
          i.customer ?? '',
          i.overdue ? `${i.status} (overdue ${i.daysPastDue}d)` : i.status,
          i.issueDate ?? '',
          i.dueDate ?? '',
          i.currency,
          i.total,
          i.open,
        ]),
        [6, 7],
      ),
    );
    io.stdout(`${invoices.length} invoice(s)\n`);
    return 0;
  },
};
