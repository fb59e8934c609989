/**
 * /v1/payments: online payment through a provider (Stripe): the tenant's provider settings
 * (admin), hosted checkouts for open invoices (collect: a collector sends the customer a payment
 * link; nothing is posted until the provider reports the payment), the event log, and the
 * provider's webhook (public, authenticated by its signature on the raw body).
 */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  checkoutInput,
  createCheckout,
  getCheckoutOrThrow,
  getStripeSettings,
  listPaymentEvents,
  listPayouts,
  receiveStripeWebhook,
  stripeSettingsInput,
  updateStripeSettings,
} from '../../modules/payments/index.ts';
import { AppError, validationFailed } from '../../shared/errors.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import {
  checkoutSchema,
  checkoutView,
  paymentEventSchema,
  paymentPayoutSchema,
  stripeSettingsSchema,
  stripeSettingsView,
  webhookAnswerSchema,
} from './payments.schemas.ts';

const tags = ['payments'];

/** Registers each route of the module but the webhook (one small function per route, below). */
export function paymentRoutes(app: Api, deps: CoreDeps): void {
  settingsRoutes(app, deps);
  checkoutRoutes(app, deps);
  eventsRoute(app, deps);
  payoutsRoute(app, deps);
}

function settingsRoutes(app: Api, deps: CoreDeps): void {
  app.get('/payments/stripe/settings', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'getStripeSettings',
      summary: 'The Stripe account settings (never the secrets)',
      response: { 200: stripeSettingsSchema, ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      return stripeSettingsView(await getStripeSettings(deps.db, tenantId), tenantId);
    },
  });
  app.put('/payments/stripe/settings', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'updateStripeSettings',
      summary: 'Set the Stripe secret key, webhook signing secret and API base URL',
      description:
        'Secrets are sealed with CASHLOOP_SECRET_KEY (409 `secret_key_missing` without one) and never shown again; a secret left out is kept, null removes it.',
      body: stripeSettingsInput,
      response: { 200: stripeSettingsSchema, ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      return stripeSettingsView(await updateStripeSettings(deps, tenantId, req.body), tenantId);
    },
  });
}

function checkoutRoutes(app: Api, deps: CoreDeps): void {
  app.post('/payments/checkout-sessions', {
    config: { access: 'collect' },
    schema: {
      tags,
      operationId: 'createCheckoutSession',
      summary: 'A Stripe Checkout Session for open invoices of one customer',
      description:
        "One line per invoice at its open amount, in the invoices' currency (card; card and SEPA debit in EUR). Refused (422 naming `invoices[i]`): an invoice not open, of another customer, in another currency. Stripe unreachable or refusing: 502 `provider_failed`.",
      headers: idempotencyHeaders,
      body: checkoutInput,
      response: { 201: checkoutSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) =>
        checkoutView(await createCheckout(d, principalOf(req).tenantId, req.body)),
      ),
  });
  app.get('/payments/checkout-sessions/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getCheckoutSession',
      summary: 'One checkout: its status, receipt, fee and refunds',
      params: idParam('checkout id'),
      response: { 200: checkoutSchema, ...errors },
    },
    handler: async (req) =>
      checkoutView(await getCheckoutOrThrow(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}

/** The cursor of an event page: the last event's receipt time and id. */
function eventCursor(cursor: string | undefined) {
  const text = decodeCursor(cursor, 'text');
  if (text === undefined) return undefined;
  const at = text.indexOf('|');
  const receivedAt = new Date(text.slice(0, at));
  if (at < 0 || Number.isNaN(receivedAt.getTime()))
    throw validationFailed('invalid cursor', [
      { field: 'cursor', message: 'not a cursor returned by this list' },
    ]);
  return { receivedAt, eventId: text.slice(at + 1) };
}

function eventsRoute(app: Api, deps: CoreDeps): void {
  app.get('/payments/events', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listPaymentEvents',
      summary: "The provider's events received, newest first (what was booked, what waits)",
      querystring: z.object(pageQuery),
      response: { 200: pageOf(paymentEventSchema), ...errors },
    },
    handler: async (req) => {
      const { limit, cursor } = req.query;
      const tenantId = principalOf(req).tenantId;
      const rows = await listPaymentEvents(deps.db, tenantId, limit + 1, eventCursor(cursor));
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((e) => ({
          ...e,
          status: e.status as z.infer<typeof paymentEventSchema>['status'],
          receivedAt: e.receivedAt.toISOString(),
          handledAt: e.handledAt?.toISOString() ?? null,
        })),
        nextCursor:
          rows.length > limit && last
            ? encodeCursor(`${last.receivedAt.toISOString()}|${last.eventId}`)
            : null,
      };
    },
  });
}

/**
 * The webhook, in a scope of its own whose JSON parser keeps the body as received: the signature
 * is over those exact bytes. A refused signature is logged with the tenant and the reason only.
 */
export function stripeWebhookRoute(app: Api, deps: CoreDeps): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
    done(null, typeof body === 'string' ? body : body.toString('utf8')),
  );
  app.post('/payments/stripe/webhook', {
    config: { access: 'public' },
    schema: {
      tags,
      operationId: 'receiveStripeWebhook',
      summary: "Stripe's webhook (public; verified by Stripe-Signature)",
      description:
        "Register `…/v1/payments/stripe/webhook?tenant=<tenant id>` in Stripe. The `Stripe-Signature` header is checked on the raw body with the tenant's signing secret (any v1, 300 s tolerance): forged, stale or missing → 400 `signature_invalid`. Each event id is handled once; a repeat answers 200 `duplicate`.",
      querystring: z.object({ tenant: z.string().min(1).max(64).describe('tenant id') }),
      headers: z.object({ 'stripe-signature': z.string().max(4000).optional() }),
      response: { 200: webhookAnswerSchema, ...errors },
    },
    handler: async (req) => {
      const rawBody = typeof req.body === 'string' ? req.body : '';
      try {
        const outcome = await receiveStripeWebhook(deps, {
          tenantId: req.query.tenant,
          rawBody,
          signature: req.headers['stripe-signature'],
        });
        return { received: true as const, eventId: outcome.eventId, status: outcome.status };
      } catch (error) {
        if (error instanceof AppError && error.code === 'signature_invalid')
          req.log.warn({ tenant: req.query.tenant, reason: error.message }, 'stripe webhook refused');
        throw error;
      }
    },
  });
}

function payoutsRoute(app: Api, deps: CoreDeps): void {
  app.get('/payments/payouts', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listPaymentPayouts',
      summary: "The provider's payouts, newest arrival first, with the bank line each was matched to",
      querystring: z.object(pageQuery),
      response: { 200: pageOf(paymentPayoutSchema), ...errors },
    },
    handler: async (req) => {
      const { limit, cursor } = req.query;
      const rows = await listPayouts(deps.db, principalOf(req).tenantId, limit + 1, payoutCursor(cursor));
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((p) => ({
          ...p,
          provider: 'stripe' as const,
          status: p.status as z.infer<typeof paymentPayoutSchema>['status'],
          matchState: p.matchState as z.infer<typeof paymentPayoutSchema>['matchState'],
        })),
        nextCursor: rows.length > limit && last ? encodeCursor(`${last.arrivalDate}|${last.payoutId}`) : null,
      };
    },
  });
}

/** The cursor of a payout page: the last payout's arrival date and id. */
function payoutCursor(cursor: string | undefined) {
  const text = decodeCursor(cursor, 'text');
  if (text === undefined) return undefined;
  const [arrivalDate = '', payoutId = ''] = text.split('|');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(arrivalDate) || payoutId === '')
    throw validationFailed('invalid cursor', [
      { field: 'cursor', message: 'not a cursor returned by this list' },
    ]);
  return { arrivalDate, payoutId };
}
