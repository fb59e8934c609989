/**
 * Create (`/invoices/new`) or edit (`/invoices/$invoiceId/edit`) a draft: customer picker (server
 * search), terms, dates, lines; totals, tax per rate and the due date come from POST
 * /v1/invoices/preview as the user types (debounced) — the browser computes nothing. Save the
 * draft (POST or PATCH) or save and issue.
 */
import { Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { PageHeader } from '../../components/PageHeader';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { DraftLines } from './DraftLines';
import { bodyOf, type DraftForm, draftOfInvoice, emptyDraft, previewable } from './draft-form';

type Preview = components['schemas']['InvoicePreview'];

export function InvoiceNewPage() {
  return <DraftEditor initial={emptyDraft()} draftId={null} customerLabel={null} />;
}

export function InvoiceEditPage() {
  const { invoiceId } = useParams({ from: '/app/invoices/$invoiceId/edit' });
  const q = useQuery({
    queryKey: ['invoices', 'detail', invoiceId],
    queryFn: () => data(api.GET('/v1/invoices/{id}', { params: { path: { id: invoiceId } } })),
  });
  return (
    <QueryView query={q}>
      {(invoice) => (
        <DraftEditor
          initial={draftOfInvoice(invoice)}
          draftId={invoice.id}
          customerLabel={invoice.customerExternalId}
        />
      )}
    </QueryView>
  );
}

function CustomerPicker({
  value,
  label,
  onChange,
  error,
}: {
  value: string;
  label: string | null;
  onChange: (id: string) => void;
  error: string | undefined;
}) {
  const t = useT();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const q = useQuery({
    queryKey: ['customers', 'pick', debounced],
    queryFn: () =>
      data(
        api.GET('/v1/customers', {
          params: { query: { limit: 20, ...(debounced ? { search: debounced } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const options = (q.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.name} (${c.externalId})` }));
  if (value && label && !options.some((o) => o.value === value)) options.unshift({ value, label });
  return (
    <Select
      size="xs"
      label={t('inv.edit.customer')}
      placeholder={t('inv.edit.customerSearch')}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: all }) => all}
      data={options}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      error={error}
      data-testid="customer-picker"
    />
  );
}

function TermsSelect({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  error: string | undefined;
}) {
  const t = useT();
  const q = useQuery({
    queryKey: ['payment-terms'],
    queryFn: () => data(api.GET('/v1/payment-terms')),
    staleTime: 60_000,
  });
  return (
    <Select
      size="xs"
      label={t('inv.edit.terms')}
      data={(q.data?.items ?? []).map((p) => p.code)}
      value={value || null}
      onChange={(v) => onChange(v ?? '')}
      error={error}
      clearable
    />
  );
}

function usePreview(form: DraftForm) {
  const [debounced] = useDebouncedValue(form, 300);
  const ready = previewable(debounced);
  return useQuery({
    queryKey: ['invoice-preview', bodyOf(debounced)],
    queryFn: () => data(api.POST('/v1/invoices/preview', { body: bodyOf(debounced) })),
    enabled: ready,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

function Totals({ preview, pending }: { preview: Preview | undefined; pending: boolean }) {
  const t = useT();
  const f = useFormat();
  if (!preview)
    return (
      <Text size="sm" c="dimmed">
        {t('inv.edit.previewWaiting')}
      </Text>
    );
  const m = (v: string) => f.money(v, preview.currency);
  return (
    <Stack gap={2} data-testid="draft-totals" aria-busy={pending} style={{ opacity: pending ? 0.6 : 1 }}>
      <Group justify="space-between">
        <Text size="sm">{t('inv.net')}</Text>
        <Text size="sm" data-testid="preview-net">
          {m(preview.net)}
        </Text>
      </Group>
      {preview.taxes.map((x) => (
        <Group key={x.rate} justify="space-between">
          <Text size="sm">{t('inv.edit.taxAt', { rate: x.rate })}</Text>
          <Text size="sm">{m(x.tax)}</Text>
        </Group>
      ))}
      <Group justify="space-between">
        <Text fw={700}>{t('inv.total')}</Text>
        <Text fw={700} data-testid="preview-total">
          {m(preview.total)}
        </Text>
      </Group>
      <Text size="xs" c="dimmed" data-testid="preview-due">
        {t('inv.edit.dueOn', { date: f.date(preview.dueDate) })} · {preview.paymentTerms}
      </Text>
    </Stack>
  );
}

function useSaveDraft(draftId: string | null) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  return useMutation({
    mutationFn: async ({ form, issue }: { form: DraftForm; issue: boolean }) => {
      const body = bodyOf(form);
      if (!draftId) return data(api.POST('/v1/invoices', { body: { ...body, issue } }));
      const saved = await data(
        api.PATCH('/v1/invoices/{id}', {
          params: { path: { id: draftId } },
          body: { ...body, issueDate: body.issueDate ?? null, poNumber: body.poNumber ?? null },
        }),
      );
      return issue
        ? data(api.POST('/v1/invoices/{id}/issue', { params: { path: { id: draftId } }, body: {} }))
        : saved;
    },
    onSuccess: async (invoice) => {
      await qc.invalidateQueries({ queryKey: ['invoices'] });
      await navigate({ to: '/invoices/$invoiceId', params: { invoiceId: invoice.id } });
    },
  });
}

function DraftEditor({
  initial,
  draftId,
  customerLabel,
}: {
  initial: DraftForm;
  draftId: string | null;
  customerLabel: string | null;
}) {
  const t = useT();
  const [form, setForm] = useState<DraftForm>(initial);
  const preview = usePreview(form);
  const save = useSaveDraft(draftId);
  const error = save.error ?? preview.error;
  const fe = (field: string) => fieldError(error, field);
  const set = (patch: Partial<DraftForm>) => setForm((f) => ({ ...f, ...patch }));
  return (
    <Stack gap="sm">
      <PageHeader
        title={draftId ? t('inv.edit.titleEdit', { id: draftId.slice(0, 8) }) : t('inv.edit.titleNew')}
      />
      <ProblemAlert
        error={error}
        fields={[
          'customer',
          'paymentTerms',
          'issueDate',
          'poNumber',
          'lines',
          ...form.lines.flatMap((_, i) =>
            ['description', 'quantity', 'unitPrice', 'taxRate'].map((k) => `lines[${i}].${k}`),
          ),
        ]}
      />
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <Stack gap="xs" style={{ gridColumn: 'span 2' }}>
          <SimpleGrid cols={{ base: 1, sm: 4 }} spacing="xs">
            <CustomerPicker
              value={form.customer}
              label={customerLabel}
              onChange={(customer) => set({ customer })}
              error={fe('customer')}
            />
            <TermsSelect
              value={form.paymentTerms}
              onChange={(paymentTerms) => set({ paymentTerms })}
              error={fe('paymentTerms')}
            />
            <TextInput
              size="xs"
              type="date"
              label={t('inv.edit.issueDate')}
              value={form.issueDate}
              onChange={(e) => set({ issueDate: e.currentTarget.value })}
              error={fe('issueDate')}
            />
            <TextInput
              size="xs"
              label={t('inv.page.po')}
              value={form.poNumber}
              onChange={(e) => set({ poNumber: e.currentTarget.value })}
              error={fe('poNumber')}
            />
          </SimpleGrid>
          <DraftLines
            lines={form.lines}
            onChange={(lines) => set({ lines })}
            nets={preview.data?.lines.map((l) => l.net)}
            currency={preview.data?.currency}
            error={error}
          />
        </Stack>
        <Paper withBorder p="sm">
          <Text fw={600} size="sm" mb={4}>
            {t('inv.edit.totals')}
          </Text>
          <Totals preview={previewable(form) ? preview.data : undefined} pending={preview.isFetching} />
          <Group mt="md" gap="xs">
            <Button
              size="xs"
              variant="default"
              loading={save.isPending && !save.variables?.issue}
              onClick={() => save.mutate({ form, issue: false })}
            >
              {t('inv.edit.saveDraft')}
            </Button>
            <Button
              size="xs"
              loading={save.isPending && save.variables?.issue}
              onClick={() => save.mutate({ form, issue: true })}
            >
              {t('inv.edit.saveIssue')}
            </Button>
          </Group>
        </Paper>
      </SimpleGrid>
    </Stack>
  );
}
