/** The tenant's collection settings: grace days a promise to pay gets after its date. */
import { z } from 'zod';
import { type Db, type Queryable, withTransaction } from '../../db/client.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import * as repo from './settings.repository.ts';

export interface CollectionSettings {
  /** Days after the promised date a payment still keeps the promise (fixed on each promise when made). */
  promiseGraceDays: number;
}

export const DEFAULT_COLLECTION_SETTINGS: CollectionSettings = { promiseGraceDays: 3 };

export const collectionSettingsPatch = z
  .object({ promiseGraceDays: z.number().int().min(0).max(60).optional() })
  .strict();
export type CollectionSettingsPatch = z.infer<typeof collectionSettingsPatch>;

/** The tenant's settings, or the defaults when none were saved. */
export async function getCollectionSettings(q: Queryable, tenantId: string): Promise<CollectionSettings> {
  const row = await repo.findSettings(q, tenantId);
  return row ? { promiseGraceDays: row.promiseGraceDays } : DEFAULT_COLLECTION_SETTINGS;
}

/** Change some settings; returns all of them. */
export async function updateCollectionSettings(
  db: Db,
  tenantId: string,
  raw: CollectionSettingsPatch,
): Promise<CollectionSettings> {
  const patch = collectionSettingsPatch.parse(raw);
  return withTransaction(db, async (tx) => {
    const current = await getCollectionSettings(tx, tenantId);
    const next: CollectionSettings = { promiseGraceDays: patch.promiseGraceDays ?? current.promiseGraceDays };
    await repo.upsertSettings(tx, tenantId, next);
    await recordAudit(tx, tenantId, {
      kind: 'collection_settings.updated',
      objectType: 'tenant',
      objectId: tenantId,
      changes: changedFields({ ...current }, { ...next }),
    });
    return next;
  });
}
