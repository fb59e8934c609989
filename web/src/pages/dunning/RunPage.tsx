/**
 * Preview and run dunning for a day (`/dunning/run?asOf=2026-03-31`, default today): the dry run
 * (POST /v1/dunning/runs {dryRun: true}) shows what would be sent, to whom, at which level, with
 * fees and interest, what is skipped and why; "Run" records it (the second run of a day records
 * nothing, the API says so). Both need the `write` role, as the API does.
 */
import { Alert, Anchor, Button, Group, List, Paper, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { localToday } from '../collections/collections-search';
import { DunningLayout } from './DunningLayout';
import { LettersTable } from './LettersTable';

type RunResult = components['schemas']['DunningRunResult'];

export function RunPage() {
  const t = useT();
  const can = useCan();
  const { asOf: asOfParam } = useSearch({ from: '/app/dunning/run' });
  const navigate = useNavigate({ from: '/dunning/run' });
  const asOf = asOfParam ?? localToday();
  const qc = useQueryClient();
  const preview = useQuery({
    queryKey: ['dunning', 'preview', asOf],
    queryFn: () => data(api.POST('/v1/dunning/runs', { body: { asOf, dryRun: true } })),
    enabled: can('write'),
    staleTime: 0,
  });
  const run = useMutation({
    mutationFn: () => data(api.POST('/v1/dunning/runs', { body: { asOf } })),
    onSuccess: () =>
      Promise.all(['dunning', 'invoices', 'activities'].map((k) => qc.invalidateQueries({ queryKey: [k] }))),
  });
  return (
    <DunningLayout tab="/dunning/run">
      <Stack gap="sm">
        <Group align="flex-end">
          <TextInput
            type="date"
            label={t('dunning.run.asOf')}
            value={asOf}
            onChange={(e) => {
              const value = e.currentTarget.value;
              if (value) void navigate({ search: { asOf: value } });
            }}
          />
          {can('write') && (
            <Button
              color="red.9"
              loading={run.isPending}
              onClick={() => run.mutate()}
              data-testid="run-dunning"
            >
              {t('dunning.run.run', { date: asOf })}
            </Button>
          )}
        </Group>
        <ProblemAlert error={run.error} fields={['asOf']} />
        {run.data && <RunDone result={run.data} />}
        {!can('write') ? (
          <EmptyState hint={t('dunning.run.needsWrite')} />
        ) : (
          <QueryView query={preview}>
            {(result) => <RunResultView result={result} title={t('dunning.run.preview')} />}
          </QueryView>
        )}
      </Stack>
    </DunningLayout>
  );
}

function RunDone({ result }: { result: RunResult }) {
  const t = useT();
  if (!result.runId)
    return (
      <Alert color="gray" data-testid="run-nothing">
        {t('dunning.run.nothingRecorded')}
      </Alert>
    );
  return (
    <Alert color="green" data-testid="run-recorded">
      {t('dunning.run.recorded', { letters: result.summary.letters, invoices: result.summary.invoices })}{' '}
      <Anchor
        renderRoot={(props) => (
          <Link {...props} to="/dunning/runs" search={{ run: result.runId ?? undefined }} />
        )}
      >
        {t('dunning.run.seeLetters')}
      </Anchor>
    </Alert>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <Paper withBorder p="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  );
}

export function RunResultView({ result, title }: { result: RunResult; title: string }) {
  const t = useT();
  const f = useFormat();
  return (
    <Stack gap="sm">
      <Text fw={600}>{title}</Text>
      {result.notices.map((n) => (
        <Alert key={n.code} color="yellow" title={t(`dunning.notice.${n.code}`)}>
          {n.message}
        </Alert>
      ))}
      <SimpleGrid cols={{ base: 3 }} spacing="xs" maw={520}>
        <Figure
          label={t('dunning.run.letters')}
          value={f.count(result.summary.letters)}
          testId="preview-letters"
        />
        <Figure
          label={t('dunning.invoices')}
          value={f.count(result.summary.invoices)}
          testId="preview-invoices"
        />
        <Figure
          label={t('dunning.run.skipped')}
          value={f.count(result.summary.skippedInvoices)}
          testId="preview-skipped"
        />
      </SimpleGrid>
      {result.letters.length === 0 ? (
        <EmptyState hint={t('dunning.run.noLetters')} />
      ) : (
        <LettersTable letters={result.letters} testId="preview-table" />
      )}
      {result.skipped.length > 0 && (
        <details>
          <summary>{t('dunning.run.skippedList', { n: result.skipped.length })}</summary>
          <List size="sm" mt={4}>
            {result.skipped.map((s) => (
              <List.Item key={`${s.customer.id}-${s.currency}-${s.reason}`}>
                {s.customer.externalId} ({s.currency}): {t(`dunning.skip.${s.reason}`)} —{' '}
                {t('dunning.run.skippedInvoices', { n: s.invoices.length })}
              </List.Item>
            ))}
          </List>
        </details>
      )}
    </Stack>
  );
}
