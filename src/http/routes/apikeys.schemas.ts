/** API keys as the API shows them (never the secret, except once on creation). */
import { z } from 'zod';
import { instant } from './common.ts';

export const apiKeySchema = z
  .object({
    id: z.string(),
    prefix: z.string(),
    role: z.string(),
    label: z.string().nullable(),
    scope: z.string().nullable().describe('the highest access level the key keeps; null: all of its role'),
    expiresAt: instant.nullable(),
    createdAt: instant,
    revokedAt: instant.nullable(),
    lastUsedAt: instant.nullable().describe('the last request with the key, to the minute; null: never used'),
  })
  .meta({ id: 'ApiKey' });
