/**
 * Portal links: issued for a customer (by staff, or one per e-mail that carries one), listed,
 * withdrawn, and checked when a customer opens the portal. A token is accepted only when its
 * signature is the tenant's current key's (constant-time), its row exists, belongs to that tenant,
 * is neither withdrawn nor expired, and the portal is enabled. Every refusal is the same 401
 * `portal_link_invalid`; only a token this server signed learns the company's name (so the page
 * can say whom to ask for a new link) — never whether it expired, was withdrawn or never existed.
 */
import { type Tx, withTransaction } from '../../db/client.ts';
import { AppError, invalidState, notFound } from '../../shared/errors.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import type { Actor } from '../activities/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import { getLetterhead } from '../tenants/index.ts';
import type { LinkPurpose } from './portal.input.ts';
import * as repo from './portal.repository.ts';
import { findSigningKey, getPortalSettings, signingKeyInTx } from './portal-settings.service.ts';
import { parseLinkToken, signatureMatches, signLinkToken } from './portal-token.ts';

const DAY_MS = 86_400_000;
/** A link's `last_used_at` is written at most once a minute (a page load reads several routes). */
const TOUCH_EVERY_MS = 60_000;
const INVALID_MESSAGE = 'this portal link is not valid: it may have expired or been withdrawn';

export interface IssuedLink {
  linkId: string;
  customerId: string;
  /** `<publicUrl>/portal#<token>`: the token rides in the fragment, out of server logs and Referer. */
  url: string;
  expiresAt: Date;
}

/** Who a valid token lets in: one customer of one tenant, through one link. */
export interface PortalPrincipal {
  readonly tenantId: string;
  readonly customerId: string;
  readonly linkId: string;
  readonly customerName: string;
  readonly expiresAt: Date;
}

export interface LinkView {
  linkId: string;
  customerId: string;
  purpose: string;
  messageId: string | null;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  revokedBy: string | null;
  lastUsedAt: Date | null;
  status: 'active' | 'expired' | 'revoked';
}

/** The portal URL of `token` under `publicUrl`. */
export function portalUrl(publicUrl: string, token: string): string {
  return `${publicUrl}/portal#${token}`;
}

/**
 * Issue a link for `customerId` in `tx` (the portal must be enabled: 409 otherwise); `messageId`
 * records the outbox message that carries it. `validityDays` default: the tenant's setting.
 */
export async function issueLinkInTx(
  tx: Tx,
  deps: Pick<TxDeps, 'clock' | 'publicUrl'>,
  tenantId: string,
  link: { customerId: string; purpose: LinkPurpose; messageId?: string | null; validityDays?: number },
  author: Actor,
): Promise<IssuedLink> {
  const settings = await getPortalSettings(tx, deps, tenantId);
  if (!settings.enabled)
    throw invalidState('the customer portal is not enabled: turn it on in PUT /v1/settings/portal');
  const now = deps.clock.now();
  const key = await signingKeyInTx(tx, tenantId, now);
  const days = link.validityDays ?? settings.linkValidityDays;
  const expiresAt = new Date(Math.floor((now.getTime() + days * DAY_MS) / 1000) * 1000);
  const linkId = newId();
  await repo.insertLink(tx, {
    tenantId,
    linkId,
    customerId: link.customerId,
    purpose: link.purpose,
    messageId: link.messageId ?? null,
    createdByName: author.name,
    createdAt: now,
    expiresAt,
  });
  const url = portalUrl(settings.effectivePublicUrl, signLinkToken(key, tenantId, linkId, expiresAt));
  return { linkId, customerId: link.customerId, url, expiresAt };
}

/** Issue a `manual` link for a customer (by id or external id). */
export async function createPortalLink(
  deps: CoreDeps,
  tenantId: string,
  customerRef: string,
  options: { validityDays?: number | undefined },
  author: Actor,
): Promise<IssuedLink> {
  return withTransaction(deps.db, async (tx) => {
    const customer = await getCustomerRowOrThrow(tx, tenantId, customerRef);
    const validity = options.validityDays === undefined ? {} : { validityDays: options.validityDays };
    return issueLinkInTx(
      tx,
      deps,
      tenantId,
      { customerId: customer.customerId, purpose: 'manual', ...validity },
      author,
    );
  });
}

function linkView(row: repo.PortalLinkRow, now: Date): LinkView {
  const status = row.revokedAt ? 'revoked' : row.expiresAt <= now ? 'expired' : 'active';
  return {
    linkId: row.linkId,
    customerId: row.customerId,
    purpose: row.purpose,
    messageId: row.messageId,
    createdBy: row.createdByName,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    revokedBy: row.revokedByName,
    lastUsedAt: row.lastUsedAt,
    status,
  };
}

/** A customer's links, newest first (never their tokens: those are not stored). */
export async function listPortalLinks(
  deps: Pick<CoreDeps, 'db' | 'clock'>,
  tenantId: string,
  customerRef: string,
  page: { limit: number; beforeCreatedAt?: Date },
): Promise<LinkView[]> {
  const customer = await getCustomerRowOrThrow(deps.db, tenantId, customerRef);
  const rows = await repo.listLinks(deps.db, tenantId, customer.customerId, page);
  return rows.map((r) => linkView(r, deps.clock.now()));
}

/** Withdraw one link (already withdrawn: unchanged). */
export async function revokePortalLink(deps: CoreDeps, tenantId: string, linkId: string, author: Actor) {
  return withTransaction(deps.db, async (tx) => {
    const found = isUuid(linkId) ? await repo.findLink(tx, tenantId, linkId) : null;
    if (!found) throw notFound('portal link', linkId);
    await repo.revokeLinks(tx, tenantId, { linkId }, { name: author.name, at: deps.clock.now() });
    return linkView((await repo.findLink(tx, tenantId, linkId)) ?? found, deps.clock.now());
  });
}

/** Withdraw every link of a customer; returns how many were still usable. */
export async function revokeCustomerPortalLinks(
  deps: CoreDeps,
  tenantId: string,
  customerRef: string,
  author: Actor,
): Promise<{ revoked: number }> {
  return withTransaction(deps.db, async (tx) => {
    const customer = await getCustomerRowOrThrow(tx, tenantId, customerRef);
    const at = deps.clock.now();
    const revoked = await repo.revokeLinks(
      tx,
      tenantId,
      { customerId: customer.customerId },
      { name: author.name, at },
    );
    return { revoked };
  });
}

/** The one refusal; `company` only when the token's signature verified. */
function invalidLink(company: string | null): AppError {
  return new AppError(
    'portal_link_invalid',
    INVALID_MESSAGE,
    company ? [{ field: 'company', message: company }] : [],
  );
}

/** The link a token stands for, checked; throws `portal_link_invalid` (401) otherwise. */
export async function authenticatePortalToken(
  deps: Pick<CoreDeps, 'db' | 'clock' | 'publicUrl'>,
  token: string,
): Promise<PortalPrincipal> {
  const claim = parseLinkToken(token);
  const row = claim ? await repo.findLinkById(deps.db, claim.linkId) : null;
  const key = row ? await findSigningKey(deps.db, row.tenantId) : null;
  if (!claim || !row || !key || !signatureMatches(key, row.tenantId, claim)) throw invalidLink(null);
  const now = deps.clock.now();
  const company = (await getLetterhead(deps.db, row.tenantId)).name;
  const settings = await getPortalSettings(deps.db, deps, row.tenantId);
  const expirySeconds = Math.floor(row.expiresAt.getTime() / 1000);
  if (!settings.enabled || row.revokedAt || row.expiresAt <= now || claim.expiresAtSeconds !== expirySeconds)
    throw invalidLink(company);
  const customer = await getCustomerRowOrThrow(deps.db, row.tenantId, row.customerId);
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() >= TOUCH_EVERY_MS)
    await repo.touchLink(deps.db, row.tenantId, row.linkId, now);
  return {
    tenantId: row.tenantId,
    customerId: row.customerId,
    linkId: row.linkId,
    customerName: customer.name,
    expiresAt: row.expiresAt,
  };
}
