/**
 * One finding (GET /v1/findings/{id}) in a drawer: what was found, its evidence (the objects it
 * names as links, the audit records, the facts as the detector recorded them) and its decision.
 * An open finding is confirmed or dismissed with a note (POST /v1/findings/{id}/confirm|dismiss);
 * the decision is final, kept with the finding and in the audit trail.
 */
import {
  Anchor,
  Button,
  Code,
  Drawer,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { SeverityBadge } from './SeverityBadge';

type Finding = components['schemas']['Finding'];

export function FindingDrawer({
  findingId,
  onClose,
}: {
  findingId: string | undefined;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Drawer
      closeButtonProps={{ 'aria-label': t('app.close') }}
      opened={findingId !== undefined}
      onClose={onClose}
      position="right"
      size="lg"
      title={t('findings.detail')}
    >
      {findingId && <FindingBody id={findingId} />}
    </Drawer>
  );
}

function FindingBody({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['findings', 'one', id],
    queryFn: () => data(api.GET('/v1/findings/{id}', { params: { path: { id } } })),
  });
  return <QueryView query={q}>{(finding) => <FindingView finding={finding} />}</QueryView>;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

function FindingView({ finding }: { finding: Finding }) {
  const t = useT();
  const f = useFormat();
  return (
    <Stack gap="md" data-testid="finding-detail">
      <Text fw={600}>{finding.title}</Text>
      <SimpleGrid cols={2} spacing="xs">
        <Fact label={t('findings.kind')}>{t(`findings.kind.${finding.kind}`)}</Fact>
        <Fact label={t('findings.severity')}>
          <SeverityBadge severity={finding.severity} />
        </Fact>
        <Fact label={t('findings.occurred')}>{f.instant(finding.occurredAt)}</Fact>
        <Fact label={t('findings.found')}>{f.instant(finding.createdAt)}</Fact>
      </SimpleGrid>
      <Evidence evidence={finding.evidence} />
      {finding.decision ? <DecisionView finding={finding} /> : <DecideForm id={finding.id} />}
    </Stack>
  );
}

function Evidence({ evidence }: { evidence: Finding['evidence'] }) {
  const t = useT();
  const f = useFormat();
  return (
    <Paper withBorder p="sm">
      <Text fw={600} size="sm" mb="xs">
        {t('findings.evidence')}
      </Text>
      <Stack gap="xs">
        <SimpleGrid cols={2} spacing="xs">
          {evidence.customerId && (
            <Fact label={t('findings.customer')}>
              <Anchor
                size="sm"
                renderRoot={(p) => (
                  <Link
                    to="/customers/$customerId"
                    params={{ customerId: evidence.customerId ?? '' }}
                    {...p}
                  />
                )}
              >
                {evidence.customerId}
              </Anchor>
            </Fact>
          )}
          {evidence.invoiceId && (
            <Fact label={t('findings.invoice')}>
              <Anchor
                size="sm"
                renderRoot={(p) => (
                  <Link to="/invoices/$invoiceId" params={{ invoiceId: evidence.invoiceId ?? '' }} {...p} />
                )}
              >
                {evidence.invoiceId}
              </Anchor>
            </Fact>
          )}
          {evidence.receiptId && <Fact label={t('findings.receipt')}>{evidence.receiptId}</Fact>}
          {evidence.userId && <Fact label={t('findings.user')}>{evidence.userId}</Fact>}
        </SimpleGrid>
        <FactsTable facts={evidence.facts} />
        {evidence.records.length > 0 && (
          <Fact label={t('findings.records')}>
            {evidence.records.map((r) => `#${r.seq} ${r.kind} · ${f.instant(r.occurredAt)}`).join('; ')}
          </Fact>
        )}
      </Stack>
    </Paper>
  );
}

/** The detector's facts as it recorded them: text as text, a record as its own key/value rows, a list of flat records as a small table. */
function FactsTable({ facts }: { facts: Record<string, unknown> }) {
  const entries = Object.entries(facts);
  if (entries.length === 0) return null;
  return (
    <Table withRowBorders={false} verticalSpacing={2} data-testid="finding-facts">
      <Table.Tbody>
        {entries.map(([key, value]) => (
          <Table.Tr key={key}>
            <Table.Td c="dimmed" fz="xs" style={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
              {key}
            </Table.Td>
            <Table.Td fz="sm">
              <FactValue value={value} />
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

type Scalar = string | number | boolean | null;

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isFlatRecord(value: unknown): value is Record<string, Scalar> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every(isScalar)
  );
}

function FactValue({ value }: { value: unknown }) {
  if (isScalar(value)) return <>{value === null ? '—' : String(value)}</>;
  if (Array.isArray(value) && value.length > 0 && value.every(isFlatRecord))
    return <FactRecords records={value} />;
  if (Array.isArray(value) && value.every(isScalar)) return <>{value.map(String).join(', ')}</>;
  if (isFlatRecord(value)) return <FactsTable facts={value} />;
  return <Code block>{JSON.stringify(value, null, 1)}</Code>;
}

/** A list of records with the same kind of fields (e.g. Benford's digits most in excess), one row each. */
function FactRecords({ records }: { records: Record<string, Scalar>[] }) {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return (
    <Table withTableBorder verticalSpacing={1} horizontalSpacing={6} fz="xs">
      <Table.Thead>
        <Table.Tr>
          {columns.map((c) => (
            <Table.Th key={c}>{c}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {records.map((record, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the detector's records have no id; their order is the detector's
          <Table.Tr key={i}>
            {columns.map((c) => (
              <Table.Td key={c}>
                {record[c] === undefined || record[c] === null ? '—' : String(record[c])}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function DecisionView({ finding }: { finding: Finding }) {
  const t = useT();
  const f = useFormat();
  const decision = finding.decision;
  if (!decision) return null;
  return (
    <Fact label={t('findings.decision')}>
      <Text size="sm" data-testid="finding-decision">
        {t('findings.decidedBy', {
          status: t(`findings.status.${finding.status}`),
          name: decision.byName,
          date: f.instant(decision.at),
        })}
      </Text>
      <Text size="sm" fs="italic">
        {decision.note}
      </Text>
    </Fact>
  );
}

function DecideForm({ id }: { id: string }) {
  const t = useT();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const decide = useMutation({
    mutationFn: (verb: 'confirm' | 'dismiss') =>
      data(
        verb === 'confirm'
          ? api.POST('/v1/findings/{id}/confirm', { params: { path: { id } }, body: { note } })
          : api.POST('/v1/findings/{id}/dismiss', { params: { path: { id } }, body: { note } }),
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['findings'] }),
  });
  return (
    <Stack gap="xs">
      <ProblemAlert error={decide.error} fields={['note']} />
      <Textarea
        label={t('findings.note')}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        error={fieldError(decide.error, 'note')}
        autosize
        minRows={2}
      />
      <Group gap="xs">
        <Button size="xs" color="red" onClick={() => decide.mutate('confirm')} loading={decide.isPending}>
          {t('findings.confirm')}
        </Button>
        <Button
          size="xs"
          variant="default"
          onClick={() => decide.mutate('dismiss')}
          loading={decide.isPending}
        >
          {t('findings.dismiss')}
        </Button>
      </Group>
    </Stack>
  );
}
