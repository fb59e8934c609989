/** `cashloop jobs list` and `cashloop jobs run NAME`: the background jobs, their runs and failures. */
import { BOSS_SCHEMA } from '../../jobs/boss.ts';
import type { JobRun } from '../../jobs/job-runs.repository.ts';
import { type JobOverview, listJobs } from '../../jobs/jobs-listing.ts';
import { startProcessScheduler } from '../../jobs/processes.ts';
import { JOBS } from '../../jobs/registry.ts';
import { isAcceptedDate } from '../../shared/calendar-date.ts';
import { invalidState, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { EXIT_FAILED } from '../exit-codes.ts';
import { type CliIo, table, toJson } from '../io.ts';
import { type CommandSpec, stringOption } from './types.ts';

function tenantOption(values: Record<string, string | boolean | undefined>): string | undefined {
  const tenant = stringOption(values, 'tenant');
  if (tenant !== undefined && !isUuid(tenant))
    throw validationFailed(`--tenant must be a tenant id (UUID), got "${tenant}"`);
  return tenant;
}

function lastRunText(job: JobOverview): string {
  const run = job.recentRuns.find((r) => r.name === job.name) ?? job.recentRuns[0];
  if (!run) return '';
  return `${run.state} ${run.completedAt ?? run.startedAt ?? run.createdAt ?? ''}`.trim();
}

function scheduleText(job: JobOverview): string {
  if (job.status === 'not_wired') return 'not wired';
  if (job.status === 'off') return `off (${job.scheduleVariable})`;
  if (!job.schedule) return 'on demand';
  return `${job.schedule.cron} ${job.schedule.timeZone}`;
}

function printFailures(io: CliIo, jobs: readonly JobOverview[]): void {
  const failures = jobs.flatMap((j) => j.recentFailures);
  if (failures.length === 0) return;
  io.stdout('\nrecent failures:\n');
  for (const f of failures)
    io.stdout(
      `  ${f.completedAt ?? ''} ${f.name} ${f.id}${f.tenantId ? ` tenant ${f.tenantId}` : ''} after ${f.attempts} attempt(s): ${f.error ?? 'failed'}\n`,
    );
}

export const jobsList: CommandSpec = {
  name: 'jobs list',
  usage: 'cashloop jobs list [--tenant ID] [--json]',
  options: { tenant: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const overview = await listJobs(runtime.deps.db, {
      specs: JOBS,
      config: runtime.config.jobs,
      schema: BOSS_SCHEMA,
      tenantId: tenantOption(values) ?? null,
    });
    if (values.json) {
      io.stdout(toJson(overview));
      return 0;
    }
    io.stdout(
      table(
        ['JOB', 'PER', 'SCHEDULE', 'QUEUED', 'RETRYING', 'ACTIVE', 'FAILED', 'LAST RUN'],
        overview.jobs.map((j) => [
          j.name,
          j.scope,
          scheduleText(j),
          String(j.counts.queued),
          String(j.counts.retrying),
          String(j.counts.active),
          String(j.counts.failed),
          lastRunText(j),
        ]),
        [3, 4, 5, 6],
      ),
    );
    if (!overview.installed) io.stdout('(no scheduler has run on this database yet)\n');
    printFailures(io, overview.jobs);
    return 0;
  },
};

function describeRun(run: JobRun): string {
  const took =
    run.startedAt && run.completedAt
      ? ` in ${((Date.parse(run.completedAt) - Date.parse(run.startedAt)) / 1000).toFixed(1)} s`
      : '';
  const skipped = (run.output as { skipped?: boolean; reason?: string } | null)?.skipped
    ? ` (skipped: ${(run.output as { reason?: string }).reason})`
    : '';
  return `${run.name} ${run.id}: ${run.state}${took}${skipped}\n`;
}

export const jobsRun: CommandSpec = {
  name: 'jobs run',
  usage: 'cashloop jobs run NAME [--tenant ID] [--date YYYY-MM-DD] [--json]',
  options: { tenant: { type: 'string' }, date: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['NAME'],
  async run({ runtime, io, values, positionals }) {
    const name = positionals[0] ?? '';
    const spec = JOBS.find((s) => s.name === name);
    if (!spec) throw notFound('job', `${name} (known: ${JOBS.map((s) => s.name).join(', ')})`);
    if (!spec.run) throw invalidState(`job ${name} is not wired in this installation`);
    const date = stringOption(values, 'date');
    if (date !== undefined && !isAcceptedDate(date))
      throw validationFailed(`--date must be YYYY-MM-DD, got "${date}"`);
    const tenant = tenantOption(values);
    if (spec.scope === 'installation' && tenant)
      throw validationFailed(`${name} runs for the whole installation: drop --tenant`);
    const tenantId = spec.scope === 'tenant' ? (tenant ?? runtime.tenant.tenantId) : null;
    // This process works the job's queue itself while it waits, so the run happens now even when
    // no worker is up (with workers up, whichever fetches it first runs it). No retries: you are
    // watching; run it again.
    const scheduler = await startProcessScheduler(runtime, { run: name }, { log: io.stderr });
    try {
      const { id } = await scheduler.trigger(
        runtime.deps.db,
        name,
        { tenantId, ...(date ? { date } : {}) },
        { retryLimit: 0 },
      );
      const run = await scheduler.waitFor(name, id, (spec.timeoutSeconds + 30) * 1000);
      if (!run) throw notFound('job run', id);
      io.stdout(values.json ? toJson(run) : describeRun(run));
      if (!values.json && run.state === 'completed') io.stdout(toJson(run.output));
      if (run.state === 'failed') io.stderr(`error: ${name} failed: ${run.error ?? 'unknown error'}\n`);
      return run.state === 'completed' ? 0 : EXIT_FAILED;
    } finally {
      await scheduler.stop();
    }
  },
};
