/**
 * `cashloop secrets rotate`: re-seal every stored secret with the current key
 * (CASHLOOP_SECRET_KEY), opening each with whichever key sealed it (the current one or
 * CASHLOOP_SECRET_KEY_PREVIOUS). All in one transaction: a secret that opens with neither key
 * rolls it all back, naming the tenant. Each tenant whose secrets moved gets one audit record
 * (`secrets.rotated`: the key ids and which secrets, never a value). The stored secrets today are
 * the tenants' SMTP passwords, the webhook endpoints' signing secrets (webhooks module) and the
 * tenants' Stripe secret key and webhook signing secret (payments module); a new kind of secret
 * joins here.
 */
import { type Db, withTransaction } from '../../db/client.ts';
import {
  resealForRotation,
  type SecretKeyring,
  secretKeyIdOf,
  secretKeyMissing,
} from '../../shared/secret-box.ts';
import { recordAudit } from '../audit/index.ts';
import { resealPaymentSecretsInTx } from '../payments/index.ts';
import { resealWebhookSecretsInTx } from '../webhooks/index.ts';
import { smtpPasswordScope } from './smtp-settings.ts';
import * as repo from './templates.repository.ts';

export interface SecretRotation {
  /** The key everything is sealed with now. */
  readonly keyId: string;
  /** Secrets re-sealed from another key. */
  readonly resealed: number;
  /** Secrets already sealed with the current key. */
  readonly alreadyCurrent: number;
}

export async function rotateSecrets(db: Db, secrets: SecretKeyring | null): Promise<SecretRotation> {
  if (!secrets) throw secretKeyMissing('rotated secrets');
  const ring = secrets;
  return withTransaction(db, async (tx) => {
    let resealed = 0;
    let alreadyCurrent = 0;
    for (const row of await repo.lockAllSmtpRows(tx)) {
      if (row.passwordSealed === null) continue;
      const from = secretKeyIdOf(row.passwordSealed);
      if (from === ring.current.id) {
        alreadyCurrent += 1;
        continue;
      }
      const scope = smtpPasswordScope(row.tenantId);
      const sealed = resealForRotation(ring, scope, row.passwordSealed, `tenant ${row.tenantId}`);
      await repo.upsertSmtpRow(tx, { ...row, passwordSealed: sealed });
      resealed += 1;
      await recordAudit(tx, row.tenantId, {
        kind: 'secrets.rotated',
        objectType: 'tenant',
        objectId: row.tenantId,
        details: { secrets: ['smtp.password'], fromKeyId: from, toKeyId: ring.current.id },
      });
    }
    const webhooks = await resealWebhookSecretsInTx(tx, ring);
    const payments = await resealPaymentSecretsInTx(tx, ring);
    return {
      keyId: ring.current.id,
      resealed: resealed + webhooks.resealed + payments.resealed,
      alreadyCurrent: alreadyCurrent + webhooks.alreadyCurrent + payments.alreadyCurrent,
    };
  });
}
