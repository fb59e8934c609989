/**
 * The list's filter bar: every field writes the URL (a deep link) and the server filters; a
 * problem+json error from the list shows under the field it names.
 */
import { Button, Group, MultiSelect, SegmentedControl, Select, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { forwardRef, useEffect, useState } from 'react';
import { api, data } from '../../api/client';
import { fieldError } from '../../components/ProblemAlert';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { INVOICE_STATUSES, type InvoicesSearch } from './invoices-search';

type Set = (patch: Partial<InvoicesSearch>) => void;

/** A text field applied on Enter or when left (not on every key: each change is a server query). */
const LazyText = forwardRef<
  HTMLInputElement,
  {
    label: string;
    value: string | undefined;
    onApply: (v: string | undefined) => void;
    error?: string | undefined;
    placeholder?: string;
    w?: number;
    type?: string;
  }
>(function LazyText({ label, value, onApply, error, placeholder, w, type }, ref) {
  const [text, setText] = useState(value ?? '');
  useEffect(() => setText(value ?? ''), [value]);
  const apply = () => {
    const next = text.trim() === '' ? undefined : text.trim();
    if (next !== value) onApply(next);
  };
  return (
    <TextInput
      ref={ref}
      size="xs"
      w={w ?? 130}
      type={type ?? 'text'}
      label={label}
      placeholder={placeholder}
      value={text}
      error={error}
      onChange={(e) => setText(e.currentTarget.value)}
      onBlur={apply}
      onKeyDown={(e) => e.key === 'Enter' && apply()}
    />
  );
});

export const InvoiceFilters = forwardRef<
  HTMLInputElement,
  { search: InvoicesSearch; set: Set; error: unknown }
>(function InvoiceFilters({ search, set, error }, searchRef) {
  const t = useT();
  const e = (field: string) => fieldError(error, field);
  const statuses = search.status?.split(',').filter((s) => s !== 'overdue') ?? [];
  const isFiltered = Object.entries(search).some(([k, v]) => k !== 'sort' && v !== undefined);
  return (
    <Group align="flex-end" gap="xs" wrap="wrap" data-testid="invoice-filters">
      <LazyText
        ref={searchRef}
        w={220}
        label={t('inv.search')}
        placeholder={t('inv.searchHint')}
        value={search.q}
        onApply={(q) => set({ q })}
        error={e('q')}
      />
      <MultiSelect
        size="xs"
        w={220}
        label={t('inv.status')}
        data={INVOICE_STATUSES.map((s) => ({ value: s, label: t(`inv.st.${s}` as MessageKey) }))}
        value={statuses}
        onChange={(v) => set({ status: v.length > 0 ? v.join(',') : undefined })}
        error={e('status')}
        clearable
      />
      <SegmentedControl
        size="xs"
        aria-label={t('inv.overdue')}
        value={search.overdue ?? 'any'}
        onChange={(v) => set({ overdue: v === 'any' ? undefined : (v as 'true' | 'false') })}
        data={[
          { value: 'any', label: t('inv.overdue.any') },
          { value: 'true', label: t('inv.overdue.yes') },
          { value: 'false', label: t('inv.overdue.no') },
        ]}
      />
      <LazyText
        label={t('inv.customer')}
        placeholder={t('inv.customerHint')}
        value={search.customer}
        onApply={(customer) => set({ customer })}
        error={e('customer')}
      />
      <CategorySelect
        value={search.category}
        onChange={(category) => set({ category })}
        error={e('category')}
      />
      <LazyText
        w={70}
        label={t('inv.currency')}
        value={search.currency}
        onApply={(currency) => set({ currency: currency?.toUpperCase() })}
        error={e('currency')}
      />
      <LazyText
        w={130}
        type="date"
        label={t('inv.issuedFrom')}
        value={search.issuedFrom}
        onApply={(issuedFrom) => set({ issuedFrom })}
        error={e('issuedFrom')}
      />
      <LazyText
        w={130}
        type="date"
        label={t('inv.issuedTo')}
        value={search.issuedTo}
        onApply={(issuedTo) => set({ issuedTo })}
        error={e('issuedTo')}
      />
      <LazyText
        w={130}
        type="date"
        label={t('inv.dueFrom')}
        value={search.dueFrom}
        onApply={(dueFrom) => set({ dueFrom })}
        error={e('dueFrom')}
      />
      <LazyText
        w={130}
        type="date"
        label={t('inv.dueTo')}
        value={search.dueTo}
        onApply={(dueTo) => set({ dueTo })}
        error={e('dueTo')}
      />
      <Select
        size="xs"
        w={90}
        label={t('inv.amountOf')}
        data={[
          { value: 'total', label: t('inv.amountOf.total') },
          { value: 'open', label: t('inv.amountOf.open') },
        ]}
        value={search.amountOf ?? 'total'}
        onChange={(v) => set({ amountOf: v === 'open' ? 'open' : undefined })}
        allowDeselect={false}
      />
      <LazyText
        w={100}
        label={t('inv.amountMin')}
        value={search.amountMin}
        onApply={(amountMin) => set({ amountMin })}
        error={e('amountMin')}
      />
      <LazyText
        w={100}
        label={t('inv.amountMax')}
        value={search.amountMax}
        onApply={(amountMax) => set({ amountMax })}
        error={e('amountMax')}
      />
      {isFiltered && (
        <Button size="xs" variant="subtle" onClick={() => set(CLEARED)}>
          {t('inv.clear')}
        </Button>
      )}
    </Group>
  );
});

const CLEARED: Partial<InvoicesSearch> = {
  status: undefined,
  overdue: undefined,
  customer: undefined,
  category: undefined,
  currency: undefined,
  issuedFrom: undefined,
  issuedTo: undefined,
  dueFrom: undefined,
  dueTo: undefined,
  amountOf: undefined,
  amountMin: undefined,
  amountMax: undefined,
  q: undefined,
};

function CategorySelect({
  value,
  onChange,
  error,
}: {
  value: string | undefined;
  onChange: (v: string | undefined) => void;
  error: string | undefined;
}) {
  const t = useT();
  const q = useQuery({
    queryKey: ['categories'],
    queryFn: () => data(api.GET('/v1/categories')),
    staleTime: 60_000,
  });
  const options = (q.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }));
  return (
    <Select
      size="xs"
      w={140}
      label={t('inv.category')}
      data={options}
      value={value ?? null}
      onChange={(v) => onChange(v ?? undefined)}
      error={error}
      clearable
    />
  );
}
