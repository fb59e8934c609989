/** /v1/dunning/runs and /v1/dunning/letters: run dunning for a day (or preview it), read runs and letters. */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  type DunningRun,
  type DunningSeams,
  dunningRunJson,
  getLetterOrThrow,
  getRunOrThrow,
  LETTER_STATUSES,
  letterDetailJson,
  letterJson,
  listLetters,
  listRuns,
  runDunning,
  runInput,
} from '../../modules/dunning/index.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import { letterDetailSchema, letterSchema, runResultSchema, runSchema } from './dunning-schemas.ts';

const tags = ['dunning'];

function runJson(r: DunningRun) {
  return {
    id: r.runId,
    asOf: r.asOf,
    letters: r.letterCount,
    invoices: r.noticeCount,
    skippedInvoices: r.skippedCount,
    createdAt: r.createdAt.toISOString(),
  };
}

/** The run and letter routes; `seams` are the collections exclusions and the outbox hook. */
export function runRoutes(app: Api, deps: CoreDeps, seams: DunningSeams): void {
  runDunningRoute(app, deps, seams);
  listDunningRunsRoute(app, deps);
  getDunningRunRoute(app, deps);
  listDunningLettersRoute(app, deps);
  getDunningLetterRoute(app, deps);
}

function runDunningRoute(app: Api, deps: CoreDeps, seams: DunningSeams): void {
  app.post('/dunning/runs', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'runDunning',
      summary: 'Run dunning for a day (or preview it)',
      description:
        'Plans the letters due on `asOf` (default today) and, unless `dryRun`, records them with their notices and fee/interest open items (201). A run with nothing to send (e.g. the same day again) records nothing and answers runId null. Dry run: 200, nothing recorded.',
      headers: idempotencyHeaders,
      body: runInput,
      response: { 200: runResultSchema, 201: runResultSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, req.body.dryRun ? 200 : 201, async (d) =>
        dunningRunJson(await runDunning(d, principalOf(req).tenantId, req.body, seams)),
      ),
  });
}

function listDunningRunsRoute(app: Api, deps: CoreDeps): void {
  app.get('/dunning/runs', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listDunningRuns',
      summary: 'Recorded dunning runs, newest first',
      querystring: z.object(pageQuery),
      response: { 200: pageOf(runSchema), ...errors },
    },
    handler: async (req) => {
      const cursor = decodeCursor(req.query.cursor, 'uuid');
      const page = await listRuns(deps.db, principalOf(req).tenantId, {
        limit: req.query.limit,
        ...(cursor ? { cursor } : {}),
      });
      return { items: page.runs.map(runJson), nextCursor: encodeCursor(page.nextCursor) };
    },
  });
}

function getDunningRunRoute(app: Api, deps: CoreDeps): void {
  app.get('/dunning/runs/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getDunningRun',
      summary: 'One recorded run (its letters: /v1/dunning/letters?run=)',
      params: idParam('run id'),
      response: { 200: runSchema, ...errors },
    },
    handler: async (req) => runJson(await getRunOrThrow(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}

function listDunningLettersRoute(app: Api, deps: CoreDeps): void {
  app.get('/dunning/letters', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listDunningLetters',
      summary: 'Dunning letters, newest first',
      querystring: z.object({
        ...pageQuery,
        customer: z.string().min(1).optional().describe('customer id or external id'),
        run: z.uuid().optional().describe('run id'),
        status: z.enum(LETTER_STATUSES).optional(),
      }),
      response: { 200: pageOf(letterSchema), ...errors },
    },
    handler: async (req) => {
      const q = req.query;
      const cursor = decodeCursor(q.cursor, 'uuid');
      const page = await listLetters(deps.db, principalOf(req).tenantId, {
        limit: q.limit,
        ...(q.customer ? { customer: q.customer } : {}),
        ...(q.run ? { runId: q.run } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return { items: page.letters.map(letterJson), nextCursor: encodeCursor(page.nextCursor) };
    },
  });
}

function getDunningLetterRoute(app: Api, deps: CoreDeps): void {
  app.get('/dunning/letters/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getDunningLetter',
      summary: 'One letter with its invoices and the interest arithmetic per invoice',
      params: idParam('letter id'),
      response: { 200: letterDetailSchema, ...errors },
    },
    handler: async (req) =>
      letterDetailJson(await getLetterOrThrow(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}
