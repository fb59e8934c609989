/**
 * The portal's three forms, each in a drawer: pay the selected invoices online (an amount per
 * invoice only when the company accepts partial payments; the API answers the checkout URL and the
 * page goes there), promise a payment date for them, and raise a question (a dispute) about one
 * invoice with an optional attachment. The API validates; its messages stand next to the fields.
 */
import { Button, Drawer, FileInput, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { PortalProblem, portalFieldError } from './PortalProblem';
import { type PortalInvoice, portalApi } from './portal-api';
import { usePortalI18n } from './portal-i18n';
import type { PortalMessageKey } from './portal-messages';

const DISPUTE_REASONS = ['pricing', 'quantity', 'quality', 'not_received', 'duplicate', 'other'] as const;

function FormDrawer({
  opened,
  title,
  onClose,
  children,
}: {
  opened: boolean;
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const { t } = usePortalI18n();
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="bottom"
      size="auto"
      title={title}
      closeButtonProps={{ 'aria-label': t('close'), size: 'lg' }}
    >
      {opened && children}
    </Drawer>
  );
}

export function PayDrawer({
  opened,
  invoices,
  partialPayments,
  onClose,
}: {
  opened: boolean;
  invoices: PortalInvoice[];
  partialPayments: boolean;
  onClose: () => void;
}) {
  const { t } = usePortalI18n();
  return (
    <FormDrawer opened={opened} title={t('pay.title')} onClose={onClose}>
      <PayForm invoices={invoices} partialPayments={partialPayments} />
    </FormDrawer>
  );
}

function PayForm({ invoices, partialPayments }: { invoices: PortalInvoice[]; partialPayments: boolean }) {
  const { t, money } = usePortalI18n();
  const [amounts, setAmounts] = useState<Record<string, string>>(() =>
    Object.fromEntries(invoices.map((i) => [i.id, i.open])),
  );
  const pay = useMutation({
    mutationFn: () =>
      portalApi.pay({
        items: invoices.map((i) => ({
          invoiceId: i.id,
          ...(partialPayments && amounts[i.id]?.trim() ? { amount: (amounts[i.id] ?? '').trim() } : {}),
        })),
        returnUrl: `${window.location.origin}/portal`,
      }),
    onSuccess: ({ url }) => window.location.assign(url),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    pay.mutate();
  };
  const fields = invoices.flatMap((_, n) => [`items[${n}].amount`, `items[${n}].invoiceId`]);
  return (
    <form onSubmit={submit} noValidate data-testid="portal-pay">
      <Stack gap="sm">
        <Text size="sm">{t('pay.hint')}</Text>
        <PortalProblem error={pay.error} fields={fields} />
        {invoices.map((i, n) =>
          partialPayments ? (
            <TextInput
              key={i.id}
              label={t('pay.amount', { number: i.number })}
              inputMode="decimal"
              rightSection={<Text size="sm">{i.currency}</Text>}
              rightSectionWidth={52}
              value={amounts[i.id] ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setAmounts((a) => ({ ...a, [i.id]: value }));
              }}
              error={
                portalFieldError(pay.error, `items[${n}].amount`) ??
                portalFieldError(pay.error, `items[${n}].invoiceId`)
              }
            />
          ) : (
            <Text key={i.id} className="num">
              {t('invoice', { number: i.number })}: <b>{money(i.open, i.currency)}</b>
              {portalFieldError(pay.error, `items[${n}].invoiceId`) && (
                <Text span c="red" size="sm" ml="xs">
                  {portalFieldError(pay.error, `items[${n}].invoiceId`)}
                </Text>
              )}
            </Text>
          ),
        )}
        <Button type="submit" loading={pay.isPending || pay.isSuccess}>
          {pay.isSuccess ? t('pay.redirecting') : t('pay.submit')}
        </Button>
      </Stack>
    </form>
  );
}

export function PromiseDrawer({
  opened,
  invoices,
  onClose,
  onDone,
}: {
  opened: boolean;
  invoices: PortalInvoice[];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = usePortalI18n();
  return (
    <FormDrawer opened={opened} title={t('promise.title')} onClose={onClose}>
      <PromiseForm invoices={invoices} onDone={onDone} />
    </FormDrawer>
  );
}

function PromiseForm({ invoices, onDone }: { invoices: PortalInvoice[]; onDone: () => void }) {
  const { t, date } = usePortalI18n();
  const qc = useQueryClient();
  const [promisedDate, setPromisedDate] = useState('');
  const [amount, setAmount] = useState('');
  const promise = useMutation({
    mutationFn: () =>
      portalApi.promise({
        invoiceIds: invoices.map((i) => i.id),
        promisedDate,
        ...(amount.trim() ? { amount: amount.trim() } : {}),
      }),
    onSuccess: async () => {
      await qc.invalidateQueries({ queryKey: ['portal', 'invoices'] });
      onDone();
    },
  });
  if (promise.isSuccess)
    return (
      <Text role="status" data-testid="portal-promise-done">
        {t('promise.done', { date: date(promisedDate) })}
      </Text>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    promise.mutate();
  };
  return (
    <form onSubmit={submit} noValidate data-testid="portal-promise">
      <Stack gap="sm">
        <PortalProblem error={promise.error} fields={['promisedDate', 'amount']} />
        <Text size="sm">{invoices.map((i) => i.number).join(', ')}</Text>
        <TextInput
          type="date"
          label={t('promise.date')}
          value={promisedDate}
          onChange={(e) => setPromisedDate(e.currentTarget.value)}
          error={portalFieldError(promise.error, 'promisedDate')}
        />
        <TextInput
          label={t('promise.amount')}
          description={t('promise.amountHint')}
          inputMode="decimal"
          value={amount}
          onChange={(e) => setAmount(e.currentTarget.value)}
          error={portalFieldError(promise.error, 'amount')}
        />
        <Button type="submit" loading={promise.isPending}>
          {t('promise.submit')}
        </Button>
      </Stack>
    </form>
  );
}

export function DisputeDrawer({ invoice, onClose }: { invoice: PortalInvoice | null; onClose: () => void }) {
  const { t } = usePortalI18n();
  return (
    <FormDrawer
      opened={invoice !== null}
      title={t('dispute.title', { number: invoice?.number ?? '' })}
      onClose={onClose}
    >
      {invoice && <DisputeForm invoice={invoice} />}
    </FormDrawer>
  );
}

/** A file as the API takes it: name, type and the bytes in base64. */
async function attachmentOf(file: File) {
  const dataUrl = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
  return {
    filename: file.name,
    contentType: file.type || 'application/octet-stream',
    contentBase64: dataUrl.slice(dataUrl.indexOf(',') + 1),
  };
}

function DisputeForm({ invoice }: { invoice: PortalInvoice }) {
  const { t } = usePortalI18n();
  const qc = useQueryClient();
  const [reason, setReason] = useState<string>('other');
  const [message, setMessage] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const dispute = useMutation({
    mutationFn: async () =>
      portalApi.dispute({
        invoiceId: invoice.id,
        reason,
        message,
        ...(file ? { attachment: await attachmentOf(file) } : {}),
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['portal', 'invoices'] }),
  });
  if (dispute.isSuccess)
    return (
      <Text role="status" data-testid="portal-dispute-done">
        {t('dispute.done', { number: invoice.number })}
      </Text>
    );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    dispute.mutate();
  };
  const attachmentError =
    portalFieldError(dispute.error, 'attachment') ??
    portalFieldError(dispute.error, 'attachment.contentBase64') ??
    portalFieldError(dispute.error, 'attachment.contentType');
  return (
    <form onSubmit={submit} noValidate data-testid="portal-dispute">
      <Stack gap="sm">
        <PortalProblem
          error={dispute.error}
          fields={['reason', 'message', 'attachment', 'attachment.contentBase64', 'attachment.contentType']}
        />
        <NativeSelect
          label={t('dispute.reason')}
          value={reason}
          data={DISPUTE_REASONS.map((r) => ({ value: r, label: t(`reason.${r}` as PortalMessageKey) }))}
          onChange={(e) => setReason(e.currentTarget.value)}
          error={portalFieldError(dispute.error, 'reason')}
        />
        <Textarea
          label={t('dispute.message')}
          autosize
          minRows={3}
          value={message}
          onChange={(e) => setMessage(e.currentTarget.value)}
          error={portalFieldError(dispute.error, 'message')}
        />
        <FileInput
          size="md"
          label={t('dispute.attachment')}
          description={t('dispute.attachmentHint')}
          value={file}
          onChange={setFile}
          clearable
          error={attachmentError}
        />
        <Button type="submit" loading={dispute.isPending}>
          {t('dispute.submit')}
        </Button>
      </Stack>
    </form>
  );
}
