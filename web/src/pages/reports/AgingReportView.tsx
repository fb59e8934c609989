/**
 * The aging as of a date (GET /v1/reports/aging): per currency, by customer or by category, each
 * amount a link to the items behind it (/reports/aging/items). Totals come from the API.
 */
import { Alert, Button, Group, Paper, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { EmptyState, QueryView } from '../../components/states';
import { AGING_BUCKETS, type AgingBucket } from '../../format/aging-buckets';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { ExportLinks } from './ExportLinks';
import type { AgingBasis } from './reports-search';

type AgingReport = components['schemas']['AgingReport'];
type Buckets = AgingReport['buckets'];

/** The aging query (shared with the items page, so its figures come from the cache). */
export function agingQuery(asOf: string | undefined, basis: AgingBasis) {
  return {
    queryKey: ['reports', 'aging', { asOf, basis }],
    queryFn: () =>
      data(api.GET('/v1/reports/aging', { params: { query: { ...(asOf ? { asOf } : {}), basis } } })),
  };
}

export function AgingReportView() {
  const t = useT();
  const search = useSearch({ from: '/app/reports' });
  const basis = search.basis ?? 'due_date';
  const aging = useQuery(agingQuery(search.asOf, basis));
  return (
    <Stack gap="sm">
      <AgingControls reports={aging.data?.reports ?? []} />
      <QueryView query={aging}>
        {(answer) => (
          <>
            {answer.notices.map((n) => (
              <Alert key={n.code} color="yellow" title={t('reports.aging.notice')}>
                {n.message}
              </Alert>
            ))}
            <AgingTables reports={answer.reports} />
          </>
        )}
      </QueryView>
    </Stack>
  );
}

function AgingControls({ reports }: { reports: AgingReport[] }) {
  const t = useT();
  const navigate = useNavigate({ from: '/reports' });
  const search = useSearch({ from: '/app/reports' });
  const currency = search.currency ?? reports[0]?.currency;
  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        type="date"
        size="xs"
        label={t('reports.aging.asOf')}
        value={search.asOf ?? reports[0]?.asOf ?? ''}
        onChange={(e) => {
          const value = e.currentTarget.value;
          void navigate({ search: (prev) => ({ ...prev, asOf: value || undefined }) });
        }}
        data-testid="aging-as-of"
      />
      <LabelledSegments
        label={t('reports.aging.basis')}
        value={search.basis ?? 'due_date'}
        data={[
          { value: 'due_date', label: t('reports.aging.basis.due_date') },
          { value: 'invoice_date', label: t('reports.aging.basis.invoice_date') },
        ]}
        onChange={(v) =>
          void navigate({
            search: (prev) => ({ ...prev, basis: v === 'invoice_date' ? 'invoice_date' : undefined }),
          })
        }
      />
      <LabelledSegments
        label={t('reports.aging.by')}
        value={search.by ?? 'customer'}
        data={[
          { value: 'customer', label: t('reports.aging.by.customer') },
          { value: 'category', label: t('reports.aging.by.category') },
        ]}
        onChange={(v) =>
          void navigate({ search: (prev) => ({ ...prev, by: v === 'category' ? 'category' : undefined }) })
        }
      />
      {reports.length > 1 && currency && (
        <LabelledSegments
          label={t('reports.aging.currency')}
          value={currency}
          data={reports.map((r) => ({ value: r.currency, label: r.currency }))}
          onChange={(v) => void navigate({ search: (prev) => ({ ...prev, currency: v }) })}
        />
      )}
      <ExportLinks
        path="/v1/reports/aging/export"
        label={t('reports.tab.aging')}
        params={{
          asOf: search.asOf,
          basis: search.basis,
          view: search.by === 'category' ? 'categories' : 'customers',
        }}
      />
    </Group>
  );
}

/** A segmented control with a visible label (the reports' filters). */
export function LabelledSegments(props: {
  label: string;
  value: string;
  data: { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={500} component="span">
        {props.label}
      </Text>
      <SegmentedControl
        size="xs"
        aria-label={props.label}
        value={props.value}
        data={props.data}
        onChange={props.onChange}
      />
    </Stack>
  );
}

function AgingTables({ reports }: { reports: AgingReport[] }) {
  const t = useT();
  const f = useFormat();
  const search = useSearch({ from: '/app/reports' });
  const report = reports.find((r) => r.currency === search.currency) ?? reports[0];
  if (!report) return <EmptyState hint={t('reports.aging.empty')} />;
  return (
    <Paper withBorder p="sm">
      <Text size="sm" c="dimmed" mb={4}>
        {t('reports.aging.caption', { currency: report.currency, date: f.date(report.asOf) })}
      </Text>
      <AgingTable report={report} by={search.by ?? 'customer'} />
    </Paper>
  );
}

/** Rows drawn at first (the totals row is the report's, whatever is drawn); the rest on request. */
const FIRST_ROWS = 50;

/** A row of the table: a customer or a category, with what its links filter by. */
interface AgingRow {
  key: string;
  name: string;
  detail: string | null;
  filter: { customer?: string; category?: string };
  buckets: Buckets;
  total: string;
  unapplied: string;
}

function rowsOf(report: AgingReport, by: 'customer' | 'category', uncategorised: string): AgingRow[] {
  if (by === 'category')
    return report.categories.map((c) => ({
      key: c.categoryId ?? 'none',
      name: c.name ?? uncategorised,
      detail: String(c.customerCount),
      filter: { category: c.categoryId ?? 'none' },
      buckets: c.buckets,
      total: c.total,
      unapplied: c.unapplied,
    }));
  return report.customers.map((c) => ({
    key: c.customerId,
    name: c.name,
    detail: c.externalId,
    filter: { customer: c.customerId },
    buckets: c.buckets,
    total: c.total,
    unapplied: c.unapplied,
  }));
}

function AgingTable({ report, by }: { report: AgingReport; by: 'customer' | 'category' }) {
  const t = useT();
  const f = useFormat();
  const search = useSearch({ from: '/app/reports' });
  const [showAll, setShowAll] = useState(false);
  const allRows = rowsOf(report, by, t('reports.aging.uncategorised'));
  const rows = showAll ? allRows : allRows.slice(0, FIRST_ROWS);
  const base = { currency: report.currency, asOf: search.asOf, basis: search.basis };
  const cell = (amount: string, filter: AgingRow['filter'], bucket?: AgingBucket) =>
    amount === '0' || /^0\.0+$/.test(amount) ? (
      <Text span c="dimmed" size="sm">
        {f.money(amount, report.currency)}
      </Text>
    ) : (
      <Link className="figure-link" to="/reports/aging/items" search={{ ...base, ...filter, bucket }}>
        {f.money(amount, report.currency)}
      </Link>
    );
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover data-testid="aging-report-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>
              {by === 'category' ? t('reports.aging.category') : t('reports.aging.customer')}
            </Table.Th>
            <Table.Th>
              {by === 'category' ? t('reports.aging.customers') : t('reports.aging.externalId')}
            </Table.Th>
            {AGING_BUCKETS.map((b) => (
              <Table.Th key={b} className="num">
                {t(`overview.bucket.${b}`)}
              </Table.Th>
            ))}
            <Table.Th className="num">{t('reports.aging.total')}</Table.Th>
            <Table.Th className="num">{t('reports.aging.unapplied')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <Table.Td>{r.name}</Table.Td>
              <Table.Td>{r.detail}</Table.Td>
              {AGING_BUCKETS.map((b) => (
                <Table.Td key={b} className="num">
                  {cell(r.buckets[b], r.filter, b)}
                </Table.Td>
              ))}
              <Table.Td className="num">{cell(r.total, r.filter)}</Table.Td>
              <Table.Td className="num">{f.money(r.unapplied, report.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr fw={700}>
            <Table.Th scope="row">{t('reports.aging.total')}</Table.Th>
            <Table.Td />
            {AGING_BUCKETS.map((b) => (
              <Table.Td key={b} className="num" data-testid={`aging-total-${b}`}>
                {cell(report.buckets[b], {}, b)}
              </Table.Td>
            ))}
            <Table.Td className="num" data-testid="aging-total">
              {cell(report.total, {})}
            </Table.Td>
            <Table.Td className="num" data-testid="aging-unapplied">
              {f.money(report.unapplied, report.currency)}
            </Table.Td>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
      {rows.length < allRows.length && (
        <Button size="xs" variant="default" mt="xs" onClick={() => setShowAll(true)}>
          {t('reports.aging.showAll', { n: f.count(allRows.length) })}
        </Button>
      )}
    </Table.ScrollContainer>
  );
}
