/**
 * Saved list views: a user keeps named filter/sort query strings per page, may share them with the
 * tenant and mark one as their default. Readers without a user (API keys) see the shared ones.
 */

import type { Db } from '../../db/client.ts';
import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { SavedViewInput, SavedViewPatch } from './saved-views.input.ts';
import * as repo from './saved-views.repository.ts';

export type SavedView = repo.SavedViewRow;

/** Who asks: a user (owner of their views) or a machine (null: shared views only, no writes). */
export interface ViewReader {
  tenantId: string;
  userId: string | null;
}

export function listSavedViews(q: Queryable, reader: ViewReader, page: string): Promise<SavedView[]> {
  return repo.listViews(q, reader.tenantId, page, reader.userId);
}

/** A view the reader may see (their own or a shared one); else 404 (others' private views stay unknown). */
export async function getSavedViewOrThrow(
  q: Queryable,
  reader: ViewReader,
  viewId: string,
): Promise<SavedView> {
  const view = await repo.findView(q, reader.tenantId, viewId);
  if (!view || (!view.shared && view.ownerUserId !== reader.userId)) throw notFound('saved view', viewId);
  return view;
}

function ownerOrThrow(reader: ViewReader): string {
  if (!reader.userId) throw new AppError('forbidden', 'saved views belong to users: sign in to save one');
  return reader.userId;
}

/** The reader's own view: 404 when they cannot see it (checked first), 403 when it is someone else's. */
async function ownViewOrThrow(tx: Tx, reader: ViewReader, viewId: string): Promise<SavedView> {
  const view = await getSavedViewOrThrow(tx, reader, viewId);
  if (view.ownerUserId !== reader.userId)
    throw new AppError(
      'forbidden',
      `saved view ${view.name} belongs to ${view.ownerName}: only they change it`,
    );
  return view;
}

/** Save a view for the signed-in user; `isDefault` takes the default from their other view of the page. */
export function createSavedView(
  db: Db,
  reader: ViewReader,
  input: SavedViewInput,
  now: Date,
): Promise<SavedView> {
  const ownerUserId = ownerOrThrow(reader);
  return withTransaction(db, async (tx) => {
    if (input.isDefault) await repo.clearDefault(tx, reader.tenantId, ownerUserId, input.page);
    const viewId = newId();
    await repo.insertView(tx, {
      tenantId: reader.tenantId,
      viewId,
      ownerUserId,
      page: input.page,
      name: input.name,
      query: input.query,
      shared: input.shared ?? false,
      isDefault: input.isDefault ?? false,
      createdAt: now,
      updatedAt: now,
    });
    return getSavedViewOrThrow(tx, reader, viewId);
  });
}

/** Rename, change the query, share or unshare, make (or stop being) the default: the owner only. */
export function updateSavedView(
  db: Db,
  reader: ViewReader,
  viewId: string,
  patch: SavedViewPatch,
  now: Date,
): Promise<SavedView> {
  return withTransaction(db, async (tx) => {
    const view = await ownViewOrThrow(tx, reader, viewId);
    if (patch.isDefault) await repo.clearDefault(tx, reader.tenantId, view.ownerUserId, view.page);
    const set = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    await repo.updateView(tx, reader.tenantId, viewId, { ...set, updatedAt: now });
    return getSavedViewOrThrow(tx, reader, viewId);
  });
}

/** Delete a view: the owner only. */
export function deleteSavedView(db: Db, reader: ViewReader, viewId: string): Promise<void> {
  return withTransaction(db, async (tx) => {
    await ownViewOrThrow(tx, reader, viewId);
    await repo.deleteView(tx, reader.tenantId, viewId);
  });
}
