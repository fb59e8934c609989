/**
 * Delivering after commit: claim the due deliveries of enabled endpoints, sign each (every secret
 * valid now: two during a rotation), POST it outside any transaction, then record the attempt in
 * the delivery log and the delivery's next step in one transaction — success; a retry at the next
 * delay of the schedule; or `failed` once the schedule is spent. An endpoint that failed
 * `disableAfterFailures` attempts in a row over at least `disableAfterSeconds` is disabled (its
 * pending deliveries wait until it is re-enabled) and the `onEndpointDisabled` port is told.
 * The `webhook-id` is the event's id: the same in every retry and replay, so a receiver dedupes.
 */
import { type Tx, withTransaction } from '../../db/client.ts';
import { newId } from '../../shared/ids.ts';
import { openSecret } from '../../shared/secret-box.ts';
import { recordAudit } from '../audit/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { webhookSecretScope } from './webhook-endpoints.service.ts';
import { nextAttemptAt, shouldDisable, truncatedBody, type WebhookPolicy } from './webhook-policy.ts';
import { policyOf, transportOf } from './webhook-settings.ts';
import { signedHeaders } from './webhook-signature.ts';
import type { AttemptOutcome } from './webhook-transport.types.ts';
import * as repo from './webhooks.repository.ts';

export interface DeliverySummary {
  attempted: number;
  succeeded: number;
  failed: number;
  disabledEndpoints: number;
}

/** Deliver what is due for `tenantId` at the clock's now, batch after batch, until nothing is due. */
export async function deliverWebhooks(
  deps: CoreDeps,
  o: { tenantId: string; signal?: AbortSignal },
): Promise<DeliverySummary> {
  const policy = policyOf(deps.webhooks);
  transportOf(deps.webhooks);
  const sum: DeliverySummary = { attempted: 0, succeeded: 0, failed: 0, disabledEndpoints: 0 };
  for (;;) {
    if (o.signal?.aborted) break;
    const now = deps.clock.now();
    const lease = new Date(now.getTime() + policy.timeoutMs * 2 + 60_000);
    const batch = await repo.claimDue(deps.db, o.tenantId, now, lease, policy.batchSize);
    if (batch.length === 0) break;
    for (const d of batch) {
      const r = await attemptOne(deps, policy, o.tenantId, d);
      sum.attempted += 1;
      if (r.ok) sum.succeeded += 1;
      else sum.failed += 1;
      if (r.disabled) sum.disabledEndpoints += 1;
    }
  }
  return sum;
}

/** The body and headers of delivery `d` at `now` (webhook-id = the event's id). */
export function signedRequest(deps: CoreDeps, tenantId: string, d: repo.ClaimedDelivery, now: Date) {
  const body = JSON.stringify({
    type: d.type,
    timestamp: new Date(d.occurred_at).toISOString(),
    data: d.data,
  });
  const secrets = secretsOf(deps, tenantId, d, now);
  return { body, headers: signedHeaders(secrets, d.event_id, Math.floor(now.getTime() / 1000), body) };
}

function secretsOf(deps: CoreDeps, tenantId: string, d: repo.ClaimedDelivery, now: Date): string[] {
  if (!deps.secrets) throw new Error('webhook secrets cannot be opened: CASHLOOP_SECRET_KEY is not set');
  const scope = webhookSecretScope(tenantId, d.endpoint_id);
  const out = [openSecret(deps.secrets, scope, d.secret_sealed)];
  const until = d.previous_secret_until ? new Date(d.previous_secret_until) : null;
  if (d.previous_secret_sealed && until && until > now)
    out.push(openSecret(deps.secrets, scope, d.previous_secret_sealed));
  return out;
}

async function attemptOne(deps: CoreDeps, policy: WebhookPolicy, tenantId: string, d: repo.ClaimedDelivery) {
  const startedAt = deps.clock.now();
  let outcome: AttemptOutcome;
  try {
    const req = signedRequest(deps, tenantId, d, startedAt);
    outcome = await transportOf(deps.webhooks)({
      url: d.url,
      headers: req.headers,
      body: req.body,
      timeoutMs: policy.timeoutMs,
      allowPrivate: policy.allowPrivateAddresses,
    });
  } catch (e) {
    // Opening the secret failed (a key gone): the message names no secret.
    outcome = { statusCode: null, body: null, error: (e as Error).message, durationMs: 0 };
  }
  return recordOutcome(deps, policy, tenantId, d, startedAt, outcome);
}

const isSuccess = (o: AttemptOutcome) => o.error === null && o.statusCode !== null && o.statusCode < 300;

/** The attempt in the log, the delivery's next step, the endpoint's failure streak: one transaction. */
async function recordOutcome(
  deps: CoreDeps,
  policy: WebhookPolicy,
  tenantId: string,
  d: repo.ClaimedDelivery,
  startedAt: Date,
  outcome: AttemptOutcome,
): Promise<{ ok: boolean; disabled: boolean }> {
  const ok = isSuccess(outcome);
  const attemptNo = d.attempts + 1;
  const now = deps.clock.now();
  return withTransaction(deps.db, async (tx) => {
    await repo.insertAttempt(tx, {
      tenantId,
      attemptId: newId(),
      deliveryId: d.delivery_id,
      attemptNo,
      startedAt,
      durationMs: outcome.durationMs,
      statusCode: outcome.statusCode,
      responseBody: outcome.body === null ? null : truncatedBody(outcome.body),
      error: outcome.error?.slice(0, 1000) ?? (ok ? null : `answered ${outcome.statusCode}`),
    });
    const retryAt = ok ? null : nextAttemptAt(policy, attemptNo, now);
    await repo.updateDelivery(tx, tenantId, d.delivery_id, {
      attempts: attemptNo,
      lastAttemptAt: now,
      status: ok ? 'succeeded' : retryAt ? 'pending' : 'failed',
      nextAttemptAt: retryAt,
    });
    const endpoint = await repo.lockEndpoint(tx, tenantId, d.endpoint_id);
    if (!endpoint) return { ok, disabled: false };
    if (ok) {
      await repo.updateEndpoint(tx, tenantId, d.endpoint_id, { consecutiveFailures: 0, failingSince: null });
      return { ok, disabled: false };
    }
    return { ok, disabled: await countFailure(deps, policy, tx, endpoint, now) };
  });
}

async function countFailure(
  deps: CoreDeps,
  policy: WebhookPolicy,
  tx: Tx,
  endpoint: repo.EndpointRow,
  now: Date,
): Promise<boolean> {
  const failures = endpoint.consecutiveFailures + 1;
  const since = endpoint.failingSince ?? now;
  const disable = endpoint.status === 'enabled' && shouldDisable(policy, failures, since, now);
  const reason = `${failures} failed attempts in a row since ${since.toISOString()}`;
  await repo.updateEndpoint(tx, endpoint.tenantId, endpoint.endpointId, {
    consecutiveFailures: failures,
    failingSince: since,
    ...(disable ? { status: 'disabled', disabledReason: reason, disabledAt: now } : {}),
  });
  if (!disable) return false;
  await recordAudit(tx, endpoint.tenantId, {
    kind: 'webhook_endpoint.disabled',
    objectType: 'webhook_endpoint',
    objectId: endpoint.endpointId,
    reason,
  });
  await deps.webhooks?.onEndpointDisabled?.(tx, endpoint.tenantId, {
    endpointId: endpoint.endpointId,
    url: endpoint.url,
    reason,
    disabledAt: now,
  });
  return true;
}
