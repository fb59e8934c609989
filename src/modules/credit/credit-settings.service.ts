/** The tenant's credit settings: N of the overdue hold rule and of the risk-score rule (off by default). */

import { type Db, type Queryable, withTransaction } from '../../db/client.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { type CreditSettingsPatch, creditSettingsPatch } from './credit.input.ts';
import * as repo from './credit.repository.ts';
import type { CreditSettings } from './hold-rules.ts';

/**
 * Off until the tenant sets it: a fresh installation with imported old open items must not start
 * refusing invoices on its own. Credit limits are opt-in per customer.
 */
export const DEFAULT_CREDIT_SETTINGS: CreditSettings = { holdOverdueDays: null, holdRiskScore: null };

/** The tenant's settings, or the defaults when none were saved. */
export async function getCreditSettings(q: Queryable, tenantId: string): Promise<CreditSettings> {
  const row = await repo.findSettings(q, tenantId);
  return row
    ? { holdOverdueDays: row.holdOverdueDays, holdRiskScore: row.holdRiskScore }
    : DEFAULT_CREDIT_SETTINGS;
}

/** Change some settings; returns all of them. Holds follow at the next evaluation or issue. */
export async function updateCreditSettings(
  db: Db,
  tenantId: string,
  raw: CreditSettingsPatch,
): Promise<CreditSettings> {
  const patch = creditSettingsPatch.parse(raw);
  return withTransaction(db, async (tx) => {
    const current = await getCreditSettings(tx, tenantId);
    const next = {
      holdOverdueDays: patch.holdOverdueDays !== undefined ? patch.holdOverdueDays : current.holdOverdueDays,
      holdRiskScore: patch.holdRiskScore !== undefined ? patch.holdRiskScore : current.holdRiskScore,
    };
    await repo.upsertSettings(tx, tenantId, next);
    await recordAudit(tx, tenantId, {
      kind: 'credit_settings.updated',
      objectType: 'tenant',
      objectId: tenantId,
      changes: changedFields({ ...current }, next),
    });
    return next;
  });
}
