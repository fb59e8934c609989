/**
 * The roles of an AR team. `credit_manager` can do everything an accountant can, and sets credit
 * limits and holds and overrides them; `collector` reads everything and logs collections work but
 * posts no money. What each role may do is declared in access-rules.ts.
 */
import { z } from 'zod';

export const ROLES = ['admin', 'credit_manager', 'accountant', 'collector', 'viewer'] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);
