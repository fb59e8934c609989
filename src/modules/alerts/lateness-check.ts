/**
 * The facts of a `predicted_lateness_jump` rule as of a day: every customer's mean predicted days
 * late over its open invoices (predictions module: the tenant's trained model, or the customer's
 * history before one is trained), judged against the rule's baselines (lateness-jumps.ts); the
 * baselines that moved are stored in the same transaction as the check's events, so a check run
 * twice on a day tells a jump once.
 */
import type { Tx } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { paymentFactSources } from '../collections/index.ts';
import { type CustomerLateness, customerLateness } from '../predictions/index.ts';
import type { AlertFact, AlertRule } from './alert-rules.ts';
import * as repo from './alerts.repository.ts';
import { hundredthsText, judgeLatenessJumps, toHundredths } from './lateness-jumps.ts';

/** Every customer's lateness as of the check's day, computed once however many rules read it. */
export type LatenessOfCheck = () => Promise<ReadonlyMap<string, CustomerLateness>>;

export function latenessOfCheck(tx: Tx, tenantId: string, asOf: CalendarDate): LatenessOfCheck {
  let once: Promise<ReadonlyMap<string, CustomerLateness>> | undefined;
  return () => {
    once ??= customerLateness(tx, tenantId, null, asOf, paymentFactSources);
    return once;
  };
}

export async function latenessJumpFacts(
  tx: Tx,
  tenantId: string,
  rule: AlertRule,
  asOf: CalendarDate,
  latenessNow: LatenessOfCheck,
): Promise<AlertFact[]> {
  if (rule.params.kind !== 'predicted_lateness_jump') return [];
  const lateness = await latenessNow();
  const predicted = new Map([...lateness].map(([id, l]) => [id, toHundredths(l.daysLate)]));
  const baselines = await repo.selectLatenessBaselines(tx, tenantId, rule.ruleId);
  const judged = judgeLatenessJumps(baselines, predicted, rule.params.minIncreaseDays);
  await repo.upsertLatenessBaselines(tx, tenantId, rule.ruleId, judged.baselines, asOf);
  const customers = new Map(
    (
      await repo.latenessCustomers(
        tx,
        tenantId,
        judged.jumps.map((j) => j.customerId),
      )
    ).map((c) => [c.customer_id, c]),
  );
  return judged.jumps.flatMap((jump) => {
    const c = customers.get(jump.customerId);
    if (!c) return [];
    const open = lateness.get(jump.customerId)?.openInvoices ?? 0;
    return [
      {
        subject: {
          type: 'customer' as const,
          id: jump.customerId,
          label: `${hundredthsText(jump.fromHundredths)} → ${hundredthsText(jump.toHundredths)} days late (${open} open invoices)`,
        },
        customerName: c.name,
        currency: c.currency,
        amountMinor: BigInt(c.open_minor),
        days: Math.round(jump.toHundredths / 100),
        collectorEmail: c.collector_email,
        occurrence: asOf,
      },
    ];
  });
}
