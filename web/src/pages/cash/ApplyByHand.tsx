/**
 * Apply a line by hand: choose the customer (searched on the server), tick its open items (and its
 * group's, from GET /v1/bank/transactions/{id}/open-items) with the amount for each, optionally
 * write off a small difference on one of them (bank charges or a discount), and see what is left
 * of the payment while typing. What is not allocated stays on account as unapplied cash; with no
 * invoice ticked the whole payment is left on account. The API validates and books.
 */
import {
  Button,
  Checkbox,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import { CustomerSelect } from '../../components/CustomerSelect';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { ReviewItem } from './cash-search';
import { isPositive, minAmount, remainder } from './decimal';
import { openItemsQuery } from './open-items-query';

type WriteOffKind = 'bank_charge' | 'discount';

export function ApplyByHand({
  line,
  initialCustomer,
  initialCustomerName,
  onClose,
  onApplied,
}: {
  line: ReviewItem;
  initialCustomer: string | null;
  initialCustomerName: string | null;
  onClose: () => void;
  onApplied: (updated: ReviewItem) => void;
}) {
  const t = useT();
  const f = useFormat();
  const [customer, setCustomer] = useState<string | null>(initialCustomer);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const [amounts, setAmounts] = useState<Record<string, string>>({});
  const [writeOff, setWriteOff] = useState({ kind: 'bank_charge' as WriteOffKind, invoice: '', amount: '' });
  const items = useQuery({
    ...openItemsQuery(line.id, customer ?? '', debounced),
    enabled: customer !== null,
  });
  const chosen = Object.entries(amounts);
  const left = remainder(
    line.amount,
    chosen.map(([, a]) => a),
    line.currency,
  );
  const apply = useMutation({
    mutationFn: () =>
      data(
        api.POST('/v1/bank/transactions/{id}/apply', {
          params: { path: { id: line.id } },
          body: {
            customer: customer ?? '',
            allocations: chosen.map(([invoice, amount]) => ({ invoice, amount })),
            ...(writeOff.invoice && writeOff.amount
              ? { adjustments: [{ invoice: writeOff.invoice, kind: writeOff.kind, amount: writeOff.amount }] }
              : {}),
          },
        }),
      ),
    onSuccess: (updated) => {
      onClose();
      onApplied(updated);
    },
  });
  const fields = [
    'customer',
    'allocations',
    ...chosen.flatMap((_, i) => [`allocations[${i}].invoice`, `allocations[${i}].amount`]),
    'adjustments[0].invoice',
    'adjustments[0].amount',
  ];

  function toggle(invoiceId: string, open: string) {
    setAmounts((prev) => {
      const { [invoiceId]: had, ...rest } = prev;
      if (had !== undefined) return rest;
      const stillLeft = remainder(line.amount, Object.values(rest), line.currency) ?? '0';
      const amount = isPositive(stillLeft, line.currency) ? minAmount(open, stillLeft, line.currency) : open;
      return { ...prev, [invoiceId]: amount };
    });
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    apply.mutate();
  }

  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('app.close') }}
      opened
      onClose={onClose}
      title={t('cash.apply.title')}
      size="xl"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">{t('cash.apply.payment', { amount: f.money(line.amount, line.currency) })}</Text>
          <ProblemAlert error={apply.error} fields={fields} />
          <CustomerSelect
            label={t('cash.apply.customer')}
            placeholder={t('cash.apply.customerHint')}
            nothingFound={t('cash.apply.noCustomer')}
            required
            value={customer}
            initialName={initialCustomerName}
            onChange={(id) => {
              setCustomer(id);
              setAmounts({});
            }}
            error={fieldError(apply.error, 'customer')}
          />
          {customer && (
            <TextInput
              label={t('cash.apply.searchInvoice')}
              value={search}
              onChange={(e) => setSearch(e.currentTarget.value)}
            />
          )}
          {customer &&
            (items.isPending ? (
              <LoadingState />
            ) : items.isError ? (
              <ErrorState error={items.error} onRetry={() => void items.refetch()} />
            ) : items.data.items.length === 0 ? (
              <EmptyState title={t('cash.apply.noItems')} hint={t('cash.apply.noItemsHint')} />
            ) : (
              <Table.ScrollContainer minWidth={600}>
                <Table data-testid="open-items">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>
                        <VisuallyHidden>{t('cash.apply.choose')}</VisuallyHidden>
                      </Table.Th>
                      <Table.Th>{t('cash.apply.invoice')}</Table.Th>
                      <Table.Th>{t('cash.apply.due')}</Table.Th>
                      <Table.Th className="num">{t('cash.apply.open')}</Table.Th>
                      <Table.Th className="num">{t('cash.apply.amount')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {items.data.items.map((item) => {
                      const index = chosen.findIndex(([id]) => id === item.invoiceId);
                      const amount = amounts[item.invoiceId];
                      return (
                        <Table.Tr key={item.invoiceId}>
                          <Table.Td>
                            <Checkbox
                              aria-label={t('cash.apply.chooseInvoice', { number: item.number })}
                              checked={amount !== undefined}
                              onChange={() => toggle(item.invoiceId, item.open)}
                            />
                          </Table.Td>
                          <Table.Td>
                            {item.number}
                            {item.customerId !== items.data.customer.customerId && (
                              <Text span size="xs" c="dimmed" ml={4}>
                                {item.customerName}
                              </Text>
                            )}
                          </Table.Td>
                          <Table.Td>{item.dueDate ? f.date(item.dueDate) : ''}</Table.Td>
                          <Table.Td className="num">{f.money(item.open, line.currency)}</Table.Td>
                          <Table.Td w={150}>
                            {amount !== undefined && (
                              <TextInput
                                size="xs"
                                aria-label={t('cash.apply.amountFor', { number: item.number })}
                                value={amount}
                                inputMode="decimal"
                                onChange={(e) => {
                                  const value = e.currentTarget.value;
                                  setAmounts((prev) => ({ ...prev, [item.invoiceId]: value }));
                                }}
                                error={
                                  fieldError(apply.error, `allocations[${index}].amount`) ??
                                  fieldError(apply.error, `allocations[${index}].invoice`)
                                }
                              />
                            )}
                          </Table.Td>
                        </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            ))}
          {chosen.length > 0 && items.data && (
            <Group gap="xs" align="flex-end">
              <Select
                label={t('cash.apply.writeOff')}
                size="xs"
                w={170}
                value={writeOff.kind}
                allowDeselect={false}
                onChange={(v) => setWriteOff((w) => ({ ...w, kind: (v ?? 'bank_charge') as WriteOffKind }))}
                data={[
                  { value: 'bank_charge', label: t('cash.adjustment.bank_charge') },
                  { value: 'discount', label: t('cash.adjustment.discount') },
                ]}
              />
              <Select
                label={t('cash.apply.writeOffInvoice')}
                size="xs"
                w={170}
                clearable
                value={writeOff.invoice || null}
                onChange={(v) => setWriteOff((w) => ({ ...w, invoice: v ?? '' }))}
                data={items.data.items
                  .filter((i) => amounts[i.invoiceId] !== undefined)
                  .map((i) => ({ value: i.invoiceId, label: i.number }))}
                error={fieldError(apply.error, 'adjustments[0].invoice')}
              />
              <TextInput
                label={t('cash.apply.writeOffAmount')}
                size="xs"
                w={130}
                inputMode="decimal"
                value={writeOff.amount}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setWriteOff((w) => ({ ...w, amount: value }));
                }}
                error={fieldError(apply.error, 'adjustments[0].amount')}
              />
            </Group>
          )}
          <Group justify="space-between">
            <Text size="sm" fw={600} data-testid="remainder">
              {left === null
                ? t('cash.apply.unreadable')
                : left.startsWith('-')
                  ? t('cash.apply.over', { amount: f.money(left.slice(1), line.currency) })
                  : t('cash.apply.left', { amount: f.money(left, line.currency) })}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                {t('cash.cancel')}
              </Button>
              <Button type="submit" loading={apply.isPending} disabled={!customer}>
                {chosen.length === 0 ? t('cash.action.onAccount') : t('cash.apply.submit')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
