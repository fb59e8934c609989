/**
 * Dunning letters as a table (a run's preview, a recorded run, the print queue): customer, level
 * and template, channel, status and the API's amounts; a recorded letter links its PDF.
 */
import { Anchor, Badge, Checkbox, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { components } from '../../api/schema';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { StatusBadge } from '../collections/StatusBadge';

export type DunningLetter = components['schemas']['DunningLetter'];

export function LettersTable({
  letters,
  testId,
  selection,
  actions,
}: {
  letters: DunningLetter[];
  testId: string;
  /** Checkboxes per letter (the print queue). */
  selection?: { selected: string[]; onChange: (ids: string[]) => void };
  actions?: (letter: DunningLetter) => ReactNode;
}) {
  const t = useT();
  const f = useFormat();
  const toggle = (id: string, on: boolean) =>
    selection?.onChange(on ? [...selection.selected, id] : selection.selected.filter((x) => x !== id));
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {selection && <Table.Th aria-label={t('dunning.select')} />}
            <Table.Th>{t('collections.customer')}</Table.Th>
            <Table.Th className="num">{t('dunning.level')}</Table.Th>
            <Table.Th>{t('dunning.template')}</Table.Th>
            <Table.Th>{t('dunning.channel')}</Table.Th>
            <Table.Th>{t('collections.status')}</Table.Th>
            <Table.Th className="num">{t('dunning.invoices')}</Table.Th>
            <Table.Th className="num">{t('dunning.overdue')}</Table.Th>
            <Table.Th className="num">{t('dunning.fee')}</Table.Th>
            <Table.Th className="num">{t('dunning.interest')}</Table.Th>
            <Table.Th className="num">{t('dunning.total')}</Table.Th>
            {actions && <Table.Th aria-label={t('collections.actions')} />}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {letters.map((l, i) => (
            <Table.Tr key={l.id ?? `${l.customer.id}-${l.currency}-${i}`} data-letter={l.id ?? ''}>
              {selection && (
                <Table.Td>
                  {l.id && (
                    <Checkbox
                      size="xs"
                      aria-label={t('dunning.selectLetter', { customer: l.customer.name })}
                      checked={selection.selected.includes(l.id)}
                      onChange={(e) => toggle(l.id ?? '', e.currentTarget.checked)}
                    />
                  )}
                </Table.Td>
              )}
              <Table.Td>
                <Text size="sm">{l.customer.name}</Text>
                <Text size="xs" c="dimmed">
                  {l.customer.externalId} · {l.customer.language}
                  {l.handsOver ? ` · ${t('dunning.handsOver')}` : ''}
                </Text>
              </Table.Td>
              <Table.Td className="num">{l.level}</Table.Td>
              <Table.Td>{l.template}</Table.Td>
              <Table.Td>
                <Badge size="sm" variant="outline">
                  {t(`dunning.channel.${l.channel}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                <StatusBadge status={l.status} />
              </Table.Td>
              <Table.Td className="num">{l.invoices.length}</Table.Td>
              <Table.Td className="num">{f.money(l.overdue, l.currency)}</Table.Td>
              <Table.Td className="num">{f.money(l.fee, l.currency)}</Table.Td>
              <Table.Td className="num">{f.money(l.interest, l.currency)}</Table.Td>
              <Table.Td className="num">
                {l.id ? (
                  <Anchor href={`/v1/dunning/letters/${l.id}/pdf`} target="_blank" rel="noopener" size="sm">
                    {f.money(l.total, l.currency)}
                  </Anchor>
                ) : (
                  f.money(l.total, l.currency)
                )}
              </Table.Td>
              {actions && <Table.Td>{actions(l)}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
