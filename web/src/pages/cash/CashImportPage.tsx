/**
 * Cash application, statement import (`/cash/import`): a statement file chosen or dropped is sent
 * as is to POST /v1/bank/statements (format detected unless chosen; CSV needs its profile), and
 * the import's report is shown — per statement the account, period, balances and whether they add
 * up, entries imported, duplicates skipped, pending entries and the parser's warnings. Then the
 * matching run (POST /v1/cash-application/run) and its summary, with the way to the review queue.
 */
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  FileInput,
  Group,
  List,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type DragEvent, type FormEvent, useState } from 'react';
import { api, csrfHeaders, data } from '../../api/client';
import { networkError, toApiError } from '../../api/problem';
import type { components } from '../../api/schema';
import { PageHeader } from '../../components/PageHeader';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { CashTabs } from './CashTabs';

type StatementImport = components['schemas']['StatementImport'];
type LineResult = components['schemas']['CashApplicationLineResult'];
const FORMATS = ['camt.052', 'camt.053', 'camt.054', 'mt940', 'mt942', 'bai2', 'ofx', 'csv'] as const;
/** Results listed under the run's summary (a run of 50,000 lines is summed up, not listed). */
const RESULTS_SHOWN = 200;

function mediaType(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xml')) return 'application/xml';
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.ofx') || name.endsWith('.qfx')) return 'application/x-ofx';
  return 'text/plain';
}

/** The upload: the file itself is the body (not JSON), so it goes by fetch with the CSRF header. */
async function uploadStatement(file: File, options: { format: string; profile: string; dryRun: boolean }) {
  const query = new URLSearchParams();
  if (options.format) query.set('format', options.format);
  if (options.profile) query.set('profile', options.profile);
  if (options.dryRun) query.set('dryRun', 'true');
  let response: Response;
  try {
    response = await fetch(`/v1/bank/statements?${query}`, {
      method: 'POST',
      body: file,
      credentials: 'same-origin',
      headers: { 'Content-Type': mediaType(file), ...csrfHeaders() },
    });
  } catch (cause) {
    throw networkError(cause);
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw toApiError(response, body);
  return body as StatementImport;
}

export function CashImportPage() {
  const t = useT();
  const can = useCan();
  return (
    <>
      <PageHeader title={t('nav.cash')} />
      <CashTabs />
      {can('write') ? (
        <Stack gap="md">
          <ImportForm />
          <RunMatching />
        </Stack>
      ) : (
        <EmptyState title={t('cash.import.readOnlyTitle')} hint={t('cash.import.readOnly')} />
      )}
    </>
  );
}

function ImportForm() {
  const t = useT();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('');
  const [profile, setProfile] = useState('');
  const [dryRun, setDryRun] = useState(false);
  const [dragging, setDragging] = useState(false);
  const upload = useMutation({
    mutationFn: (chosen: File) => uploadStatement(chosen, { format, profile, dryRun }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['bank-transactions'] }),
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    if (file) upload.mutate(file);
  }
  function drop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) {
      setFile(dropped);
      upload.mutate(dropped);
    }
  }
  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h5">
            {t('cash.import.title')}
          </Title>
          <Paper
            withBorder
            p="lg"
            data-testid="dropzone"
            style={{ borderStyle: 'dashed', borderWidth: 2 }}
            {...(dragging ? { bg: 'var(--mantine-primary-color-light)' } : {})}
            onDragOver={(e: DragEvent) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={drop}
          >
            <Stack gap="xs" align="center">
              <Text size="sm">{t('cash.import.drop')}</Text>
              <FileInput
                w={360}
                label={t('cash.import.file')}
                placeholder={t('cash.import.choose')}
                value={file}
                onChange={setFile}
                clearable
                clearButtonProps={{ 'aria-label': t('cash.import.clear') }}
                data-testid="statement-file"
              />
            </Stack>
          </Paper>
          <Group align="flex-end" gap="sm">
            <Select
              label={t('cash.import.format')}
              w={170}
              value={format}
              onChange={(v) => setFormat(v ?? '')}
              data={[
                { value: '', label: t('cash.import.detect') },
                ...FORMATS.map((f) => ({ value: f, label: f })),
              ]}
              error={fieldError(upload.error, 'format')}
            />
            {format === 'csv' && (
              <TextInput
                label={t('cash.import.profile')}
                description={t('cash.import.profileHint')}
                w={220}
                value={profile}
                onChange={(e) => setProfile(e.currentTarget.value)}
                error={fieldError(upload.error, 'profile')}
              />
            )}
            <Checkbox
              label={t('cash.import.dryRun')}
              checked={dryRun}
              onChange={(e) => setDryRun(e.currentTarget.checked)}
              mb={6}
            />
            <Button type="submit" disabled={!file} loading={upload.isPending}>
              {t('cash.import.submit')}
            </Button>
          </Group>
          <ProblemAlert error={upload.error} fields={['format', 'profile']} title={t('cash.import.failed')} />
          {upload.data && <ImportReport report={upload.data} />}
        </Stack>
      </form>
    </Paper>
  );
}

function ImportReport({ report }: { report: StatementImport }) {
  const t = useT();
  const f = useFormat();
  return (
    <Stack gap="xs" data-testid="import-report">
      <Text size="sm" fw={600}>
        {t(report.dryRun ? 'cash.import.checked' : 'cash.import.done', {
          format: report.format,
          imported: f.count(report.totals.imported),
          skipped: f.count(report.totals.skipped),
          entries: f.count(report.totals.entries),
        })}
      </Text>
      <Table.ScrollContainer minWidth={960}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cash.import.account')}</Table.Th>
              <Table.Th>{t('cash.import.period')}</Table.Th>
              <Table.Th className="num">{t('cash.import.opening')}</Table.Th>
              <Table.Th className="num">{t('cash.import.closing')}</Table.Th>
              <Table.Th>{t('cash.import.balances')}</Table.Th>
              <Table.Th className="num">{t('cash.import.imported')}</Table.Th>
              <Table.Th className="num">{t('cash.import.skipped')}</Table.Th>
              <Table.Th className="num">{t('cash.import.pending')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {report.statements.map((s) => (
              <Table.Tr key={`${s.account}-${s.statementRef ?? ''}-${s.fromDate ?? ''}`}>
                <Table.Td>
                  {s.account}
                  {s.newAccount && (
                    <Badge size="xs" variant="outline" ml={4}>
                      {t('cash.import.newAccount', { ledger: s.ledgerAccount })}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {s.fromDate ? f.date(s.fromDate) : '—'} – {s.toDate ? f.date(s.toDate) : '—'}
                </Table.Td>
                <Table.Td className="num">{s.opening ? f.money(s.opening, s.currency) : '—'}</Table.Td>
                <Table.Td className="num">{s.closing ? f.money(s.closing, s.currency) : '—'}</Table.Td>
                <Table.Td>
                  {s.balanced === null
                    ? t('cash.import.noBalances')
                    : s.balanced
                      ? t('cash.import.balanced')
                      : t('cash.import.unbalanced', { difference: f.money(s.difference ?? '0', s.currency) })}
                </Table.Td>
                <Table.Td className="num">{f.count(s.imported)}</Table.Td>
                <Table.Td className="num">{f.count(s.skipped)}</Table.Td>
                <Table.Td className="num">{f.count(s.pending)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {report.statements.some((s) => s.warnings.length > 0) && (
        <Alert color="yellow" title={t('cash.import.warnings')}>
          <List size="sm">
            {report.statements.flatMap((s) =>
              s.warnings.map((w) => <List.Item key={`${s.account}-${w}`}>{w}</List.Item>),
            )}
          </List>
        </Alert>
      )}
    </Stack>
  );
}

function RunMatching() {
  const t = useT();
  const qc = useQueryClient();
  const run = useMutation({
    mutationFn: (dryRun: boolean) => data(api.POST('/v1/cash-application/run', { body: { dryRun } })),
    onSuccess: () => {
      for (const key of ['bank-transactions', 'invoices', 'receipts', 'reports', 'customers'])
        void qc.invalidateQueries({ queryKey: [key] });
    },
  });
  return (
    <Paper withBorder p="sm">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h5">
            {t('cash.run.title')}
          </Title>
          <Group gap="xs">
            <Button
              variant="default"
              onClick={() => run.mutate(true)}
              loading={run.isPending && run.variables}
            >
              {t('cash.run.dry')}
            </Button>
            <Button
              onClick={() => run.mutate(false)}
              loading={run.isPending && !run.variables}
              data-testid="run"
            >
              {t('cash.run.submit')}
            </Button>
          </Group>
        </Group>
        <Text size="sm" c="dimmed">
          {t('cash.run.hint')}
        </Text>
        <ProblemAlert error={run.error} fields={[]} />
        {run.data && (
          <RunSummary summary={run.data.summary} results={run.data.results} dryRun={run.variables === true} />
        )}
      </Stack>
    </Paper>
  );
}

function RunSummary({
  summary,
  results,
  dryRun,
}: {
  summary: { lines: number; applied: number; suggested: number; unmatched: number; ignored: number };
  results: LineResult[];
  dryRun: boolean;
}) {
  const t = useT();
  const f = useFormat();
  const figures = ['lines', 'applied', 'suggested', 'unmatched', 'ignored'] as const;
  return (
    <Stack gap="xs" data-testid="run-summary">
      {dryRun && <Text size="sm">{t('cash.run.dryNote')}</Text>}
      <SimpleGrid cols={5} spacing="xs">
        {figures.map((k) => (
          <Paper key={k} withBorder p="xs">
            <Text size="xs" c="dimmed">
              {t(`cash.run.${k}`)}
            </Text>
            <Text fw={700} data-testid={`run-${k}`}>
              {f.count(summary[k])}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      {summary.suggested + summary.unmatched > 0 && !dryRun && (
        <Button component={Link} to="/cash" variant="light" w="fit-content">
          {t('cash.run.review', { n: f.count(summary.suggested + summary.unmatched) })}
        </Button>
      )}
      {results.length > 0 && (
        <Table.ScrollContainer minWidth={600}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('cash.line.date')}</Table.Th>
                <Table.Th className="num">{t('cash.line.amount')}</Table.Th>
                <Table.Th>{t('cash.line.status')}</Table.Th>
                <Table.Th>{t('cash.line.customer')}</Table.Th>
                <Table.Th>{t('cash.apply.invoice')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {results.slice(0, RESULTS_SHOWN).map((r, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: a run's results are a fixed list; references may repeat
                <Table.Tr key={`${r.bankReference ?? ''}-${i}`}>
                  <Table.Td>{f.date(r.bookingDate)}</Table.Td>
                  <Table.Td className="num">{f.money(r.amount, r.currency)}</Table.Td>
                  <Table.Td>{t(`cash.status.${r.status}`)}</Table.Td>
                  <Table.Td>{r.customer ?? ''}</Table.Td>
                  <Table.Td>{r.allocations.map((a) => a.invoiceNumber).join(', ')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {results.length > RESULTS_SHOWN && (
        <Text size="xs" c="dimmed">
          {t('cash.run.more', { n: f.count(results.length - RESULTS_SHOWN) })}
        </Text>
      )}
    </Stack>
  );
}
