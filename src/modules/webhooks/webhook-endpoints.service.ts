/**
 * Endpoints: create (the secret shown once, then only sealed), list, change, re-enable, rotate the
 * secret (the old one keeps signing beside the new one for 24 hours), delete. Admin use cases;
 * every change in the audit trail, never with the secret.
 */
import { type Queryable, withTransaction } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { type SecretScope, sealSecret, secretKeyMissing } from '../../shared/secret-box.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { policyOf } from './webhook-settings.ts';
import { newWebhookSecret } from './webhook-signature.ts';
import { checkEndpointUrl } from './webhook-url.ts';
import { type CreateEndpointInput, createEndpointInput, updateEndpointInput } from './webhooks.input.ts';
import * as repo from './webhooks.repository.ts';

/** How long the secret before a rotation stays valid (both sign every delivery meanwhile). */
export const ROTATION_OVERLAP_MS = 24 * 3600 * 1000;

/** An endpoint as the API shows it: never its secret. */
export interface WebhookEndpoint {
  endpointId: string;
  url: string;
  description: string;
  eventTypes: string[];
  status: 'enabled' | 'disabled';
  disabledReason: string | null;
  disabledAt: Date | null;
  consecutiveFailures: number;
  failingSince: Date | null;
  rotatingUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

function viewOf(row: repo.EndpointRow): WebhookEndpoint {
  return {
    endpointId: row.endpointId,
    url: row.url,
    description: row.description,
    eventTypes: row.eventTypes,
    status: row.status === 'disabled' ? 'disabled' : 'enabled',
    disabledReason: row.disabledReason,
    disabledAt: row.disabledAt,
    consecutiveFailures: row.consecutiveFailures,
    failingSince: row.failingSince,
    rotatingUntil: row.previousSecretSealed ? row.previousSecretUntil : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** What an endpoint's signing secrets are sealed for (shared/secret-box.ts): the one scope that opens them. */
export const webhookSecretScope = (tenantId: string, endpointId: string): SecretScope => ({
  tenantId,
  purpose: `webhook.${endpointId}`,
});

function sealNew(deps: CoreDeps, tenantId: string, endpointId: string): { secret: string; sealed: string } {
  if (!deps.secrets) throw secretKeyMissing('A webhook signing secret');
  const secret = newWebhookSecret();
  return { secret, sealed: sealSecret(deps.secrets, webhookSecretScope(tenantId, endpointId), secret) };
}

/** Create an endpoint; the answer carries its secret, the only time it is shown. */
export async function createWebhookEndpoint(deps: CoreDeps, tenantId: string, raw: CreateEndpointInput) {
  const input = createEndpointInput.parse(raw);
  const url = checkEndpointUrl(input.url, policyOf(deps.webhooks).allowPrivateAddresses);
  const endpointId = newId();
  const { secret, sealed } = sealNew(deps, tenantId, endpointId);
  const now = deps.clock.now();
  const row = {
    tenantId,
    endpointId,
    url,
    description: input.description ?? '',
    eventTypes: [...new Set(input.eventTypes)],
    secretSealed: sealed,
    createdAt: now,
    updatedAt: now,
  };
  await withTransaction(deps.db, async (tx) => {
    await repo.insertEndpoint(tx, row);
    await recordAudit(tx, tenantId, {
      kind: 'webhook_endpoint.created',
      objectType: 'webhook_endpoint',
      objectId: endpointId,
      changes: changedFields({}, { url, eventTypes: row.eventTypes }),
    });
  });
  const created = await getWebhookEndpoint(deps.db, tenantId, endpointId);
  return { ...created, secret };
}

export async function getWebhookEndpoint(q: Queryable, tenantId: string, endpointId: string) {
  const row = await repo.findEndpoint(q, tenantId, endpointId);
  if (!row) throw notFound('webhook endpoint', endpointId);
  return viewOf(row);
}

export async function listWebhookEndpoints(q: Queryable, tenantId: string): Promise<WebhookEndpoint[]> {
  return (await repo.listEndpointRows(q, tenantId)).map(viewOf);
}

/** Change URL, description, event types; `enabled: true` re-enables (failures counted afresh). */
export async function updateWebhookEndpoint(
  deps: CoreDeps,
  tenantId: string,
  endpointId: string,
  raw: unknown,
) {
  const input = updateEndpointInput.parse(raw);
  const allowPrivate = policyOf(deps.webhooks).allowPrivateAddresses;
  await withTransaction(deps.db, async (tx) => {
    const before = await repo.lockEndpoint(tx, tenantId, endpointId);
    if (!before) throw notFound('webhook endpoint', endpointId);
    const patch: Partial<repo.EndpointRow> = { updatedAt: deps.clock.now() };
    if (input.url !== undefined) patch.url = checkEndpointUrl(input.url, allowPrivate);
    if (input.description !== undefined) patch.description = input.description;
    if (input.eventTypes) patch.eventTypes = [...new Set(input.eventTypes)];
    if (input.enabled !== undefined) Object.assign(patch, enabledPatch(input.enabled));
    await repo.updateEndpoint(tx, tenantId, endpointId, patch);
    const shown = (r: Partial<repo.EndpointRow>) => ({
      url: r.url,
      eventTypes: r.eventTypes,
      status: r.status,
    });
    await recordAudit(tx, tenantId, {
      kind: 'webhook_endpoint.updated',
      objectType: 'webhook_endpoint',
      objectId: endpointId,
      changes: changedFields(shown(before), shown({ ...before, ...patch })),
    });
  });
  return getWebhookEndpoint(deps.db, tenantId, endpointId);
}

function enabledPatch(enabled: boolean): Partial<repo.EndpointRow> {
  return enabled
    ? {
        status: 'enabled',
        disabledReason: null,
        disabledAt: null,
        consecutiveFailures: 0,
        failingSince: null,
      }
    : { status: 'disabled', disabledReason: 'disabled by a user' };
}

/** A new secret (shown once); the current one keeps signing beside it for 24 hours. */
export async function rotateWebhookSecret(deps: CoreDeps, tenantId: string, endpointId: string) {
  const { secret, sealed } = sealNew(deps, tenantId, endpointId);
  const now = deps.clock.now();
  await withTransaction(deps.db, async (tx) => {
    const before = await repo.lockEndpoint(tx, tenantId, endpointId);
    if (!before) throw notFound('webhook endpoint', endpointId);
    await repo.updateEndpoint(tx, tenantId, endpointId, {
      secretSealed: sealed,
      previousSecretSealed: before.secretSealed,
      previousSecretUntil: new Date(now.getTime() + ROTATION_OVERLAP_MS),
      updatedAt: now,
    });
    await recordAudit(tx, tenantId, {
      kind: 'webhook_endpoint.secret_rotated',
      objectType: 'webhook_endpoint',
      objectId: endpointId,
    });
  });
  return { ...(await getWebhookEndpoint(deps.db, tenantId, endpointId)), secret };
}

export async function deleteWebhookEndpoint(deps: CoreDeps, tenantId: string, endpointId: string) {
  await withTransaction(deps.db, async (tx) => {
    const before = await repo.lockEndpoint(tx, tenantId, endpointId);
    if (!before) throw notFound('webhook endpoint', endpointId);
    await repo.deleteEndpoint(tx, tenantId, endpointId);
    await recordAudit(tx, tenantId, {
      kind: 'webhook_endpoint.deleted',
      objectType: 'webhook_endpoint',
      objectId: endpointId,
      changes: changedFields({ url: before.url }, {}),
    });
  });
}
