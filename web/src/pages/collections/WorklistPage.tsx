/**
 * The worklist (GET /v1/worklist): the customers to contact today, best first, with the reasons in
 * the API's words. Filter by collector (`?collector=me|unassigned|<id>`, a deep link). From a row a
 * call, a promise to pay or a dispute is logged in two clicks: the button, then Save in the drawer.
 */
import { Alert, Anchor, Badge, Button, Group, List, Select, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { CursorList, useCursorList } from '../../components/CursorList';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { Can, useSession } from '../../session/session';
import { CollectionsLayout } from './CollectionsLayout';
import { LogActionDrawer, type Logged, type LogKind } from './LogActionDrawer';

type WorklistItem = components['schemas']['WorklistItem'];

export function WorklistPage() {
  const t = useT();
  const { collector } = useSearch({ from: '/app/collections' });
  const [action, setAction] = useState<{ kind: LogKind; item: WorklistItem } | null>(null);
  const [logged, setLogged] = useState<Logged | null>(null);
  const list = useCursorList(['worklist', collector ?? 'all'], async (cursor) => {
    const page = await data(
      api.GET('/v1/worklist', {
        params: { query: { limit: 50, ...(collector ? { collector } : {}), ...(cursor ? { cursor } : {}) } },
      }),
    );
    return page;
  });
  const first = list.data?.pages[0];
  return (
    <CollectionsLayout tab="/collections">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end">
          <CollectorFilter value={collector} />
          {first && (
            <Text size="sm" c="dimmed" data-testid="worklist-total">
              {t('collections.worklist.total', { n: first.total, date: first.asOf })}
            </Text>
          )}
        </Group>
        {logged && (
          <Alert color="green" withCloseButton onClose={() => setLogged(null)} data-testid="logged">
            <LoggedMessage logged={logged} />
          </Alert>
        )}
        <CursorList list={list} empty={t('collections.worklist.empty')}>
          {(items) => <WorklistTable items={items} onAction={(kind, item) => setAction({ kind, item })} />}
        </CursorList>
      </Stack>
      <LogActionDrawer
        action={action}
        asOf={first?.asOf}
        onClose={() => setAction(null)}
        onLogged={(done) => {
          setAction(null);
          setLogged(done);
        }}
      />
    </CollectionsLayout>
  );
}

function LoggedMessage({ logged }: { logged: Logged }) {
  const t = useT();
  if (logged.kind === 'promise')
    return (
      <>
        {t('collections.logged.promise', { customer: logged.customer })}{' '}
        <Anchor
          renderRoot={(props) => <Link {...props} to="/collections/promises" search={{ view: 'open' }} />}
        >
          {t('collections.logged.seePromises')}
        </Anchor>
      </>
    );
  if (logged.kind === 'dispute')
    return (
      <>
        {t('collections.logged.dispute', { customer: logged.customer })}{' '}
        <Anchor
          renderRoot={(props) => (
            <Link {...props} to="/collections/disputes" search={{ status: 'open', dispute: logged.id }} />
          )}
        >
          {t('collections.logged.seeDispute')}
        </Anchor>
      </>
    );
  return <>{t('collections.logged.call', { customer: logged.customer })}</>;
}

function CollectorFilter({ value }: { value: string | undefined }) {
  const t = useT();
  const navigate = useNavigate({ from: '/collections' });
  const collectors = useQuery({
    queryKey: ['collectors'],
    queryFn: () => data(api.GET('/v1/collectors')),
  });
  // "My customers" needs a collector with the signed-in user's e-mail (else the API answers 422).
  const email = useSession().data?.user?.email?.toLowerCase();
  const isCollector = (collectors.data?.items ?? []).some((c) => c.active && c.email.toLowerCase() === email);
  const options = [
    { value: 'all', label: t('collections.worklist.everyone') },
    ...(isCollector || value === 'me' ? [{ value: 'me', label: t('collections.worklist.mine') }] : []),
    { value: 'unassigned', label: t('collections.worklist.unassigned') },
    ...(collectors.data?.items ?? [])
      .filter((c) => c.active)
      .map((c) => ({ value: c.id, label: `${c.name} (${c.customerCount})` })),
  ];
  return (
    <Select
      label={t('collections.worklist.collector')}
      data={options}
      value={value ?? 'all'}
      allowDeselect={false}
      description={
        collectors.isSuccess && !isCollector ? t('collections.worklist.mineNeedsCollector') : undefined
      }
      w={260}
      size="sm"
      onChange={(next) =>
        void navigate({
          search: (prev) => ({ ...prev, collector: next && next !== 'all' ? next : undefined }),
        })
      }
    />
  );
}

function WorklistTable({
  items,
  onAction,
}: {
  items: WorklistItem[];
  onAction: (kind: LogKind, item: WorklistItem) => void;
}) {
  const t = useT();
  const f = useFormat();
  return (
    <Table.ScrollContainer minWidth={1040}>
      <Table data-testid="worklist">
        <Table.Thead>
          <Table.Tr>
            <Table.Th className="num">#</Table.Th>
            <Table.Th>{t('collections.customer')}</Table.Th>
            <Table.Th className="num">{t('collections.worklist.overdue')}</Table.Th>
            <Table.Th className="num">{t('collections.worklist.score')}</Table.Th>
            <Table.Th>{t('collections.worklist.risk')}</Table.Th>
            <Table.Th>{t('collections.worklist.reasons')}</Table.Th>
            <Can access="collect">
              <Table.Th>{t('collections.worklist.log')}</Table.Th>
            </Can>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.customerId} data-customer={item.customerExternalId}>
              <Table.Td className="num">{item.rank}</Table.Td>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {item.customerName}
                </Text>
                <Group gap={4}>
                  <Text size="xs" c="dimmed">
                    {item.customerExternalId}
                    {item.collector ? ` · ${item.collector.name}` : ''}
                  </Text>
                  {item.onHold && (
                    <Badge size="xs" color="red" variant="light">
                      {t('collections.worklist.onHold')}
                    </Badge>
                  )}
                  {item.brokenPromiseOn && (
                    <Badge size="xs" color="orange" variant="light">
                      {t('collections.worklist.brokenPromise')}
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td className="num">
                {item.overdue.map((o) => (
                  <div key={o.currency}>{f.money(o.collectible, o.currency)}</div>
                ))}
              </Table.Td>
              <Table.Td className="num">{f.decimal(String(item.score), 0)}</Table.Td>
              <Table.Td data-testid="worklist-risk">
                <RiskCell risk={item.risk} />
              </Table.Td>
              <Table.Td>
                <List size="xs" spacing={0}>
                  {item.reasons.map((reason) => (
                    <List.Item key={reason}>{reason}</List.Item>
                  ))}
                </List>
              </Table.Td>
              <Can access="collect">
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={() => onAction('call', item)}
                      aria-label={t('collections.log.callFor', { customer: item.customerName })}
                    >
                      {t('collections.log.call')}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={() => onAction('promise', item)}
                      aria-label={t('collections.log.promiseFor', { customer: item.customerName })}
                    >
                      {t('collections.log.promise')}
                    </Button>
                    <Button
                      size="compact-xs"
                      variant="light"
                      onClick={() => onAction('dispute', item)}
                      aria-label={t('collections.log.disputeFor', { customer: item.customerName })}
                    >
                      {t('collections.log.dispute')}
                    </Button>
                  </Group>
                </Table.Td>
              </Can>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const BAND_COLOR = { low: 'green', medium: 'orange', high: 'red' } as const;

/** The customer's risk score and band, with its two largest reasons by factor (the API's points). */
function RiskCell({ risk }: { risk: WorklistItem['risk'] }) {
  const t = useT();
  return (
    <Stack gap={2}>
      <Badge size="sm" variant="dot" color={BAND_COLOR[risk.band]}>
        {risk.score} · {t(`collections.risk.band.${risk.band}`)}
      </Badge>
      {risk.reasons.slice(0, 2).map((r) => (
        <Text key={r.factor} size="xs" c="dimmed" title={r.evidence}>
          {t(`collections.risk.factor.${r.factor}`)} +{r.points}
        </Text>
      ))}
    </Stack>
  );
}
