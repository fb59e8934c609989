/** The input of a new API key, shared by the API and the CLI. */
import { z } from 'zod';
import { GRANTED_LEVELS, grantedLevelSchema, grantsOf } from './access-rules.ts';
import { roleSchema } from './roles.ts';

/**
 * `{role, label?, scope?, expiresAt?}`: `scope` is the highest level the key keeps (a role's
 * level it holds: an accountant key scoped to `read` only reads); `expiresAt` must lie after `now`.
 */
export function createApiKeyInput(now: Date) {
  return z
    .object({
      role: roleSchema,
      label: z.string().trim().min(1).max(200).optional(),
      scope: grantedLevelSchema
        .optional()
        .describe(`the highest access level the key keeps of its role's (${GRANTED_LEVELS.join(', ')})`),
      expiresAt: z.iso
        .datetime({ offset: true })
        .describe('when the key stops working (ISO 8601 instant); none: it works until revoked')
        .transform((text) => new Date(text))
        .refine((d) => d.getTime() > now.getTime(), 'must lie in the future')
        .optional(),
    })
    .strict()
    .superRefine((v, ctx) => {
      if (v.scope !== undefined && !grantsOf(v.role).includes(v.scope))
        ctx.addIssue({
          code: 'custom',
          path: ['scope'],
          message: `role ${v.role} does not hold ${v.scope} (it holds ${grantsOf(v.role).join(', ')})`,
        });
    });
}
export type CreateApiKeyInput = z.input<ReturnType<typeof createApiKeyInput>>;
