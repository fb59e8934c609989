/**
 * The web app over HTTP: web/dist served at `/` with @fastify/static. Hashed files under
 * `/assets/` are cached for a year (their name changes with their content); `index.html` is never
 * cached, so a new build reaches every browser at its next load. An app URL (`/customers/42`,
 * any GET that names no file and is not an API path) answers `index.html` and the router in the
 * browser shows the page (SPA fallback); `/v1`, `/docs`, `/openapi.json` and `/health` never do.
 * `/portal` (and below) answers `portal.html`: the customer portal, a bundle of its own with no
 * staff-app code (docs/portal-web.md).
 * While the app is being built, app URLs answer a small page that says so and reloads itself.
 */
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { publicScope } from './auth.ts';

/** What the server knows of the app's build (see web-build.ts). */
export interface WebApp {
  /** Absolute path of web/dist. */
  readonly distDir: string;
  /** `ready`: dist is complete; `building`: a build runs; `failed`: the last build failed. */
  state(): 'ready' | 'building' | 'failed';
}

const RESERVED = [/^\/v1(\/|$)/, /^\/docs(\/|$)/, /^\/openapi\.json$/, /^\/health$/];
const YEAR_SECONDS = 365 * 24 * 3600;

/** The page that answers an app path: the customer portal's below `/portal`, else the staff app's. */
export function appPageOf(path: string): 'portal.html' | 'index.html' {
  return /^\/portal(\/|$)/.test(path) ? 'portal.html' : 'index.html';
}

/** Whether `path` may be answered with the app (any path but the API's, Swagger UI's and health). */
export function isAppPath(path: string): boolean {
  return !RESERVED.some((pattern) => pattern.test(path));
}

/** Serve the built files (in a public scope: the files need no key; the API still does). */
export async function registerWebApp(app: FastifyInstance, web: WebApp): Promise<void> {
  await publicScope(app, async (scope) => {
    await scope.register(fastifyStatic, {
      root: web.distDir,
      prefix: '/',
      wildcard: true,
      index: ['index.html'],
      cacheControl: false,
      setHeaders: (res, path) => {
        const hashed = path.startsWith(join(web.distDir, 'assets'));
        res.setHeader('cache-control', hashed ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache');
      },
    });
  });
}

/**
 * The not-found handler's first step: a GET/HEAD of an app path that named no file gets the app
 * (or the building page) and `true`; anything else `false` (the caller answers problem 404).
 */
export function answerAppPath(web: WebApp, request: FastifyRequest, reply: FastifyReply): boolean {
  const path = request.url.split('?')[0] ?? '/';
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (!isAppPath(path) || path.startsWith('/assets/')) return false;
  const state = web.state();
  reply.header('cache-control', 'no-cache');
  if (state === 'ready') {
    void reply.sendFile(appPageOf(path), web.distDir, { cacheControl: false });
    return true;
  }
  void reply
    .code(503)
    .header('retry-after', '2')
    .type('text/html; charset=utf-8')
    .send(state === 'building' ? BUILDING_PAGE : FAILED_PAGE);
  return true;
}

const BUILDING_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
<title>cashloop — building the app…</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3rem">
<h1 style="font-size: 1.25rem">cashloop is building the app…</h1>
<p>This page reloads by itself in a few seconds. The API already answers at <a href="/docs">/docs</a>.</p>
</body></html>`;

const FAILED_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cashloop — the app did not build</title></head>
<body style="font-family: system-ui, sans-serif; margin: 3rem">
<h1 style="font-size: 1.25rem">The web app could not be built</h1>
<p>The server's log says why; <code>npm run web:build</code> shows the error. The API answers at
<a href="/docs">/docs</a>.</p>
</body></html>`;
