/**
 * A customer chosen by name or number, searched on the server (GET /v1/customers?search=): the
 * first 20 matches of what is typed; the chosen one stays listed under its label while another
 * search runs. Used wherever a form or a filter names one customer.
 */
import { Select, type StyleProp } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data } from '../api/client';
import { useT } from '../i18n/i18n';

export function CustomerSelect({
  label,
  placeholder,
  nothingFound,
  value,
  initialName,
  onChange,
  error,
  size = 'sm',
  w,
  required = false,
  clearable = false,
  testId,
}: {
  label: string;
  placeholder: string;
  nothingFound: string;
  value: string | null;
  /** The label of `value` when it is known before any search (e.g. from the page's data). */
  initialName: string | null;
  onChange: (id: string | null) => void;
  error?: string | undefined;
  size?: 'xs' | 'sm';
  w?: StyleProp<number | string>;
  required?: boolean;
  clearable?: boolean;
  testId?: string;
}) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const shown = chosen ?? initialName ?? '';
  const [debounced] = useDebouncedValue(search, 250);
  const term = debounced === shown ? '' : debounced;
  const found = useQuery({
    queryKey: ['customers', 'search', term],
    queryFn: () =>
      data(api.GET('/v1/customers', { params: { query: { limit: 20, ...(term ? { search: term } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const options = (found.data?.items ?? []).map((c) => ({
    value: c.id,
    label: `${c.name} (${c.externalId})`,
  }));
  if (value && shown && !options.some((o) => o.value === value)) options.unshift({ value, label: shown });
  return (
    <Select
      label={label}
      placeholder={placeholder}
      searchable
      required={required}
      clearable={clearable}
      size={size}
      {...(w !== undefined ? { w } : {})}
      value={value}
      onChange={(id, option) => {
        setChosen(option?.label ?? '');
        onChange(id);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      data={options}
      nothingFoundMessage={found.isFetching ? t('state.loading') : nothingFound}
      filter={({ options: all }) => all}
      error={error}
      {...(testId ? { 'data-testid': testId } : {})}
    />
  );
}
