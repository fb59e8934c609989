/** /v1/bank: bank statement import (the file itself is the request body). */
import { z } from 'zod';
import { BANK_LINE_VERDICTS, importBankStatement, STATEMENT_FORMATS } from '../../modules/bank/index.ts';
import {
  acceptSuggestion,
  applyManually,
  createRule,
  ignoreLine,
  listReviewQueue,
  listRules,
  manualApplicationInput,
  REVIEW_STATUSES,
  ruleInput,
  runCashApplication,
  setRuleEnabled,
  unapplyLine,
} from '../../modules/cash-application/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { SETTLEMENT_ADJUSTMENT_KINDS } from '../../modules/invoices/index.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';

const tags = ['bank'];

/** Media types a statement file may be sent as; the body is read as text either way. */
export const STATEMENT_MEDIA_TYPES = [
  'application/xml',
  'text/xml',
  'text/plain',
  'text/csv',
  'application/x-ofx',
  'application/octet-stream',
];

const statementReport = z.object({
  statementRef: z.string().nullable(),
  account: z.string().describe('IBAN, else the bank account number'),
  currency: z.string(),
  newAccount: z.boolean().describe('first statement of this account: registered now'),
  ledgerAccount: z.string().describe("the account's own cash account in the chart"),
  fromDate: z.string().nullable(),
  toDate: z.string().nullable(),
  opening: z.string().nullable(),
  closing: z.string().nullable(),
  balanced: z
    .boolean()
    .nullable()
    .describe('opening + entries = closing; null when the file states no balances'),
  difference: z.string().nullable(),
  entries: z.number().int(),
  imported: z.number().int(),
  skipped: z.number().int().describe('already imported before (re-import or overlapping statement)'),
  pending: z.number().int().describe('entries the bank marks as pending (not booked yet): not imported'),
  warnings: z.array(z.string()),
});

const importResult = z.object({
  format: z.enum(STATEMENT_FORMATS),
  dryRun: z.boolean(),
  statements: z.array(statementReport),
  totals: z.object({ entries: z.number().int(), imported: z.number().int(), skipped: z.number().int() }),
});

const money = z.string().describe('decimal amount in the currency');

const reviewItem = z.object({
  id: z.string(),
  bankReference: z.string().nullable(),
  bookingDate: z.string(),
  amount: money,
  currency: z.string(),
  payerName: z.string().nullable(),
  payerIban: z.string().nullable(),
  remittance: z.string(),
  status: z.enum(REVIEW_STATUSES),
  customerId: z.string().nullable(),
  confidence: z.number().nullable(),
  receiptId: z.string().nullable(),
  suggestions: z.array(
    z.object({
      customerId: z.string(),
      confidence: z.number(),
      allocations: z.array(z.object({ invoiceId: z.string(), invoiceNumber: z.string(), amount: money })),
      adjustments: z.array(
        z.object({ kind: z.enum(SETTLEMENT_ADJUSTMENT_KINDS), invoiceId: z.string(), amount: money }),
      ),
      reasons: z.array(z.string()),
    }),
  ),
  reasons: z.array(z.string()),
});

const lineResult = z.object({
  bankReference: z.string().nullable(),
  bookingDate: z.string(),
  amount: money,
  currency: z.string(),
  status: z.enum(BANK_LINE_VERDICTS),
  confidence: z.number(),
  customer: z.string().nullable().describe('external id'),
  allocations: z.array(z.object({ invoiceNumber: z.string(), amount: money })),
  adjustments: z.array(z.object({ kind: z.enum(SETTLEMENT_ADJUSTMENT_KINDS), amount: money })),
  unapplied: money,
  suggestions: z.array(
    z.object({ invoiceNumbers: z.array(z.string()), confidence: z.number(), reasons: z.array(z.string()) }),
  ),
  reasons: z.array(z.string()),
});

const lineId = idParam('bank transaction id (UUID)');

const ruleView = z.object({
  ruleId: z.string(),
  name: z.string(),
  priority: z.number().int(),
  enabled: z.boolean(),
  conditions: z.record(z.string(), z.string()),
  action: z.record(z.string(), z.string()),
  problem: z
    .string()
    .nullable()
    .describe(
      'why the rule cannot run and is skipped (e.g. a pattern the safe matcher refuses); null when it runs',
    ),
});

const toView = (r: Awaited<ReturnType<typeof listRules>>[number]) => ({
  ruleId: r.ruleId,
  name: r.name,
  priority: r.priority,
  enabled: r.enabled,
  conditions: r.conditions as Record<string, string>,
  action: r.action as Record<string, string>,
  problem: r.problem,
});

export function bankRoutes(app: Api, deps: CoreDeps): void {
  app.addContentTypeParser(
    STATEMENT_MEDIA_TYPES,
    { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 },
    (_req, body, done) => done(null, typeof body === 'string' ? body : body.toString('utf8')),
  );
  importBankStatementRoute(app, deps);
  runCashApplicationRoute(app, deps);
  listBankTransactionsRoute(app, deps);
  acceptSuggestionRoute(app, deps);
  applyBankTransactionRoute(app, deps);
  ignoreBankTransactionRoute(app, deps);
  unapplyBankTransactionRoute(app, deps);
  listCashApplicationRulesRoute(app, deps);
  createCashApplicationRuleRoute(app, deps);
  toggleCashApplicationRuleRoutes(app, deps);
}

function importBankStatementRoute(app: Api, deps: CoreDeps): void {
  app.post('/bank/statements', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'importBankStatement',
      summary: 'Import a bank statement file (camt.052/053/054, MT940/942, BAI2, OFX, CSV)',
      description:
        'Send the file as the body (e.g. `Content-Type: application/xml` or `text/plain`). The format is detected unless `format` is given; CSV needs `profile`. A file that cannot be read is rejected whole (422 naming the line) and nothing is stored; transactions already imported are skipped and counted.',
      headers: idempotencyHeaders,
      querystring: z.object({
        format: z.enum(STATEMENT_FORMATS).optional(),
        profile: z.string().min(1).max(100).optional().describe('CSV column-mapping profile'),
        dryRun: z.enum(['true', 'false']).optional(),
      }),
      body: z.string().min(1).describe('the statement file'),
      response: { 201: importResult, 200: importResult, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, req.query.dryRun === 'true' ? 200 : 201, (d) =>
        importBankStatement(d, principalOf(req).tenantId, req.body, {
          ...(req.query.format ? { format: req.query.format } : {}),
          ...(req.query.profile ? { csvProfile: req.query.profile } : {}),
          dryRun: req.query.dryRun === 'true',
        }),
      ),
  });
}

function runCashApplicationRoute(app: Api, deps: CoreDeps): void {
  app.post('/cash-application/run', {
    config: { access: 'write' },
    schema: {
      tags: ['cash application'],
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
      tags: ['cash application'],
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

function acceptSuggestionRoute(app: Api, deps: CoreDeps): void {
  app.post('/bank/transactions/:id/accept', {
    config: { access: 'write' },
    schema: {
      tags: ['cash application'],
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
      tags: ['cash application'],
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
      tags: ['cash application'],
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
      tags: ['cash application'],
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
      tags: ['cash application'],
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
      tags: ['cash application'],
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
        tags: ['cash application'],
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
