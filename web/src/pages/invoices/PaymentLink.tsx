/**
 * "Payment link" (role collect; docs/payments.md): a Stripe checkout for the open amount of one
 * or several open invoices of one customer (POST /v1/payments/checkout-sessions). The link is
 * shown to copy and send; the API's refusals (409 no Stripe key, 422 naming `invoices[i]`, 502
 * Stripe refused) are shown as it words them. Nothing is posted until Stripe reports the payment.
 */
import { Button, CopyButton, Drawer, Group, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';

type Checkout = components['schemas']['PaymentCheckout'];

/** A button that opens the payment-link drawer for `invoiceIds`. */
export function PaymentLinkButton({ invoiceIds, label }: { invoiceIds: string[]; label?: string }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="xs"
        variant="light"
        disabled={invoiceIds.length === 0}
        onClick={() => setOpen(true)}
        data-testid="payment-link"
      >
        {label ?? t('pay.link.action')}
      </Button>
      <Drawer
        opened={open}
        onClose={() => setOpen(false)}
        position="right"
        title={t('pay.link.action')}
        closeButtonProps={{ 'aria-label': t('app.close') }}
      >
        {open && <PaymentLinkForm invoiceIds={invoiceIds} />}
      </Drawer>
    </>
  );
}

/** Where the customer lands after paying or cancelling: the company's website, else this server. */
function useDefaultReturnUrl(): string {
  const letterhead = useQuery({
    queryKey: ['tenant', 'letterhead'],
    queryFn: () => data(api.GET('/v1/tenant/letterhead')),
  });
  const website = letterhead.data?.website;
  if (website && /^https?:\/\//i.test(website)) return website;
  return window.location.origin;
}

function PaymentLinkForm({ invoiceIds }: { invoiceIds: string[] }) {
  const t = useT();
  const fallback = useDefaultReturnUrl();
  const [urls, setUrls] = useState<{ successUrl?: string; cancelUrl?: string }>({});
  const successUrl = urls.successUrl ?? fallback;
  const cancelUrl = urls.cancelUrl ?? fallback;
  const create = useMutation({
    mutationFn: () =>
      data(
        api.POST('/v1/payments/checkout-sessions', { body: { invoices: invoiceIds, successUrl, cancelUrl } }),
      ),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  if (create.data) return <CheckoutLink checkout={create.data} />;
  return (
    <form onSubmit={submit} noValidate data-testid="payment-link-form">
      <Stack gap="xs">
        <Text size="sm" c="dimmed">
          {t('pay.link.hint')}
        </Text>
        <ProblemAlert
          error={create.error}
          fields={['successUrl', 'cancelUrl']}
          title={t('pay.link.failed')}
        />
        <TextInput
          label={t('pay.link.successUrl')}
          value={successUrl}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setUrls((u) => ({ ...u, successUrl: value }));
          }}
          error={fieldError(create.error, 'successUrl')}
        />
        <TextInput
          label={t('pay.link.cancelUrl')}
          value={cancelUrl}
          onChange={(e) => {
            const value = e.currentTarget.value;
            setUrls((u) => ({ ...u, cancelUrl: value }));
          }}
          error={fieldError(create.error, 'cancelUrl')}
        />
        <Group justify="flex-end">
          <Button type="submit" size="xs" loading={create.isPending}>
            {t('pay.link.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The checkout created: its link to copy, the amount asked and its status. */
function CheckoutLink({ checkout }: { checkout: Checkout }) {
  const t = useT();
  const f = useFormat();
  return (
    <Stack gap="sm" data-testid="checkout-created">
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          style={{ flex: 1, minWidth: 0 }}
          readOnly
          label={t('pay.link.url')}
          value={checkout.url}
          data-testid="checkout-url"
        />
        <CopyButton value={checkout.url}>
          {({ copied, copy }) => (
            <Button variant="default" onClick={copy}>
              {copied ? t('pay.copied') : t('pay.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
      <SimpleGrid cols={2} spacing="xs">
        <div>
          <Text size="xs" c="dimmed">
            {t('pay.link.amount')}
          </Text>
          <Text size="sm" fw={500}>
            {f.money(checkout.amount, checkout.currency)}
          </Text>
        </div>
        <div>
          <Text size="xs" c="dimmed">
            {t('pay.link.status')}
          </Text>
          <Text size="sm" fw={500}>
            {t(`pay.link.status.${checkout.status}` as MessageKey)}
          </Text>
        </div>
      </SimpleGrid>
    </Stack>
  );
}
