/**
 * Findings (admins; GET /v1/findings): what the anomaly detectors and the audit-trail monitoring
 * found, newest first, filtered by status (the open ones unless asked), kind and severity in the
 * URL. A row opens the finding in a drawer (`&finding=<id>`) with its evidence, to confirm or
 * dismiss with a note. "Scan now" runs either scan at once (the scheduled jobs run them anyway).
 */
import { Alert, Anchor, Button, Group, SegmentedControl, Select, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { CursorList, useCursorList } from '../../components/CursorList';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { Can } from '../../session/session';
import { FindingDrawer } from './FindingDrawer';
import {
  FINDING_KINDS,
  FINDING_STATUSES,
  type FindingSeverity,
  type FindingsSearch,
  SEVERITIES,
} from './findings-search';
import { SeverityBadge } from './SeverityBadge';

type Finding = components['schemas']['Finding'];

export function FindingsPage() {
  const t = useT();
  const search = useSearch({ from: '/app/findings' });
  const navigate = useNavigate({ from: '/findings' });
  const set = (patch: Partial<FindingsSearch>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch }) });
  const status = search.status ?? 'open';
  const { kind, severity } = search;
  const list = useCursorList(['findings', { status, kind, severity }], (cursor) =>
    data(
      api.GET('/v1/findings', {
        params: {
          query: {
            limit: 50,
            ...(status !== 'all' ? { status } : {}),
            ...(kind ? { kind } : {}),
            ...(severity ? { severity } : {}),
            ...(cursor ? { cursor } : {}),
          },
        },
      }),
    ),
  );
  const scans = useScans();
  return (
    <>
      <PageHeader title={t('nav.findings')}>
        <Can access="admin">
          <ScanButtons scans={scans} />
        </Can>
      </PageHeader>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('findings.caption')}
        </Text>
        <ScanResults scans={scans} />
        <FindingFilters search={search} status={status} onChange={set} />
        <CursorList list={list} empty={t('findings.empty')}>
          {(items) => <FindingTable items={items} onOpen={(id) => set({ finding: id })} />}
        </CursorList>
      </Stack>
      <FindingDrawer findingId={search.finding} onClose={() => set({ finding: undefined })} />
    </>
  );
}

function FindingFilters({
  search,
  status,
  onChange,
}: {
  search: FindingsSearch;
  status: string;
  onChange: (patch: Partial<FindingsSearch>) => void;
}) {
  const t = useT();
  return (
    <Group align="flex-end" gap="sm">
      <SegmentedControl
        size="xs"
        aria-label={t('findings.status')}
        value={status}
        onChange={(v) => onChange({ status: v === 'open' ? undefined : (v as FindingsSearch['status']) })}
        data={[
          ...FINDING_STATUSES.map((s) => ({ value: s, label: t(`findings.status.${s}`) })),
          { value: 'all', label: t('findings.status.all') },
        ]}
      />
      <Select
        size="xs"
        label={t('findings.kind')}
        placeholder={t('findings.kind.all')}
        clearable
        value={search.kind ?? null}
        onChange={(v) => onChange({ kind: (v ?? undefined) as FindingsSearch['kind'] })}
        data={FINDING_KINDS.map((k) => ({ value: k, label: t(`findings.kind.${k}`) }))}
        w={280}
      />
      <SegmentedControl
        size="xs"
        aria-label={t('findings.severity')}
        value={search.severity ?? 'all'}
        onChange={(v) => onChange({ severity: v === 'all' ? undefined : (v as FindingSeverity) })}
        data={[
          { value: 'all', label: t('findings.severity.all') },
          ...SEVERITIES.map((s) => ({ value: s, label: t(`findings.severity.${s}`) })),
        ]}
      />
    </Group>
  );
}

function FindingTable({ items, onOpen }: { items: Finding[]; onOpen: (id: string) => void }) {
  const t = useT();
  const f = useFormat();
  return (
    <Table.ScrollContainer
      minWidth={900}
      type="native"
      tabIndex={0}
      role="region"
      aria-label={t('nav.findings')}
    >
      <Table data-testid="findings" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('findings.found')}</Table.Th>
            <Table.Th>{t('findings.kind')}</Table.Th>
            <Table.Th>{t('findings.severity')}</Table.Th>
            <Table.Th>{t('findings.title')}</Table.Th>
            <Table.Th>{t('findings.occurred')}</Table.Th>
            <Table.Th>{t('findings.status')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((finding) => (
            <Table.Tr key={finding.id} data-kind={finding.kind}>
              <Table.Td>{f.instant(finding.createdAt)}</Table.Td>
              <Table.Td>{t(`findings.kind.${finding.kind}`)}</Table.Td>
              <Table.Td>
                <SeverityBadge severity={finding.severity} />
              </Table.Td>
              <Table.Td>
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  ta="left"
                  onClick={() => onOpen(finding.id)}
                >
                  {finding.title}
                </Anchor>
              </Table.Td>
              <Table.Td>{f.instant(finding.occurredAt)}</Table.Td>
              <Table.Td>{t(`findings.status.${finding.status}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The anomaly scan and the audit-trail scan, run now; the list reloads after either. */
function useScans() {
  const qc = useQueryClient();
  const done = () => void qc.invalidateQueries({ queryKey: ['findings'] });
  const anomalies = useMutation({
    mutationFn: () => data(api.POST('/v1/analytics/anomalies/scan')),
    onSuccess: done,
  });
  const monitoring = useMutation({
    mutationFn: () => data(api.POST('/v1/monitoring/scan')),
    onSuccess: done,
  });
  return { anomalies, monitoring };
}

type Scans = ReturnType<typeof useScans>;

function ScanButtons({ scans }: { scans: Scans }) {
  const t = useT();
  const { anomalies, monitoring } = scans;
  return (
    <Group gap="xs" justify="flex-end">
      <Button size="xs" onClick={() => anomalies.mutate()} loading={anomalies.isPending}>
        {t('findings.scanAnomalies')}
      </Button>
      <Button size="xs" variant="default" onClick={() => monitoring.mutate()} loading={monitoring.isPending}>
        {t('findings.scanMonitoring')}
      </Button>
    </Group>
  );
}

/** What the last scan found (the API's counts), or why it failed. */
function ScanResults({ scans }: { scans: Scans }) {
  const t = useT();
  const { anomalies, monitoring } = scans;
  const found = anomalies.data?.kinds.reduce((n, k) => n + k.found, 0) ?? 0;
  return (
    <>
      {anomalies.data && (
        <Alert p="xs" color="blue" data-testid="anomaly-scan-result">
          {t('findings.scanned', { created: anomalies.data.created, found })}
        </Alert>
      )}
      {monitoring.data && (
        <Alert p="xs" color="blue">
          {t('findings.monitoringScanned', monitoring.data)}
        </Alert>
      )}
      <ProblemAlert error={anomalies.error ?? monitoring.error} fields={[]} />
    </>
  );
}
