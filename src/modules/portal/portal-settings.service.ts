/**
 * The tenant's portal settings (absent: defaults) and its signing key. The key is generated on
 * first use; rotating it withdraws every link at once (their signatures no longer verify, and the
 * rows are marked revoked so the link lists say so).
 */
import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import type { Actor } from '../activities/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { type PortalSettingsPatch, portalSettingsPatch } from './portal.input.ts';
import * as repo from './portal.repository.ts';
import { newSigningKey } from './portal-token.ts';

/** Where links point when neither the tenant nor the configuration says (tests, CLI). */
export const FALLBACK_PUBLIC_URL = 'http://localhost:3000';
export const DEFAULT_LINK_VALIDITY_DAYS = 60;

export interface PortalSettingsView {
  enabled: boolean;
  /** The tenant's own base URL, or null: `effectivePublicUrl` comes from the configuration. */
  publicUrl: string | null;
  effectivePublicUrl: string;
  linkValidityDays: number;
  partialPayments: boolean;
  keyRotatedAt: Date | null;
}

function viewOf(row: repo.PortalSettingsRow | null, configured: string | undefined): PortalSettingsView {
  return {
    enabled: row?.enabled ?? false,
    publicUrl: row?.publicUrl ?? null,
    effectivePublicUrl: row?.publicUrl ?? configured ?? FALLBACK_PUBLIC_URL,
    linkValidityDays: row?.linkValidityDays ?? DEFAULT_LINK_VALIDITY_DAYS,
    partialPayments: row?.partialPayments ?? false,
    keyRotatedAt: row?.keyRotatedAt ?? null,
  };
}

/** The tenant's portal settings (defaults when never set). */
export async function getPortalSettings(
  q: Queryable,
  deps: Pick<CoreDeps, 'publicUrl'>,
  tenantId: string,
): Promise<PortalSettingsView> {
  return viewOf(await repo.findSettings(q, tenantId), deps.publicUrl);
}

/** Change the settings: fields given replace the current ones. */
export async function updatePortalSettings(
  deps: CoreDeps,
  tenantId: string,
  raw: PortalSettingsPatch,
): Promise<PortalSettingsView> {
  const patch = portalSettingsPatch.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    await repo.lockSettings(tx, tenantId);
    await repo.updateSettings(tx, tenantId, patch, deps.clock.now());
    return viewOf(await repo.findSettings(tx, tenantId), deps.publicUrl);
  });
}

/** Switch the portal on in `tx`, the other settings kept (the demo company's set-up). */
export async function enablePortalInTx(tx: Tx, tenantId: string, now: Date): Promise<void> {
  await repo.lockSettings(tx, tenantId);
  await repo.updateSettings(tx, tenantId, { enabled: true }, now);
}

/** The tenant's signing key, generated (and stored in `tx`) on first use. */
export async function signingKeyInTx(tx: Tx, tenantId: string, now: Date): Promise<string> {
  const row = await repo.lockSettings(tx, tenantId);
  if (row.signingKey) return row.signingKey;
  const signingKey = newSigningKey();
  await repo.updateSettings(tx, tenantId, { signingKey }, now);
  return signingKey;
}

/** The tenant's signing key if it has one (reading never creates one). */
export async function findSigningKey(q: Queryable, tenantId: string): Promise<string | null> {
  return (await repo.findSettings(q, tenantId))?.signingKey ?? null;
}

/** Replace the signing key: every link issued so far stops working; returns how many were open. */
export async function rotatePortalKey(
  deps: CoreDeps,
  tenantId: string,
  author: Actor,
): Promise<{ revoked: number; keyRotatedAt: Date }> {
  const now = deps.clock.now();
  return withTransaction(deps.db, async (tx) => {
    await repo.lockSettings(tx, tenantId);
    await repo.updateSettings(tx, tenantId, { signingKey: newSigningKey(), keyRotatedAt: now }, now);
    const revoked = await repo.revokeLinks(tx, tenantId, {}, { name: author.name, at: now });
    return { revoked, keyRotatedAt: now };
  });
}
