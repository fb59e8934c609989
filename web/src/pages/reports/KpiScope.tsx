/**
 * The KPI report's scope: one customer (searched on the server), the customers of one collector,
 * of one category — any of them, combined (the API narrows to customers matching all). The scope
 * lives in the URL (`/reports?view=kpis&customer=…&collector=…&category=…`); the heading names it
 * in words. Which ids exist is the API's answer: an unknown one is its 404, shown by the view.
 */
import { Button, Group, Select, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { api, data } from '../../api/client';
import { CustomerSelect } from '../../components/CustomerSelect';
import { useT } from '../../i18n/i18n';
import type { ReportsSearch } from './reports-search';

/** Side by side from `xs` up; on a phone each picker takes the whole width. */
const PICKER_WIDTH = { base: '100%', xs: 230 };

export type KpiScope = Pick<ReportsSearch, 'customer' | 'collector' | 'category'>;

/** The scope of the URL as the API's query parameters (only those set). */
export function scopeQuery(search: ReportsSearch): {
  customer?: string;
  collector?: string;
  category?: string;
} {
  return {
    ...(search.customer ? { customer: search.customer } : {}),
    ...(search.collector ? { collector: search.collector } : {}),
    ...(search.category ? { category: search.category } : {}),
  };
}

function useCollectors() {
  return useQuery({ queryKey: ['collectors'], queryFn: () => data(api.GET('/v1/collectors')) });
}

function useCategoryOptions() {
  const categories = useQuery({ queryKey: ['categories'], queryFn: () => data(api.GET('/v1/categories')) });
  return (categories.data?.items ?? []).flatMap((c) => [
    { value: c.id, label: c.name },
    ...c.subcategories.map((s) => ({ value: s.id, label: `${c.name} / ${s.name}` })),
  ]);
}

/** The customer of the URL (id or external id), for its name in the picker and the heading. */
function useScopeCustomer(customer: string | undefined) {
  return useQuery({
    queryKey: ['customers', 'detail', customer],
    queryFn: () => data(api.GET('/v1/customers/{id}', { params: { path: { id: customer ?? '' } } })),
    enabled: customer !== undefined,
    retry: false,
  });
}

/** The pickers, and a button that clears the scope when one is set. */
export function KpiScopePickers() {
  const t = useT();
  const search = useSearch({ from: '/app/reports' });
  const navigate = useNavigate({ from: '/reports' });
  const set = (patch: KpiScope) => void navigate({ search: (prev) => ({ ...prev, ...patch }) });
  const customer = useScopeCustomer(search.customer);
  const collectors = useCollectors();
  const categoryOptions = useCategoryOptions();
  const scoped = Object.keys(scopeQuery(search)).length > 0;
  return (
    <Group gap="xs" align="flex-end" wrap="wrap" data-testid="kpi-scope">
      <CustomerSelect
        size="xs"
        w={PICKER_WIDTH}
        clearable
        label={t('reports.kpi.scope.customer')}
        placeholder={t('reports.kpi.scope.allCustomers')}
        nothingFound={t('reports.kpi.scope.noCustomer')}
        value={customer.data?.id ?? search.customer ?? null}
        initialName={customer.data ? `${customer.data.name} (${customer.data.externalId})` : null}
        onChange={(id) => set({ customer: id ?? undefined })}
        testId="kpi-scope-customer"
      />
      <Select
        size="xs"
        w={PICKER_WIDTH}
        clearable
        searchable
        label={t('reports.kpi.scope.collector')}
        placeholder={t('reports.kpi.scope.allCollectors')}
        data={(collectors.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
        value={search.collector ?? null}
        onChange={(v) => set({ collector: v ?? undefined })}
        data-testid="kpi-scope-collector"
      />
      <Select
        size="xs"
        w={PICKER_WIDTH}
        clearable
        searchable
        label={t('reports.kpi.scope.category')}
        placeholder={t('reports.kpi.scope.allCategories')}
        data={categoryOptions}
        value={search.category ?? null}
        onChange={(v) => set({ category: v ?? undefined })}
        data-testid="kpi-scope-category"
      />
      {scoped && (
        <Button
          size="xs"
          variant="subtle"
          onClick={() => set({ customer: undefined, collector: undefined, category: undefined })}
        >
          {t('reports.kpi.scope.clear')}
        </Button>
      )}
    </Group>
  );
}

/** "KPIs: all customers", or the scope in words ("KPIs: customer Müller GmbH · collector Ana"). */
export function KpiScopeHeading() {
  const t = useT();
  const search = useSearch({ from: '/app/reports' });
  const customer = useScopeCustomer(search.customer);
  const collectors = useCollectors();
  const categoryOptions = useCategoryOptions();
  const parts: string[] = [];
  if (search.customer)
    parts.push(t('reports.kpi.scope.ofCustomer', { name: customer.data?.name ?? search.customer }));
  if (search.collector) {
    const name = collectors.data?.items.find((c) => c.id === search.collector)?.name;
    parts.push(t('reports.kpi.scope.ofCollector', { name: name ?? search.collector }));
  }
  if (search.category) {
    const name = categoryOptions.find((c) => c.value === search.category)?.label;
    parts.push(t('reports.kpi.scope.ofCategory', { name: name ?? search.category }));
  }
  return (
    <Title order={2} size="h4" data-testid="kpi-scope-heading">
      {t('reports.kpi.scope.heading', {
        scope: parts.length > 0 ? parts.join(' · ') : t('reports.kpi.scope.all'),
      })}
    </Title>
  );
}
