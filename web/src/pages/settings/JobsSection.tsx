/**
 * Scheduled jobs (GET /v1/jobs, admin): each job's schedule, queue and last run; "Run now" queues a
 * run (POST /v1/jobs/{name}/run) and the list refreshes while runs are waiting or active.
 */
import { Badge, Button, Table, Text } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { SettingsCard } from './SettingsCard';

type Job = components['schemas']['Job'];
type JobRun = components['schemas']['JobRun'];

const busy = (jobs: Job[]) => jobs.some((j) => j.counts.queued + j.counts.active + j.counts.retrying > 0);

export function JobsSection() {
  const t = useT();
  const qc = useQueryClient();
  const jobs = useQuery({
    queryKey: ['jobs'],
    queryFn: () => data(api.GET('/v1/jobs')),
    refetchInterval: (q) => (q.state.data && busy(q.state.data.jobs) ? 2000 : false),
  });
  const run = useMutation({
    mutationFn: (name: string) =>
      data(api.POST('/v1/jobs/{name}/run', { params: { path: { name } }, body: {} })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['jobs'] }),
  });
  return (
    <SettingsCard title={t('settings.section.jobs')} hint={t('settings.jobs.hint')}>
      <ProblemAlert error={run.error} fields={[]} />
      <QueryView query={jobs}>
        {(answer) =>
          answer.jobs.length === 0 ? (
            <EmptyState hint={t('settings.jobs.empty')} />
          ) : (
            <Table.ScrollContainer minWidth={800}>
              <Table striped data-testid="jobs-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('settings.jobs.name')}</Table.Th>
                    <Table.Th>{t('settings.jobs.schedule')}</Table.Th>
                    <Table.Th>{t('settings.jobs.lastRun')}</Table.Th>
                    <Table.Th className="num">{t('settings.jobs.failed')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {answer.jobs.map((j) => (
                    <JobRow
                      key={j.name}
                      job={j}
                      timeZone={answer.timeZone}
                      onRun={() => run.mutate(j.name)}
                      running={run.isPending && run.variables === j.name}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryView>
    </SettingsCard>
  );
}

function JobRow({
  job,
  timeZone,
  onRun,
  running,
}: {
  job: Job;
  timeZone: string;
  onRun: () => void;
  running: boolean;
}) {
  const t = useT();
  const last = job.recentRuns[0];
  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm" fw={500}>
          {job.name}
        </Text>
        <Text size="xs" c="dimmed">
          {job.summary}
        </Text>
      </Table.Td>
      <Table.Td>
        {job.schedule
          ? `${job.schedule.cron} (${job.schedule.timeZone || timeZone})`
          : t(`settings.jobs.status.${job.status}`)}
      </Table.Td>
      <Table.Td>{last ? <RunState run={last} /> : '—'}</Table.Td>
      <Table.Td className="num">{job.counts.failed}</Table.Td>
      <Table.Td>
        {job.scope === 'tenant' && job.wired && (
          <Button
            size="compact-xs"
            variant="light"
            loading={running}
            onClick={onRun}
            aria-label={t('settings.jobs.runNamed', { name: job.name })}
          >
            {t('settings.jobs.run')}
          </Button>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

const STATE_COLOR: Record<JobRun['state'], string> = {
  created: 'gray',
  retry: 'yellow',
  active: 'blue',
  completed: 'green',
  cancelled: 'gray',
  failed: 'red',
};

function RunState({ run }: { run: JobRun }) {
  const t = useT();
  const f = useFormat();
  const when = run.completedAt ?? run.startedAt ?? run.createdAt;
  return (
    <>
      <Badge size="sm" variant="dot" color={STATE_COLOR[run.state]}>
        {t(`settings.jobs.state.${run.state}`)}
      </Badge>{' '}
      <Text span size="xs">
        {when ? `${f.date(when.slice(0, 10))} ${when.slice(11, 16)} UTC` : ''}
      </Text>
      {run.error && (
        <Text size="xs" c="red">
          {run.error}
        </Text>
      )}
    </>
  );
}
