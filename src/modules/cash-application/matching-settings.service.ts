/**
 * The tenant's matching thresholds: the part of the engine's model a finance user decides on —
 * when a proposal is applied without a person (threshold, lead over the runner-up, lead over another
 * customer), how many suggestions a person sees, and how much short a payment may be and still
 * settle its items (bank charges, per currency). Everything else in `EngineConfig` stays as
 * measured on the benchmark. A tenant without saved settings uses `DEFAULT_ENGINE_CONFIG`.
 */

import { z } from 'zod';
import { type Db, type Queryable, withTransaction } from '../../db/client.ts';
import { isKnownCurrency } from '../../shared/currency.ts';
import { validationFailed } from '../../shared/errors.ts';
import { formatAmount, tryParseAmount } from '../../shared/money.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { DEFAULT_ENGINE_CONFIG, type EngineConfig } from './engine-config.ts';
import * as repo from './matching-settings.repository.ts';

export interface MatchingSettings {
  autoApplyThreshold: number;
  autoApplyMargin: number;
  customerMargin: number;
  maxSuggestions: number;
  /** Overrides of the bank-charge tolerance, minor units by currency. */
  bankChargeTolerancesMinor: Record<string, bigint>;
}

export const DEFAULT_MATCHING_SETTINGS: MatchingSettings = {
  autoApplyThreshold: DEFAULT_ENGINE_CONFIG.autoApplyThreshold,
  autoApplyMargin: DEFAULT_ENGINE_CONFIG.autoApplyMargin,
  customerMargin: DEFAULT_ENGINE_CONFIG.customerMargin,
  maxSuggestions: DEFAULT_ENGINE_CONFIG.maxSuggestions,
  bankChargeTolerancesMinor: {},
};

export const matchingSettingsPatch = z
  .object({
    autoApplyThreshold: z
      .number()
      .min(0.5)
      .max(1)
      .optional()
      .describe('0.5–1; 1: nothing is applied without a person'),
    autoApplyMargin: z.number().min(0).max(0.5).optional(),
    customerMargin: z.number().min(0).max(0.5).optional(),
    maxSuggestions: z.number().int().min(1).max(10).optional(),
    bankChargeTolerances: z
      .record(z.string().regex(/^[A-Z]{3}$/), z.string().nullable())
      .optional()
      .describe('per currency: a decimal amount ≥ 0 in its decimals, or null to return to the default'),
  })
  .strict();
export type MatchingSettingsPatch = z.infer<typeof matchingSettingsPatch>;

/** The tenant's settings, or the defaults when none were saved. */
export async function getMatchingSettings(q: Queryable, tenantId: string): Promise<MatchingSettings> {
  const row = await repo.findMatchingSettings(q, tenantId);
  if (!row) return DEFAULT_MATCHING_SETTINGS;
  const tolerances = Object.entries(row.bankChargeTolerances).map(
    ([c, minor]) => [c, BigInt(minor)] as const,
  );
  return {
    autoApplyThreshold: row.autoApplyThreshold,
    autoApplyMargin: row.autoApplyMargin,
    customerMargin: row.customerMargin,
    maxSuggestions: row.maxSuggestions,
    bankChargeTolerancesMinor: Object.fromEntries(tolerances),
  };
}

/** The engine's model with the tenant's settings laid over the defaults. */
export function engineConfigWith(
  s: MatchingSettings,
  base: EngineConfig = DEFAULT_ENGINE_CONFIG,
): EngineConfig {
  return {
    ...base,
    autoApplyThreshold: s.autoApplyThreshold,
    autoApplyMargin: s.autoApplyMargin,
    customerMargin: s.customerMargin,
    maxSuggestions: s.maxSuggestions,
    bankCharges: {
      ...base.bankCharges,
      byCurrency: { ...base.bankCharges.byCurrency, ...s.bankChargeTolerancesMinor },
    },
  };
}

/** The tenant's engine model (what a matching run uses). */
export async function tenantEngineConfig(q: Queryable, tenantId: string): Promise<EngineConfig> {
  return engineConfigWith(await getMatchingSettings(q, tenantId));
}

/** Tolerance overrides after a patch: amounts checked against each currency's decimals (422 naming the field). */
function patchedTolerances(
  current: Record<string, bigint>,
  patch: Record<string, string | null> | undefined,
): Record<string, bigint> {
  const next = { ...current };
  for (const [currency, amount] of Object.entries(patch ?? {})) {
    const field = `bankChargeTolerances.${currency}`;
    if (!isKnownCurrency(currency))
      throw validationFailed('unknown currency', [{ field, message: 'unknown ISO 4217 currency' }]);
    if (amount === null) {
      delete next[currency];
      continue;
    }
    const minor = tryParseAmount(amount, currency);
    if (minor === null || minor < 0n)
      throw validationFailed('invalid tolerance', [
        { field, message: `an amount ≥ 0 with at most the decimals of ${currency}` },
      ]);
    next[currency] = minor;
  }
  return next;
}

/** Change some settings (admin); returns all of them. */
export async function updateMatchingSettings(
  db: Db,
  tenantId: string,
  raw: MatchingSettingsPatch,
): Promise<MatchingSettings> {
  const patch = matchingSettingsPatch.parse(raw);
  return withTransaction(db, async (tx) => {
    const current = await getMatchingSettings(tx, tenantId);
    const next: MatchingSettings = {
      autoApplyThreshold: patch.autoApplyThreshold ?? current.autoApplyThreshold,
      autoApplyMargin: patch.autoApplyMargin ?? current.autoApplyMargin,
      customerMargin: patch.customerMargin ?? current.customerMargin,
      maxSuggestions: patch.maxSuggestions ?? current.maxSuggestions,
      bankChargeTolerancesMinor: patchedTolerances(
        current.bankChargeTolerancesMinor,
        patch.bankChargeTolerances,
      ),
    };
    const stored = Object.entries(next.bankChargeTolerancesMinor).map(([c, m]) => [c, m.toString()] as const);
    await repo.upsertMatchingSettings(tx, tenantId, {
      ...next,
      bankChargeTolerances: Object.fromEntries(stored),
    });
    const changes = changedFields({ ...current }, { ...next });
    if (Object.keys(changes).length > 0)
      await recordAudit(tx, tenantId, {
        kind: 'matching_settings.updated',
        objectType: 'tenant',
        objectId: tenantId,
        changes,
      });
    return next;
  });
}

/** The settings as JSON: tolerances as decimal strings of their currency, with the defaults beside them. */
export function matchingSettingsJson(s: MatchingSettings) {
  const amounts = (m: Readonly<Record<string, bigint>>) =>
    Object.fromEntries(Object.entries(m).map(([c, minor]) => [c, formatAmount(minor, c)]));
  return {
    autoApplyThreshold: s.autoApplyThreshold,
    autoApplyMargin: s.autoApplyMargin,
    customerMargin: s.customerMargin,
    maxSuggestions: s.maxSuggestions,
    bankChargeTolerances: amounts(s.bankChargeTolerancesMinor),
    defaults: {
      autoApplyThreshold: DEFAULT_MATCHING_SETTINGS.autoApplyThreshold,
      autoApplyMargin: DEFAULT_MATCHING_SETTINGS.autoApplyMargin,
      customerMargin: DEFAULT_MATCHING_SETTINGS.customerMargin,
      maxSuggestions: DEFAULT_MATCHING_SETTINGS.maxSuggestions,
      bankChargeTolerances: amounts(DEFAULT_ENGINE_CONFIG.bankCharges.byCurrency),
    },
  };
}
