/**
 * The HTTP API as a Fastify instance, built but not listening (server.ts listens; tests inject).
 * Order: Zod compilers → auth hook → problem+json error mapping → OpenAPI/Swagger UI → routes.
 */
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  createJsonSchemaTransform,
  createJsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { z } from 'zod';
import { checkDatabase } from '../db/client.ts';
import type { CoreDeps } from '../modules/core-deps.ts';
import { runMonitoringScan } from '../modules/findings/index.ts';
import { DEFAULT_SESSION_POLICY, type SessionDeps, type SessionPolicy } from '../modules/users/index.ts';
import { type CoalescedRuns, coalescedRuns } from '../shared/coalesced-runs.ts';
import { AccountLockedError } from '../shared/errors.ts';
import { applyPlainValidationMessages } from '../shared/validation-messages.ts';
import { publicScope, registerAuth } from './auth.ts';
import { JSON_BODY_LIMIT } from './body-limits.ts';
import { registerInputLimits } from './input-limits.ts';
import { type LoggerOption, loggerOptions } from './log-redaction.ts';
import { problem, sendProblem, toProblem } from './problem.ts';
import { type RateLimits, registerIpRateLimit, registerPrincipalRateLimit } from './rate-limits.ts';
import { Readiness, registerReadiness, statusRoute } from './readiness.ts';
import { activityRoutes } from './routes/activities.routes.ts';
import { alertRoutes } from './routes/alerts.routes.ts';
import { anomalyRoutes } from './routes/anomalies.routes.ts';
import { apiKeyRoutes } from './routes/apikeys.routes.ts';
import { approvalRoutes } from './routes/approvals.routes.ts';
import { auditRoutes } from './routes/audit.routes.ts';
import { bankRoutes } from './routes/bank.routes.ts';
import { cashApplicationRoutes } from './routes/cash-application.routes.ts';
import { collectionRoutes } from './routes/collections.routes.ts';
import { type Api, errors } from './routes/common.ts';
import { communicationRoutes } from './routes/communication.routes.ts';
import { creditRoutes } from './routes/credit.routes.ts';
import { categoryRoutes, customerRoutes } from './routes/customers.routes.ts';
import { disputeAttachmentRoutes } from './routes/dispute-attachments.routes.ts';
import { disputeRoutes } from './routes/disputes.routes.ts';
import { documentRoutes } from './routes/documents.routes.ts';
import { dunningRoutes } from './routes/dunning.routes.ts';
import { erpFileRoutes, erpRoutes } from './routes/erp.routes.ts';
import { findingRoutes } from './routes/findings.routes.ts';
import { forecastRoutes } from './routes/forecast.routes.ts';
import { fxRoutes } from './routes/fx.routes.ts';
import { fxRevaluationRoutes } from './routes/fx-revaluation.routes.ts';
import { goalRoutes } from './routes/goals.routes.ts';
import { invoiceRoutes } from './routes/invoices.routes.ts';
import { type JobsRouteDeps, jobRoutes } from './routes/jobs.routes.ts';
import { ledgerRoutes } from './routes/ledger.routes.ts';
import { type MessagingRouteDeps, messagingRoutes } from './routes/messaging.routes.ts';
import { numberingRoutes } from './routes/numbering.routes.ts';
import { paymentRoutes, stripeWebhookRoute } from './routes/payments.routes.ts';
import { portalRoutes } from './routes/portal.routes.ts';
import { portalLinkRoutes } from './routes/portal-links.routes.ts';
import { predictionRoutes } from './routes/predictions.routes.ts';
import { receiptRoutes } from './routes/receipts.routes.ts';
import { remittanceAdviceRoutes } from './routes/remittance-advices.routes.ts';
import { reportRoutes } from './routes/reports.routes.ts';
import { riskRoutes } from './routes/risk.routes.ts';
import { savedViewRoutes } from './routes/saved-views.routes.ts';
import { sepaRoutes } from './routes/sepa.routes.ts';
import { sessionRoutes } from './routes/session.routes.ts';
import { sessionListRoutes } from './routes/session-list.routes.ts';
import { termsRoutes } from './routes/terms.routes.ts';
import { userRoutes } from './routes/users.routes.ts';
import { webhookRoutes } from './routes/webhooks.routes.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { answerAppPath, registerWebApp, type WebApp } from './web-app.ts';

const API_DESCRIPTION = `Accounts receivable over REST. Authenticate with \`Authorization: Bearer <key>\` (or \`X-API-Key\`), or sign in
(\`POST /v1/session\`) and send the session cookie, with \`X-CSRF-Token\` on every write.
Money is always a decimal string in major units next to its currency. Errors are RFC 9457 problem+json.
Lists are cursor-paginated: \`?limit=\` (1–500, default 50) and \`?cursor=\`; responses \`{ items, nextCursor }\`.
Every POST honours \`Idempotency-Key\`. See docs/api.md.`;

type OpenApiDoc = {
  paths?: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>
  >;
  components?: { schemas?: Record<string, unknown> };
};

/**
 * The contract is OpenAPI 3.1 throughout, whose Schema Objects are JSON Schema 2020-12: Zod's
 * output for that target has nullable fields as `type: [..., 'null']` (never 3.0's `nullable`) and
 * `examples` arrays (never `example`). Both transforms name the target, so route schemas and the
 * shared components cannot drift apart again (the 3.0 label once mixed the two dialects).
 */
const OPENAPI_VERSION = '3.1.0';
const zodToJsonConfig = { target: 'draft-2020-12' } as const;

/**
 * Three touches on the generated document: error responses are `application/problem+json`; the
 * input-side twins of response components (`CustomerInput` …, which no request uses) are dropped;
 * and components lose Zod's `$schema`/`$id` (the document's dialect applies, and a fragment `$id`
 * is not a valid JSON Schema identifier).
 */
function tidyOpenApi(doc: OpenApiDoc): OpenApiDoc {
  for (const ops of Object.values(doc.paths ?? {}))
    for (const op of Object.values(ops))
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const json = response.content?.['application/json'];
        if (/^[45]XX$/.test(status) && json) response.content = { 'application/problem+json': json };
      }
  const schemas = doc.components?.schemas ?? {};
  const text = JSON.stringify(doc.paths ?? {});
  for (const name of Object.keys(schemas))
    if (name.endsWith('Input') && !text.includes(`#/components/schemas/${name}"`)) delete schemas[name];
  for (const schema of Object.values(schemas)) {
    delete (schema as Record<string, unknown>).$schema;
    delete (schema as Record<string, unknown>).$id;
  }
  return doc;
}

/** The tags of the OpenAPI document, in the order the docs show them. */
const OPENAPI_TAGS = [
  { name: 'customers', description: 'Customer master data' },
  { name: 'categories', description: 'Receivable category tree' },
  { name: 'payment terms', description: 'Payment terms codes' },
  { name: 'invoices', description: 'Invoices and credit notes' },
  { name: 'receipts', description: 'Receipts, allocations, refunds' },
  { name: 'payments', description: 'Online payment through Stripe: settings, checkouts, webhook' },
  {
    name: 'portal',
    description:
      "The customer portal: staff issue and withdraw customers' portal links; the customer's own routes (/v1/portal/…) take `Authorization: Portal <token>`",
  },
  { name: 'sepa', description: 'SEPA Direct Debit: mandates, collection and refund runs, returns' },
  { name: 'ledger', description: 'Journal, trial balance, reconciliation' },
  { name: 'exchange rates', description: 'ECB and CSV rate imports; the rate in force on a day' },
  { name: 'reports', description: 'Aging' },
  { name: 'analytics', description: 'Cash forecast and back-test; payment-date prediction' },
  { name: 'documents', description: 'Letterhead, invoice and statement PDFs, stored documents' },
  { name: 'messages', description: 'The outbox: every message, its attempts, retry, delivery' },
  {
    name: 'message templates',
    description: 'Wording per kind, level and language; messaging settings',
  },
  { name: 'dunning', description: 'Dunning policies, holds, runs and letters' },
  { name: 'worklist', description: 'Customers to contact today, best first, with the reasons' },
  { name: 'activities', description: 'Activity log per customer: calls, emails, notes, system events' },
  { name: 'disputes', description: 'Disputes on invoices, their notes, resolution by credit note' },
  { name: 'promises', description: 'Promises to pay and their evaluation' },
  { name: 'collectors', description: 'Collectors, their customers, collection settings' },
  { name: 'credit', description: 'Credit limits, exposure, holds and their evaluation' },
  { name: 'settings', description: 'Tenant settings: numbering series (admin)' },
  { name: 'session', description: 'Sign in and out with e-mail and password; the session cookie' },
  { name: 'users', description: 'People who sign in, their roles and passwords (admin)' },
  { name: 'api keys', description: 'API key management (admin)' },
  { name: 'jobs', description: 'Background jobs: schedules, runs, failures (admin)' },
  {
    name: 'findings',
    description: 'Monitoring: findings with evidence, their review, the monitoring policy (admin)',
  },
  {
    name: 'alerts',
    description:
      'Alert rules on overdue invoices, broken promises and unapplied cash; each user’s notifications',
  },
  { name: 'system', description: 'Health' },
];

async function registerOpenApi(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: OPENAPI_VERSION,
      info: { title: 'cashloop API', version: '1', description: API_DESCRIPTION },
      servers: [{ url: '/', description: 'this server' }],
      tags: OPENAPI_TAGS,
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'API key as a bearer token' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'cashloop_session',
            description: 'session of a signed-in user (POST /v1/session); writes also need X-CSRF-Token',
          },
          portalLink: {
            type: 'apiKey',
            in: 'header',
            name: 'Authorization',
            description:
              "a customer's portal link: `Authorization: Portal <token>` (only /v1/portal/… routes)",
          },
        },
      },
      security: [{ bearerAuth: [] }, { apiKeyHeader: [] }, { sessionCookie: [] }],
    },
    transform: createJsonSchemaTransform({ zodToJsonConfig }),
    transformObject: (input) =>
      tidyOpenApi(createJsonSchemaTransformObject({ zodToJsonConfig })(input) as OpenApiDoc),
  });
  // Swagger UI's routes take no config: they are public by their scope (auth.ts fails closed).
  await publicScope(app, async (scope) => {
    await scope.register(fastifySwaggerUi, { routePrefix: '/docs' });
  });
}

function registerErrors(app: FastifyInstance, web: WebApp | undefined): void {
  app.setErrorHandler((error, request, reply) => {
    const body = toProblem(error, request);
    if (error instanceof AccountLockedError) reply.header('retry-after', String(error.retryAfterSeconds));
    if (body.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendProblem(reply, body);
  });
  app.setNotFoundHandler((request, reply) => {
    if (web && answerAppPath(web, request, reply)) return reply;
    return sendProblem(
      reply,
      problem(404, 'not_found', `no route ${request.method} ${request.url.split('?')[0]}`, [], request.url),
    );
  });
}

function systemRoutes(app: Api, deps: CoreDeps): void {
  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, () => app.swagger());
  app.get('/health', {
    config: { access: 'public' },
    schema: {
      tags: ['system'],
      operationId: 'health',
      summary: 'Liveness and database check (no auth)',
      security: [],
      response: { 200: z.object({ status: z.literal('ok') }), ...errors },
    },
    handler: async () => {
      await checkDatabase(deps.db);
      return { status: 'ok' as const };
    },
  });
}

/** JSON bodies as usual, but an empty or missing POST body (a bare `POST …/issue`) reads as `{}`. */
function acceptEmptyJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, {});
    return parseJson(request, text, done);
  });
  app.addHook('preValidation', async (request) => {
    if (request.method === 'POST' && (request.body === undefined || request.body === null)) request.body = {};
  });
}

/** What the HTTP layer itself is told: proxies to trust, rate limits and their clock. */
export interface HttpOptions {
  /** Fastify's `trustProxy` (config.ts `HttpConfig`); default false. */
  readonly trustProxy?: boolean | number | string[];
  /** Absent: no rate limits (the API tests); `cashloop start` passes the configured ones. */
  readonly rateLimits?: RateLimits;
  /** Milliseconds of a monotonic clock for the rate limits (tests move it). */
  readonly nowMs?: () => number;
}

/** A hop count as Fastify's function form (its types take no number): trust the first `n` hops. */
function trustProxyOption(value: HttpOptions['trustProxy']): boolean | string[] | TrustProxyFunction {
  if (typeof value === 'number') return (_address, hop) => hop < value;
  return value ?? false;
}

type TrustProxyFunction = (address: string, hop: number) => boolean;

/**
 * What every request passes before its route, in this order: compilers and body parsers, security
 * headers, readiness, input limits, the per-IP rate limit, authentication, the per-principal limit.
 */
function registerRequestHooks(
  app: FastifyInstance,
  readiness: Readiness,
  sessionDeps: SessionDeps,
  http: HttpOptions,
): void {
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  acceptEmptyJson(app);
  registerSecurityHeaders(app);
  registerReadiness(app, readiness);
  registerInputLimits(app);
  if (http.rateLimits) registerIpRateLimit(app, http.rateLimits, http.nowMs);
  registerAuth(app, sessionDeps);
  if (http.rateLimits) registerPrincipalRateLimit(app, http.rateLimits, http.nowMs);
}

/** How long a sign-in's scan waits for the attempts that follow it (they share one scan). */
const SIGN_IN_SCAN_DELAY_MS = 250;

/**
 * The monitoring scan after sign-in attempts (failed sign-ins, a new place are found within
 * seconds, not at the next 15-minute scan): run after the answer, at most one at a time per tenant,
 * a burst of attempts served by one scan (and one more for those that came while it ran). Its
 * failure is logged, never the sign-in's answer; closing the app waits for the scans in progress.
 */
function signInScans(app: FastifyInstance, core: CoreDeps): CoalescedRuns {
  const runs = coalescedRuns(
    async (tenantId) => {
      await runMonitoringScan(core, tenantId);
    },
    SIGN_IN_SCAN_DELAY_MS,
    (error, tenantId) => app.log.error({ err: error, tenantId }, 'monitoring scan after sign-in failed'),
  );
  app.addHook('onClose', () => runs.idle());
  return runs;
}

/** The /v1 routes that take the core dependencies (in the order their tags appear in the docs). */
const V1_ROUTES = [
  customerRoutes,
  categoryRoutes,
  termsRoutes,
  invoiceRoutes,
  receiptRoutes,
  ledgerRoutes,
  erpRoutes,
  fxRevaluationRoutes,
  reportRoutes,
  forecastRoutes,
  goalRoutes,
  predictionRoutes,
  riskRoutes,
  apiKeyRoutes,
  documentRoutes,
  activityRoutes,
  disputeRoutes,
  disputeAttachmentRoutes,
  collectionRoutes,
  creditRoutes,
  communicationRoutes,
  numberingRoutes,
  auditRoutes,
  approvalRoutes,
  findingRoutes,
  anomalyRoutes,
  alertRoutes,
  userRoutes,
  savedViewRoutes,
  messagingRoutes,
  jobRoutes,
  dunningRoutes,
  webhookRoutes,
  paymentRoutes,
  portalLinkRoutes,
  portalRoutes,
] as const;

/**
 * Build the app over `deps`; `logger` turns Fastify's request log on; `messaging` is the outbox's
 * transport; `jobs`: the process's scheduler; `readiness`: the start-up state (ready if absent);
 * `web`: the web app's build, served at `/` (absent: no web app, as in the API tests); `http`:
 * trust-proxy and rate limits.
 */
export async function buildApp(
  deps: MessagingRouteDeps &
    JobsRouteDeps & {
      logger?: LoggerOption;
      readiness?: Readiness;
      web?: WebApp;
      sessionPolicy?: SessionPolicy;
      http?: HttpOptions;
    },
): Promise<FastifyInstance> {
  const {
    logger = false,
    readiness = new Readiness(),
    web,
    sessionPolicy = DEFAULT_SESSION_POLICY,
    http = {},
    ...core
  } = deps;
  applyPlainValidationMessages();
  const sessionDeps: SessionDeps = {
    db: core.db,
    clock: core.clock,
    sessionPolicy,
    afterSignIn: (tenantId) => scans.request(tenantId),
  };
  const app = Fastify({
    logger: loggerOptions(logger),
    bodyLimit: JSON_BODY_LIMIT.bytes,
    trustProxy: trustProxyOption(http.trustProxy),
  });
  const scans = signInScans(app, core);
  registerRequestHooks(app, readiness, sessionDeps, http);
  registerErrors(app, web);
  await registerOpenApi(app);
  if (web) await registerWebApp(app, web);
  const api = app.withTypeProvider<ZodTypeProvider>();
  systemRoutes(api, core);
  statusRoute(api, readiness);
  await api.register(
    async (v1) => {
      for (const routes of V1_ROUTES) routes(v1, core);
      sessionRoutes(v1, sessionDeps);
      sessionListRoutes(v1, sessionDeps);
      // Their own scope: statement and remittance advice files arrive as text bodies (XML, MT940,
      // BAI2, OFX, CSV), and the cash application routes have always shared that scope's body parsers.
      await v1.register(async (bank) => {
        bankRoutes(bank, core);
        cashApplicationRoutes(bank, core);
        remittanceAdviceRoutes(bank, core);
        erpFileRoutes(bank, core);
        sepaRoutes(bank, core);
        fxRoutes(bank, core);
      });
      // Its own scope: the JSON body stays the raw text its signature was computed over.
      await v1.register(async (raw) => stripeWebhookRoute(raw, core));
    },
    { prefix: '/v1' },
  );
  return app;
}
