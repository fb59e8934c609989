/** Zod schemas of the webhook commands (the API and the CLI reuse them). */
import { z } from 'zod';
import { WEBHOOK_EVENT_TYPES } from './webhook-events.ts';

const eventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .describe('the event types the endpoint receives');

export const createEndpointInput = z
  .object({
    url: z.string().min(1).max(2000).describe('https URL that receives POSTs'),
    description: z.string().max(500).optional(),
    eventTypes,
  })
  .strict();
export type CreateEndpointInput = z.infer<typeof createEndpointInput>;

export const updateEndpointInput = z
  .object({
    url: z.string().min(1).max(2000).optional(),
    description: z.string().max(500).optional(),
    eventTypes: eventTypes.optional(),
    enabled: z
      .boolean()
      .optional()
      .describe('true re-enables a disabled endpoint (its failure count starts again)'),
  })
  .strict();
export type UpdateEndpointInput = z.infer<typeof updateEndpointInput>;

export const deliveryFilterInput = z
  .object({
    endpointId: z.uuid().optional(),
    eventId: z.string().max(100).optional(),
    eventType: z.string().max(100).optional(),
    status: z.enum(['pending', 'succeeded', 'failed']).optional(),
  })
  .strict();
