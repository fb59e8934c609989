/**
 * `cashloop invoices send NUMBER`, `cashloop invoices deliver`, `cashloop statements send`: queue
 * the email and deliver it (with everything else due) before the command exits.
 */
import type { Runtime } from '../../main.ts';
import {
  deliverIssuedInvoices,
  previousMonthEnd,
  sendInvoice,
  sendMonthlyStatements,
  sendStatement,
} from '../../modules/communication/index.ts';
import { deliverAllDue, getMessage } from '../../modules/messaging/index.ts';
import { isAcceptedDate, todayUtc } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import { toJson } from '../io.ts';
import { printInvoiceWarnings } from './documents.ts';
import { type CommandSpec, stringOption } from './types.ts';

export function dateOption(
  values: Record<string, string | boolean | undefined>,
  name: string,
): string | undefined {
  const raw = stringOption(values, name);
  if (raw !== undefined && !isAcceptedDate(raw))
    throw validationFailed(`--${name} must be a date YYYY-MM-DD, got "${raw}"`, [
      { field: name, message: 'not a date' },
    ]);
  return raw;
}

function recipientsOption(values: Record<string, string | boolean | undefined>): string[] | undefined {
  const raw = stringOption(values, 'to');
  return raw === undefined
    ? undefined
    : raw
        .split(/[;,]/)
        .map((s) => s.trim())
        .filter(Boolean);
}

/** Deliver what is due for the tenant, then report one queued message as it ended up. */
async function deliverAndReport(runtime: Runtime, messageId: string) {
  const delivery = await deliverAllDue(runtime.deps, { tenantId: runtime.tenant.tenantId });
  const message = await getMessage(runtime.deps.db, runtime.tenant.tenantId, messageId);
  return { message, delivery };
}

function messageLine(m: Awaited<ReturnType<typeof getMessage>>): string {
  const error = m.lastError ? ` (${m.lastError})` : '';
  return `${m.id}: ${m.status} — "${m.subject}" to ${m.to.join(', ')}${error}\n`;
}

export const invoicesSend: CommandSpec = {
  name: 'invoices send',
  usage: 'cashloop invoices send NUMBER [--to ADDRESS[,ADDRESS…]] [--json]',
  options: { to: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['NUMBER'],
  async run({ runtime, io, values, positionals }) {
    const to = recipientsOption(values);
    const queued = await sendInvoice(runtime.deps, runtime.tenant.tenantId, positionals[0] ?? '', {
      ...(to ? { to } : {}),
    });
    await printInvoiceWarnings(runtime, io, positionals[0] ?? '');
    const { message, delivery } = await deliverAndReport(runtime, queued.messageId);
    if (values.json) io.stdout(toJson({ message, delivery }));
    else io.stdout(messageLine(message));
    return message.status === 'failed' ? 1 : 0;
  },
};

export const invoicesDeliver: CommandSpec = {
  name: 'invoices deliver',
  usage: 'cashloop invoices deliver [--json]',
  options: { json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const { queued } = await deliverIssuedInvoices(runtime.deps, runtime.tenant.tenantId, { limit: 100_000 });
    const delivery = await deliverAllDue(runtime.deps, { tenantId: runtime.tenant.tenantId });
    if (values.json) io.stdout(toJson({ queued, delivery }));
    else
      io.stdout(
        `${queued} issued document(s) queued; delivered via ${delivery.transport}: ${delivery.sent} sent, ${delivery.retrying} to retry, ${delivery.failed} failed.\n`,
      );
    return 0;
  },
};

export const statementsSend: CommandSpec = {
  name: 'statements send',
  usage: 'cashloop statements send CUSTOMER [--as-of DATE] [--to ADDRESS[,ADDRESS…]] [--json]',
  options: { 'as-of': { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['CUSTOMER'],
  async run({ runtime, io, values, positionals }) {
    const asOf = dateOption(values, 'as-of');
    const to = recipientsOption(values);
    const queued = await sendStatement(runtime.deps, runtime.tenant.tenantId, positionals[0] ?? '', {
      ...(asOf ? { asOf } : {}),
      ...(to ? { to } : {}),
    });
    const { message, delivery } = await deliverAndReport(runtime, queued.messageId);
    if (values.json) io.stdout(toJson({ message, delivery }));
    else io.stdout(messageLine(message));
    return message.status === 'failed' ? 1 : 0;
  },
};

export const statementsMonthly: CommandSpec = {
  name: 'statements monthly',
  usage: 'cashloop statements monthly [--date DATE] [--json]',
  options: { date: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const tenantId = runtime.tenant.tenantId;
    const date = dateOption(values, 'date') ?? todayUtc(runtime.deps.clock.now());
    const run = await sendMonthlyStatements(runtime.deps, tenantId, date);
    const delivery = await deliverAllDue(runtime.deps, { tenantId });
    if (values.json) io.stdout(toJson({ ...run, delivery }));
    else
      io.stdout(
        `Statements as of ${previousMonthEnd(date)}: ${run.queued} queued now for ${run.customers} customer(s); ${delivery.sent} sent, ${delivery.retrying} to retry, ${delivery.failed} failed.\n`,
      );
    return 0;
  },
};
