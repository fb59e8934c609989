/** Zod schemas of the users module's commands; the HTTP routes and the CLI both parse with them. */
import { z } from 'zod';
import { emailAddress } from '../../shared/email.ts';
import { ROLES } from '../apikeys/index.ts';

/** 10 to 200 characters: long enough for a passphrase, short enough to hash without a DoS. */
export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters');

export const userNameSchema = z.string().trim().min(1).max(200);

export const createUserInput = z
  .object({
    email: emailAddress().transform((e) => e.trim()),
    name: userNameSchema.optional(),
    role: z.enum(ROLES),
    password: passwordSchema.optional().describe('omit to have one generated and returned once'),
  })
  .strict();
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z
  .object({
    name: userNameSchema.optional(),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type UpdateUserInput = z.infer<typeof updateUserInput>;

export const signInInput = z
  .object({
    email: z.string().trim().min(1).max(320),
    password: z.string().min(1).max(1000),
    tenantId: z
      .uuid()
      .optional()
      .describe('only needed when the same e-mail is a user of several tenants on this installation'),
  })
  .strict();
export type SignInInput = z.infer<typeof signInInput>;

export const changePasswordInput = z
  .object({ currentPassword: z.string().min(1).max(1000), newPassword: passwordSchema })
  .strict();
export type ChangePasswordInput = z.infer<typeof changePasswordInput>;
