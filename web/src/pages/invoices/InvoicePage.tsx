/**
 * One invoice (GET /v1/invoices/{id}): header with customer, status, dates, totals and open amount;
 * lines with tax; the PDF (GET /v1/invoices/{id}/pdf) in an object; payments, credit notes and
 * write-offs, messages, dunning history and disputes; the predicted payment of an open invoice
 * (PredictionPanel); the actions the role may take.
 */
import { Anchor, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { InvoiceActions } from './InvoiceActions';
import {
  AdjustmentsSection,
  DisputesSection,
  LettersSection,
  MessagesSection,
  PaymentsSection,
} from './InvoiceSections';
import { InvoiceStatus } from './InvoiceTable';
import { PredictionPanel } from './PredictionPanel';

type Invoice = components['schemas']['InvoiceDetail'];

export function InvoicePage() {
  const { invoiceId } = useParams({ from: '/app/invoices/$invoiceId' });
  const q = useQuery({
    queryKey: ['invoices', 'detail', invoiceId],
    queryFn: () => data(api.GET('/v1/invoices/{id}', { params: { path: { id: invoiceId } } })),
  });
  return <QueryView query={q}>{(invoice) => <InvoiceView invoice={invoice} />}</QueryView>;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" fw={500}>
        {children}
      </Text>
    </div>
  );
}

/** The customer by name (GET /v1/customers/{id}) with its number, a link to the customer page. */
function CustomerLink({ customerId, externalId }: { customerId: string; externalId: string | null }) {
  const customer = useQuery({
    queryKey: ['customers', customerId],
    queryFn: () => data(api.GET('/v1/customers/{id}', { params: { path: { id: customerId } } })),
  });
  return (
    <Anchor component={Link} to={`/customers/${customerId}`} size="sm">
      {customer.data?.name ?? externalId ?? customerId}
      {customer.data && externalId && (
        <Text span size="xs" c="dimmed" ml={4}>
          {externalId}
        </Text>
      )}
    </Anchor>
  );
}

function InvoiceView({ invoice: i }: { invoice: Invoice }) {
  const t = useT();
  const f = useFormat();
  const m = (v: string) => f.money(v, i.currency);
  return (
    <Stack gap="md">
      <PageHeader title={t('inv.page.title', { number: i.number ?? t('inv.draft') })}>
        <InvoiceActions invoice={i} />
      </PageHeader>
      <Paper withBorder p="sm" data-testid="invoice-header">
        <SimpleGrid cols={{ base: 2, sm: 4, lg: 8 }} spacing="xs">
          <Fact label={t('inv.customer')}>
            <CustomerLink customerId={i.customerId} externalId={i.customerExternalId} />
          </Fact>
          <Fact label={t('inv.status')}>
            <InvoiceStatus status={i.status} overdue={i.overdue} />
          </Fact>
          <Fact label={t('inv.issueDate')}>{i.issueDate ? f.date(i.issueDate) : '—'}</Fact>
          <Fact label={t('inv.dueDate')}>{i.dueDate ? f.date(i.dueDate) : '—'}</Fact>
          <Fact label={t('inv.page.terms')}>{i.paymentTerms}</Fact>
          <Fact label={t('inv.net')}>{m(i.net)}</Fact>
          <Fact label={t('inv.tax')}>{m(i.tax)}</Fact>
          <Fact label={t('inv.total')}>
            <span data-testid="invoice-total">{m(i.total)}</span>
          </Fact>
          <Fact label={t('inv.open')}>
            <span data-testid="invoice-open">{m(i.open)}</span>
          </Fact>
          <Fact label={t('inv.page.reference')}>{i.paymentReference ?? '—'}</Fact>
          <Fact label={t('inv.page.po')}>{i.poNumber ?? '—'}</Fact>
        </SimpleGrid>
      </Paper>
      <Lines invoice={i} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
        <Stack gap="md">
          {i.kind === 'invoice' && i.status !== 'draft' && Number(i.open) > 0 && (
            <PredictionPanel invoiceId={i.id} />
          )}
          <PaymentsSection invoice={i} />
          <AdjustmentsSection invoice={i} />
          <MessagesSection invoice={i} />
          <LettersSection invoice={i} />
          <DisputesSection invoice={i} />
        </Stack>
        <Pdf invoice={i} />
      </SimpleGrid>
    </Stack>
  );
}

function Lines({ invoice: i }: { invoice: Invoice }) {
  const t = useT();
  const f = useFormat();
  return (
    <section>
      <Title order={2} size="h5" mb={4}>
        {t('inv.page.lines')}
      </Title>
      <Table.ScrollContainer minWidth={840}>
        <Table verticalSpacing={2} fz="sm" data-testid="invoice-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>#</Table.Th>
              <Table.Th>{t('inv.page.description')}</Table.Th>
              <Table.Th className="num">{t('inv.page.quantity')}</Table.Th>
              <Table.Th className="num">{t('inv.page.unitPrice')}</Table.Th>
              <Table.Th className="num">{t('inv.page.discount')}</Table.Th>
              <Table.Th className="num">{t('inv.page.taxRate')}</Table.Th>
              <Table.Th className="num">{t('inv.net')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {i.lines.map((l) => (
              <Table.Tr key={l.lineNo}>
                <Table.Td>{l.lineNo}</Table.Td>
                <Table.Td>{l.description}</Table.Td>
                <Table.Td className="num">{l.quantity}</Table.Td>
                <Table.Td className="num">{l.unitPrice}</Table.Td>
                <Table.Td className="num">{l.discountPct}</Table.Td>
                <Table.Td className="num">{l.taxRate}</Table.Td>
                <Table.Td className="num">{f.money(l.net, i.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}

function Pdf({ invoice: i }: { invoice: Invoice }) {
  const t = useT();
  const url = `/v1/invoices/${i.id}/pdf`;
  return (
    <section>
      <Group justify="space-between" mb={4}>
        <Title order={2} size="h5">
          {t('inv.page.pdf')}
        </Title>
        {i.status !== 'draft' && (
          <Anchor href={url} target="_blank" size="sm">
            PDF
          </Anchor>
        )}
      </Group>
      {i.status === 'draft' ? (
        <Text size="sm" c="dimmed">
          {t('inv.page.pdfDraft')}
        </Text>
      ) : (
        <object
          data={url}
          type="application/pdf"
          title={t('inv.page.pdf')}
          width="100%"
          height="600"
          data-testid="invoice-pdf"
        >
          <Anchor href={url}>PDF</Anchor>
        </object>
      )}
    </section>
  );
}
