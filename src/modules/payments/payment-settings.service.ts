/**
 * The tenant's Stripe account: the secret key and the webhook signing secret are sealed with the
 * secret box (scope `payments.stripe.secret_key` / `payments.stripe.webhook_secret`), never shown,
 * logged or written to the audit trail (only whether each is set); the API base URL is plain.
 */
import { type Queryable, withTransaction } from '../../db/client.ts';
import { invalidState } from '../../shared/errors.ts';
import {
  openSecret,
  type SecretKeyring,
  type SecretScope,
  sealSecret,
  secretKeyMissing,
} from '../../shared/secret-box.ts';
import { recordAudit } from '../audit/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import type { ProviderAccount } from './payment-provider.ts';
import { type StripeSettingsInput, stripeSettingsInput } from './payments.input.ts';
import * as repo from './payments.repository.ts';

export const DEFAULT_STRIPE_API_BASE_URL = 'https://api.stripe.com';

export type StripeSecretName = 'secret_key' | 'webhook_secret';

/** What a Stripe secret of the tenant is sealed for: the one scope that opens it. */
export const stripeSecretScope = (tenantId: string, name: StripeSecretName): SecretScope => ({
  tenantId,
  purpose: `payments.stripe.${name}`,
});

/** The settings as the API shows them: never a secret, only whether it is set. */
export interface StripeSettingsView {
  provider: 'stripe';
  secretKeySet: boolean;
  webhookSecretSet: boolean;
  apiBaseUrl: string;
  updatedAt: Date | null;
}

function viewOf(row: repo.SettingsRow | null): StripeSettingsView {
  return {
    provider: 'stripe',
    secretKeySet: Boolean(row?.secretKeySealed),
    webhookSecretSet: Boolean(row?.webhookSecretSealed),
    apiBaseUrl: row?.apiBaseUrl ?? DEFAULT_STRIPE_API_BASE_URL,
    updatedAt: row?.updatedAt ?? null,
  };
}

export async function getStripeSettings(q: Queryable, tenantId: string): Promise<StripeSettingsView> {
  return viewOf(await repo.settingsOf(q, tenantId));
}

function sealed(
  ring: SecretKeyring | null | undefined,
  tenantId: string,
  name: StripeSecretName,
  value: string | null | undefined,
  before: string | null,
): string | null {
  if (value === undefined) return before;
  if (value === null) return null;
  if (!ring) throw secretKeyMissing(`the Stripe ${name.replace('_', ' ')}`);
  return sealSecret(ring, stripeSecretScope(tenantId, name), value);
}

/** Change the settings (a secret left out is kept; null removes it); audited without values. */
export async function updateStripeSettings(deps: CoreDeps, tenantId: string, raw: StripeSettingsInput) {
  const input = stripeSettingsInput.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    const before = await repo.settingsOf(tx, tenantId);
    const row = {
      tenantId,
      provider: 'stripe',
      secretKeySealed: sealed(
        deps.secrets,
        tenantId,
        'secret_key',
        input.secretKey,
        before?.secretKeySealed ?? null,
      ),
      webhookSecretSealed: sealed(
        deps.secrets,
        tenantId,
        'webhook_secret',
        input.webhookSecret,
        before?.webhookSecretSealed ?? null,
      ),
      apiBaseUrl: input.apiBaseUrl ?? before?.apiBaseUrl ?? DEFAULT_STRIPE_API_BASE_URL,
      updatedAt: deps.clock.now(),
    };
    await repo.upsertSettings(tx, row);
    await recordAudit(tx, tenantId, {
      kind: 'payments.settings_changed',
      objectType: 'tenant',
      objectId: tenantId,
      details: {
        secretKey: input.secretKey === undefined ? 'kept' : input.secretKey === null ? 'removed' : 'replaced',
        webhookSecret:
          input.webhookSecret === undefined ? 'kept' : input.webhookSecret === null ? 'removed' : 'replaced',
        apiBaseUrl: row.apiBaseUrl,
      },
    });
    return viewOf(row);
  });
}

function opened(
  ring: SecretKeyring | null | undefined,
  tenantId: string,
  name: StripeSecretName,
  envelope: string,
) {
  if (!ring) throw secretKeyMissing(`the Stripe ${name.replace('_', ' ')}`);
  return openSecret(ring, stripeSecretScope(tenantId, name), envelope);
}

/** The tenant's Stripe account to call; refused (409) when no secret key is set. */
export async function providerAccountOrThrow(
  q: Queryable,
  ring: SecretKeyring | null | undefined,
  tenantId: string,
): Promise<ProviderAccount> {
  const row = await repo.settingsOf(q, tenantId);
  if (!row?.secretKeySealed)
    throw invalidState('no Stripe secret key is set: PUT /v1/payments/stripe/settings first');
  return { secretKey: opened(ring, tenantId, 'secret_key', row.secretKeySealed), apiBaseUrl: row.apiBaseUrl };
}

/** The tenant's webhook signing secret, or null when none is set (every delivery is then refused). */
export async function webhookSecretOf(
  q: Queryable,
  ring: SecretKeyring | null | undefined,
  tenantId: string,
): Promise<string | null> {
  const row = await repo.settingsOf(q, tenantId);
  if (!row?.webhookSecretSealed || !ring) return null;
  return opened(ring, tenantId, 'webhook_secret', row.webhookSecretSealed);
}
