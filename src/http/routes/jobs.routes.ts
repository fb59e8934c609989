/**
 * /v1/jobs (admin): the background jobs with their schedules, queue counts, recent runs and
 * failures; run a tenant job now; one run by id. A tenant's admin sees its tenant's jobs and their
 * runs only: neither other tenants' runs nor the installation's jobs (maintenance, the cron ticks
 * that count every tenant), which are the operator's and run from the CLI.
 */
import { z } from 'zod';
import type { Scheduler } from '../../jobs/scheduler.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { ACCEPTED_DATE_MESSAGE, isAcceptedDate } from '../../shared/calendar-date.ts';
import { AppError, invalidState, notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { type Api, errors, idempotencyHeaders } from './common.ts';
import { jobRunSchema, jobSchema } from './jobs.schemas.ts';

const tags = ['jobs'];

const runInput = z
  .object({
    date: z
      .string()
      .refine(isAcceptedDate, ACCEPTED_DATE_MESSAGE)
      .optional()
      .describe('business date of a daily job (default: today in CASHLOOP_SCHEDULE_TZ)'),
  })
  .strict();

const nameParam = z.object({ name: z.string().min(1).max(100).describe('job name, e.g. dunning.run') });

function schedulerOf(deps: JobsRouteDeps): Scheduler {
  if (!deps.scheduler) throw invalidState('the job scheduler is not running in this process');
  return deps.scheduler;
}

/** The scheduler the routes show and run jobs on (it is also the services' `jobs` queue). */
export type JobsRouteDeps = CoreDeps & { readonly scheduler?: Scheduler | undefined };

/** Registers each route of the module (one small function per route, below). */
export function jobRoutes(app: Api, deps: JobsRouteDeps): void {
  listJobsRoute(app, deps);
  runJobRoute(app, deps);
  getJobRunRoute(app, deps);
}

function listJobsRoute(app: Api, deps: JobsRouteDeps): void {
  app.get('/jobs', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'listJobs',
      summary: 'Background jobs: schedules, queue counts, recent runs and failures',
      response: {
        200: z.object({ timeZone: z.string(), installed: z.boolean(), jobs: z.array(jobSchema) }),
        ...errors,
      },
    },
    handler: (req) => schedulerOf(deps).list(deps.db, principalOf(req).tenantId),
  });
}

function runJobRoute(app: Api, deps: JobsRouteDeps): void {
  app.post('/jobs/:name/run', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'runJob',
      summary: "Run one of the tenant's jobs now",
      description:
        "Queues the run for the caller's tenant and answers 202 with it; poll `GET /v1/jobs/{name}/runs/{id}`. A daily job's once-only key still holds: a second run for the same day completes as `skipped`. With the same run already queued, that run is returned.",
      params: nameParam,
      headers: idempotencyHeaders,
      body: runInput,
      response: { 202: jobRunSchema, ...errors },
    },
    handler: (req, reply) => {
      const scheduler = schedulerOf(deps);
      const { tenantId } = principalOf(req);
      const spec = scheduler.specs.find((s) => s.name === req.params.name);
      if (!spec) throw notFound('job', req.params.name);
      if (spec.scope === 'installation')
        throw new AppError(
          'forbidden',
          `${spec.name} is an installation job: run it with \`cashloop jobs run\``,
        );
      return respond(req, reply, deps, 202, async (d) => {
        const request = { tenantId, ...(req.body.date ? { date: req.body.date } : {}) };
        const { id } = await scheduler.trigger(d.db, spec.name, request);
        const run = await scheduler.getRun(d.db, spec.name, id, tenantId);
        if (!run) throw notFound('job run', id);
        reply.header('location', `/v1/jobs/${encodeURIComponent(spec.name)}/runs/${id}`);
        return run;
      });
    },
  });
}

function getJobRunRoute(app: Api, deps: JobsRouteDeps): void {
  app.get('/jobs/:name/runs/:id', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'getJobRun',
      summary: 'One run of a job (live or archived)',
      params: nameParam.extend({ id: z.string().describe('job run id') }),
      response: { 200: jobRunSchema, ...errors },
    },
    handler: async (req) => {
      const { name, id } = req.params;
      const run = isUuid(id)
        ? await schedulerOf(deps).getRun(deps.db, name, id, principalOf(req).tenantId)
        : null;
      if (!run) throw notFound('job run', id);
      return run;
    },
  });
}
