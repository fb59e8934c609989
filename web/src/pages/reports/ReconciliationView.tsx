/**
 * The AR reconciliation (GET /v1/ledger/reconciliation): the AR control account against the
 * subledger per currency, the invoices whose open amount differs from their ledger balance, and
 * each bank account's cash account against its booked lines. `balanced` is the API's verdict.
 */
import { Alert, Badge, Group, Paper, Stack, Table, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { ExportLinks } from './ExportLinks';

export function ReconciliationView() {
  const t = useT();
  const rec = useQuery({
    queryKey: ['ledger', 'reconciliation'],
    queryFn: () => data(api.GET('/v1/ledger/reconciliation')),
  });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        {rec.data && (
          <Badge
            color={rec.data.balanced ? 'green' : 'red'}
            variant="dot"
            data-testid="reconciliation-verdict"
          >
            {rec.data.balanced ? t('reports.rec.balanced') : t('reports.rec.unbalanced')}
          </Badge>
        )}
        <ExportLinks path="/v1/ledger/reconciliation/export" label={t('reports.tab.reconciliation')} />
      </Group>
      <QueryView query={rec}>
        {(answer) => (
          <>
            {!answer.balanced && (
              <Alert color="red" title={t('reports.rec.unbalanced')}>
                {t('reports.rec.unbalancedHint')}
              </Alert>
            )}
            <ArTable currencies={answer.currencies} />
            {answer.invoiceMismatches.length > 0 && <Mismatches rows={answer.invoiceMismatches} />}
            {answer.bankAccounts.length > 0 && <BankAccounts rows={answer.bankAccounts} />}
          </>
        )}
      </QueryView>
    </Stack>
  );
}

interface ArRow {
  currency: string;
  arControl: string;
  subledger: string;
  difference: string;
}

function ArTable({ currencies }: { currencies: ArRow[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h5" mb={4}>
        {t('reports.rec.ar')}
      </Title>
      <Table.ScrollContainer minWidth={480}>
        <Table striped data-testid="reconciliation-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reports.tb.currency')}</Table.Th>
              <Table.Th className="num">{t('reports.rec.arControl')}</Table.Th>
              <Table.Th className="num">{t('reports.rec.subledger')}</Table.Th>
              <Table.Th className="num">{t('reports.rec.difference')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {currencies.map((c) => (
              <Table.Tr key={c.currency}>
                <Table.Td>{c.currency}</Table.Td>
                <Table.Td className="num">{f.money(c.arControl, c.currency)}</Table.Td>
                <Table.Td className="num">{f.money(c.subledger, c.currency)}</Table.Td>
                <Table.Td className="num" data-testid={`rec-difference-${c.currency}`}>
                  {f.money(c.difference, c.currency)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function Mismatches({
  rows,
}: {
  rows: { invoiceId: string; number: string | null; currency: string; open: string; ledger: string }[];
}) {
  const t = useT();
  const f = useFormat();
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h5" mb={4}>
        {t('reports.rec.mismatches')}
      </Title>
      <Table.ScrollContainer minWidth={320}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reports.items.number')}</Table.Th>
              <Table.Th className="num">{t('reports.items.open')}</Table.Th>
              <Table.Th className="num">{t('reports.rec.ledger')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.invoiceId}>
                <Table.Td>{r.number ?? r.invoiceId}</Table.Td>
                <Table.Td className="num">{f.money(r.open, r.currency)}</Table.Td>
                <Table.Td className="num">{f.money(r.ledger, r.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

interface BankRow {
  account: string;
  currency: string;
  cashAccount: string;
  ledger: string;
  bookedLines: string;
  refunds: string;
  difference: string;
}

function BankAccounts({ rows }: { rows: BankRow[] }) {
  const t = useT();
  const f = useFormat();
  return (
    <Paper withBorder p="sm">
      <Title order={2} size="h5" mb={4}>
        {t('reports.rec.bank')}
      </Title>
      <Table.ScrollContainer minWidth={700}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reports.rec.bankAccount')}</Table.Th>
              <Table.Th>{t('reports.rec.cashAccount')}</Table.Th>
              <Table.Th className="num">{t('reports.rec.ledger')}</Table.Th>
              <Table.Th className="num">{t('reports.rec.bookedLines')}</Table.Th>
              <Table.Th className="num">{t('reports.rec.refunds')}</Table.Th>
              <Table.Th className="num">{t('reports.rec.difference')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={`${r.account}-${r.currency}`}>
                <Table.Td>{r.account}</Table.Td>
                <Table.Td>{r.cashAccount}</Table.Td>
                <Table.Td className="num">{f.money(r.ledger, r.currency)}</Table.Td>
                <Table.Td className="num">{f.money(r.bookedLines, r.currency)}</Table.Td>
                <Table.Td className="num">{f.money(r.refunds, r.currency)}</Table.Td>
                <Table.Td className="num">{f.money(r.difference, r.currency)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}
