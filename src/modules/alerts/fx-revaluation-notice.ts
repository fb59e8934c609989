/**
 * The scheduled FX revaluation could not revalue a month end for want of exchange rates: every
 * active admin is told, naming the currencies, once per month end (the event key), however often
 * the job tries again on the following days.
 */
import { withTransaction } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { newId } from '../../shared/ids.ts';
import type { CoreDeps } from '../core-deps.ts';
import { listActiveAdmins } from '../users/index.ts';
import * as repo from './alerts.repository.ts';

/** A `fx_revaluation_skipped` notification for each admin; returns how many were new (0 when told before). */
export function notifyAdminsOfSkippedRevaluation(
  deps: CoreDeps,
  tenantId: string,
  skipped: { asOf: CalendarDate; missing: readonly string[] },
): Promise<number> {
  return withTransaction(deps.db, async (tx) => {
    const admins = await listActiveAdmins(tx, tenantId);
    const currencies = skipped.missing.join(', ');
    return repo.insertNotifications(
      tx,
      admins.map((u) => ({
        tenantId,
        notificationId: newId(),
        userId: u.userId,
        eventKey: `fx_revaluation_skipped:${skipped.asOf}`,
        kind: 'fx_revaluation_skipped',
        title: `FX revaluation of ${skipped.asOf} skipped: no exchange rate for ${currencies}; import the rates, then revalue (POST /v1/fx/revaluations)`,
        subject: { type: 'fx_revaluation', id: skipped.asOf, label: `month end ${skipped.asOf}` },
        createdAt: deps.clock.now(),
      })),
    );
  });
}
