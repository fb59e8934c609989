/**
 * Customers (GET /v1/customers): the searchable, sortable, server-paged list with each customer's
 * open and overdue amounts per currency, credit limit, hold, dunning level and collector. Search,
 * filters and sort live in the URL; `/` focuses the search box; each row links to the customer.
 */
import { Badge, Group, Select, Stack, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { CursorList, useCursorList } from '../../components/CursorList';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { CUSTOMER_STATUSES, type CustomerSort, type CustomersSearch } from './customers-search';

type Row = components['schemas']['CustomerListItem'];

export function CustomersPage() {
  const t = useT();
  const search = useSearch({ from: '/app/customers' });
  const list = useCursorList(['customers', 'list', search], (cursor) =>
    data(api.GET('/v1/customers', { params: { query: listQuery(search, cursor) } })),
  );
  return (
    <>
      <PageHeader title={t('nav.customers')} />
      <Stack gap="sm">
        <CustomerFilters search={search} />
        <CursorList list={list} empty={t('customers.empty')}>
          {(items) => <CustomerTable items={items} search={search} />}
        </CursorList>
      </Stack>
    </>
  );
}

function listQuery(s: CustomersSearch, cursor?: string) {
  const { q, ...filters } = s;
  const defined = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
  return { limit: 50, ...defined, ...(q ? { search: q } : {}), ...(cursor ? { cursor } : {}) };
}

/** `/` anywhere but in a field focuses `ref` (the search box). */
function useSlashFocus(ref: React.RefObject<HTMLInputElement | null>) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = target?.closest('input, textarea, select, [contenteditable="true"]');
      if (e.key !== '/' || typing || e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      ref.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [ref]);
}

function SearchBox({ value }: { value: string | undefined }) {
  const t = useT();
  const navigate = useNavigate({ from: '/customers' });
  const ref = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(value ?? '');
  const [debounced] = useDebouncedValue(text, 250);
  useSlashFocus(ref);
  useEffect(() => {
    const q = debounced.trim() || undefined;
    if (q !== value) void navigate({ search: (prev) => ({ ...prev, q }), replace: true });
  }, [debounced, value, navigate]);
  return (
    <TextInput
      ref={ref}
      size="xs"
      w={280}
      type="search"
      label={t('customers.search')}
      placeholder={t('customers.searchHint')}
      value={text}
      onChange={(e) => setText(e.currentTarget.value)}
      data-testid="customer-search"
    />
  );
}

function CustomerFilters({ search }: { search: CustomersSearch }) {
  const t = useT();
  const navigate = useNavigate({ from: '/customers' });
  const set = (patch: Partial<CustomersSearch>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch }) });
  const categories = useQuery({ queryKey: ['categories'], queryFn: () => data(api.GET('/v1/categories')) });
  const collectors = useQuery({ queryKey: ['collectors'], queryFn: () => data(api.GET('/v1/collectors')) });
  const yesNo = [
    { value: 'true', label: t('customers.yes') },
    { value: 'false', label: t('customers.no') },
  ];
  const categoryOptions = (categories.data?.items ?? []).flatMap((c) => [
    { value: c.id, label: c.name },
    ...c.subcategories.map((s) => ({ value: s.id, label: `${c.name} / ${s.name}` })),
  ]);
  const collectorOptions = [
    { value: 'none', label: t('customers.unassigned') },
    ...(collectors.data?.items ?? []).map((c) => ({ value: c.id, label: c.name })),
  ];
  const filter = (
    label: MessageKey,
    key: keyof CustomersSearch,
    options: { value: string; label: string }[],
  ) => (
    <Select
      size="xs"
      w={160}
      clearable
      label={t(label)}
      placeholder={t('collections.all')}
      data={options}
      value={(search[key] as string | undefined) ?? null}
      onChange={(v) => set({ [key]: v ?? undefined })}
    />
  );
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <SearchBox value={search.q} />
      {filter('customers.onHold', 'onHold', yesNo)}
      {filter('customers.hasOverdue', 'hasOverdue', yesNo)}
      {filter(
        'customers.status',
        'status',
        CUSTOMER_STATUSES.map((s) => ({ value: s, label: t(`customers.status.${s}`) })),
      )}
      {filter('customers.category', 'category', categoryOptions)}
      {filter('customers.collector', 'collector', collectorOptions)}
      <TextInput
        size="xs"
        w={90}
        label={t('customers.currency')}
        placeholder="EUR"
        maxLength={3}
        defaultValue={search.currency ?? ''}
        onChange={(e) => {
          const v = e.currentTarget.value.toUpperCase();
          if (v === '' || v.length === 3) set({ currency: v || undefined });
        }}
      />
    </Group>
  );
}

function SortHeader({
  label,
  sort,
  search,
  numeric = false,
}: {
  label: MessageKey;
  sort: CustomerSort;
  search: CustomersSearch;
  numeric?: boolean;
}) {
  const t = useT();
  const navigate = useNavigate({ from: '/customers' });
  const current = (search.sort ?? 'externalId') === sort;
  const order = search.order ?? 'asc';
  const next =
    current && order === 'asc'
      ? 'desc'
      : current
        ? 'asc'
        : sort.endsWith('Balance') || sort === 'oldestOverdueDays'
          ? 'desc'
          : 'asc';
  return (
    <Table.Th
      ta={numeric ? 'right' : undefined}
      aria-sort={current ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <UnstyledButton
        fz="sm"
        fw={700}
        onClick={() => void navigate({ search: (prev) => ({ ...prev, sort, order: next }) })}
        data-testid={`sort-${sort}`}
      >
        {t(label)} {current ? (order === 'asc' ? '▲' : '▼') : ''}
      </UnstyledButton>
    </Table.Th>
  );
}

function Amounts({ balances, field }: { balances: Row['balances']; field: 'open' | 'overdue' }) {
  const f = useFormat();
  const shown = balances.filter(
    (b) => field === 'open' || (b.overdue !== '0' && !/^0(\.0+)?$/.test(b.overdue)),
  );
  if (shown.length === 0)
    return (
      <Text size="sm" c="dimmed">
        –
      </Text>
    );
  return (
    <Stack gap={0} align="flex-end">
      {shown.map((b) => (
        <Text key={b.currency} size="sm" ff="monospace">
          {f.money(b[field], b.currency)}
        </Text>
      ))}
    </Stack>
  );
}

function CustomerTable({ items, search }: { items: Row[]; search: CustomersSearch }) {
  const t = useT();
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table striped highlightOnHover verticalSpacing={4} data-testid="customers">
        <Table.Thead>
          <Table.Tr>
            <SortHeader label="customers.name" sort="name" search={search} />
            <SortHeader label="customers.externalId" sort="externalId" search={search} />
            <SortHeader label="customers.open" sort="openBalance" search={search} numeric />
            <SortHeader label="customers.overdue" sort="overdueBalance" search={search} numeric />
            <SortHeader label="customers.oldestDays" sort="oldestOverdueDays" search={search} numeric />
            <Table.Th ta="right">{t('customers.creditLimit')}</Table.Th>
            <Table.Th>{t('customers.hold')}</Table.Th>
            <Table.Th ta="right">{t('customers.dunningLevel')}</Table.Th>
            <Table.Th>{t('customers.collector')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((c) => (
            <CustomerRow key={c.id} c={c} />
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function CustomerRow({ c }: { c: Row }) {
  const t = useT();
  const f = useFormat();
  return (
    <Table.Tr data-customer={c.externalId}>
      <Table.Td>
        <Link to="/customers/$customerId" params={{ customerId: c.id }}>
          {c.name}
        </Link>
        {c.status !== 'active' && (
          <Badge ml={6} size="xs" variant="outline" color="gray">
            {t(`customers.status.${c.status as 'active'}`)}
          </Badge>
        )}
      </Table.Td>
      <Table.Td ff="monospace">{c.externalId}</Table.Td>
      <Table.Td ta="right">
        <Amounts balances={c.balances} field="open" />
      </Table.Td>
      <Table.Td ta="right">
        <Amounts balances={c.balances} field="overdue" />
      </Table.Td>
      <Table.Td ta="right">{c.oldestOverdueDays ?? '–'}</Table.Td>
      <Table.Td ta="right">{c.creditLimit === null ? '–' : f.money(c.creditLimit, c.currency)}</Table.Td>
      <Table.Td>
        {c.onHold && (
          <Badge size="xs" color="red" variant="dot">
            {t('customers.onHoldBadge')}
          </Badge>
        )}
      </Table.Td>
      <Table.Td ta="right">{c.dunningLevel ?? '–'}</Table.Td>
      <Table.Td>{c.collector?.name ?? ''}</Table.Td>
    </Table.Tr>
  );
}
