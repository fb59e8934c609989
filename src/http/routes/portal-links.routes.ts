/**
 * Staff side of the customer portal: issue a customer's portal link (collect), list and withdraw
 * them, and the tenant's portal settings and signing key (admin). See docs/portal.md.
 */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  createLinkInput,
  createPortalLink,
  getPortalSettings,
  listPortalLinks,
  portalSettingsPatch,
  revokeCustomerPortalLinks,
  revokePortalLink,
  rotatePortalKey,
  updatePortalSettings,
} from '../../modules/portal/index.ts';
import { validationFailed } from '../../shared/errors.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { type Api, errors, idempotencyHeaders, idParam, instant } from './common.ts';
import {
  issuedLinkSchema,
  portalLinkJson,
  portalLinkSchema,
  portalSettingsJson,
  portalSettingsSchema,
} from './portal.schemas.ts';
import { actorOf } from './shared-views.ts';

const tags = ['portal'];

/** Registers the staff routes of the portal (one small function per route, below). */
export function portalLinkRoutes(app: Api, deps: CoreDeps): void {
  createLinkRoute(app, deps);
  listLinksRoute(app, deps);
  revokeLinkRoute(app, deps);
  revokeCustomerLinksRoute(app, deps);
  settingsRoutes(app, deps);
  rotateKeyRoute(app, deps);
}

function createLinkRoute(app: Api, deps: CoreDeps): void {
  app.post('/customers/:id/portal-links', {
    config: { access: 'collect' },
    schema: {
      tags,
      operationId: 'createPortalLink',
      summary: 'Issue a personal portal link for the customer (the URL is shown once; it is not stored)',
      description:
        '`url` is `<publicUrl>/portal#<token>`. 409 when the portal is not enabled (PUT /v1/settings/portal).',
      headers: idempotencyHeaders,
      params: idParam('customer id (UUID) or external id'),
      body: createLinkInput,
      response: { 201: issuedLinkSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) => {
        const principal = principalOf(req);
        const link = await createPortalLink(
          d,
          principal.tenantId,
          req.params.id,
          req.body,
          actorOf(principal),
        );
        return { id: link.linkId, url: link.url, expiresAt: link.expiresAt.toISOString() };
      }),
  });
}

/** The cursor of a link page: the last link's creation instant. */
function linkCursor(cursor: string | undefined): Date | undefined {
  const text = decodeCursor(cursor, 'text');
  if (text === undefined) return undefined;
  const at = new Date(text);
  if (Number.isNaN(at.getTime()))
    throw validationFailed('invalid cursor', [
      { field: 'cursor', message: 'not a cursor returned by this list' },
    ]);
  return at;
}

function listLinksRoute(app: Api, deps: CoreDeps): void {
  app.get('/customers/:id/portal-links', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listPortalLinks',
      summary:
        "The customer's portal links, newest first: purpose, expiry, withdrawal, last use (never the token)",
      params: idParam('customer id (UUID) or external id'),
      querystring: z.object(pageQuery),
      response: { 200: pageOf(portalLinkSchema), ...errors },
    },
    handler: async (req) => {
      const { limit, cursor } = req.query;
      const before = linkCursor(cursor);
      const rows = await listPortalLinks(deps, principalOf(req).tenantId, req.params.id, {
        limit: limit + 1,
        ...(before ? { beforeCreatedAt: before } : {}),
      });
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(portalLinkJson),
        nextCursor: rows.length > limit && last ? encodeCursor(last.createdAt.toISOString()) : null,
      };
    },
  });
}

function revokeLinkRoute(app: Api, deps: CoreDeps): void {
  app.post('/portal-links/:id/revoke', {
    config: { access: 'collect' },
    schema: {
      tags,
      operationId: 'revokePortalLink',
      summary: 'Withdraw one portal link (it answers 401 from now on); withdrawing twice changes nothing',
      params: idParam('portal link id'),
      response: { 200: portalLinkSchema, ...errors },
    },
    handler: async (req) => {
      const principal = principalOf(req);
      return portalLinkJson(
        await revokePortalLink(deps, principal.tenantId, req.params.id, actorOf(principal)),
      );
    },
  });
}

function revokeCustomerLinksRoute(app: Api, deps: CoreDeps): void {
  app.post('/customers/:id/portal-links/revoke', {
    config: { access: 'collect' },
    schema: {
      tags,
      operationId: 'revokeCustomerPortalLinks',
      summary: 'Withdraw every portal link of the customer (e.g. a link reached the wrong person)',
      params: idParam('customer id (UUID) or external id'),
      response: {
        200: z.object({ revoked: z.number().int().describe('links still usable until now') }),
        ...errors,
      },
    },
    handler: async (req) => {
      const principal = principalOf(req);
      return revokeCustomerPortalLinks(deps, principal.tenantId, req.params.id, actorOf(principal));
    },
  });
}

function settingsRoutes(app: Api, deps: CoreDeps): void {
  app.get('/settings/portal', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'getPortalSettings',
      summary: 'The customer portal settings: enabled, public URL, link validity, partial payments',
      response: { 200: portalSettingsSchema, ...errors },
    },
    handler: async (req) =>
      portalSettingsJson(await getPortalSettings(deps.db, deps, principalOf(req).tenantId)),
  });
  app.put('/settings/portal', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'updatePortalSettings',
      summary: 'Change the customer portal settings (fields given replace the current ones)',
      body: portalSettingsPatch,
      response: { 200: portalSettingsSchema, ...errors },
    },
    handler: async (req) =>
      portalSettingsJson(await updatePortalSettings(deps, principalOf(req).tenantId, req.body)),
  });
}

function rotateKeyRoute(app: Api, deps: CoreDeps): void {
  app.post('/settings/portal/rotate-key', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'rotatePortalKey',
      summary: 'Replace the portal signing key: every portal link issued so far stops working at once',
      response: {
        200: z.object({
          revoked: z.number().int().describe('links that were still usable'),
          keyRotatedAt: instant,
        }),
        ...errors,
      },
    },
    handler: async (req) => {
      const principal = principalOf(req);
      const done = await rotatePortalKey(deps, principal.tenantId, actorOf(principal));
      return { revoked: done.revoked, keyRotatedAt: done.keyRotatedAt.toISOString() };
    },
  });
}
