import { runCashApplication } from '../../modules/cash-application/index.ts';
import { table, toJson } from '../io.ts';
import type { CommandSpec } from './types.ts';

export const cashApply: CommandSpec = {
  name: 'cash-apply',
  usage: 'cashloop cash-apply [--dry-run] [--json]',
  options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const run = await runCashApplication(runtime.deps, runtime.tenant.tenantId, {
      dryRun: values['dry-run'] === true,
    });
    if (values.json) {
      io.stdout(toJson(run));
      return 0;
    }
    io.stdout(
      table(
        ['BOOKED', 'AMOUNT', 'CUR', 'STATUS', 'CONF', 'CUSTOMER', 'INVOICES', 'WHY'],
        run.results.map((r) => [
          r.bookingDate,
          r.amount,
          r.currency,
          r.status,
          r.confidence ? r.confidence.toFixed(2) : '',
          r.customer ?? '',
          (r.status === 'applied'
            ? r.allocations.map((a) => a.invoiceNumber)
            : (r.suggestions[0]?.invoiceNumbers ?? []).map((n) => `${n}?`)
          ).join(' '),
          (r.deduction
            ? `deducts ${r.deduction.amount} on ${r.deduction.invoiceNumber}: ${r.deduction.reason}`
            : (r.reasons[0] ?? '')
          ).slice(0, 70),
        ]),
        [1],
      ),
    );
    const s = run.summary;
    io.stdout(
      `${values['dry-run'] ? 'Dry run: ' : ''}${s.lines} line(s): ${s.applied} applied, ${s.suggested} for review, ${s.unmatched} unmatched, ${s.ignored} ignored.\n`,
    );
    return 0;
  },
};
