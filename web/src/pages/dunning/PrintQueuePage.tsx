/**
 * The print queue: planned letters of channel `letter` (GET /v1/dunning/letters?status=planned&
 * channel=letter). "Print" fetches one PDF of the batch (POST /v1/dunning/letters/print: each letter
 * followed by its statement, at most 100); "Mark as posted" records that batch as printed and
 * posted in one transaction (`markSent`, write), or one letter at a time.
 */
import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api, data } from '../../api/client';
import { CursorList, useCursorList } from '../../components/CursorList';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n/i18n';
import { Can, useCan } from '../../session/session';
import { DunningLayout } from './DunningLayout';
import { LettersTable } from './LettersTable';

interface Batch {
  url: string;
  bytes: number;
  letterIds: string[];
  markedSent: number;
  remaining: number;
  fileName: string;
}

/** One PDF of planned letters, and what the API says it holds (X-Letter-Ids, …). */
async function printBatch(body: { letterIds?: string[]; markSent?: boolean }): Promise<Batch> {
  const answer = await api.POST('/v1/dunning/letters/print', { body, parseAs: 'blob' });
  const blob = (await data(Promise.resolve(answer))) as unknown as Blob;
  const h = answer.response.headers;
  const disposition = /filename="([^"]+)"/.exec(h.get('content-disposition') ?? '');
  return {
    url: URL.createObjectURL(blob),
    bytes: blob.size,
    letterIds: (h.get('x-letter-ids') ?? '').split(',').filter(Boolean),
    markedSent: Number(h.get('x-letters-marked-sent') ?? 0),
    remaining: Number(h.get('x-letters-remaining') ?? 0),
    fileName: disposition?.[1] ?? 'dunning-letters.pdf',
  };
}

export function PrintQueuePage() {
  const t = useT();
  const qc = useQueryClient();
  const [selected, setSelected] = useState<string[]>([]);
  const [batch, setBatch] = useState<Batch | null>(null);
  const [posted, setPosted] = useState<number | null>(null);
  useEffect(() => () => (batch ? URL.revokeObjectURL(batch.url) : undefined), [batch]);
  const queue = useCursorList(['dunning', 'letters', { status: 'planned', channel: 'letter' }], (cursor) =>
    data(
      api.GET('/v1/dunning/letters', {
        params: {
          query: { status: 'planned', channel: 'letter', limit: 100, ...(cursor ? { cursor } : {}) },
        },
      }),
    ),
  );
  const refresh = () =>
    Promise.all(['dunning', 'activities'].map((k) => qc.invalidateQueries({ queryKey: [k] })));
  const print = useMutation({
    mutationFn: () => printBatch(selected.length > 0 ? { letterIds: selected } : {}),
    onSuccess: (b) => {
      setPosted(null);
      setBatch(b);
    },
  });
  const markBatch = useMutation({
    mutationFn: (ids: string[]) => printBatch({ letterIds: ids, markSent: true }),
    onSuccess: async (b) => {
      URL.revokeObjectURL(b.url);
      setBatch(null);
      setSelected([]);
      setPosted(b.markedSent);
      await refresh();
    },
  });
  return (
    <DunningLayout tab="/dunning/print">
      <Stack gap="sm">
        <Group>
          <Button onClick={() => print.mutate()} loading={print.isPending} data-testid="print-batch">
            {selected.length > 0
              ? t('dunning.print.printSelected', { n: selected.length })
              : t('dunning.print.printAll')}
          </Button>
          <Text size="xs" c="dimmed">
            {t('dunning.print.hint')}
          </Text>
        </Group>
        <ProblemAlert error={print.error ?? markBatch.error} fields={['letterIds', 'runId']} />
        {batch && (
          <Alert color="blue" data-testid="batch-ready">
            <Stack gap={6} align="flex-start">
              <Text size="sm">
                {t('dunning.print.ready', { n: batch.letterIds.length, remaining: batch.remaining })}
              </Text>
              <Group>
                <Anchor
                  href={batch.url}
                  target="_blank"
                  download={batch.fileName}
                  data-testid="batch-pdf"
                  data-bytes={batch.bytes}
                >
                  {t('dunning.print.open', { file: batch.fileName })}
                </Anchor>
                <Can access="write">
                  <Button
                    size="xs"
                    color="green"
                    loading={markBatch.isPending}
                    onClick={() => markBatch.mutate(batch.letterIds)}
                    data-testid="mark-batch-posted"
                  >
                    {t('dunning.print.markBatch', { n: batch.letterIds.length })}
                  </Button>
                </Can>
              </Group>
            </Stack>
          </Alert>
        )}
        {posted !== null && (
          <Alert color="green" data-testid="batch-posted">
            {t('dunning.print.posted', { n: posted })}
          </Alert>
        )}
        <CursorList list={queue} empty={t('dunning.print.empty')}>
          {(items) => (
            <LettersTable
              letters={items}
              testId="print-queue"
              selection={{ selected, onChange: setSelected }}
              actions={(l) =>
                l.id ? <MarkPosted letterId={l.id} customer={l.customer.name} onDone={refresh} /> : null
              }
            />
          )}
        </CursorList>
      </Stack>
    </DunningLayout>
  );
}

function MarkPosted({
  letterId,
  customer,
  onDone,
}: {
  letterId: string;
  customer: string;
  onDone: () => Promise<unknown>;
}) {
  const t = useT();
  const can = useCan();
  const m = useMutation({
    mutationFn: () =>
      data(api.POST('/v1/dunning/letters/{id}/printed', { params: { path: { id: letterId } } })),
    onSuccess: onDone,
  });
  if (!can('write')) return null;
  return (
    <>
      <Button
        size="compact-xs"
        variant="subtle"
        loading={m.isPending}
        onClick={() => m.mutate()}
        aria-label={t('dunning.print.markOneFor', { customer })}
      >
        {t('dunning.print.markOne')}
      </Button>
      <ProblemAlert error={m.error} fields={[]} />
    </>
  );
}
