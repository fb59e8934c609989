/**
 * Readiness: the server listens from its first second, before the demo company (about two minutes
 * on PGlite) or anything else the start-up does has finished. Until then `GET /v1/status` says what
 * is happening and how far it got, every other API route answers 503 `not_ready` with
 * `Retry-After` (on PGlite the start-up holds the one connection, so a request would only hang),
 * and everything else (the web app's files, the OpenAPI document, Swagger UI) is served as usual.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { problem, sendProblem } from './problem.ts';
import { type Api, errors } from './routes/common.ts';

export const READINESS_STATES = ['starting', 'loading_demo', 'ready'] as const;
export type ReadinessState = (typeof READINESS_STATES)[number];

export interface ReadinessSnapshot {
  readonly state: ReadinessState;
  /** What the start-up is doing now, in words (`invoices 1200/4000, receipts 800`); null when ready. */
  readonly step: string | null;
  /** Progress of the current state: `done` of `total` units (0 of 0 when it cannot be counted). */
  readonly done: number;
  readonly total: number;
}

/** The process's start-up state, written by the start command and read by every request. */
export class Readiness {
  #snapshot: ReadinessSnapshot;

  constructor(state: ReadinessState = 'ready') {
    this.#snapshot = { state, step: null, done: 0, total: 0 };
  }

  get snapshot(): ReadinessSnapshot {
    return this.#snapshot;
  }

  get isReady(): boolean {
    return this.#snapshot.state === 'ready';
  }

  report(state: Exclude<ReadinessState, 'ready'>, step: string | null, done = 0, total = 0): void {
    this.#snapshot = { state, step, done, total };
  }

  ready(): void {
    this.#snapshot = { state: 'ready', step: null, done: 0, total: 0 };
  }
}

/** Seconds a client should wait before asking again while the server starts. */
export const RETRY_AFTER_SECONDS = 2;

const STATUS_PATH = '/v1/status';

/** Whether a request path is held back until ready: the API and the health check. */
export function waitsForReadiness(path: string): boolean {
  if (path === STATUS_PATH) return false;
  return path === '/health' || path === '/v1' || path.startsWith('/v1/');
}

/** Answer 503 `not_ready` to API requests while the start-up runs (before auth: no database). */
export function registerReadiness(app: FastifyInstance, readiness: Readiness): void {
  app.addHook('onRequest', async (request, reply) => {
    if (readiness.isReady) return;
    const path = request.url.split('?')[0] ?? request.url;
    if (!waitsForReadiness(path)) return;
    const { state, step } = readiness.snapshot;
    reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    return sendProblem(
      reply,
      problem(
        503,
        'not_ready',
        `cashloop is starting (${state === 'loading_demo' ? 'loading the demo company' : 'starting'}${step ? `: ${step}` : ''}); try again in ${RETRY_AFTER_SECONDS} s`,
        [],
        request.url,
      ),
    );
  });
}

const statusSchema = z
  .object({
    state: z.enum(READINESS_STATES),
    step: z.string().nullable(),
    done: z.number().int(),
    total: z.number().int(),
  })
  .meta({ id: 'ServerStatus', description: 'Start-up state: the API answers once `state` is `ready`' });

export function statusRoute(app: Api, readiness: Readiness): void {
  app.get(STATUS_PATH, {
    config: { access: 'public' },
    schema: {
      tags: ['system'],
      operationId: 'getStatus',
      summary: 'Start-up state and progress (no auth; answers while the server starts)',
      security: [],
      response: { 200: statusSchema, ...errors },
    },
    handler: async () => readiness.snapshot,
  });
}
