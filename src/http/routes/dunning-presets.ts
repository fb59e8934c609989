/** /v1/dunning/policies/presets: the ready-made policies, and adding one in one call. */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { addPresetPolicy, POLICY_PRESETS, policyInput, policyJson } from '../../modules/dunning/index.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { type Api, errors, idempotencyHeaders } from './common.ts';
import { policySchema } from './dunning-schemas.ts';

const tags = ['dunning'];

const presetSchema = z
  .object({ key: z.string(), description: z.string(), policy: policyInput })
  .meta({ id: 'DunningPolicyPreset' });

const addPresetBody = z
  .object({
    name: z.string().min(1).max(200).optional().describe("the new policy's name (default: the preset's)"),
    isDefault: z
      .boolean()
      .optional()
      .describe("make it the tenant's default (default: when the tenant has no default policy yet)"),
  })
  .strict();

export function policyPresetRoutes(app: Api, deps: CoreDeps): void {
  listDunningPolicyPresetsRoute(app);
  addDunningPolicyPresetRoute(app, deps);
}

function listDunningPolicyPresetsRoute(app: Api): void {
  app.get('/dunning/policies/presets', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listDunningPolicyPresets',
      summary: 'Ready-made dunning policies',
      description:
        'German B2B with statutory interest and the 40 EUR flat fee; a gentle one without fees or interest.',
      response: { 200: z.object({ items: z.array(presetSchema) }), ...errors },
    },
    handler: async () => ({
      items: POLICY_PRESETS.map((p) => ({ key: p.key, description: p.description, policy: p.policy })),
    }),
  });
}

function addDunningPolicyPresetRoute(app: Api, deps: CoreDeps): void {
  app.post('/dunning/policies/presets/:key', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'addDunningPolicyPreset',
      summary: 'Add a ready-made dunning policy',
      description:
        'Creates the preset as a policy of the tenant (the default one when there is none yet). 404 for an unknown key; 409 when a policy of that name exists (give another `name`).',
      headers: idempotencyHeaders,
      params: z.object({ key: z.string().describe('preset key, e.g. de-b2b-statutory or gentle') }),
      body: addPresetBody.optional(),
      response: { 201: policySchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) =>
        policyJson(await addPresetPolicy(d, principalOf(req).tenantId, req.params.key, req.body ?? {})),
      ),
  });
}
