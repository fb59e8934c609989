/** /v1/cash-application/settings: the tenant's matching thresholds (everyone reads, an admin changes). */
import {
  getMatchingSettings,
  matchingSettingsJson,
  matchingSettingsPatch,
  updateMatchingSettings,
} from '../../modules/cash-application/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { principalOf } from '../auth.ts';
import { matchingSettingsSchema } from './cash-application.schemas.ts';
import { type Api, errors } from './common.ts';

const tags = ['cash application'];

export function matchingSettingsRoutes(app: Api, deps: CoreDeps): void {
  app.get('/cash-application/settings', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getMatchingSettings',
      summary: 'Matching thresholds of the tenant',
      description:
        'When the cash application applies a bank line without a person, how many suggestions it keeps, and the bank-charge tolerance per currency. Without saved settings: the defaults (also shown under `defaults`).',
      response: { 200: matchingSettingsSchema, ...errors },
    },
    handler: async (req) =>
      matchingSettingsJson(await getMatchingSettings(deps.db, principalOf(req).tenantId)),
  });
  app.patch('/cash-application/settings', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'updateMatchingSettings',
      summary: 'Change matching thresholds (admin)',
      description:
        'Fields left out keep their value. autoApplyThreshold 0.5–1 (1: every line goes to a person), autoApplyMargin and customerMargin 0–0.5, maxSuggestions 1–10; bankChargeTolerances: `{"EUR": "10.00"}` sets a currency (an amount ≥ 0 in its decimals), `{"EUR": null}` returns it to the default. Matching runs from now on use them; lines decided already keep their decision.',
      body: matchingSettingsPatch,
      response: { 200: matchingSettingsSchema, ...errors },
    },
    handler: async (req) =>
      matchingSettingsJson(await updateMatchingSettings(deps.db, principalOf(req).tenantId, req.body)),
  });
}
