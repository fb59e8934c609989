/**
 * Log a call, a promise to pay or a dispute for a worklist customer, in a drawer beside the list.
 * Each form posts to the API as it is (POST /v1/activities, /v1/promises, /v1/disputes); what is
 * allowed (dates, amounts, one open promise or dispute) is the API's answer, shown next to the field
 * it names.
 */
import { Checkbox, Drawer, Select, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { ApiError, api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { LoadingState } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { addDaysIso, localToday } from './collections-search';
import { FormActions } from './FormActions';

type WorklistItem = components['schemas']['WorklistItem'];
type Invoice = components['schemas']['Invoice'];

export type LogKind = 'call' | 'promise' | 'dispute';
export interface Logged {
  kind: LogKind;
  customer: string;
  id: string;
}

const TITLES: Record<LogKind, MessageKey> = {
  call: 'collections.log.callTitle',
  promise: 'collections.log.promiseTitle',
  dispute: 'collections.log.disputeTitle',
};

export function LogActionDrawer({
  action,
  asOf,
  onClose,
  onLogged,
}: {
  action: { kind: LogKind; item: WorklistItem } | null;
  asOf: string | undefined;
  onClose: () => void;
  onLogged: (logged: Logged) => void;
}) {
  const t = useT();
  const item = action?.item;
  return (
    <Drawer
      closeButtonProps={{ 'aria-label': t('app.close') }}
      opened={action !== null}
      onClose={onClose}
      position="right"
      size="md"
      title={action && item ? t(TITLES[action.kind], { customer: item.customerName }) : ''}
    >
      {action?.kind === 'call' && <CallForm item={action.item} onLogged={onLogged} onCancel={onClose} />}
      {action?.kind === 'promise' && (
        <PromiseForm item={action.item} asOf={asOf} onLogged={onLogged} onCancel={onClose} />
      )}
      {action?.kind === 'dispute' && (
        <DisputeForm item={action.item} onLogged={onLogged} onCancel={onClose} />
      )}
    </Drawer>
  );
}

interface FormProps {
  item: WorklistItem;
  onLogged: (logged: Logged) => void;
  onCancel: () => void;
}

/** After a write, the lists it changes are read again. */
function useInvalidateCollections() {
  const qc = useQueryClient();
  return () =>
    Promise.all(
      ['worklist', 'promises', 'disputes', 'activities', 'invoices'].map((key) =>
        qc.invalidateQueries({ queryKey: [key] }),
      ),
    );
}

function CallForm({ item, onLogged, onCancel }: FormProps) {
  const t = useT();
  const invalidate = useInvalidateCollections();
  const [text, setText] = useState('');
  const m = useMutation({
    mutationFn: () =>
      data(api.POST('/v1/activities', { body: { customer: item.customerId, kind: 'call', text } })),
    onSuccess: async (activity) => {
      await invalidate();
      onLogged({ kind: 'call', customer: item.customerName, id: activity.id });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ProblemAlert error={m.error} fields={['text']} />
        <Textarea
          label={t('collections.log.callText')}
          placeholder={t('collections.log.callPlaceholder')}
          autosize
          minRows={3}
          required
          data-autofocus
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={fieldError(m.error, 'text')}
        />
        <FormActions pending={m.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

/** The customer's overdue invoices (the ones a promise or dispute is usually about). */
function useOverdueInvoices(customerId: string) {
  return useQuery({
    queryKey: ['invoices', { customer: customerId, status: 'overdue' }],
    queryFn: () =>
      data(
        api.GET('/v1/invoices', {
          params: { query: { customer: customerId, status: 'overdue', limit: 100 } },
        }),
      ),
  });
}

function PromiseForm({ item, asOf, onLogged, onCancel }: FormProps & { asOf: string | undefined }) {
  const t = useT();
  const invalidate = useInvalidateCollections();
  const invoices = useOverdueInvoices(item.customerId);
  const [promisedOn, setPromisedOn] = useState(() => addDaysIso(asOf ?? localToday(), 7));
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  useEffect(() => {
    if (invoices.data) setChosen(invoices.data.items.map((i) => i.id));
  }, [invoices.data]);
  const m = useMutation({
    mutationFn: () =>
      data(
        api.POST('/v1/promises', {
          body: {
            customer: item.customerId,
            promisedOn,
            ...(amount.trim() ? { amount: amount.trim() } : {}),
            ...(chosen.length > 0 ? { invoices: chosen } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
          },
        }),
      ),
    onSuccess: async (promise) => {
      await invalidate();
      onLogged({ kind: 'promise', customer: item.customerName, id: promise.id });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ProblemAlert error={m.error} fields={['promisedOn', 'amount', 'invoices', 'note']} />
        <TextInput
          type="date"
          label={t('collections.log.promisedOn')}
          required
          data-autofocus
          value={promisedOn}
          onChange={(e) => setPromisedOn(e.currentTarget.value)}
          error={fieldError(m.error, 'promisedOn')}
        />
        <TextInput
          label={t('collections.log.amount')}
          description={t('collections.log.promiseAmountHint')}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)}
          error={fieldError(m.error, 'amount')}
        />
        <InvoicePicker
          query={invoices}
          chosen={chosen}
          onChange={setChosen}
          error={invoiceFieldError(m.error)}
          hint={t('collections.log.promiseInvoicesHint')}
        />
        <Textarea
          label={t('collections.log.note')}
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={fieldError(m.error, 'note')}
        />
        <FormActions pending={m.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}

/** The API names `invoices` or one of them (`invoices[2]`). */
function invoiceFieldError(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.errors.find((e) => e.field === 'invoices' || e.field?.startsWith('invoices['))?.message;
}

function InvoicePicker({
  query,
  chosen,
  onChange,
  error,
  hint,
}: {
  query: ReturnType<typeof useOverdueInvoices>;
  chosen: string[];
  onChange: (ids: string[]) => void;
  error: string | undefined;
  hint: string;
}) {
  const t = useT();
  const f = useFormat();
  if (query.isPending) return <LoadingState />;
  const items: Invoice[] = query.data?.items ?? [];
  return (
    <Checkbox.Group
      label={t('collections.log.invoices')}
      description={hint}
      value={chosen}
      onChange={onChange}
      error={error}
    >
      {items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('collections.log.noOverdueInvoices')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={240}>
          <Table mt={4}>
            <Table.Tbody>
              {items.map((inv) => (
                <Table.Tr key={inv.id}>
                  <Table.Td>
                    <Checkbox value={inv.id} label={inv.number ?? inv.id} size="xs" />
                  </Table.Td>
                  <Table.Td>{inv.dueDate ? f.date(inv.dueDate) : ''}</Table.Td>
                  <Table.Td className="num">{f.money(inv.open, inv.currency)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Checkbox.Group>
  );
}

const REASONS = ['pricing', 'quantity', 'quality', 'not_received', 'duplicate', 'other'] as const;

function DisputeForm({ item, onLogged, onCancel }: FormProps) {
  const t = useT();
  const f = useFormat();
  const invalidate = useInvalidateCollections();
  const invoices = useOverdueInvoices(item.customerId);
  const [invoice, setInvoice] = useState<string | null>(null);
  const [reason, setReason] = useState<string | null>('pricing');
  const [amount, setAmount] = useState('');
  const [note, setNote] = useState('');
  const m = useMutation({
    mutationFn: () =>
      data(
        api.POST('/v1/disputes', {
          body: {
            invoice: invoice ?? '',
            reason: (reason ?? 'other') as (typeof REASONS)[number],
            ...(amount.trim() ? { amount: amount.trim() } : {}),
            ...(note.trim() ? { note: note.trim() } : {}),
          },
        }),
      ),
    onSuccess: async (dispute) => {
      await invalidate();
      onLogged({ kind: 'dispute', customer: item.customerName, id: dispute.id });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate();
  };
  const options = (invoices.data?.items ?? []).map((inv) => ({
    value: inv.id,
    label: `${inv.number ?? inv.id} · ${f.money(inv.open, inv.currency)}`,
  }));
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <ProblemAlert error={m.error} fields={['invoice', 'reason', 'amount', 'note']} />
        <Select
          label={t('collections.log.invoice')}
          placeholder={invoices.isPending ? t('state.loading') : t('collections.log.chooseInvoice')}
          data={options}
          required
          data-autofocus
          value={invoice}
          onChange={setInvoice}
          error={fieldError(m.error, 'invoice')}
          nothingFoundMessage={t('collections.log.noOverdueInvoices')}
        />
        <Select
          label={t('collections.log.reason')}
          data={REASONS.map((r) => ({ value: r, label: t(`collections.reason.${r}`) }))}
          required
          allowDeselect={false}
          value={reason}
          onChange={setReason}
          error={fieldError(m.error, 'reason')}
        />
        <TextInput
          label={t('collections.log.amount')}
          description={t('collections.log.disputeAmountHint')}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)}
          error={fieldError(m.error, 'amount')}
        />
        <Textarea
          label={t('collections.log.note')}
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={fieldError(m.error, 'note')}
        />
        <FormActions pending={m.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
