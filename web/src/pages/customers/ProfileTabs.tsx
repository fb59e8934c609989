/**
 * The customer's profile: contacts and terms (GET /v1/customers/{id}), dunning (its policy and
 * dunning hold from GET /v1/dunning/customers/{id}, its level from the summary, its letters from
 * GET /v1/dunning/letters?customer=) and the statement (the PDF link, and "send statement" —
 * POST /v1/customers/{id}/statement/send, write access — with the queued message shown).
 */
import { Alert, Anchor, Button, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { CursorList, useCursorList } from '../../components/CursorList';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { Can } from '../../session/session';
import { StatusBadge } from '../collections/StatusBadge';
import { useCustomerSummary } from './CustomerPage';

type Customer = components['schemas']['Customer'];

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </Stack>
  );
}

export function ContactsTab({ customer: c }: { customer: Customer }) {
  const t = useT();
  const address = c.billingAddress ? Object.values(c.billingAddress).filter(Boolean).join(', ') : '–';
  return (
    <Stack gap="md" data-testid="contacts">
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Field label={t('customer.terms')}>{c.paymentTerms}</Field>
        <Field label={t('customers.currency')}>{c.currency}</Field>
        <Field label={t('customer.language')}>{c.language}</Field>
        <Field label={t('customer.delivery')}>{c.deliveryChannel}</Field>
        <Field label={t('customer.taxId')}>{c.taxId ?? '–'}</Field>
        <Field label={t('customer.country')}>{c.country ?? '–'}</Field>
        <Field label={t('customer.address')}>{address}</Field>
        <Field label={t('customer.emails')}>{c.emails.join(', ') || '–'}</Field>
        <Field label={t('customer.bankAccounts')}>{c.bankAccounts.join(', ') || '–'}</Field>
        <Field label={t('customer.aliases')}>{c.aliases.join(', ') || '–'}</Field>
      </SimpleGrid>
      <Title order={2} size="h5">
        {t('customer.contacts')}
      </Title>
      {c.contacts.length === 0 ? (
        <EmptyState hint={t('customer.contacts.empty')} />
      ) : (
        <Table.ScrollContainer minWidth={480}>
          <Table verticalSpacing={4}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customers.name')}</Table.Th>
                <Table.Th>{t('customer.role')}</Table.Th>
                <Table.Th>{t('customer.email')}</Table.Th>
                <Table.Th>{t('customer.phone')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {c.contacts.map((x) => (
                <Table.Tr key={[x.name, x.email, x.phone, x.role].join('|')}>
                  <Table.Td>{x.name ?? ''}</Table.Td>
                  <Table.Td>{x.role ?? ''}</Table.Td>
                  <Table.Td>{x.email ? <Anchor href={`mailto:${x.email}`}>{x.email}</Anchor> : ''}</Table.Td>
                  <Table.Td>{x.phone ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

export function DunningTab({ customer }: { customer: Customer }) {
  const t = useT();
  const f = useFormat();
  const summary = useCustomerSummary(customer.id);
  const dunning = useQuery({
    queryKey: ['dunning', 'customers', customer.id],
    queryFn: () => data(api.GET('/v1/dunning/customers/{id}', { params: { path: { id: customer.id } } })),
  });
  return (
    <Stack gap="md" data-testid="dunning">
      <QueryView query={dunning}>
        {(d) => (
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            <Field label={t('customer.dunning.level')}>{summary.data?.dunningLevel ?? '–'}</Field>
            <Field label={t('customer.dunning.policy')}>
              {d.policy ? `${d.policy.name} (${t(`customer.dunning.source.${d.policy.source}`)})` : '–'}
            </Field>
            <Field label={t('customer.dunning.hold')}>
              {d.hold
                ? [d.hold.reason, d.hold.until ? f.date(d.hold.until) : null].filter(Boolean).join(' · ')
                : '–'}
            </Field>
            <Field label={t('customer.dunning.handedOver')}>
              {d.handedOver ? f.date(d.handedOver.on) : '–'}
            </Field>
          </SimpleGrid>
        )}
      </QueryView>
      <LettersOfCustomer customerId={customer.id} />
    </Stack>
  );
}

function LettersOfCustomer({ customerId }: { customerId: string }) {
  const t = useT();
  const f = useFormat();
  const list = useCursorList(['dunning', 'letters', { customer: customerId }], (cursor) =>
    data(
      api.GET('/v1/dunning/letters', {
        params: { query: { customer: customerId, limit: 50, ...(cursor ? { cursor } : {}) } },
      }),
    ),
  );
  return (
    <CursorList list={list} empty={t('customer.dunning.noLetters')}>
      {(items) => (
        <Table.ScrollContainer minWidth={600}>
          <Table striped verticalSpacing={4} data-testid="letters">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('customer.dunning.asOf')}</Table.Th>
                <Table.Th ta="right">{t('customer.dunning.level')}</Table.Th>
                <Table.Th>{t('customer.dunning.channel')}</Table.Th>
                <Table.Th ta="right">{t('customers.overdue')}</Table.Th>
                <Table.Th>{t('collections.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((l, i) => (
                <Table.Tr key={l.id ?? i}>
                  <Table.Td>{f.date(l.asOf)}</Table.Td>
                  <Table.Td ta="right">{l.level}</Table.Td>
                  <Table.Td>{l.channel}</Table.Td>
                  <Table.Td ta="right" ff="monospace">
                    {f.money(l.overdue, l.currency)}
                  </Table.Td>
                  <Table.Td>
                    <StatusBadge status={l.status} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </CursorList>
  );
}

export function StatementTab({ customer }: { customer: Customer }) {
  const t = useT();
  const qc = useQueryClient();
  const send = useMutation({
    mutationFn: () =>
      data(
        api.POST('/v1/customers/{id}/statement/send', { params: { path: { id: customer.id } }, body: {} }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['messages'] }),
  });
  const pdf = `/v1/customers/${encodeURIComponent(customer.id)}/statement.pdf`;
  return (
    <Paper withBorder p="sm" data-testid="statement">
      <Stack gap="sm">
        <Text size="sm">{t('customer.statement.hint')}</Text>
        <Group gap="xs">
          <Button
            component="a"
            href={pdf}
            target="_blank"
            rel="noopener"
            size="xs"
            variant="default"
            data-testid="statement-pdf"
          >
            {t('customer.statement.open')}
          </Button>
          <Button
            component="a"
            href={pdf}
            download={`statement-${customer.externalId}.pdf`}
            size="xs"
            variant="default"
          >
            {t('customer.statement.download')}
          </Button>
          <Can access="write">
            <Button
              size="xs"
              loading={send.isPending}
              onClick={() => send.mutate()}
              data-testid="send-statement"
            >
              {t('customer.statement.send')}
            </Button>
          </Can>
        </Group>
        <ProblemAlert error={send.error} fields={[]} />
        {send.data && (
          <Alert color="teal" role="status" data-testid="statement-sent">
            {t('customer.statement.queued', { status: send.data.status, id: send.data.messageId })}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
