/**
 * A local stand-in for the parts of Stripe's REST API cashloop calls (https://docs.stripe.com/api):
 * `POST /v1/checkout/sessions` (form-encoded, bearer key, Idempotency-Key replayed),
 * `GET /v1/payment_intents/:id` (with `expand[]=latest_charge`) and
 * `GET /v1/balance_transactions/:id`. A real node:http server, so the product's own `fetch` runs;
 * `pay()` plays the customer paying a session, and the event builders shape what Stripe would send.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSession {
  id: string;
  form: URLSearchParams;
  headers: IncomingMessage['headers'];
  amountTotal: number;
  currency: string;
  paymentIntentId: string | null;
}

interface FakeIntent {
  id: string;
  amount: number;
  currency: string;
  chargeId: string;
  balanceTransactionId: string;
  fee: number;
  metadata: Record<string, string>;
}

export interface StripeFake {
  readonly url: string;
  readonly sessions: FakeSession[];
  /** Every request as `METHOD path`. */
  readonly requests: string[];
  pay(sessionId: string, fee: number): FakeIntent;
  sessionObject(session: FakeSession, paymentStatus: 'paid' | 'unpaid'): Record<string, unknown>;
  intentObject(intent: FakeIntent): Record<string, unknown>;
  chargeObject(intent: FakeIntent, amountRefunded: number): Record<string, unknown>;
  close(): Promise<void>;
}

let seq = 0;
/** Unique per process too: an e2e server's database outlives one run of the fake. */
const RUN = Math.random().toString(36).slice(2, 8);
const next = (prefix: string) => `${prefix}_test_${RUN}${String(++seq).padStart(6, '0')}`;

function metadataOf(form: URLSearchParams, prefix = 'metadata'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form) {
    const m = new RegExp(`^${prefix.replace(/[[\]]/g, '\\$&')}\\[([a-z_]+)\\]$`).exec(k);
    if (m?.[1]) out[m[1]] = v;
  }
  return out;
}

function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** Start the fake; every call must carry `Authorization: Bearer <secretKey>`. */
export async function startStripeFake(secretKey: string): Promise<StripeFake> {
  const sessions: FakeSession[] = [];
  const intents = new Map<string, FakeIntent>();
  const requests: string[] = [];
  const byIdempotencyKey = new Map<string, FakeSession>();

  function createSession(req: IncomingMessage, body: string, res: ServerResponse) {
    const key = String(req.headers['idempotency-key'] ?? '');
    const known = byIdempotencyKey.get(key);
    const form = new URLSearchParams(body);
    const session: FakeSession = known ?? {
      id: next('cs'),
      form,
      headers: req.headers,
      amountTotal: [...form]
        .filter(([k]) => /^line_items\[\d+\]\[price_data\]\[unit_amount\]$/.test(k))
        .reduce((sum, [, v]) => sum + Number(v), 0),
      currency: form.get('line_items[0][price_data][currency]') ?? '',
      paymentIntentId: null,
    };
    if (!known) {
      sessions.push(session);
      if (key) byIdempotencyKey.set(key, session);
    }
    send(res, 200, {
      id: session.id,
      object: 'checkout.session',
      url: `https://checkout.stripe.com/c/pay/${session.id}`,
    });
  }

  function route(req: IncomingMessage, body: string, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    requests.push(`${req.method} ${url.pathname}`);
    if (req.headers.authorization !== `Bearer ${secretKey}`)
      return send(res, 401, {
        error: { type: 'invalid_request_error', message: 'Invalid API Key provided' },
      });
    if (req.method === 'POST' && url.pathname === '/v1/checkout/sessions')
      return createSession(req, body, res);
    const intent = /^\/v1\/payment_intents\/([^/]+)$/.exec(url.pathname);
    const found = intent?.[1] ? intents.get(intent[1]) : undefined;
    if (req.method === 'GET' && found) {
      const expanded = url.searchParams.getAll('expand[]').includes('latest_charge');
      return send(res, 200, {
        ...fake.intentObject(found),
        latest_charge: expanded ? fake.chargeObject(found, 0) : found.chargeId,
      });
    }
    const bt = /^\/v1\/balance_transactions\/([^/]+)$/.exec(url.pathname);
    const ofBt = [...intents.values()].find((i) => i.balanceTransactionId === bt?.[1]);
    if (req.method === 'GET' && ofBt)
      return send(res, 200, {
        id: ofBt.balanceTransactionId,
        object: 'balance_transaction',
        amount: ofBt.amount,
        fee: ofBt.fee,
        net: ofBt.amount - ofBt.fee,
        currency: ofBt.currency,
        type: 'charge',
        status: 'pending',
      });
    send(res, 404, {
      error: { type: 'invalid_request_error', message: `No such resource: ${url.pathname}` },
    });
  }

  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => route(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const fake: StripeFake = {
    url: `http://127.0.0.1:${port}`,
    sessions,
    requests,
    pay(sessionId, fee) {
      const session = sessions.find((s) => s.id === sessionId);
      if (!session) throw new Error(`no session ${sessionId}`);
      const made: FakeIntent = {
        id: next('pi'),
        amount: session.amountTotal,
        currency: session.currency,
        chargeId: next('ch'),
        balanceTransactionId: next('txn'),
        fee,
        metadata: metadataOf(session.form, 'payment_intent_data[metadata]'),
      };
      intents.set(made.id, made);
      session.paymentIntentId = made.id;
      return made;
    },
    sessionObject: (session, paymentStatus) => ({
      id: session.id,
      object: 'checkout.session',
      mode: 'payment',
      client_reference_id: session.form.get('client_reference_id'),
      metadata: metadataOf(session.form),
      payment_intent: session.paymentIntentId,
      payment_status: paymentStatus,
      status: 'complete',
      amount_total: session.amountTotal,
      currency: session.currency,
    }),
    intentObject: (i) => ({
      id: i.id,
      object: 'payment_intent',
      amount: i.amount,
      amount_received: i.amount,
      currency: i.currency,
      status: 'succeeded',
      metadata: i.metadata,
      latest_charge: i.chargeId,
    }),
    chargeObject: (i, amountRefunded) => ({
      id: i.chargeId,
      object: 'charge',
      amount: i.amount,
      amount_refunded: amountRefunded,
      refunded: amountRefunded === i.amount,
      currency: i.currency,
      payment_intent: i.id,
      balance_transaction: i.balanceTransactionId,
      metadata: {},
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return fake;
}

/** A payout object (https://docs.stripe.com/api/payouts/object) of `amount` arriving at `arrivalSeconds`. */
export function payoutObject(
  amount: number,
  arrivalSeconds: number,
  opts: { id?: string; status?: string; currency?: string; statementDescriptor?: string | null } = {},
) {
  return {
    id: opts.id ?? next('po'),
    object: 'payout',
    amount,
    arrival_date: arrivalSeconds,
    automatic: true,
    balance_transaction: next('txn'),
    currency: opts.currency ?? 'eur',
    method: 'standard',
    statement_descriptor: opts.statementDescriptor ?? null,
    status: opts.status ?? 'paid',
    type: 'bank_account',
  };
}

/** One of a dispute's balance transactions: `amount` taken (negative) or given back, with `fee`. */
export function disputeMovement(amount: number, fee: number, id = next('txn')) {
  return {
    id,
    object: 'balance_transaction',
    amount,
    fee,
    net: amount - fee,
    currency: 'eur',
    type: 'adjustment',
  };
}

/** A dispute object (https://docs.stripe.com/api/disputes/object) on the charge of `intent`. */
export function disputeObject(
  intent: { id: string; chargeId: string },
  amount: number,
  status: string,
  movements: ReturnType<typeof disputeMovement>[],
  id = 'dp_test_chargeback',
) {
  return {
    id,
    object: 'dispute',
    amount,
    currency: 'eur',
    charge: intent.chargeId,
    payment_intent: intent.id,
    reason: 'fraudulent',
    status,
    balance_transactions: movements,
  };
}

/** A Stripe event envelope around `object` (https://docs.stripe.com/api/events/object). */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  createdSeconds: number,
  id = next('evt'),
) {
  return {
    id,
    object: 'event',
    api_version: '2025-08-27.basil',
    created: createdSeconds,
    type,
    livemode: false,
    pending_webhooks: 1,
    data: { object },
  };
}
