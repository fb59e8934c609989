/**
 * The payments' part of `cashloop secrets rotate` (messaging's `rotateSecrets`): every tenant's
 * Stripe secret key and webhook signing secret re-sealed with the current CASHLOOP_SECRET_KEY in the
 * caller's transaction. A secret that opens with neither key throws `invalid_state` naming the
 * tenant, never the secret, so the whole rotation rolls back.
 */
import type { Tx } from '../../db/client.ts';
import { resealForRotation, type SecretKeyring, secretKeyIdOf } from '../../shared/secret-box.ts';
import { recordAudit } from '../audit/index.ts';
import { type StripeSecretName, stripeSecretScope } from './payment-settings.service.ts';
import * as repo from './payments.repository.ts';

export interface PaymentResealCount {
  resealed: number;
  alreadyCurrent: number;
}

/** Re-seal every tenant's Stripe secrets not sealed with the current key. */
export async function resealPaymentSecretsInTx(tx: Tx, ring: SecretKeyring): Promise<PaymentResealCount> {
  const count: PaymentResealCount = { resealed: 0, alreadyCurrent: 0 };
  for (const row of await repo.lockAllSettings(tx)) {
    const stale = (s: string | null) => s !== null && secretKeyIdOf(s) !== ring.current.id;
    if (!stale(row.secretKeySealed) && !stale(row.webhookSecretSealed)) {
      if (row.secretKeySealed || row.webhookSecretSealed) count.alreadyCurrent += 1;
      continue;
    }
    const owner = `tenant ${row.tenantId}, Stripe settings`;
    const reseal = (name: StripeSecretName, s: string | null) =>
      s === null ? null : resealForRotation(ring, stripeSecretScope(row.tenantId, name), s, owner);
    const from = secretKeyIdOf(row.secretKeySealed ?? row.webhookSecretSealed ?? '');
    await repo.upsertSettings(tx, {
      ...row,
      secretKeySealed: reseal('secret_key', row.secretKeySealed),
      webhookSecretSealed: reseal('webhook_secret', row.webhookSecretSealed),
    });
    count.resealed += 1;
    await recordAudit(tx, row.tenantId, {
      kind: 'secrets.rotated',
      objectType: 'tenant',
      objectId: row.tenantId,
      details: {
        secrets: ['payments.stripe.secret_key', 'payments.stripe.webhook_secret'],
        fromKeyId: from,
        toKeyId: ring.current.id,
      },
    });
  }
  return count;
}
