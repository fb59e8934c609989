/** Users and sessions as the API shows them (never a password hash; a password only once). */
import { z } from 'zod';
import { ROLES } from '../../modules/apikeys/index.ts';
import type { User } from '../../modules/users/index.ts';
import { ACCESS_LEVELS } from '../auth.ts';
import { instant, iso } from './common.ts';

export const userSchema = z
  .object({
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    mustChangePassword: z.boolean().describe('a generated password: the user must change it before working'),
    disabled: z.boolean(),
    lockedUntil: instant.nullable().describe('set while locked out after failed sign-ins'),
    createdAt: instant,
  })
  .meta({ id: 'User' });

export function userJson(u: User): z.infer<typeof userSchema> {
  return {
    userId: u.userId,
    email: u.email,
    name: u.name,
    role: u.role,
    mustChangePassword: u.mustChangePassword,
    disabled: u.disabled,
    lockedUntil: iso(u.lockedUntil),
    createdAt: u.createdAt.toISOString(),
  };
}

const permission = z.enum(ACCESS_LEVELS.filter((a) => a !== 'public') as ['read', ...string[]]);

export const sessionSchema = z
  .object({
    user: z
      .object({
        userId: z.string(),
        email: z.string(),
        name: z.string(),
        role: z.enum(ROLES),
        mustChangePassword: z.boolean(),
      })
      .nullable()
      .describe('the signed-in user; null when an API key authenticates'),
    role: z.enum(ROLES).describe("the user's or the API key's role"),
    permissions: z.array(permission).describe('the access levels the role grants (docs/api.md)'),
    csrfToken: z.string().nullable().describe('send as X-CSRF-Token with every write; null for an API key'),
    expiresAt: instant.nullable().describe('when the session ends unless used again; null for an API key'),
  })
  .meta({ id: 'Session' });
