/** /v1/saved-views: a user's named filter/sort views of a list page, optionally shared with the tenant. */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  createSavedView,
  deleteSavedView,
  listSavedViews,
  SAVED_VIEW_PAGES,
  type SavedView,
  savedViewInput,
  savedViewPatch,
  updateSavedView,
  type ViewReader,
} from '../../modules/users/index.ts';
import { notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { type Principal, principalOf } from '../auth.ts';
import { type Api, errors, instant } from './common.ts';

const tags = ['saved-views'];
const viewIdParam = z.object({ id: z.string().min(1).describe('saved view id (UUID)') });

export const savedViewSchema = z
  .object({
    id: z.string(),
    page: z.enum(SAVED_VIEW_PAGES),
    name: z.string(),
    query: z.string().describe('the page URL’s query string, without ?'),
    shared: z.boolean(),
    isDefault: z.boolean().describe("the owner's default view of the page"),
    owner: z.object({ userId: z.string(), name: z.string() }),
    mine: z.boolean().describe('the reader owns it (and may change it)'),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'SavedView' });

function readerOf(p: Principal): ViewReader {
  return { tenantId: p.tenantId, userId: p.kind === 'user' ? p.userId : null };
}

function viewJson(v: SavedView, reader: ViewReader): z.infer<typeof savedViewSchema> {
  return {
    id: v.viewId,
    page: z.enum(SAVED_VIEW_PAGES).parse(v.page),
    name: v.name,
    query: v.query,
    shared: v.shared,
    isDefault: v.isDefault,
    owner: { userId: v.ownerUserId, name: v.ownerName },
    mine: v.ownerUserId === reader.userId,
    createdAt: v.createdAt.toISOString(),
    updatedAt: v.updatedAt.toISOString(),
  };
}

function viewIdOrThrow(id: string): string {
  if (!isUuid(id)) throw notFound('saved view', id);
  return id;
}

/** Registers each route (one small function per route, below). */
export function savedViewRoutes(app: Api, deps: CoreDeps): void {
  listRoute(app, deps);
  createRoute(app, deps);
  updateRoute(app, deps);
  deleteRoute(app, deps);
}

function listRoute(app: Api, deps: CoreDeps): void {
  app.get('/saved-views', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listSavedViews',
      summary: "A page's saved views: the user's own and the shared ones (API keys: the shared ones)",
      querystring: z.object({ page: z.enum(SAVED_VIEW_PAGES) }),
      response: { 200: z.object({ items: z.array(savedViewSchema) }), ...errors },
    },
    handler: async (req) => {
      const reader = readerOf(principalOf(req));
      const views = await listSavedViews(deps.db, reader, req.query.page);
      return { items: views.map((v) => viewJson(v, reader)) };
    },
  });
}

function createRoute(app: Api, deps: CoreDeps): void {
  app.post('/saved-views', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'createSavedView',
      summary: 'Save a view for the signed-in user',
      description:
        'Every role may keep views; API keys may not (403). A name is unique per user and page (409 on `name`). `isDefault` takes the default from the user’s other view of the page.',
      body: savedViewInput,
      response: { 201: savedViewSchema, ...errors },
    },
    handler: async (req, reply) => {
      const reader = readerOf(principalOf(req));
      const view = await createSavedView(deps.db, reader, req.body, deps.clock.now());
      return reply.code(201).send(viewJson(view, reader));
    },
  });
}

function updateRoute(app: Api, deps: CoreDeps): void {
  app.patch('/saved-views/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'updateSavedView',
      summary: 'Rename, change, share or make default a saved view (its owner only)',
      params: viewIdParam,
      body: savedViewPatch,
      response: { 200: savedViewSchema, ...errors },
    },
    handler: async (req) => {
      const reader = readerOf(principalOf(req));
      const id = viewIdOrThrow(req.params.id);
      return viewJson(await updateSavedView(deps.db, reader, id, req.body, deps.clock.now()), reader);
    },
  });
}

function deleteRoute(app: Api, deps: CoreDeps): void {
  app.delete('/saved-views/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'deleteSavedView',
      summary: 'Delete a saved view (its owner only)',
      params: viewIdParam,
      response: { 204: z.null(), ...errors },
    },
    handler: async (req, reply) => {
      await deleteSavedView(deps.db, readerOf(principalOf(req)), viewIdOrThrow(req.params.id));
      return reply.code(204).send(null);
    },
  });
}
