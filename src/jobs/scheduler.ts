/**
 * The scheduler of one process: pg-boss on the process's database, the job registry, and the
 * worker loops. Process models (docs/scheduler.md):
 *
 * - PGlite, `npm start`: one process schedules (cron), maintains pg-boss's tables and works every
 *   wired job, beside the API, on the one client.
 * - PostgreSQL: `cashloop start` schedules and queues (no workers); `cashloop worker` processes
 *   work the jobs (and schedule too: several schedulers fire each cron tick once). Any number of
 *   workers may run; pg-boss hands each job to one of them (`FOR UPDATE SKIP LOCKED`), and the
 *   once-only keys keep a daily run to one per tenant and day however often it is triggered.
 */
import type PgBoss from 'pg-boss';
import type { JobsConfig } from '../config.ts';
import { type BackendKind, bindJobQueue, type Database, type Queryable } from '../db/client.ts';
import type { JobQueue } from '../db/job-queue.ts';
import type { CalendarDate } from '../shared/calendar-date.ts';
import { AppError, invalidState, notFound, validationFailed } from '../shared/errors.ts';
import { BOSS_SCHEMA, createBoss, startBoss } from './boss.ts';
import { businessDateIn } from './business-date.ts';
import { type FanOutResult, fanOut, tickSpecOf } from './fan-out.ts';
import { type RunnerEnv, runJob } from './job-runner.ts';
import { findRun, type JobRun, pendingJobId } from './job-runs.repository.ts';
import type { AnyJobSpec, JobContext, JobDeps } from './job-spec.ts';
import { type JobsOverview, listJobs } from './jobs-listing.ts';
import { type FetchedJob, QueueWorker } from './queue-worker.ts';
import { JOBS } from './registry.ts';
import { assertKnownScheduleVariables, effectiveSchedule } from './schedules.ts';

/**
 * Seconds between polls of an idle queue. PGlite: every poll takes the one connection from the
 * API for about a millisecond, and jobs queued in the process wake their worker at once, so idle
 * queues are polled rarely (docs/scheduler.md has the latency measurements behind the figure).
 */
export const DEFAULT_POLL_SECONDS: Record<BackendKind, number> = { pglite: 5, postgres: 2 };

export interface SchedulerOptions {
  readonly database: Database;
  readonly deps: JobDeps;
  readonly config: JobsConfig;
  /** The jobs (default: the registry). */
  readonly specs?: readonly AnyJobSpec[];
  /** Which jobs this process runs: every wired job, the named ones, or none (it only queues). */
  readonly work: 'all' | 'none' | readonly string[];
  /** Register the cron schedules and fire them from this process. */
  readonly schedule: boolean;
  /** Worker loops per queue (default 1). */
  readonly concurrency?: number;
  readonly pollSeconds?: number;
  /** pg-boss's schema (default `pgboss`; tests use one of their own). */
  readonly schema?: string;
  /** How long stop() lets running jobs finish before interrupting them (default 30 s). */
  readonly stopTimeoutMs?: number;
  readonly maintenanceIntervalSeconds?: number;
  /**
   * Be the job queue of every transaction on the database (`bindJobQueue`), so work recorded deep
   * in a use case queues its follow-up job there (outbound webhooks); the process's scheduler does.
   */
  readonly bindTransactions?: boolean;
  readonly log?: (line: string) => void;
}

/** What a manual run asks for: the tenant (tenant jobs) and the business date (default: today). */
export interface TriggerRequest {
  readonly tenantId: string | null;
  readonly date?: CalendarDate;
}

const FINAL_STATES = new Set(['completed', 'failed', 'cancelled']);
const MANUAL_PRIORITY = 10;

export class Scheduler implements JobQueue {
  readonly #options: SchedulerOptions;
  readonly #specs: ReadonlyMap<string, AnyJobSpec>;
  readonly #workers: QueueWorker[] = [];
  readonly #shutdown = new AbortController();
  readonly #boss: PgBoss;
  #stopped = false;

  private constructor(options: SchedulerOptions) {
    this.#options = options;
    this.#specs = new Map((options.specs ?? JOBS).map((s) => [s.name, s]));
    this.#boss = createBoss(options.database, {
      schema: this.schema,
      schedule: options.schedule,
      supervise: true,
      ...(options.maintenanceIntervalSeconds
        ? { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds }
        : {}),
    });
  }

  /** Start pg-boss (installing or migrating its schema), sync queues and schedules, start workers. */
  static async start(options: SchedulerOptions): Promise<Scheduler> {
    const scheduler = new Scheduler(options);
    await scheduler.#start();
    return scheduler;
  }

  get schema(): string {
    return this.#options.schema ?? BOSS_SCHEMA;
  }

  get specs(): readonly AnyJobSpec[] {
    return [...this.#specs.values()];
  }

  async #start(): Promise<void> {
    const { config, database } = this.#options;
    assertKnownScheduleVariables(this.specs, config);
    this.#boss.on('error', (error: unknown) => this.#log(`pg-boss: ${(error as Error).message ?? error}`));
    const schedules = this.#options.schedule
      ? this.specs.map((spec) => ({ spec, schedule: effectiveSchedule(spec, config) }))
      : null;
    await startBoss(database, this.#boss, this.specs, schedules);
    if (this.#options.bindTransactions) bindJobQueue(database.db, this);
    this.#startWorkers();
  }

  #startWorkers(): void {
    const { work, database } = this.#options;
    if (work === 'none') return;
    const pollMs = (this.#options.pollSeconds ?? DEFAULT_POLL_SECONDS[database.kind]) * 1000;
    for (const spec of this.specs) {
      if (!spec.run || (work !== 'all' && !work.includes(spec.name))) continue;
      for (let i = 0; i < (this.#options.concurrency ?? 1); i++) this.#addWorker(spec, pollMs);
      if (work === 'all')
        this.#addWorker(tickSpecOf(spec, this.#options.config.timeZone, this.#queueRuns), pollMs);
    }
  }

  #addWorker(spec: AnyJobSpec, pollMs: number): void {
    const env = this.#runnerEnv();
    const worker = new QueueWorker({
      queue: spec.name,
      pollMs,
      fetch: () => this.#fetchOne(spec.name),
      handle: (job) => runJob(env, spec, job),
      onError: (error) => this.#log(`worker ${spec.name}: ${(error as Error).message ?? error}`),
    });
    this.#workers.push(worker);
    worker.start();
  }

  #runnerEnv(): RunnerEnv {
    // Handlers' deps carry this scheduler as `jobs` too, for services that queue follow-up jobs
    // once CoreDeps declares it (see JobQueue).
    const deps: JobDeps = Object.assign({}, this.#options.deps, { jobs: this });
    return {
      boss: this.#boss,
      schema: this.schema,
      deps,
      database: this.#options.database,
      jobs: this,
      shutdown: this.#shutdown.signal,
      log: (line) => this.#log(line),
    };
  }

  async #fetchOne(queue: string): Promise<FetchedJob | null> {
    const [job] = await this.#boss.fetch<unknown>(queue, { batchSize: 1, includeMetadata: true });
    if (!job) return null;
    return {
      id: job.id,
      name: job.name,
      data: job.data,
      retryCount: job.retryCount,
      createdOn: job.createdOn,
    };
  }

  readonly #queueRuns = async (
    spec: AnyJobSpec,
    date: CalendarDate,
    ctx: JobContext,
    tenantId?: string,
  ): Promise<FanOutResult> => {
    const result = await fanOut(this.#boss, ctx, spec, date, tenantId);
    this.#wake(spec.name);
    return result;
  };

  #wake(queue: string): void {
    const workers = this.#workers.filter((w) => w.queue === queue);
    (workers.find((w) => w.current === null) ?? workers[0])?.wake();
  }

  #log(line: string): void {
    this.#options.log?.(`${line}\n`);
  }

  #spec(name: string): AnyJobSpec {
    const spec = this.#specs.get(name);
    if (!spec) throw notFound('job', name);
    if (!spec.run) throw invalidState(`job ${name} is not wired in this installation`);
    return spec;
  }

  /** {@inheritDoc JobQueue.enqueue} */
  async enqueue(q: Queryable, name: string, payload: Record<string, unknown>): Promise<string | null> {
    return this.#send(q, this.#spec(name), payload, {});
  }

  async #send(
    q: Queryable,
    spec: AnyJobSpec,
    payload: Record<string, unknown>,
    options: PgBoss.SendOptions,
  ): Promise<string | null> {
    const parsed = spec.payload.safeParse(payload);
    if (!parsed.success)
      throw validationFailed(
        `invalid payload for job ${spec.name}`,
        parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(root)', message: i.message })),
      );
    const singletonKey = spec.queueKey?.(parsed.data);
    const id = await this.#boss.send(spec.name, parsed.data, {
      ...options,
      ...(singletonKey ? { singletonKey } : {}),
      db: this.#options.database.executorFor(q) as PgBoss.Db,
    });
    this.#wake(spec.name);
    return id;
  }

  /**
   * Queue a run of `name` now, on `q`, for the tenant and date of `request` (date default: today
   * in the schedule's time zone). Returns the job's id, or the id of the same run already queued.
   * `retryLimit` 0 fails at the first error (a person is watching).
   */
  async trigger(
    q: Queryable,
    name: string,
    request: TriggerRequest,
    options: { retryLimit?: number } = {},
  ): Promise<{ id: string; payload: Record<string, unknown> }> {
    const spec = this.#spec(name);
    if (spec.scope === 'tenant' && !request.tenantId)
      throw validationFailed(`${name} runs per tenant: name one`);
    if (spec.scope === 'installation' && request.tenantId)
      throw validationFailed(`${name} runs for the whole installation, not per tenant`);
    const date =
      request.date ?? businessDateIn(this.#options.deps.clock.now(), this.#options.config.timeZone);
    const payload = spec.payloadFor({ tenantId: request.tenantId, date });
    const send: PgBoss.SendOptions = {
      priority: MANUAL_PRIORITY,
      ...(options.retryLimit !== undefined ? { retryLimit: options.retryLimit } : {}),
    };
    // A null send means the same run already waits under its queue key: join it. It may have
    // started (or even finished) in between, so look for it among the active ones, or send again.
    for (let tries = 0; tries < 3; tries++) {
      const id =
        (await this.#send(q, spec, payload, send)) ??
        (await pendingJobId(q, this.schema, name, spec.queueKey?.(payload) ?? ''));
      if (id) return { id, payload };
    }
    throw new AppError('conflict', `${name} could not be queued; try again`);
  }

  /** The job `id` of queue `name` (live or archived); null when unknown or another tenant's. */
  getRun(q: Queryable, name: string, id: string, tenantId: string | null): Promise<JobRun | null> {
    return findRun(q, this.schema, name, id, tenantId);
  }

  /** Wait until job `id` of `name` is completed, failed or cancelled, or `timeoutMs` passed. */
  async waitFor(name: string, id: string, timeoutMs: number): Promise<JobRun | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await this.getRun(this.#options.deps.db, name, id, null);
      if (!run || FINAL_STATES.has(run.state) || Date.now() >= deadline) return run;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The jobs overview, for one tenant (null: all). */
  list(q: Queryable, tenantId: string | null): Promise<JobsOverview> {
    return listJobs(q, { specs: this.specs, config: this.#options.config, schema: this.schema, tenantId });
  }

  /**
   * Stop: no new jobs are fetched; running ones get `stopTimeoutMs` to finish, then their signal
   * aborts and they are failed (to be retried). Then pg-boss stops and its statements drain.
   * Call before the database closes.
   */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#options.bindTransactions) bindJobQueue(this.#options.database.db, null);
    const loops = Promise.all(this.#workers.map((w) => w.stop()));
    const finished = await Promise.race([
      loops.then(() => true),
      delay(this.#options.stopTimeoutMs ?? 30_000).then(() => false),
    ]);
    if (!finished) {
      this.#shutdown.abort();
      await Promise.race([loops, delay(5_000)]);
    }
    await this.#boss.stop({ graceful: true, wait: true, close: false, timeout: 1000 });
    await this.#options.database.jobsExecutor.drain();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
