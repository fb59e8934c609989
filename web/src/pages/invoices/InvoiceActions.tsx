/**
 * The invoice page's actions, shown by role and status (the API decides; hidden what the role may
 * not do): issue, edit and void a draft (write); send, credit note, write-off (write); open a
 * dispute (collect). Each with a form in a drawer; the API's problem+json next to the field.
 */
import { Button, Drawer, Group, Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { useCan } from '../../session/session';
import { PaymentLinkButton } from './PaymentLink';

type Invoice = components['schemas']['InvoiceDetail'];
type Action = 'issue' | 'send' | 'credit' | 'writeOff' | 'void' | 'dispute';

const OPEN_STATUSES = ['issued', 'partially_paid'];
const DISPUTE_REASONS = ['pricing', 'quantity', 'quality', 'not_received', 'duplicate', 'other'] as const;

/** The actions the role may take on the invoice in its status. */
export function availableActions(invoice: Invoice, can: (a: 'write' | 'collect') => boolean): Action[] {
  const open =
    OPEN_STATUSES.includes(invoice.status) && invoice.open !== '0' && !/^0(\.0+)?$/.test(invoice.open);
  const out: Action[] = [];
  if (can('write') && invoice.status === 'draft') out.push('issue', 'void');
  if (can('write') && invoice.status !== 'draft' && invoice.status !== 'void') out.push('send');
  if (can('write') && open) out.push('credit', 'writeOff');
  if (can('collect') && open) out.push('dispute');
  return out;
}

const LABELS: Record<Action, MessageKey> = {
  issue: 'inv.act.issue',
  send: 'inv.act.send',
  credit: 'inv.act.credit',
  writeOff: 'inv.act.writeOff',
  void: 'inv.act.void',
  dispute: 'inv.act.dispute',
};

export function InvoiceActions({ invoice }: { invoice: Invoice }) {
  const t = useT();
  const can = useCan();
  const [action, setAction] = useState<Action | null>(null);
  const navigate = useNavigate();
  const actions = availableActions(invoice, can);
  return (
    <Group gap="xs" data-testid="invoice-actions">
      {can('write') && invoice.status === 'draft' && (
        <Button
          size="xs"
          variant="default"
          onClick={() =>
            void navigate({ to: '/invoices/$invoiceId/edit', params: { invoiceId: invoice.id } })
          }
        >
          {t('inv.act.edit')}
        </Button>
      )}
      {actions.map((a) => (
        <Button
          key={a}
          size="xs"
          variant={a === 'issue' ? 'filled' : 'light'}
          color={a === 'writeOff' || a === 'void' ? 'red' : 'blue'}
          onClick={() => setAction(a)}
        >
          {t(LABELS[a])}
        </Button>
      ))}
      {/* Open and the role collects: the same condition as a dispute. */}
      {actions.includes('dispute') && <PaymentLinkButton invoiceIds={[invoice.id]} />}
      <Drawer
        opened={action !== null}
        onClose={() => setAction(null)}
        position="right"
        title={action ? t(LABELS[action]) : ''}
      >
        {action && <ActionForm action={action} invoice={invoice} done={() => setAction(null)} />}
      </Drawer>
    </Group>
  );
}

interface ActionBody {
  amount?: string;
  reason?: string;
  to?: string;
}

function send(action: Action, id: string, b: ActionBody): Promise<unknown> {
  const path = { params: { path: { id } } };
  const amount = b.amount?.trim() ? { amount: b.amount.trim() } : {};
  const reason = b.reason ?? '';
  switch (action) {
    case 'issue':
      return data(api.POST('/v1/invoices/{id}/issue', { ...path, body: {} }));
    case 'void':
      return data(api.POST('/v1/invoices/{id}/void', { ...path, body: reason ? { reason } : {} }));
    case 'send': {
      const to = (b.to ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      return data(api.POST('/v1/invoices/{id}/send', { ...path, body: to.length > 0 ? { to } : {} }));
    }
    case 'credit':
      return data(api.POST('/v1/invoices/{id}/credit', { ...path, body: { ...amount, reason } }));
    case 'writeOff':
      return data(api.POST('/v1/invoices/{id}/write-off', { ...path, body: { ...amount, reason } }));
    case 'dispute':
      return data(
        api.POST('/v1/disputes', {
          body: { invoice: id, reason: (b.reason as (typeof DISPUTE_REASONS)[number]) ?? 'other', ...amount },
        }),
      );
  }
}

function ActionForm({ action, invoice, done }: { action: Action; invoice: Invoice; done: () => void }) {
  const t = useT();
  const f = useFormat();
  const qc = useQueryClient();
  const [body, setBody] = useState<ActionBody>(action === 'dispute' ? { reason: 'other' } : {});
  const m = useMutation({
    mutationFn: (b: ActionBody) => send(action, invoice.id, b),
    onSuccess: async () => {
      await Promise.all(
        ['invoices', 'receipts', 'messages', 'disputes', 'dunning-letters'].map((key) =>
          qc.invalidateQueries({ queryKey: [key] }),
        ),
      );
      done();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    m.mutate(body);
  };
  const withAmount = action === 'credit' || action === 'writeOff' || action === 'dispute';
  const withReason = action === 'credit' || action === 'writeOff' || action === 'void';
  return (
    <form onSubmit={submit} noValidate data-testid={`action-${action}`}>
      <Stack gap="xs">
        <ProblemAlert error={m.error} fields={['amount', 'reason', 'to']} />
        {action === 'send' && (
          <TextInput
            label={t('inv.act.to')}
            value={body.to ?? ''}
            onChange={(e) => setBody({ ...body, to: e.currentTarget.value })}
            error={fieldError(m.error, 'to')}
          />
        )}
        {withAmount && (
          <TextInput
            label={t('inv.page.amount')}
            description={t('inv.act.amountHint', { amount: f.money(invoice.open, invoice.currency) })}
            inputMode="decimal"
            value={body.amount ?? ''}
            onChange={(e) => setBody({ ...body, amount: e.currentTarget.value })}
            error={fieldError(m.error, 'amount')}
          />
        )}
        {withReason && (
          <Textarea
            label={t('inv.act.reason')}
            autosize
            minRows={2}
            value={body.reason ?? ''}
            onChange={(e) => setBody({ ...body, reason: e.currentTarget.value })}
            error={fieldError(m.error, 'reason')}
          />
        )}
        {action === 'dispute' && (
          <Select
            label={t('inv.act.reason')}
            data={DISPUTE_REASONS.map((r) => ({
              value: r,
              label: t(`collections.reason.${r}` as MessageKey),
            }))}
            value={body.reason ?? 'other'}
            onChange={(v) => setBody({ ...body, reason: v ?? 'other' })}
            allowDeselect={false}
            error={fieldError(m.error, 'reason')}
          />
        )}
        <Group justify="flex-end">
          <Button
            type="submit"
            size="xs"
            loading={m.isPending}
            color={action === 'writeOff' || action === 'void' ? 'red' : 'blue'}
          >
            {t('inv.act.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
