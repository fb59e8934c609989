/** Background jobs as the API shows them: schedules, their last runs and failures. */
import { z } from 'zod';

const nullableInstant = z.string().nullable().describe('ISO 8601 instant');

export const jobRunSchema = z
  .object({
    id: z.string(),
    name: z.string().describe('the job, or `<job>:tick` for a scheduled fan-out'),
    tenantId: z.string().nullable(),
    state: z
      .enum(['created', 'retry', 'active', 'completed', 'cancelled', 'failed'])
      .describe('created: waiting; retry: waiting to be retried after a failed attempt'),
    attempts: z.number().int().describe('attempts started so far'),
    retryLimit: z.number().int(),
    payload: z.unknown(),
    output: z.unknown().describe("the handler's result; after a failed attempt { message, code? }"),
    error: z.string().nullable().describe('message of the last failed attempt'),
    createdAt: nullableInstant,
    startedAt: nullableInstant,
    completedAt: nullableInstant,
  })
  .meta({ id: 'JobRun' });

export const jobSchema = z
  .object({
    name: z.string(),
    summary: z.string(),
    scope: z.enum(['tenant', 'installation']),
    wired: z.boolean().describe('false: the module providing it is not installed; never scheduled or run'),
    status: z.enum(['scheduled', 'off', 'on_demand', 'not_wired']),
    schedule: z
      .object({ cron: z.string(), timeZone: z.string(), source: z.string() })
      .nullable()
      .describe("this server's configured schedule; source: default or the variable that set it"),
    registered: z
      .object({ cron: z.string(), timeZone: z.string() })
      .nullable()
      .describe('the schedule registered in the database (what fires)'),
    scheduleVariable: z.string(),
    retry: z.object({ limit: z.number().int(), delaySeconds: z.number().int(), backoff: z.boolean() }),
    timeoutSeconds: z.number().int(),
    counts: z.object({
      queued: z.number().int(),
      retrying: z.number().int(),
      active: z.number().int(),
      failed: z.number().int(),
    }),
    recentRuns: z.array(jobRunSchema),
    recentFailures: z.array(jobRunSchema),
  })
  .meta({ id: 'Job' });
