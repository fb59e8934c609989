/** What every route module shares: the typed Fastify instance, error responses, headers. */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../problem.ts';

export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Problem responses documented on every route. */
export const errors = {
  '4xx': problemSchema.describe('problem details (401, 403, 404, 409, 413, 422, 429 …)'),
  '5xx': problemSchema,
};

export const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .max(255)
    .optional()
    .describe(
      'replays the stored response for a repeated request; the same key with another method, path, query string or body → 422; while the first still runs → 409',
    ),
});

export const idParam = (what: string) => z.object({ id: z.string().min(1).describe(what) });

/** A money field: a decimal string in major units next to its currency, never a JSON number. */
export const money = (what: string) =>
  z.string().describe(`${what}, decimal string in major units of currency`);
export const instant = z.string().describe('ISO 8601 instant');
export const date = z.string().describe('YYYY-MM-DD');
/** A timestamp as an ISO 8601 instant, null stays null. */
export const iso = (d: Date | null) => (d === null ? null : d.toISOString());
/** Who did something: a signed-in user (their name), an API key (label or id) or `system`. */
export const authorSchema = z
  .object({
    name: z.string(),
    keyId: z.string().nullable().describe('the API key that acted'),
    userId: z.string().nullable().describe('the user who acted'),
  })
  .describe('a user (their name), an API key (label or id) or `system`');
