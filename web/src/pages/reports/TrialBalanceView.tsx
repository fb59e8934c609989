/** The trial balance (GET /v1/ledger/trial-balance): accounts per currency, totals from the API. */
import { Group, Paper, Stack, Table, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { EmptyState, QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { ExportLinks } from './ExportLinks';

export function TrialBalanceView() {
  const t = useT();
  const f = useFormat();
  const tb = useQuery({
    queryKey: ['ledger', 'trial-balance'],
    queryFn: () => data(api.GET('/v1/ledger/trial-balance')),
  });
  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <ExportLinks path="/v1/ledger/trial-balance/export" label={t('reports.tab.trialBalance')} />
      </Group>
      <QueryView query={tb}>
        {(answer) =>
          answer.lines.length === 0 ? (
            <EmptyState hint={t('reports.tb.empty')} />
          ) : (
            <Paper withBorder p="sm">
              <Table.ScrollContainer minWidth={800}>
                <Table striped highlightOnHover data-testid="trial-balance-table">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('reports.tb.account')}</Table.Th>
                      <Table.Th>{t('reports.tb.name')}</Table.Th>
                      <Table.Th>{t('reports.tb.type')}</Table.Th>
                      <Table.Th>{t('reports.tb.currency')}</Table.Th>
                      <Table.Th className="num">{t('reports.tb.debit')}</Table.Th>
                      <Table.Th className="num">{t('reports.tb.credit')}</Table.Th>
                      <Table.Th className="num">{t('reports.tb.balance')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {answer.lines.map((l) => (
                      <Table.Tr key={`${l.accountCode}-${l.currency}`}>
                        <Table.Td>{l.accountCode}</Table.Td>
                        <Table.Td>{l.accountName}</Table.Td>
                        <Table.Td>{l.accountType}</Table.Td>
                        <Table.Td>{l.currency}</Table.Td>
                        <Table.Td className="num">{f.money(l.debit, l.currency)}</Table.Td>
                        <Table.Td className="num">{f.money(l.credit, l.currency)}</Table.Td>
                        <Table.Td className="num">{f.money(l.balance, l.currency)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                  <Table.Tfoot>
                    {answer.totals.map((x) => (
                      <Table.Tr key={x.currency} fw={700}>
                        <Table.Th scope="row" colSpan={3}>
                          {t('reports.tb.totalIn', { currency: x.currency })}
                        </Table.Th>
                        <Table.Td>{x.currency}</Table.Td>
                        <Table.Td className="num">{f.money(x.debit, x.currency)}</Table.Td>
                        <Table.Td className="num">{f.money(x.credit, x.currency)}</Table.Td>
                        <Table.Td className="num" data-testid={`tb-balance-${x.currency}`}>
                          {f.money(x.balance, x.currency)}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tfoot>
                </Table>
              </Table.ScrollContainer>
              <Text size="sm" mt="xs">
                {t('reports.tb.base', {
                  currency: answer.baseCurrency,
                  debit: f.money(answer.baseTotals.debit, answer.baseCurrency),
                  credit: f.money(answer.baseTotals.credit, answer.baseCurrency),
                })}
              </Text>
            </Paper>
          )
        }
      </QueryView>
    </Stack>
  );
}
