/**
 * A customer's credit (GET /v1/credit/customers/{id}): limit, exposure and what is available, the
 * rules' verdict, active and past holds. A credit manager or admin sets the limit and places or
 * releases a manual hold with a reason (POST …/limit, …/hold, …/release); others see no form.
 */
import { Badge, Button, Group, Paper, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { Can } from '../../session/session';

type Customer = components['schemas']['Customer'];
type CreditStatus = components['schemas']['CreditStatus'];

export function useCreditStatus(customerId: string) {
  return useQuery({
    queryKey: ['credit', 'customers', customerId],
    queryFn: () => data(api.GET('/v1/credit/customers/{id}', { params: { path: { id: customerId } } })),
  });
}

export function CreditPanel({ customer }: { customer: Customer }) {
  const status = useCreditStatus(customer.id);
  return (
    <QueryView query={status}>
      {(s) => (
        <Stack gap="sm" data-testid="credit-panel">
          <CreditFigures status={s} />
          <Can access="credit">
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <LimitForm customer={customer} status={s} />
              <HoldForm
                customer={customer}
                onHold={s.holds.some((h) => h.kind === 'manual' && !h.releasedAt)}
              />
            </SimpleGrid>
          </Can>
          <HoldTable status={s} />
        </Stack>
      )}
    </QueryView>
  );
}

function CreditFigures({ status: s }: { status: CreditStatus }) {
  const t = useT();
  const f = useFormat();
  const cell = (label: string, value: string) => (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text ff="monospace" fw={600}>
        {value}
      </Text>
    </Stack>
  );
  return (
    <SimpleGrid cols={{ base: 2, sm: 5 }}>
      {cell(
        t('customers.creditLimit'),
        s.creditLimit ? f.money(s.creditLimit, s.currency) : t('customer.noLimit'),
      )}
      {cell(t('customer.credit.openInvoices'), f.money(s.exposure.openInvoices, s.currency))}
      {cell(t('customer.credit.unapplied'), f.money(s.exposure.unappliedCash, s.currency))}
      {cell(t('customer.credit.exposure'), f.money(s.exposure.total, s.currency))}
      {cell(t('customer.credit.available'), s.available ? f.money(s.available, s.currency) : '–')}
    </SimpleGrid>
  );
}

function useInvalidateCredit(customerId: string) {
  const qc = useQueryClient();
  return () =>
    Promise.all(
      [['credit'], ['customers', customerId], ['customers', 'list'], ['worklist']].map((queryKey) =>
        qc.invalidateQueries({ queryKey }),
      ),
    );
}

function LimitForm({ customer, status }: { customer: Customer; status: CreditStatus }) {
  const t = useT();
  const [limit, setLimit] = useState(status.creditLimit ?? '');
  const [reason, setReason] = useState('');
  const invalidate = useInvalidateCredit(customer.id);
  const m = useMutation({
    mutationFn: () =>
      data(
        api.POST('/v1/credit/customers/{id}/limit', {
          params: { path: { id: customer.id } },
          body: { limit: limit.trim() === '' ? null : limit.trim(), ...(reason ? { reason } : {}) },
        }),
      ),
    onSuccess: invalidate,
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit}>
      <Title order={2} size="h5" mb="xs">
        {t('customer.credit.setLimit')}
      </Title>
      <Stack gap="xs">
        <ProblemAlert error={m.error} fields={['limit', 'reason']} />
        <TextInput
          size="xs"
          label={`${t('customers.creditLimit')} (${status.currency})`}
          description={t('customer.credit.limitHint')}
          value={limit}
          onChange={(e) => setLimit(e.currentTarget.value)}
          error={fieldError(m.error, 'limit')}
        />
        <TextInput
          size="xs"
          label={t('customer.credit.reason')}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldError(m.error, 'reason')}
        />
        <Group>
          <Button size="xs" type="submit" loading={m.isPending}>
            {t('customer.credit.saveLimit')}
          </Button>
          {m.isSuccess && <Text size="xs">{t('customer.saved')}</Text>}
        </Group>
      </Stack>
    </Paper>
  );
}

function HoldForm({ customer, onHold }: { customer: Customer; onHold: boolean }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const invalidate = useInvalidateCredit(customer.id);
  const m = useMutation({
    mutationFn: () => {
      const params = { path: { id: customer.id } };
      return onHold
        ? data(api.POST('/v1/credit/customers/{id}/release', { params, body: reason ? { reason } : {} }))
        : data(api.POST('/v1/credit/customers/{id}/hold', { params, body: { reason } }));
    },
    onSuccess: async () => {
      setReason('');
      await invalidate();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit}>
      <Title order={2} size="h5" mb="xs">
        {t(onHold ? 'customer.credit.releaseTitle' : 'customer.credit.holdTitle')}
      </Title>
      <Stack gap="xs">
        <ProblemAlert error={m.error} fields={['reason']} />
        <TextInput
          size="xs"
          label={t('customer.credit.reason')}
          required={!onHold}
          value={reason}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={fieldError(m.error, 'reason')}
          data-testid="hold-reason"
        />
        <Group>
          <Button
            size="xs"
            type="submit"
            color={onHold ? 'teal' : 'red'}
            loading={m.isPending}
            data-testid={onHold ? 'release-hold' : 'place-hold'}
          >
            {t(onHold ? 'customer.credit.release' : 'customer.credit.hold')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function HoldTable({ status }: { status: CreditStatus }) {
  const t = useT();
  const f = useFormat();
  if (status.holds.length === 0)
    return (
      <Text size="sm" c="dimmed">
        {t('customer.credit.noHolds')}
      </Text>
    );
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table verticalSpacing={4} data-testid="holds">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('collections.holds.kind')}</Table.Th>
            <Table.Th>{t('collections.holds.why')}</Table.Th>
            <Table.Th>{t('collections.holds.since')}</Table.Th>
            <Table.Th>{t('collections.by')}</Table.Th>
            <Table.Th>{t('customer.credit.released')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {status.holds.map((h) => (
            <Table.Tr key={h.id}>
              <Table.Td>
                <Badge size="xs" variant="dot" color={h.releasedAt ? 'gray' : 'red'}>
                  {t(`collections.status.${h.kind}`)}
                </Badge>
              </Table.Td>
              <Table.Td>{[...h.reasons, h.note].filter(Boolean).join(' · ')}</Table.Td>
              <Table.Td>{f.date(h.setOn)}</Table.Td>
              <Table.Td>{h.setBy.name}</Table.Td>
              <Table.Td>
                {h.releasedAt
                  ? [f.date(h.releasedAt.slice(0, 10)), h.releasedBy?.name, h.releaseNote]
                      .filter(Boolean)
                      .join(' · ')
                  : ''}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
