/** The invoice list as a dense table; column headers sort on the server (click again: descending). */
import { Badge, Table, Text, UnstyledButton } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import type { components } from '../../api/schema';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { type SortKey, sortOf } from './invoices-search';

type Item = components['schemas']['InvoiceListItem'];

const STATUS_COLORS: Record<string, string> = {
  draft: 'gray',
  issued: 'blue',
  partially_paid: 'cyan',
  paid: 'green',
  credited: 'grape',
  void: 'gray',
  written_off: 'red',
};

export function InvoiceStatus({ status, overdue }: { status: string; overdue?: boolean }) {
  const t = useT();
  return (
    <>
      <Badge size="sm" variant="dot" color={STATUS_COLORS[status] ?? 'gray'}>
        {t(`inv.st.${status}` as MessageKey)}
      </Badge>
      {overdue && (
        <Badge size="sm" variant="dot" color="red" ml={4}>
          {t('inv.overdue.yes')}
        </Badge>
      )}
    </>
  );
}

function SortHeader({
  column,
  label,
  sort,
  onSort,
  numeric,
}: {
  column: SortKey;
  label: MessageKey;
  sort: string | undefined;
  onSort: (key: SortKey) => void;
  numeric?: boolean;
}) {
  const t = useT();
  const { key, descending } = sortOf(sort);
  const active = key === column;
  return (
    <Table.Th
      className={numeric ? 'num' : undefined}
      aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
    >
      <UnstyledButton
        onClick={() => onSort(column)}
        fz="sm"
        fw={600}
        aria-label={t('inv.sortBy', { column: t(label) })}
      >
        {t(label)}
        {active ? (descending ? ' ↓' : ' ↑') : ''}
      </UnstyledButton>
    </Table.Th>
  );
}

export function InvoiceTable({
  items,
  sort,
  onSort,
}: {
  items: Item[];
  sort: string | undefined;
  onSort: (key: SortKey) => void;
}) {
  const t = useT();
  const f = useFormat();
  const h = (column: SortKey, label: MessageKey, numeric?: boolean) => (
    <SortHeader column={column} label={label} sort={sort} onSort={onSort} numeric={numeric ?? false} />
  );
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table verticalSpacing={4} fz="sm" striped highlightOnHover data-testid="invoices">
        <Table.Thead>
          <Table.Tr>
            {h('number', 'inv.number')}
            {h('customerName', 'inv.customerName')}
            <Table.Th>{t('inv.status')}</Table.Th>
            {h('issueDate', 'inv.issueDate')}
            {h('dueDate', 'inv.dueDate')}
            {h('daysOverdue', 'inv.daysOverdue', true)}
            {h('total', 'inv.total', true)}
            {h('open', 'inv.open', true)}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id} data-invoice={i.id}>
              <Table.Td>
                <Link to="/invoices/$invoiceId" params={{ invoiceId: i.id }}>
                  {i.number ?? t('inv.draft')}
                </Link>
              </Table.Td>
              <Table.Td>
                {i.customerName}{' '}
                <Text span size="xs" c="dimmed">
                  {i.customerExternalId}
                </Text>
              </Table.Td>
              <Table.Td>
                <InvoiceStatus status={i.status} overdue={i.overdue} />
              </Table.Td>
              <Table.Td>{i.issueDate ? f.date(i.issueDate) : ''}</Table.Td>
              <Table.Td>{i.dueDate ? f.date(i.dueDate) : ''}</Table.Td>
              <Table.Td className="num">{i.daysOverdue > 0 ? f.count(i.daysOverdue) : ''}</Table.Td>
              <Table.Td className="num">{f.money(i.total, i.currency)}</Table.Td>
              <Table.Td className="num">{f.money(i.open, i.currency)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
