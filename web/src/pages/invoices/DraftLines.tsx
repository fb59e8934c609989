/** The editor's lines: description, quantity, unit price, tax rate; each line's net from the server preview. */
import { ActionIcon, Button, Table, TextInput } from '@mantine/core';
import { fieldError } from '../../components/ProblemAlert';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { EMPTY_LINE, type LineForm } from './draft-form';

export function DraftLines({
  lines,
  onChange,
  nets,
  currency,
  error,
}: {
  lines: LineForm[];
  onChange: (lines: LineForm[]) => void;
  nets: string[] | undefined;
  currency: string | undefined;
  error: unknown;
}) {
  const t = useT();
  const f = useFormat();
  const set = (i: number, patch: Partial<LineForm>) =>
    onChange(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));
  const cell = (i: number, key: keyof LineForm, label: string, w?: number) => (
    <TextInput
      size="xs"
      w={w}
      aria-label={`${label} ${i + 1}`}
      value={lines[i]?.[key] ?? ''}
      inputMode={key === 'description' ? 'text' : 'decimal'}
      onChange={(e) => set(i, { [key]: e.currentTarget.value })}
      error={fieldError(error, `lines[${i}].${key}`)}
    />
  );
  return (
    <>
      <Table.ScrollContainer minWidth={720}>
        <Table verticalSpacing={2} data-testid="draft-lines">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('inv.page.description')}</Table.Th>
              <Table.Th>{t('inv.page.quantity')}</Table.Th>
              <Table.Th>{t('inv.page.unitPrice')}</Table.Th>
              <Table.Th>{t('inv.page.taxRate')}</Table.Th>
              <Table.Th className="num">{t('inv.net')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines have no id until saved; the position is the line
              <Table.Tr key={i}>
                <Table.Td>{cell(i, 'description', t('inv.page.description'))}</Table.Td>
                <Table.Td>{cell(i, 'quantity', t('inv.page.quantity'), 80)}</Table.Td>
                <Table.Td>{cell(i, 'unitPrice', t('inv.page.unitPrice'), 110)}</Table.Td>
                <Table.Td>{cell(i, 'taxRate', t('inv.page.taxRate'), 70)}</Table.Td>
                <Table.Td className="num" data-testid={`line-net-${i}`}>
                  {nets?.[i] && currency ? f.money(nets[i], currency) : ''}
                </Table.Td>
                <Table.Td>
                  {lines.length > 1 && (
                    <ActionIcon
                      size="sm"
                      variant="subtle"
                      color="red"
                      aria-label={t('inv.edit.removeLine', { n: i + 1 })}
                      onClick={() => onChange(lines.filter((__, j) => j !== i))}
                    >
                      ×
                    </ActionIcon>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Button size="xs" variant="subtle" onClick={() => onChange([...lines, { ...EMPTY_LINE }])}>
        {t('inv.edit.addLine')}
      </Button>
    </>
  );
}
