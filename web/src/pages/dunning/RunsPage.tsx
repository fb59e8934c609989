/**
 * Recorded dunning runs, newest first (GET /v1/dunning/runs); choosing one (`?run=<id>`) lists its
 * letters (GET /v1/dunning/letters?run=), each with its PDF.
 */
import { Anchor, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useSearch } from '@tanstack/react-router';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { CursorList, useCursorList } from '../../components/CursorList';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { DunningLayout } from './DunningLayout';
import { LettersTable } from './LettersTable';

type DunningRun = components['schemas']['DunningRun'];

export function RunsPage() {
  const t = useT();
  const { run } = useSearch({ from: '/app/dunning/runs' });
  const runs = useCursorList(['dunning', 'runs'], (cursor) =>
    data(api.GET('/v1/dunning/runs', { params: { query: { limit: 20, ...(cursor ? { cursor } : {}) } } })),
  );
  return (
    <DunningLayout tab="/dunning/runs">
      <Stack gap="md">
        <CursorList list={runs} empty={t('dunning.runs.empty')}>
          {(items) => <RunTable items={items} selected={run} />}
        </CursorList>
        {run && <RunLetters runId={run} />}
      </Stack>
    </DunningLayout>
  );
}

function RunTable({ items, selected }: { items: DunningRun[]; selected: string | undefined }) {
  const t = useT();
  const f = useFormat();
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table data-testid="runs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('dunning.run.asOf')}</Table.Th>
            <Table.Th className="num">{t('dunning.run.letters')}</Table.Th>
            <Table.Th className="num">{t('dunning.invoices')}</Table.Th>
            <Table.Th className="num">{t('dunning.run.skipped')}</Table.Th>
            <Table.Th>{t('dunning.runs.recordedAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id} aria-current={r.id === selected ? 'true' : undefined}>
              <Table.Td>
                <Anchor renderRoot={(props) => <Link {...props} to="/dunning/runs" search={{ run: r.id }} />}>
                  {f.date(r.asOf)}
                </Anchor>
              </Table.Td>
              <Table.Td className="num">{f.count(r.letters)}</Table.Td>
              <Table.Td className="num">{f.count(r.invoices)}</Table.Td>
              <Table.Td className="num">{f.count(r.skippedInvoices)}</Table.Td>
              <Table.Td>{f.date(r.createdAt.slice(0, 10))}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function RunLetters({ runId }: { runId: string }) {
  const t = useT();
  const letters = useCursorList(['dunning', 'letters', { run: runId }], (cursor) =>
    data(
      api.GET('/v1/dunning/letters', {
        params: { query: { run: runId, limit: 100, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
  return (
    <Stack gap="xs">
      <Title order={2} size="h5">
        {t('dunning.runs.letters')}
      </Title>
      <Text size="xs" c="dimmed">
        {t('dunning.runs.pdfHint')}
      </Text>
      <CursorList list={letters} empty={t('dunning.runs.noLetters')}>
        {(items) => <LettersTable letters={items} testId="run-letters" />}
      </CursorList>
    </Stack>
  );
}
