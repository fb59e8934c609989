/** Zod schemas of collector commands. */
import { z } from 'zod';
import { emailAddress } from '../../shared/email.ts';

const email = emailAddress().max(320);

export const createCollectorInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    email,
    apiKey: z.uuid().optional().describe('id of the API key this collector works with'),
  })
  .strict();
export type CreateCollectorInput = z.infer<typeof createCollectorInput>;

export const updateCollectorInput = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    email: email.optional(),
    apiKey: z.uuid().nullable().optional().describe('null unlinks the key'),
    active: z.boolean().optional().describe('an inactive collector keeps no customers'),
  })
  .strict();
export type UpdateCollectorInput = z.infer<typeof updateCollectorInput>;

export const assignCustomersInput = z
  .object({
    customers: z.array(z.string().min(1)).min(1).max(10_000).describe('customer ids or external ids'),
  })
  .strict();
export type AssignCustomersInput = z.infer<typeof assignCustomersInput>;

export const assignmentInput = z
  .object({
    collector: z.uuid().nullable().describe('the collector to assign the customers to; null unassigns them'),
    customers: assignCustomersInput.shape.customers,
  })
  .strict();
export type AssignmentInput = z.infer<typeof assignmentInput>;
