/** Ignore a line (not a customer receipt): the reason is required and recorded with the line. */
import { Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n/i18n';
import type { ReviewItem } from './cash-search';

const FIELDS = ['reason'] as const;

export function IgnoreDialog({
  line,
  onClose,
  onIgnored,
}: {
  line: ReviewItem;
  onClose: () => void;
  onIgnored: (updated: ReviewItem) => void;
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  const ignore = useMutation({
    mutationFn: () =>
      data(
        api.POST('/v1/bank/transactions/{id}/ignore', {
          params: { path: { id: line.id } },
          body: { reason },
        }),
      ),
    onSuccess: (updated) => {
      onClose();
      onIgnored(updated);
    },
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    ignore.mutate();
  }
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('app.close') }}
      opened
      onClose={onClose}
      title={t('cash.ignore.title')}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <ProblemAlert error={ignore.error} fields={FIELDS} />
          <TextInput
            label={t('cash.ignore.reason')}
            description={t('cash.ignore.hint')}
            required
            data-autofocus
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={fieldError(ignore.error, 'reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('cash.cancel')}
            </Button>
            <Button type="submit" loading={ignore.isPending}>
              {t('cash.action.ignore')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
