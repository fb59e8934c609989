/**
 * /v1/dunning over HTTP: policies (and their presets), assignments, holds, runs, letters and their
 * printing.
 */

import { z } from 'zod';
import { dunningPolicyChange } from '../../modules/approvals/index.ts';
import {
  dunningSeams,
  getDunningLetterPdf,
  printLetters,
  printLettersInput,
  recordLetterPrinted,
} from '../../modules/communication/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  addPresetPolicy,
  assignmentInput,
  assignPolicy,
  CHANNELS,
  createPolicy,
  type DunningSeams,
  dunningRunJson,
  getCustomerDunning,
  getLetterOrThrow,
  getPolicyOrThrow,
  getRunOrThrow,
  holdInput,
  LETTER_STATUSES,
  letterDetailJson,
  letterJson,
  listAssignments,
  listLetters,
  listPolicies,
  listRuns,
  POLICY_PRESETS,
  policyInput,
  policyJson,
  policyPatch,
  releaseHold,
  runDunning,
  runInput,
  setHold,
} from '../../modules/dunning/index.ts';
import { calendarDate } from '../../modules/invoices/index.ts';
import { invalidState } from '../../shared/errors.ts';
import { assertMayAccess, principalOf } from '../auth.ts';
import { respond, respondWithStatusInTransaction } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { approvalPending, gatedAnswer } from './approval-gate.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import { binaryResponses, pdfResponse, sendDocument } from './documents.schemas.ts';
import {
  assignmentsSchema,
  customerDunningJson,
  customerDunningSchema,
  letterDetailSchema,
  letterSchema,
  policySchema,
  presetSchema,
  runJson,
  runResultSchema,
  runSchema,
  sendBatch,
} from './dunning.schemas.ts';
import { actorOf, invoiceIdOf } from './shared-views.ts';

const tags = ['dunning'];

/**
 * The dunning routes; `seams` are the collections exclusions and the outbox hook (by default the
 * real ones: disputed and promised invoices left out, email letters queued with their statement).
 */
export function dunningRoutes(app: Api, deps: CoreDeps, seams: DunningSeams = dunningSeams(deps)): void {
  policyPresetRoutes(app, deps);
  policyRoutes(app, deps);
  customerRoutes(app, deps);
  runRoutes(app, deps, seams);
  letterPrintingRoutes(app, deps);
}

function policyRoutes(app: Api, deps: CoreDeps): void {
  listDunningPoliciesRoute(app, deps);
  getDunningPolicyRoute(app, deps);
  createDunningPolicyRoute(app, deps);
  updateDunningPolicyRoute(app, deps);
  listDunningAssignmentsRoute(app, deps);
  assignDunningPolicyRoute(app, deps);
}

function listDunningPoliciesRoute(app: Api, deps: CoreDeps): void {
  app.get('/dunning/policies', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listDunningPolicies',
      summary: 'List dunning policies',
      description: 'By name; cursor-paginated.',
      querystring: z.object(pageQuery),
      response: { 200: pageOf(policySchema), ...errors },
    },
    handler: async (req) => {
      const after = decodeCursor(req.query.cursor, 'text');
      const all = (await listPolicies(deps.db, principalOf(req).tenantId)).filter(
        (p) => !after || p.name > after,
      );
      const page = all.slice(0, req.query.limit);
      const more = all.length > req.query.limit;
      return {
        items: page.map(policyJson),
        nextCursor: encodeCursor(more ? (page.at(-1)?.name ?? null) : null),
      };
    },
  });
}

function getDunningPolicyRoute(app: Api, deps: CoreDeps): void {
  app.get('/dunning/policies/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getDunningPolicy',
      summary: 'Get a dunning policy by id or name',
      params: idParam('policy id or name'),
      response: { 200: policySchema, ...errors },
    },
    handler: async (req) =>
      policyJson(await getPolicyOrThrow(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}

function createDunningPolicyRoute(app: Api, deps: CoreDeps): void {
  app.post('/dunning/policies', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createDunningPolicy',
      summary: 'Create a dunning policy',
      description:
        'Levels in strictly increasing offsetDays; fees and minimums per currency; statutory interest as base rates (with effective dates) + margin. 422 names every bad field; 409 on a duplicate name.',
      headers: idempotencyHeaders,
      body: policyInput,
      response: { 201: policySchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) =>
        policyJson(await createPolicy(d, principalOf(req).tenantId, req.body)),
      ),
  });
}

function updateDunningPolicyRoute(app: Api, deps: CoreDeps): void {
  app.patch('/dunning/policies/:id', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'updateDunningPolicy',
      summary: 'Change a dunning policy',
      description:
        'Given fields replace the stored ones; `levels` replaces every level; `interest: null` removes interest.',
      params: idParam('policy id or name'),
      body: policyPatch,
      response: { 200: policySchema, ...approvalPending, ...errors },
    },
    handler: (req, reply) =>
      respondWithStatusInTransaction(req, reply, deps, async (tx) => {
        const { tenantId } = principalOf(req);
        const request = { policy: req.params.id, input: req.body };
        return gatedAnswer(tx, deps, tenantId, dunningPolicyChange, request, 200, async (r) =>
          policyJson(await getPolicyOrThrow(tx, tenantId, r.policyId)),
        );
      }),
  });
}

function listDunningAssignmentsRoute(app: Api, deps: CoreDeps): void {
  app.get('/dunning/assignments', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listDunningAssignments',
      summary: 'Policies assigned to categories and customers, and the default',
      response: { 200: assignmentsSchema, ...errors },
    },
    handler: async (req) => listAssignments(deps.db, principalOf(req).tenantId),
  });
}

function assignDunningPolicyRoute(app: Api, deps: CoreDeps): void {
  app.post('/dunning/assignments', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'assignDunningPolicy',
      summary: 'Assign a policy to a customer or a (sub)category',
      description:
        'A customer’s own policy wins over its subcategory’s, which wins over its category’s, then the default.',
      headers: idempotencyHeaders,
      body: assignmentInput,
      response: {
        200: z.object({
          target: z.enum(['customer', 'category']),
          id: z.string(),
          policyId: z.string().nullable(),
        }),
        ...errors,
      },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) => assignPolicy(d, principalOf(req).tenantId, req.body)),
  });
}

const params = idParam('customer id (UUID) or external id');

function customerRoutes(app: Api, deps: CoreDeps): void {
  getCustomerDunningRoute(app, deps);
  holdCustomerDunningRoute(app, deps);
  releaseCustomerDunningHoldRoute(app, deps);
}

function getCustomerDunningRoute(app: Api, deps: CoreDeps): void {
  app.get('/dunning/customers/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getCustomerDunning',
      summary: "A customer's dunning profile: policy and where it comes from, hold, hand-over",
      params,
      response: { 200: customerDunningSchema, ...errors },
    },
    handler: async (req) =>
      customerDunningJson(await getCustomerDunning(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}

function holdCustomerDunningRoute(app: Api, deps: CoreDeps): void {
  app.post('/dunning/customers/:id/hold', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'holdCustomerDunning',
      summary: 'Put a customer on hold from dunning',
      description:
        '`until` is the last day of the hold (inclusive); without it the hold lasts until released.',
      params,
      headers: idempotencyHeaders,
      body: holdInput,
      response: { 200: customerDunningSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) =>
        customerDunningJson(await setHold(d, principalOf(req).tenantId, req.params.id, req.body)),
      ),
  });
}

function releaseCustomerDunningHoldRoute(app: Api, deps: CoreDeps): void {
  app.delete('/dunning/customers/:id/hold', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'releaseCustomerDunningHold',
      summary: "Release a customer's dunning hold",
      params,
      response: { 200: customerDunningSchema, ...errors },
    },
    handler: async (req) =>
      customerDunningJson(await releaseHold(deps, principalOf(req).tenantId, req.params.id)),
  });
}

/** The run and letter routes; `seams` are the collections exclusions and the outbox hook. */
function runRoutes(app: Api, deps: CoreDeps, seams: DunningSeams): void {
  runDunningRoute(app, deps, seams);
  previewDunningRoute(app, deps, seams);
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

function previewDunningRoute(app: Api, deps: CoreDeps, seams: DunningSeams): void {
  app.get('/dunning/preview', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'previewDunning',
      summary: 'Preview dunning for a day (a read: nothing is recorded)',
      description:
        'The letters a run on `asOf` (default today) would plan, as POST /v1/dunning/runs with `dryRun: true` answers, for every role that may read: a preview records nothing.',
      querystring: z.object({ asOf: calendarDate.optional().describe("default: today's date") }),
      response: { 200: runResultSchema, ...errors },
    },
    handler: async (req) =>
      dunningRunJson(
        await runDunning(deps, principalOf(req).tenantId, { ...req.query, dryRun: true }, seams),
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
        channel: z.enum(CHANNELS).optional().describe('with status=planned, channel=letter: the print queue'),
        invoice: z.string().min(1).optional().describe('invoice id or number: the letters naming it'),
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
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.invoice ? { invoiceId: await invoiceIdOf(deps.db, principalOf(req).tenantId, q.invoice) } : {}),
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

/** The PDF, printed and print-batch routes of /v1/dunning/letters. */
function letterPrintingRoutes(app: Api, deps: CoreDeps): void {
  getDunningLetterPdfRoute(app, deps);
  recordDunningLetterPrintedRoute(app, deps);
  printDunningLettersRoute(app, deps);
}

function getDunningLetterPdfRoute(app: Api, deps: CoreDeps): void {
  app.get('/dunning/letters/:id/pdf', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getDunningLetterPdf',
      summary: 'The PDF of a dunning letter (rendered once, then always the same bytes)',
      description:
        'Any channel. Letterhead of the run, the customer’s address, the level’s wording in the customer’s language, its invoices with interest and period, fee, interest, total due and how to pay. ETag / X-Document-SHA256 as for invoice PDFs.',
      params: idParam('letter id'),
      response: binaryResponses,
    },
    handler: async (req, reply) =>
      sendDocument(req, reply, await getDunningLetterPdf(deps, principalOf(req).tenantId, req.params.id)),
  });
}

function recordDunningLetterPrintedRoute(app: Api, deps: CoreDeps): void {
  app.post('/dunning/letters/:id/printed', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'recordDunningLetterPrinted',
      summary: 'Record that a planned letter of channel letter was printed and posted',
      description:
        'planned → sent, with the time and the API key that recorded it, and `dunning_letter_sent` in the customer’s activity log. 409 invalid_state for a letter of another channel or one that is not planned (printed already).',
      headers: idempotencyHeaders,
      params: idParam('letter id'),
      response: { 200: letterDetailSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) => {
        const principal = principalOf(req);
        return letterDetailJson(
          await recordLetterPrinted(d, principal.tenantId, req.params.id, actorOf(principal)),
        );
      }),
  });
}

function printDunningLettersRoute(app: Api, deps: CoreDeps): void {
  app.post('/dunning/letters/print', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'printDunningLetters',
      summary: 'One PDF of planned letters of channel letter, each followed by its statement',
      description: `The letters named in \`letterIds\`, else those of \`runId\`, else every planned letter of channel letter (at most 100, oldest first). Each letter starts on a new page and is followed by its customer's statement of open items as of the letter's date. With \`markSent: true\` (role accountant or above) the letters are recorded as printed and posted in the same transaction. Headers: X-Letter-Count, X-Letter-Ids, X-Letters-Marked-Sent, X-Letters-Remaining (planned letters left out by the batch size). 409 invalid_state when nothing is to print or a named letter is not a planned letter of channel letter.`,
      body: printLettersInput,
      response: { 200: pdfResponse, ...errors },
    },
    handler: async (req, reply) => {
      const principal = principalOf(req);
      if (req.body.markSent) assertMayAccess(principal, 'write');
      const batch = await printLetters(deps, principal.tenantId, req.body, actorOf(principal));
      if (!batch)
        throw invalidState(
          `nothing to print: no planned letters of channel letter${req.body.runId ? ` in run ${req.body.runId}` : ''}`,
        );
      return sendBatch(reply, batch);
    },
  });
}

const addPresetBody = z
  .object({
    name: z.string().min(1).max(200).optional().describe("the new policy's name (default: the preset's)"),
    isDefault: z
      .boolean()
      .optional()
      .describe("make it the tenant's default (default: when the tenant has no default policy yet)"),
  })
  .strict();

function policyPresetRoutes(app: Api, deps: CoreDeps): void {
  listDunningPolicyPresetsRoute(app);
  addDunningPolicyPresetRoute(app, deps);
}

function listDunningPolicyPresetsRoute(app: Api): void {
  app.get('/dunning/policies/presets', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listDunningPolicyPresets',
      summary: 'Ready-made dunning policies',
      description:
        'German B2B with statutory interest and the 40 EUR flat fee; a gentle one without fees or interest.',
      response: { 200: z.object({ items: z.array(presetSchema) }), ...errors },
    },
    handler: async () => ({
      items: POLICY_PRESETS.map((p) => ({ key: p.key, description: p.description, policy: p.policy })),
    }),
  });
}

function addDunningPolicyPresetRoute(app: Api, deps: CoreDeps): void {
  app.post('/dunning/policies/presets/:key', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'addDunningPolicyPreset',
      summary: 'Add a ready-made dunning policy',
      description:
        'Creates the preset as a policy of the tenant (the default one when there is none yet). 404 for an unknown key; 409 when a policy of that name exists (give another `name`).',
      headers: idempotencyHeaders,
      params: z.object({ key: z.string().describe('preset key, e.g. de-b2b-statutory or gentle') }),
      body: addPresetBody.optional(),
      response: { 201: policySchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) =>
        policyJson(await addPresetPolicy(d, principalOf(req).tenantId, req.params.key, req.body ?? {})),
      ),
  });
}
