import { agingNotices, agingReport, agingReportJson } from '../../modules/reports/index.ts';
import { isAcceptedDate, todayUtc } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import { formatAmount } from '../../shared/money.ts';
import { table, toJson } from '../io.ts';
import { type CommandSpec, stringOption } from './types.ts';

const BUCKETS = ['current', '1-30', '31-60', '61-90', '91+'] as const;

export const reportAging: CommandSpec = {
  name: 'report aging',
  usage: 'cashloop report aging [--as-of YYYY-MM-DD] [--basis due_date|invoice_date] [--json]',
  options: { 'as-of': { type: 'string' }, basis: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const asOf = stringOption(values, 'as-of') ?? todayUtc(runtime.deps.clock.now());
    if (!isAcceptedDate(asOf))
      throw validationFailed(`--as-of must be a date YYYY-MM-DD, got "${asOf}"`, [
        { field: 'as-of', message: 'not a date' },
      ]);
    const basis = stringOption(values, 'basis') ?? 'due_date';
    if (basis !== 'due_date' && basis !== 'invoice_date')
      throw validationFailed('--basis must be due_date or invoice_date', [
        { field: 'basis', message: 'unknown basis' },
      ]);
    const today = todayUtc(runtime.deps.clock.now());
    const query = { asOf, basis, today } as const;
    const reports = await agingReport(runtime.deps.db, runtime.tenant.tenantId, query);
    const notices = await agingNotices(runtime.deps.db, runtime.tenant.tenantId, query);
    if (values.json) {
      const docs = reports.map(agingReportJson);
      const doc = docs.length === 1 ? docs[0] : { reports: docs };
      io.stdout(toJson(notices.length > 0 ? { ...doc, notices } : doc));
      return 0;
    }
    for (const n of notices) io.stdout(`Note: ${n.message}\n`);
    if (reports.length === 0) io.stdout(`No open items as of ${asOf}.\n`);
    for (const r of reports) {
      const money = (m: bigint) => formatAmount(m, r.currency);
      io.stdout(
        `Aging by ${basis === 'due_date' ? 'days past due date' : 'days since invoice date'} as of ${asOf} — ${r.currency}\n`,
      );
      const rows = r.customers.map((c) => [
        c.externalId,
        c.name.slice(0, 40),
        ...BUCKETS.map((b) => money(c.buckets[b])),
        money(c.totalMinor),
      ]);
      rows.push(['TOTAL', '', ...BUCKETS.map((b) => money(r.buckets[b])), money(r.totalMinor)]);
      io.stdout(
        table(
          ['CUSTOMER', 'NAME', 'CURRENT', '1-30', '31-60', '61-90', '91+', 'TOTAL'],
          rows,
          [2, 3, 4, 5, 6, 7],
        ),
      );
      if (r.unappliedMinor !== 0n)
        io.stdout(`Unapplied cash not in the buckets: ${money(r.unappliedMinor)}\n`);
      io.stdout('\n');
    }
    return 0;
  },
};
