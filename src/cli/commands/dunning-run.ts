import type { Runtime } from '../../main.ts';
import { dunningSeams } from '../../modules/communication/index.ts';
import {
  type DunningRunResult,
  type DunningSeams,
  dunningRunJson,
  getLetterStatuses,
  runDunning,
} from '../../modules/dunning/index.ts';
import { deliverAllDue } from '../../modules/messaging/index.ts';
import { isAcceptedDate, todayUtc } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import { formatAmount } from '../../shared/money.ts';
import { table, toJson } from '../io.ts';
import { type CommandSpec, stringOption } from './types.ts';

/**
 * After a recorded run: deliver what it queued (and whatever else is due) before the command
 * exits, and report each letter with the status its email reached (sent, or queued for a retry,
 * or failed); letters for print stay planned.
 */
async function deliverLetters(runtime: Runtime, result: DunningRunResult): Promise<DunningRunResult> {
  const ids = result.letters.flatMap((l) => (l.letterId ? [l.letterId] : []));
  if (ids.length === 0) return result;
  await deliverAllDue(runtime.deps, { tenantId: runtime.tenant.tenantId });
  const statuses = await getLetterStatuses(runtime.deps.db, runtime.tenant.tenantId, ids);
  return {
    ...result,
    letters: result.letters.map((l) => ({
      ...l,
      status: (l.letterId && statuses.get(l.letterId)) || l.status,
    })),
  };
}

/**
 * `cashloop dunning run [--as-of YYYY-MM-DD] [--dry-run] [--json]`; `seamsFor` supplies the
 * collections exclusions and the outbox hook (default: the real ones of the runtime).
 */
export function dunningRunCommand(
  seamsFor: (runtime: Runtime) => DunningSeams = (runtime) => dunningSeams(runtime.deps),
): CommandSpec {
  return {
    name: 'dunning run',
    usage: 'cashloop dunning run [--as-of YYYY-MM-DD] [--dry-run] [--json]',
    options: { 'as-of': { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    positionals: [],
    async run({ runtime, io, values }) {
      const asOf = stringOption(values, 'as-of') ?? todayUtc(runtime.deps.clock.now());
      if (!isAcceptedDate(asOf))
        throw validationFailed(`--as-of must be a date YYYY-MM-DD, got "${asOf}"`, [
          { field: 'as-of', message: 'not a date' },
        ]);
      const dryRun = values['dry-run'] === true;
      const recorded = await runDunning(
        runtime.deps,
        runtime.tenant.tenantId,
        { asOf, dryRun },
        seamsFor(runtime),
      );
      const result = dryRun ? recorded : await deliverLetters(runtime, recorded);
      if (values.json) {
        io.stdout(toJson(dunningRunJson(result)));
        return 0;
      }
      io.stdout(
        table(
          ['CUSTOMER', 'CUR', 'LEVEL', 'INVOICES', 'OPEN', 'OVERDUE', 'FEE', 'INTEREST', 'CHANNEL', 'STATUS'],
          result.letters.map((l) => {
            const m = (v: bigint) => formatAmount(v, l.currency);
            return [
              l.customer.externalId,
              l.currency,
              String(l.levelNo),
              l.invoices.map((i) => i.number).join(' '),
              m(l.openMinor),
              m(l.overdueMinor),
              m(l.feeMinor),
              m(l.interestMinor),
              l.channel,
              l.status,
            ];
          }),
          [2, 4, 5, 6, 7],
        ),
      );
      io.stdout(`${summaryLine(result, dryRun)}\n`);
      for (const s of result.interestStatements)
        io.stdout(
          `Final interest statement ${s.chargeNumber ?? '(dry run)'} for ${result.customerExternalIds.get(s.customerId) ?? s.customerId}: ${formatAmount(s.interestMinor, s.currency)} ${s.currency} on ${s.items.map((i) => `${i.invoice.number} (paid ${i.paidOn})`).join(', ')}\n`,
        );
      for (const notice of result.notices) io.stdout(`Note: ${notice.message}\n`);
      return 0;
    },
  };
}

function summaryLine(result: Awaited<ReturnType<typeof runDunning>>, dryRun: boolean): string {
  const s = result.summary;
  const reasons = new Map<string, number>();
  for (const k of result.skipped) reasons.set(k.reason, (reasons.get(k.reason) ?? 0) + k.invoiceIds.length);
  const skipped = [...reasons].map(([r, n]) => `${n} ${r.replace('_', ' ')}`).join(', ');
  return `${dryRun ? 'Dry run, nothing recorded: ' : ''}${s.letters} letter(s) for ${s.invoices} invoice(s) as of ${result.asOf}${
    skipped ? `; not dunned: ${skipped}` : ''
  }.`;
}

export const dunningRun = dunningRunCommand();
