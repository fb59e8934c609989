/**
 * /v1/cash-application and /v1/bank/transactions: matching bank lines to open items (runs), the
 * review queue of lines and what a person does with them, and the rules tried before the engine.
 */
import { z } from 'zod';
import {
  acceptSuggestion,
  applyManually,
  createRule,
  ignoreLine,
  listReviewQueue,
  listRules,
  manualApplicationInput,
  openItemsForLine,
  openItemsQuery,
  REVIEW_STATUSES,
  ruleInput,
  runCashApplication,
  setRuleEnabled,
  unapplyLine,
} from '../../modules/cash-application/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { lineResult, openItems, reviewItem, ruleView, toView } from './cash-application.schemas.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import { matchingSettingsRoutes } from './matching-settings.routes.ts';

const tags = ['cash application'];

/** Registers the cash application routes: runs, the review queue of bank lines, and the rules. */
export function cashApplicationRoutes(app: Api, deps: CoreDeps): void {
  runCashApplicationRoute(app, deps);
  listBankTransactionsRoute(app, deps);
  lineOpenItemsRoute(app, deps);
  acceptSuggestionRoute(app, deps);
  applyBankTransactionRoute(app, deps);
  ignoreBankTransactionRoute(app, deps);
  unapplyBankTransactionRoute(app, deps);
  listCashApplicationRulesRoute(app, deps);
  createCashApplicationRuleRoute(app, deps);
  matchingSettingsRoutes(app, deps);
  toggleCashApplicationRuleRoutes(app, deps);
}

const lineId = idParam('bank transaction id (UUID)');

function runCashApplicationRoute(app: Api, deps: CoreDeps): void {
  app.post('/cash-application/run', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'runCashApplication',
      summary: 'Match every unprocessed bank line and apply what is sure',
      description:
        'The same as `cashloop cash-apply`. With `dryRun: true` it decides every line and books nothing. Runs of a tenant exclude each other: while one is in progress, another is refused with 409 ("a cash application run is in progress"); try again when it has finished. A line a person applies or ignores during a run keeps that verdict and is left out of the run\'s results.',
      headers: idempotencyHeaders,
      body: z.object({ dryRun: z.boolean().optional() }).strict(),
      response: {
        200: z.object({
          results: z.array(lineResult),
          summary: z.object({
            lines: z.number().int(),
            applied: z.number().int(),
            suggested: z.number().int(),
            unmatched: z.number().int(),
            ignored: z.number().int(),
          }),
        }),
        ...errors,
      },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, (d) =>
        runCashApplication(d, principalOf(req).tenantId, { dryRun: req.body.dryRun === true }),
      ),
  });
}

function listBankTransactionsRoute(app: Api, deps: CoreDeps): void {
  app.get('/bank/transactions', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listBankTransactions',
      summary: 'The review queue: bank lines by status (default: suggested and unmatched)',
      querystring: z.object({ status: z.enum(REVIEW_STATUSES).optional(), ...pageQuery }),
      response: { 200: pageOf(reviewItem), ...errors },
    },
    handler: async (req) => {
      const cursor = decodeCursor(req.query.cursor, 'uuid');
      const page = await listReviewQueue(deps.db, principalOf(req).tenantId, {
        limit: req.query.limit,
        ...(req.query.status ? { status: req.query.status } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return { items: page.items, nextCursor: encodeCursor(page.nextCursor) };
    },
  });
}

function lineOpenItemsRoute(app: Api, deps: CoreDeps): void {
  app.get('/bank/transactions/:id/open-items', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listBankTransactionOpenItems',
      summary:
        "Open items a line can be applied to by hand: a customer's (and its group's), in the line's currency",
      description:
        'Oldest due first; `search` narrows to invoice numbers containing it. What `…/apply` accepts: invoices of the customer or of another company of its group, in the currency of the line.',
      params: lineId,
      querystring: openItemsQuery,
      response: { 200: openItems, ...errors },
    },
    handler: (req) => openItemsForLine(deps, principalOf(req).tenantId, req.params.id, req.query),
  });
}

function acceptSuggestionRoute(app: Api, deps: CoreDeps): void {
  app.post('/bank/transactions/:id/accept', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'acceptSuggestion',
      summary: 'Apply one of the suggestions of a line (0 = the best)',
      description:
        "The payer's bank account is remembered for the customer: the next payment from it matches by itself.",
      headers: idempotencyHeaders,
      params: lineId,
      body: z.object({ suggestion: z.number().int().min(0).max(9).optional() }).strict(),
      response: { 200: reviewItem, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, (d) =>
        acceptSuggestion(d, principalOf(req).tenantId, req.params.id, req.body.suggestion ?? 0),
      ),
  });
}

function applyBankTransactionRoute(app: Api, deps: CoreDeps): void {
  app.post('/bank/transactions/:id/apply', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'applyBankTransaction',
      summary: 'Apply a line by hand: customer, invoices and amounts (split over several), adjustments',
      description:
        'What is not allocated stays as unapplied cash of the customer. The payer account is remembered.',
      headers: idempotencyHeaders,
      params: lineId,
      body: manualApplicationInput,
      response: { 200: reviewItem, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, (d) =>
        applyManually(d, principalOf(req).tenantId, req.params.id, req.body),
      ),
  });
}

function ignoreBankTransactionRoute(app: Api, deps: CoreDeps): void {
  app.post('/bank/transactions/:id/ignore', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'ignoreBankTransaction',
      summary: 'Leave a line alone (not a customer receipt)',
      headers: idempotencyHeaders,
      params: lineId,
      body: z.object({ reason: z.string().trim().min(1).max(500) }).strict(),
      response: { 200: reviewItem, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, (d) =>
        ignoreLine(d, principalOf(req).tenantId, req.params.id, req.body.reason),
      ),
  });
}

function unapplyBankTransactionRoute(app: Api, deps: CoreDeps): void {
  app.post('/bank/transactions/:id/unapply', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'unapplyBankTransaction',
      summary:
        'Undo an application: allocations reversed, the payment stays as unapplied cash of the customer',
      headers: idempotencyHeaders,
      params: lineId,
      response: { 200: reviewItem, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, (d) => unapplyLine(d, principalOf(req).tenantId, req.params.id)),
  });
}

function listCashApplicationRulesRoute(app: Api, deps: CoreDeps): void {
  app.get('/cash-application/rules', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listCashApplicationRules',
      summary: 'Rules tried before the engine, in order (priority, then name)',
      response: { 200: z.object({ items: z.array(ruleView) }), ...errors },
    },
    handler: async (req) => ({ items: (await listRules(deps.db, principalOf(req).tenantId)).map(toView) }),
  });
}

function createCashApplicationRuleRoute(app: Api, deps: CoreDeps): void {
  app.post('/cash-application/rules', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createCashApplicationRule',
      summary:
        'Create a rule: conditions on text, payer and amount → ignore, post to an account, name the customer, or a reference pattern',
      headers: idempotencyHeaders,
      body: ruleInput,
      response: { 201: ruleView, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) =>
        toView(await createRule(d, principalOf(req).tenantId, req.body)),
      ),
  });
}

function toggleCashApplicationRuleRoutes(app: Api, deps: CoreDeps): void {
  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const)
    app.post(`/cash-application/rules/:id/${verb}`, {
      config: { access: 'write' },
      schema: {
        tags,
        operationId: `${verb}CashApplicationRule`,
        summary: `${verb === 'enable' ? 'Enable' : 'Disable'} a rule`,
        headers: idempotencyHeaders,
        params: idParam('rule id (UUID)'),
        response: { 200: ruleView, ...errors },
      },
      handler: (req, reply) =>
        respond(req, reply, deps, 200, async (d) =>
          toView(await setRuleEnabled(d.db, principalOf(req).tenantId, req.params.id, enabled)),
        ),
    });
}
