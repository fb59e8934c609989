/**
 * The signed-in user's inbox (GET /v1/notifications): a bell in the header with the number unread,
 * polled every minute, opening the latest notifications — each a link to what it is about (the
 * invoice, the promises, the cash page, the KPIs for a missed goal) that marks it read — and "Mark
 * all read". What lands here the alert rules and goal checks decided on the server (docs/alerts.md).
 */
import {
  ActionIcon,
  Anchor,
  Button,
  Group,
  Indicator,
  Popover,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, type LinkProps } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data } from '../api/client';
import type { components } from '../api/schema';
import { ErrorState, LoadingState } from '../components/states';
import { useFormat } from '../format/use-format';
import { useT } from '../i18n/i18n';

type Notification = components['schemas']['Notification'];

const POLL_MS = 60_000;
const SHOWN = 20;

function useInbox() {
  return useQuery({
    queryKey: ['notifications'],
    queryFn: () => data(api.GET('/v1/notifications', { params: { query: { limit: SHOWN } } })),
    refetchInterval: POLL_MS,
  });
}

export function NotificationBell() {
  const t = useT();
  const inbox = useInbox();
  const [open, setOpen] = useState(false);
  const unread = inbox.data?.unread ?? 0;
  return (
    <Indicator label={unread > 99 ? '99+' : unread} size={16} disabled={unread === 0} color="red" offset={4}>
      <Popover opened={open} onChange={setOpen} position="bottom-end" width={380} shadow="md">
        <Popover.Target>
          <ActionIcon
            variant="default"
            aria-label={t('notifications.open', { n: unread })}
            data-testid="notification-bell"
            onClick={() => setOpen((o) => !o)}
          >
            <BellIcon />
          </ActionIcon>
        </Popover.Target>
        <Popover.Dropdown p="xs">
          <InboxList inbox={inbox} onFollow={() => setOpen(false)} />
        </Popover.Dropdown>
      </Popover>
    </Indicator>
  );
}

/** A bell drawn as an SVG (the browser may have no emoji font). */
function BellIcon() {
  return (
    <svg
      width="16"
      height="16"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

function InboxList({ inbox, onFollow }: { inbox: ReturnType<typeof useInbox>; onFollow: () => void }) {
  const t = useT();
  const qc = useQueryClient();
  const readAll = useMutation({
    mutationFn: () => data(api.POST('/v1/notifications/read-all')),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
  if (inbox.isPending) return <LoadingState />;
  if (inbox.isError) return <ErrorState error={inbox.error} onRetry={() => void inbox.refetch()} />;
  return (
    <Stack gap="xs" data-testid="notifications">
      <Group justify="space-between">
        <Text fw={600} size="sm">
          {t('notifications.title')}
        </Text>
        {inbox.data.unread > 0 && (
          <Button
            size="compact-xs"
            variant="subtle"
            onClick={() => readAll.mutate()}
            loading={readAll.isPending}
          >
            {t('notifications.markAll')}
          </Button>
        )}
      </Group>
      {inbox.data.items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('notifications.empty')}
        </Text>
      ) : (
        <ScrollArea.Autosize mah={420} type="auto">
          <Stack gap={6}>
            {inbox.data.items.map((n) => (
              <NotificationItem key={n.id} notification={n} onFollow={onFollow} />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      )}
    </Stack>
  );
}

/** Where a notification's subject is shown in the app. */
function subjectLink(subject: Notification['subject']): LinkProps {
  switch (subject.type) {
    case 'invoice':
      return { to: '/invoices/$invoiceId', params: { invoiceId: subject.id } };
    case 'promise':
      return { to: '/collections/promises', search: { view: 'all' } };
    case 'receipt':
      return { to: '/cash' };
    case 'goal':
      return { to: '/reports', search: { view: 'kpis' } };
    case 'customer':
      return { to: '/customers/$customerId', params: { customerId: subject.id } };
    case 'webhook_endpoint':
      return { to: '/settings', search: { section: 'webhooks', endpoint: subject.id } };
    default:
      return { to: '/' };
  }
}

function NotificationItem({
  notification: n,
  onFollow,
}: {
  notification: Notification;
  onFollow: () => void;
}) {
  const f = useFormat();
  const qc = useQueryClient();
  const markRead = useMutation({
    mutationFn: () => data(api.POST('/v1/notifications/{id}/read', { params: { path: { id: n.id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
  const follow = () => {
    if (!n.readAt) markRead.mutate();
    onFollow();
  };
  return (
    <div data-unread={n.readAt ? undefined : true}>
      <Anchor
        size="sm"
        fw={n.readAt ? 400 : 700}
        renderRoot={(props) => <Link {...subjectLink(n.subject)} {...props} />}
        onClick={follow}
      >
        {n.title}
      </Anchor>
      <Text size="xs" c="dimmed">
        {n.subject.label} · {f.instant(n.createdAt)}
      </Text>
    </div>
  );
}
