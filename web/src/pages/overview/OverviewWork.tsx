/**
 * Today's work as cards, each a link to the page that works it with its filter in the URL, and the
 * customers with the most overdue (links to the customer page). Counts and amounts are the API's.
 */
import { Anchor, Paper, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { Link, type LinkProps } from '@tanstack/react-router';
import { EmptyState } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import type { Overview } from './overview-types';

type Work = Overview['work'];

/** Where each count is worked: the page and its filter. */
const WORK: { key: keyof Work; label: MessageKey; link: LinkProps }[] = [
  { key: 'bankLinesToReview', label: 'overview.work.bankLines', link: { to: '/cash' } },
  {
    key: 'promisesDue',
    label: 'overview.work.promisesDue',
    link: { to: '/collections/promises', search: { view: 'due' } },
  },
  {
    key: 'promisesBroken',
    label: 'overview.work.promisesBroken',
    link: { to: '/collections/promises', search: { view: 'broken' } },
  },
  {
    key: 'disputesOpen',
    label: 'overview.work.disputesOpen',
    link: { to: '/collections/disputes', search: { status: 'open' } },
  },
  { key: 'lettersToPrint', label: 'overview.work.lettersToPrint', link: { to: '/dunning/print' } },
  {
    key: 'failedMessages',
    label: 'overview.work.failedMessages',
    link: { to: '/settings', search: { section: 'delivery' } },
  },
  { key: 'customersOnHold', label: 'overview.work.heldCustomers', link: { to: '/collections/holds' } },
];

export function TodaysWork({ work }: { work: Work }) {
  const t = useT();
  const f = useFormat();
  return (
    <section aria-labelledby="todays-work">
      <Title order={2} size="h5" mb={4} id="todays-work">
        {t('overview.today')}
      </Title>
      <SimpleGrid cols={{ base: 2, sm: 4, xl: 7 }} spacing="sm">
        {WORK.map((w) => (
          <Link
            key={w.key}
            {...w.link}
            style={{ textDecoration: 'none', color: 'inherit' }}
            data-testid={`work-${w.key}`}
          >
            <Paper withBorder p="sm" h="100%">
              <Text fw={700} size="xl" className="num" ta="left" data-testid={`work-${w.key}-count`}>
                {f.count(work[w.key])}
              </Text>
              <Text size="sm">{t(w.label)}</Text>
            </Paper>
          </Link>
        ))}
      </SimpleGrid>
    </section>
  );
}

export function TopOverdue({ overview: o }: { overview: Overview }) {
  const t = useT();
  const f = useFormat();
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h5" mb={4}>
        {t('overview.topOverdue')}
      </Title>
      {o.topOverdue.length === 0 ? (
        <EmptyState hint={t('overview.noOverdue')} />
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table data-testid="top-overdue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('overview.customer')}</Table.Th>
                <Table.Th className="num">{t('overview.overdueAmount')}</Table.Th>
                <Table.Th className="num">{t('overview.oldestDays')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {o.topOverdue.map((c) => (
                <Table.Tr key={c.customerId}>
                  <Table.Td>
                    {/* The customer page; a plain link, so it works whichever page owns the route. */}
                    <Anchor component={Link} to={`/customers/${c.customerId}`} size="sm">
                      {c.name}
                    </Anchor>{' '}
                    <Text span size="xs" c="dimmed">
                      {c.externalId}
                    </Text>
                  </Table.Td>
                  <Table.Td className="num">{f.money(c.overdue, o.currency)}</Table.Td>
                  <Table.Td className="num">{f.count(c.oldestDaysOverdue)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}
