/**
 * One bank line of the queue: what the bank says, the engine's suggestions (customer, invoices,
 * confidence, reasons, deductions) and what a person does with it. The keys are handled here,
 * for the line on screen; the shell's `?` lists them (usePageShortcuts).
 */
import { Alert, Button, Group, Kbd, List, Paper, Radio, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { api, data } from '../../api/client';
import { type PageShortcut, usePageShortcuts } from '../../app/page-shortcuts';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { useCan } from '../../session/session';
import { ApplyByHand } from './ApplyByHand';
import { Confidence } from './Confidence';
import type { QueueFilter, ReviewItem } from './cash-search';
import { IgnoreDialog } from './IgnoreDialog';
import { openItemsQuery } from './open-items-query';
import { useLineDecision } from './use-line-decision';

type Dialog = 'none' | 'apply' | 'ignore';

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

export function LineDetail({
  line,
  filter,
  position,
  onMove,
  afterDecision,
}: {
  line: ReviewItem;
  filter: QueueFilter;
  position: { index: number; count: number };
  onMove: (step: number) => void;
  afterDecision: () => void;
}) {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const [chosen, setChosen] = useState(0);
  const [dialog, setDialog] = useState<Dialog>('none');
  const decide = useLineDecision(filter, afterDecision);
  const accept = useMutation({
    mutationFn: (suggestion: number) =>
      data(
        api.POST('/v1/bank/transactions/{id}/accept', {
          params: { path: { id: line.id } },
          body: { suggestion },
        }),
      ),
    onSuccess: decide,
  });
  const unapply = useMutation({
    mutationFn: () =>
      data(api.POST('/v1/bank/transactions/{id}/unapply', { params: { path: { id: line.id } } })),
    onSuccess: decide,
  });
  const customer = line.suggestions[chosen]?.customerId ?? line.customerId;
  const qc = useQueryClient();
  const writable = can('write');
  // The customer's open items are fetched while the person reads the line: `a` opens at once.
  useEffect(() => {
    if (customer && writable) void qc.prefetchQuery(openItemsQuery(line.id, customer));
  }, [qc, line.id, customer, writable]);
  const onAccount = useMutation({
    mutationFn: () =>
      data(
        api.POST('/v1/bank/transactions/{id}/apply', {
          params: { path: { id: line.id } },
          body: { customer: customer ?? '', allocations: [] },
        }),
      ),
    onSuccess: decide,
  });
  const open = line.status !== 'applied' && line.status !== 'ignored';
  const actions = {
    accept: writable && open && line.suggestions.length > 0,
    apply: writable && open && !line.amount.startsWith('-'),
    onAccount: writable && open && customer !== null && !line.amount.startsWith('-'),
    ignore: writable && open,
    unapply: writable && line.status === 'applied',
  };
  const busy = accept.isPending || unapply.isPending || onAccount.isPending;

  useEffect(() => {
    if (dialog !== 'none') return;
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || typingInto(event.target)) return;
      if (document.querySelector('[role="dialog"]')) return;
      const key = event.key;
      if (key === 'j' || key === 'ArrowDown') onMove(1);
      else if (key === 'k' || key === 'ArrowUp') onMove(-1);
      else if (key === 'Enter' && actions.accept && !busy) accept.mutate(chosen);
      else if (['1', '2', '3'].includes(key) && Number(key) <= line.suggestions.length)
        setChosen(Number(key) - 1);
      else if (key === 'a' && actions.apply) setDialog('apply');
      else if (key === 'o' && actions.onAccount && !busy) onAccount.mutate();
      else if (key === 'x' && actions.ignore) setDialog('ignore');
      else if (key === 'u' && actions.unapply && !busy) unapply.mutate();
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const shortcuts = useMemo<PageShortcut[]>(
    () => [
      { keys: ['j', '↓'], label: t('cash.key.next') },
      { keys: ['k', '↑'], label: t('cash.key.previous') },
      { keys: ['Enter'], label: t('cash.key.accept') },
      { keys: ['1', '2', '3'], label: t('cash.key.choose') },
      { keys: ['a'], label: t('cash.key.apply') },
      { keys: ['o'], label: t('cash.key.onAccount') },
      { keys: ['x'], label: t('cash.key.ignore') },
      { keys: ['u'], label: t('cash.key.unapply') },
    ],
    [t],
  );
  usePageShortcuts(shortcuts);

  return (
    <Paper withBorder p="sm" data-testid="line-detail" data-line-id={line.id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <div>
            <Title order={2} size="h4" className="num" ta="left" data-testid="line-amount">
              {f.money(line.amount, line.currency)}
            </Title>
            <Text size="sm">
              {line.payerName ?? t('cash.line.noPayer')}
              {line.payerIban && (
                <Text span size="xs" c="dimmed" ml={6}>
                  {line.payerIban}
                </Text>
              )}
            </Text>
          </div>
          <Stack gap={0} align="flex-end">
            <Text size="xs" c="dimmed">
              {t('cash.queue.position', { n: position.index + 1, count: position.count })}
            </Text>
            <Text size="xs" c="dimmed">
              {f.date(line.bookingDate)} · {t(`cash.status.${line.status}`)}
            </Text>
          </Stack>
        </Group>
        <Text size="sm" ff="monospace" style={{ wordBreak: 'break-word' }} data-testid="line-remittance">
          {line.remittance || t('cash.line.noRemittance')}
        </Text>
        {line.customerName && (
          <Text size="sm">
            {t('cash.line.customer')}: <b>{line.customerName}</b> ({line.customerExternalId})
          </Text>
        )}
        <ProblemAlert error={accept.error ?? unapply.error ?? onAccount.error} fields={[]} />
        <Suggestions line={line} chosen={chosen} onChoose={setChosen} />
        {line.reasons.length > 0 && (
          <div>
            <Text size="xs" fw={600}>
              {t('cash.line.reasons')}
            </Text>
            <List size="xs">
              {line.reasons.map((r) => (
                <List.Item key={r}>{r}</List.Item>
              ))}
            </List>
          </div>
        )}
        {line.deduction && (
          <Alert color="orange" title={t('cash.deduction.booked')}>
            {t('cash.deduction.text', {
              amount: f.money(line.deduction.amount, line.currency),
              invoice: line.deduction.invoiceNumber ?? '',
              reason: line.deduction.reason,
            })}
          </Alert>
        )}
        <Group gap="xs">
          {actions.accept && (
            <Button onClick={() => accept.mutate(chosen)} loading={accept.isPending} data-testid="accept">
              {t('cash.action.accept')} <Kbd ml={6}>Enter</Kbd>
            </Button>
          )}
          {actions.apply && (
            <Button variant="default" onClick={() => setDialog('apply')}>
              {t('cash.action.apply')} <Kbd ml={6}>a</Kbd>
            </Button>
          )}
          {actions.onAccount && (
            <Button variant="default" onClick={() => onAccount.mutate()} loading={onAccount.isPending}>
              {t('cash.action.onAccount')} <Kbd ml={6}>o</Kbd>
            </Button>
          )}
          {actions.ignore && (
            <Button variant="default" onClick={() => setDialog('ignore')}>
              {t('cash.action.ignore')} <Kbd ml={6}>x</Kbd>
            </Button>
          )}
          {actions.unapply && (
            <Button
              variant="default"
              color="red"
              onClick={() => unapply.mutate()}
              loading={unapply.isPending}
            >
              {t('cash.action.unapply')} <Kbd ml={6}>u</Kbd>
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          {t('cash.key.hint')}
        </Text>
      </Stack>
      {dialog === 'apply' && (
        <ApplyByHand
          line={line}
          initialCustomer={customer}
          initialCustomerName={line.suggestions[chosen]?.customerName ?? line.customerName}
          onClose={() => setDialog('none')}
          onApplied={decide}
        />
      )}
      {dialog === 'ignore' && (
        <IgnoreDialog line={line} onClose={() => setDialog('none')} onIgnored={decide} />
      )}
    </Paper>
  );
}

function Suggestions({
  line,
  chosen,
  onChoose,
}: {
  line: ReviewItem;
  chosen: number;
  onChoose: (i: number) => void;
}) {
  const t = useT();
  const f = useFormat();
  if (line.suggestions.length === 0)
    return (
      <Text size="sm" c="dimmed" data-testid="no-suggestion">
        {t('cash.suggestion.none')}
      </Text>
    );
  return (
    <Radio.Group
      value={String(chosen)}
      onChange={(v) => onChoose(Number(v))}
      label={t('cash.suggestion.title')}
      size="xs"
    >
      <Stack gap={6} mt={4}>
        {line.suggestions.map((s, i) => (
          <Paper
            key={`${s.customerId}-${s.allocations.map((a) => a.invoiceId).join()}`}
            withBorder
            p="xs"
            data-testid={`suggestion-${i}`}
            {...(i === chosen ? { bg: 'var(--mantine-primary-color-light)' } : {})}
          >
            <Group justify="space-between" wrap="nowrap">
              <Radio
                value={String(i)}
                label={
                  <Text size="sm" fw={600}>
                    {i + 1}. {s.customerName ?? s.customerId}{' '}
                    {s.customerExternalId && `(${s.customerExternalId})`}
                  </Text>
                }
              />
              <Confidence value={s.confidence} testId={`suggestion-${i}-confidence`} />
            </Group>
            <Table.ScrollContainer minWidth={240}>
              <Table mt={4} striped={false}>
                <Table.Tbody>
                  {s.allocations.map((a) => (
                    <Table.Tr key={a.invoiceId}>
                      <Table.Td>{a.invoiceNumber}</Table.Td>
                      <Table.Td className="num">{f.money(a.amount, line.currency)}</Table.Td>
                    </Table.Tr>
                  ))}
                  {s.adjustments.map((a) => (
                    <Table.Tr key={`${a.kind}-${a.invoiceId}`}>
                      <Table.Td>{t(`cash.adjustment.${a.kind}`)}</Table.Td>
                      <Table.Td className="num">{f.money(a.amount, line.currency)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {s.deduction && (
              <Text size="xs" fw={600} mt={4}>
                {t('cash.deduction.text', {
                  amount: f.money(s.deduction.amount, line.currency),
                  invoice: s.deduction.invoiceNumber ?? '',
                  reason: s.deduction.reason,
                })}
              </Text>
            )}
            <List size="xs" mt={4}>
              {s.reasons.map((r) => (
                <List.Item key={r}>{r}</List.Item>
              ))}
            </List>
          </Paper>
        ))}
      </Stack>
    </Radio.Group>
  );
}
