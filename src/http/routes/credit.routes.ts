/**
 * /v1/credit: a customer's credit position and holds; the credit manager's limit and hold actions;
 * the evaluation of the automatic holds; the credit settings. Changes need `credit` access
 * (credit_manager, admin).
 */

import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { grantsInclude } from '../../modules/apikeys/index.ts';
import { creditLimitIncrease, holdRelease } from '../../modules/approvals/index.ts';
import { evaluateCreditHoldsWithRisk } from '../../modules/collections/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  creditSettingsPatch,
  getCreditSettings,
  getCreditStatus,
  holdHistory,
  listHolds,
  releaseHoldInput,
  setCreditLimitInput,
  setHoldInput,
  setManualHold,
  updateCreditSettings,
} from '../../modules/credit/index.ts';
import { calendarDate } from '../../modules/invoices/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { AppError } from '../../shared/errors.ts';
import { principalOf, roleMayAccess } from '../auth.ts';
import { respond, respondWithStatusInTransaction } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { approvalPending, gatedAnswer } from './approval-gate.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import {
  creditHoldSchema,
  creditHoldViews,
  creditSettingsSchema,
  creditStatusJson,
  creditStatusSchema,
  holdEvaluationSchema,
  holdEvaluationView,
} from './credit.schemas.ts';
import { actorOf } from './shared-views.ts';

const tags = ['credit'];

const customerId = idParam('customer id (UUID) or external id');

/** The customer's credit status as of today, read in `q` (after a change in that transaction). */
async function creditStatusNow(q: Queryable, deps: CoreDeps, tenantId: string, id: string) {
  return creditStatusJson(await getCreditStatus(q, tenantId, id, todayUtc(deps.clock.now())));
}

/**
 * A `preValidation` hook for routes where one body field needs `credit` access (an invoice's
 * `override`, a customer's `creditLimit`): 403 before the body is validated, like every role check.
 */
export function creditFieldGuard(field: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const body = request.body as Record<string, unknown> | null | undefined;
    if (!body || typeof body !== 'object' || body[field] === undefined) return;
    const { role, permissions } = principalOf(request);
    if (!grantsInclude(permissions, 'credit'))
      throw new AppError(
        'forbidden',
        `${roleMayAccess(role, 'credit') ? `this API key (role ${role}) is scoped below credit and` : `role ${role}`} may not set ${field}: that is a credit decision for the credit_manager or admin role`,
        [{ field, message: 'needs the credit_manager or admin role' }],
      );
  };
}

/** Registers each route of the module (one small function per route, below). */
export function creditRoutes(app: Api, deps: CoreDeps): void {
  getCreditStatusRoute(app, deps);
  listCustomerHoldsRoute(app, deps);
  setCreditLimitRoute(app, deps);
  setCreditHoldRoute(app, deps);
  releaseCreditHoldRoute(app, deps);
  listCreditHoldsRoute(app, deps);
  checkCreditHoldsRoute(app, deps);
  getCreditSettingsRoute(app, deps);
  updateCreditSettingsRoute(app, deps);
}

function getCreditStatusRoute(app: Api, deps: CoreDeps): void {
  app.get('/credit/customers/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getCreditStatus',
      summary: "A customer's credit limit, exposure, overdue and holds",
      params: customerId,
      querystring: z.object({ asOf: calendarDate.optional() }),
      response: { 200: creditStatusSchema, ...errors },
    },
    handler: async (req) => {
      const asOf = req.query.asOf ?? todayUtc(deps.clock.now());
      return creditStatusJson(await getCreditStatus(deps.db, principalOf(req).tenantId, req.params.id, asOf));
    },
  });
}

function listCustomerHoldsRoute(app: Api, deps: CoreDeps): void {
  app.get('/credit/customers/:id/holds', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listCustomerHolds',
      summary: "A customer's credit holds, released ones included, newest first",
      params: customerId,
      response: { 200: z.object({ items: z.array(creditHoldSchema) }), ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      return {
        items: await creditHoldViews(deps.db, tenantId, await holdHistory(deps.db, tenantId, req.params.id)),
      };
    },
  });
}

function setCreditLimitRoute(app: Api, deps: CoreDeps): void {
  app.post('/credit/customers/:id/limit', {
    config: { access: 'credit' },
    schema: {
      tags,
      operationId: 'setCreditLimit',
      summary: 'Set or remove the credit limit',
      description:
        "In the customer's currency; logged with the old and new limit; the automatic hold follows at once.",
      params: customerId,
      headers: idempotencyHeaders,
      body: setCreditLimitInput,
      response: { 200: creditStatusSchema, ...approvalPending, ...errors },
    },
    handler: (req, reply) =>
      respondWithStatusInTransaction(req, reply, deps, async (tx) => {
        const { tenantId } = principalOf(req);
        const request = { customer: req.params.id, input: req.body };
        return gatedAnswer(tx, deps, tenantId, creditLimitIncrease, request, 200, (r) =>
          creditStatusNow(tx, deps, tenantId, r.customerId),
        );
      }),
  });
}

function setCreditHoldRoute(app: Api, deps: CoreDeps): void {
  app.post('/credit/customers/:id/hold', {
    config: { access: 'credit' },
    schema: {
      tags,
      operationId: 'setCreditHold',
      summary: 'Put a customer on a manual credit hold',
      description: 'Released only by hand. 409 when a manual hold is already set.',
      params: customerId,
      headers: idempotencyHeaders,
      body: setHoldInput,
      response: { 200: creditStatusSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) => {
        const principal = principalOf(req);
        return creditStatusJson(
          await setManualHold(d, principal.tenantId, req.params.id, req.body, actorOf(principal)),
        );
      }),
  });
}

function releaseCreditHoldRoute(app: Api, deps: CoreDeps): void {
  app.post('/credit/customers/:id/release', {
    config: { access: 'credit' },
    schema: {
      tags,
      operationId: 'releaseCreditHold',
      summary: 'Release a credit hold by hand',
      description:
        'Releases the manual hold; an automatic hold goes only once no rule holds (409 naming the rule otherwise: raise the limit, or override per invoice).',
      params: customerId,
      headers: idempotencyHeaders,
      body: releaseHoldInput.optional(),
      response: { 200: creditStatusSchema, ...approvalPending, ...errors },
    },
    handler: (req, reply) =>
      respondWithStatusInTransaction(req, reply, deps, async (tx) => {
        const { tenantId } = principalOf(req);
        const request = { customer: req.params.id, input: req.body ?? {} };
        return gatedAnswer(tx, deps, tenantId, holdRelease, request, 200, (r) =>
          creditStatusNow(tx, deps, tenantId, r.customerId),
        );
      }),
  });
}

function listCreditHoldsRoute(app: Api, deps: CoreDeps): void {
  app.get('/credit/holds', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listCreditHolds',
      summary: 'Active credit holds',
      description: 'In the order they were set; cursor-paginated.',
      querystring: z.object({ ...pageQuery, kind: z.enum(['manual', 'automatic']).optional() }),
      response: { 200: pageOf(creditHoldSchema), ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      const cursor = decodeCursor(req.query.cursor, 'uuid');
      const page = await listHolds(deps.db, tenantId, {
        limit: req.query.limit,
        ...(req.query.kind ? { kind: req.query.kind } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return {
        items: await creditHoldViews(deps.db, tenantId, page.holds),
        nextCursor: encodeCursor(page.nextCursor),
      };
    },
  });
}

function checkCreditHoldsRoute(app: Api, deps: CoreDeps): void {
  app.post('/credit/check', {
    config: { access: 'credit' },
    schema: {
      tags,
      operationId: 'checkCreditHolds',
      summary: 'Evaluate every automatic credit hold as of a date',
      description:
        'What the daily job runs (the CLI: `cashloop credit check`), the risk-score rule included when it is on. Idempotent; manual holds are left alone.',
      headers: idempotencyHeaders,
      body: z
        .object({ asOf: calendarDate.optional().describe('default: today') })
        .strict()
        .optional(),
      response: { 200: holdEvaluationSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) => {
        const { tenantId } = principalOf(req);
        const asOf = req.body?.asOf ?? todayUtc(d.clock.now());
        return holdEvaluationView(d.db, tenantId, await evaluateCreditHoldsWithRisk(d, tenantId, asOf));
      }),
  });
}

function getCreditSettingsRoute(app: Api, deps: CoreDeps): void {
  app.get('/credit/settings', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getCreditSettings',
      summary: 'Credit settings of the tenant',
      response: { 200: creditSettingsSchema, ...errors },
    },
    handler: (req) => getCreditSettings(deps.db, principalOf(req).tenantId),
  });
}

function updateCreditSettingsRoute(app: Api, deps: CoreDeps): void {
  app.patch('/credit/settings', {
    config: { access: 'credit' },
    schema: {
      tags,
      operationId: 'updateCreditSettings',
      summary: 'Change credit settings',
      description: 'Holds follow at the next evaluation (`POST /v1/credit/check`) or issue.',
      body: creditSettingsPatch,
      response: { 200: creditSettingsSchema, ...errors },
    },
    handler: (req) => updateCreditSettings(deps.db, principalOf(req).tenantId, req.body),
  });
}
