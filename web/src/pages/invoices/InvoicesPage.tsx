/**
 * Invoices (GET /v1/invoices): filters in a bar and in the URL, sortable columns, server paging with
 * the number of matches, saved views; a row opens the invoice. Keys: `/` search, `n` new draft.
 */
import { Button, Group, Stack, Text } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useCallback, useEffect, useRef } from 'react';
import { api, data } from '../../api/client';
import { CursorList, useCursorList } from '../../components/CursorList';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { Can, useCan } from '../../session/session';
import { InvoiceFilters } from './InvoiceFilters';
import { InvoiceTable } from './InvoiceTable';
import {
  apiQuery,
  fromQueryString,
  type InvoicesSearch,
  nextSort,
  type SortKey,
  toQueryString,
} from './invoices-search';
import { SavedViews, useDefaultView } from './SavedViews';

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** `/` focuses the search field, `n` opens a new draft (when the role may write). */
function useListKeys(focusSearch: () => void, newDraft: (() => void) | null) {
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if (event.ctrlKey || event.metaKey || event.altKey || typingInto(event.target)) return;
      if (event.key === '/') {
        event.preventDefault();
        focusSearch();
      } else if (event.key === 'n' && newDraft) {
        event.preventDefault();
        newDraft();
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [focusSearch, newDraft]);
}

export function InvoicesPage() {
  const t = useT();
  const f = useFormat();
  const can = useCan();
  const search = useSearch({ from: '/app/invoices' });
  const navigate = useNavigate({ from: '/invoices' });
  const searchRef = useRef<HTMLInputElement>(null);
  const query = apiQuery(search);
  const list = useCursorList(['invoices', 'list', query], (cursor) =>
    data(
      api.GET('/v1/invoices', {
        params: { query: { ...query, limit: 50, ...(cursor ? { cursor } : { withTotal: 'true' }) } },
      }),
    ),
  );
  const set = (patch: Partial<InvoicesSearch>) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch }) });
  const open = useCallback(
    (q: string) => void navigate({ search: fromQueryString(q), replace: true }),
    [navigate],
  );
  useDefaultView(toQueryString(search) === '', open);
  const newDraft = useCallback(() => void navigate({ to: '/invoices/new' }), [navigate]);
  useListKeys(
    useCallback(() => searchRef.current?.focus(), []),
    can('write') ? newDraft : null,
  );
  const total = list.data?.pages[0]?.total;
  return (
    <Stack gap="sm">
      <PageHeader title={t('nav.invoices')}>
        {typeof total === 'number' && (
          <Text size="sm" c="dimmed" data-testid="invoice-count">
            {t('inv.count', { n: f.count(total) })}
          </Text>
        )}
        <SavedViews current={toQueryString(search)} open={open} />
        <Can access="write">
          <Button component={Link} to="/invoices/new" size="xs" aria-keyshortcuts="n">
            {t('inv.new')}
          </Button>
        </Can>
      </PageHeader>
      <InvoiceFilters ref={searchRef} search={search} set={set} error={list.error} />
      <CursorList list={list} empty={t('inv.empty')}>
        {(items) => (
          <InvoiceTable
            items={items}
            sort={search.sort}
            onSort={(key: SortKey) => set({ sort: nextSort(search.sort, key) })}
          />
        )}
      </CursorList>
      <Group />
    </Stack>
  );
}
