/**
 * The webhooks' part of `cashloop secrets rotate` (messaging's `rotateSecrets`): every endpoint's
 * sealed signing secrets (current and, during a rotation, previous) re-sealed with the current
 * CASHLOOP_SECRET_KEY in the caller's transaction. A secret that opens with neither key throws
 * `invalid_state` naming the tenant and endpoint, never the secret, so the whole rotation rolls back.
 */
import type { Tx } from '../../db/client.ts';
import { resealForRotation, type SecretKeyring, secretKeyIdOf } from '../../shared/secret-box.ts';
import { recordAudit } from '../audit/index.ts';
import { webhookSecretScope } from './webhook-endpoints.service.ts';
import * as repo from './webhooks.repository.ts';

export interface ResealCount {
  resealed: number;
  alreadyCurrent: number;
}

function resealOne(ring: SecretKeyring, row: repo.EndpointRow, sealed: string): string {
  const owner = `tenant ${row.tenantId}, webhook endpoint ${row.endpointId}`;
  return resealForRotation(ring, webhookSecretScope(row.tenantId, row.endpointId), sealed, owner);
}

/** Re-seal every webhook secret of every tenant not sealed with the current key. */
export async function resealWebhookSecretsInTx(tx: Tx, ring: SecretKeyring): Promise<ResealCount> {
  const count: ResealCount = { resealed: 0, alreadyCurrent: 0 };
  for (const row of await repo.lockAllEndpoints(tx)) {
    const stale = (s: string | null) => s !== null && secretKeyIdOf(s) !== ring.current.id;
    if (!stale(row.secretSealed) && !stale(row.previousSecretSealed)) {
      count.alreadyCurrent += 1;
      continue;
    }
    const from = secretKeyIdOf(row.secretSealed);
    await repo.updateEndpoint(tx, row.tenantId, row.endpointId, {
      secretSealed: resealOne(ring, row, row.secretSealed),
      previousSecretSealed: row.previousSecretSealed ? resealOne(ring, row, row.previousSecretSealed) : null,
    });
    count.resealed += 1;
    await recordAudit(tx, row.tenantId, {
      kind: 'secrets.rotated',
      objectType: 'webhook_endpoint',
      objectId: row.endpointId,
      details: { secrets: ['webhook.secret'], fromKeyId: from, toKeyId: ring.current.id },
    });
  }
  return count;
}
