/**
 * One dispute (GET /v1/disputes/{id}) in a drawer: what is disputed, the thread of notes, and what
 * the role may do — add a note or reject it (collect), resolve it by a credit note (write; the
 * credit amount defaults on the server to the disputed amount).
 */
import {
  Badge,
  Button,
  Drawer,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { Can } from '../../session/session';
import type { ReasonKey } from './DisputesPage';
import { StatusBadge } from './StatusBadge';

type DisputeDetail = components['schemas']['DisputeDetail'];

export function DisputeDrawer({
  disputeId,
  onClose,
}: {
  disputeId: string | undefined;
  onClose: () => void;
}) {
  const t = useT();
  return (
    <Drawer
      closeButtonProps={{ 'aria-label': t('app.close') }}
      opened={disputeId !== undefined}
      onClose={onClose}
      position="right"
      size="lg"
      title={t('collections.dispute.title')}
    >
      {disputeId && <DisputeBody id={disputeId} />}
    </Drawer>
  );
}

function DisputeBody({ id }: { id: string }) {
  const q = useQuery({
    queryKey: ['disputes', id],
    queryFn: () => data(api.GET('/v1/disputes/{id}', { params: { path: { id } } })),
  });
  return <QueryView query={q}>{(d) => <DisputeView dispute={d} />}</QueryView>;
}

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

function DisputeView({ dispute: d }: { dispute: DisputeDetail }) {
  const t = useT();
  const f = useFormat();
  return (
    <Stack gap="md" data-testid="dispute-detail">
      <SimpleGrid cols={2} spacing="xs">
        <Fact label={t('collections.customer')}>
          {d.customerName} ({d.customerExternalId})
        </Fact>
        <Fact label={t('collections.invoice')}>{d.invoiceNumber}</Fact>
        <Fact label={t('collections.amount')}>{f.money(d.amount, d.currency)}</Fact>
        <Fact label={t('collections.log.reason')}>{t(`collections.reason.${d.reason as ReasonKey}`)}</Fact>
        <Fact label={t('collections.status')}>
          <StatusBadge status={d.status} />
        </Fact>
        <Fact label={t('collections.opened')}>
          {f.date(d.openedAt.slice(0, 10))} · {d.openedBy.name}
        </Fact>
        {d.resolution && <Fact label={t('collections.dispute.resolution')}>{d.resolution}</Fact>}
        {d.creditNoteNumber && <Fact label={t('collections.dispute.creditNote')}>{d.creditNoteNumber}</Fact>}
      </SimpleGrid>
      <Title order={3} size="h5">
        {t('collections.dispute.notes')}
      </Title>
      {d.notes.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('collections.dispute.noNotes')}
        </Text>
      ) : (
        <Stack gap={6}>
          {d.notes.map((n) => (
            <Paper key={n.id} withBorder p="xs">
              <Group justify="space-between">
                <Badge size="xs" variant="light">
                  {n.author.name}
                </Badge>
                <Text size="xs" c="dimmed">
                  {f.date(n.createdAt.slice(0, 10))}
                </Text>
              </Group>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {n.text}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
      <Can access="collect">
        <NoteForm id={d.id} />
      </Can>
      {d.status === 'open' && <DisputeActions dispute={d} />}
    </Stack>
  );
}

function useDisputeWrite<B>(send: (body: B) => Promise<unknown>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async () => {
      await Promise.all(
        ['disputes', 'worklist', 'invoices', 'activities'].map((key) =>
          qc.invalidateQueries({ queryKey: [key] }),
        ),
      );
    },
  });
}

function NoteForm({ id }: { id: string }) {
  const t = useT();
  const [text, setText] = useState('');
  const m = useDisputeWrite((body: { text: string }) =>
    data(api.POST('/v1/disputes/{id}/notes', { params: { path: { id } }, body })),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate({ text }, { onSuccess: () => setText('') });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <ProblemAlert error={m.error} fields={['text']} />
        <Textarea
          label={t('collections.dispute.addNote')}
          autosize
          minRows={2}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={fieldError(m.error, 'text')}
        />
        <Group justify="flex-end">
          <Button type="submit" size="xs" variant="light" loading={m.isPending}>
            {t('collections.dispute.addNoteButton')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function DisputeActions({ dispute: d }: { dispute: DisputeDetail }) {
  const t = useT();
  const f = useFormat();
  const [creditAmount, setCreditAmount] = useState('');
  const [reason, setReason] = useState('');
  const resolve = useDisputeWrite((body: { creditAmount?: string }) =>
    data(api.POST('/v1/disputes/{id}/resolve', { params: { path: { id: d.id } }, body })),
  );
  const reject = useDisputeWrite((body: { reason: string }) =>
    data(api.POST('/v1/disputes/{id}/reject', { params: { path: { id: d.id } }, body })),
  );
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }}>
      <Can access="write">
        <Paper withBorder p="sm">
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              resolve.mutate(creditAmount.trim() ? { creditAmount: creditAmount.trim() } : {});
            }}
          >
            <Stack gap="xs">
              <ProblemAlert error={resolve.error} fields={['creditAmount']} />
              <TextInput
                size="xs"
                label={t('collections.dispute.creditAmount')}
                description={t('collections.dispute.creditAmountHint', {
                  amount: f.money(d.amount, d.currency),
                })}
                inputMode="decimal"
                value={creditAmount}
                onChange={(e) => setCreditAmount(e.currentTarget.value)}
                error={fieldError(resolve.error, 'creditAmount')}
              />
              <Button type="submit" size="xs" color="green" loading={resolve.isPending}>
                {t('collections.dispute.resolve')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Can>
      <Can access="write">
        <Paper withBorder p="sm">
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              reject.mutate({ reason });
            }}
          >
            <Stack gap="xs">
              <ProblemAlert error={reject.error} fields={['reason']} />
              <TextInput
                size="xs"
                label={t('collections.dispute.rejectReason')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={fieldError(reject.error, 'reason')}
              />
              <Button type="submit" size="xs" color="red" variant="light" loading={reject.isPending}>
                {t('collections.dispute.reject')}
              </Button>
            </Stack>
          </form>
        </Paper>
      </Can>
    </SimpleGrid>
  );
}
