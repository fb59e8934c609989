/** Customer portal tests: the token of a portal URL and a client that sends it as `Authorization: Portal`. */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { call } from './api.ts';

/** The token of a portal URL (`…/portal#<token>`). */
export function tokenOf(url: string): string {
  const token = url.split('#')[1];
  assert.ok(token, url);
  return token;
}

/** A client of the portal's routes acting through one link. */
export function portalClient(ctx: { app: FastifyInstance }, token: string) {
  const headers = { authorization: `Portal ${token}` };
  return {
    get: (url: string) => call(ctx.app, 'GET', url, { headers }),
    post: (url: string, body: unknown = {}) => call(ctx.app, 'POST', url, { headers, body }),
  };
}
