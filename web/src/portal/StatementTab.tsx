/**
 * The statement as of a date (GET /v1/portal/statement, default today): per currency the open
 * items, payments not yet applied and the balance, as the API computes them; and its PDF.
 */
import { Button, Card, Group, Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { PortalProblem, portalFieldError } from './PortalProblem';
import { type PortalStatement, portalDownload } from './portal-api';
import { usePortalI18n } from './portal-i18n';
import { statementQuery } from './portal-queries';

export function StatementTab() {
  const { t } = usePortalI18n();
  const [draft, setDraft] = useState('');
  const [asOf, setAsOf] = useState<string | undefined>(undefined);
  const [pdfError, setPdfError] = useState<unknown>(null);
  const statement = useQuery(statementQuery(asOf));
  const show = (e: FormEvent) => {
    e.preventDefault();
    setAsOf(draft || undefined);
  };
  const pdf = () => {
    setPdfError(null);
    const query = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';
    portalDownload(`/v1/portal/statement.pdf${query}`, `statement-${asOf ?? 'today'}.pdf`).catch(setPdfError);
  };
  return (
    <Stack gap="md" data-testid="portal-statement">
      <form onSubmit={show} noValidate>
        <Group align="flex-end" gap="sm">
          <TextInput
            type="date"
            label={t('statement.asOf')}
            value={draft}
            onChange={(e) => setDraft(e.currentTarget.value)}
            error={portalFieldError(statement.error, 'asOf')}
          />
          <Button type="submit" variant="default">
            {t('statement.show')}
          </Button>
          <Button variant="light" onClick={pdf}>
            {t('statement.pdf')}
          </Button>
        </Group>
      </form>
      {pdfError !== null && <PortalProblem error={pdfError} fields={[]} />}
      {statement.isPending && <Loader aria-label={t('loading')} />}
      {statement.isError && <PortalProblem error={statement.error} fields={['asOf']} />}
      {statement.data && <StatementView statement={statement.data} />}
    </Stack>
  );
}

function StatementView({ statement }: { statement: PortalStatement }) {
  const { t, money, date } = usePortalI18n();
  if (statement.sections.length === 0) return <Text>{t('statement.empty')}</Text>;
  return (
    <Stack gap="md">
      {statement.sections.map((s) => (
        <Card key={s.currency} withBorder padding="sm">
          <Stack gap="xs">
            <Group justify="space-between">
              <Title order={2} size="h4">
                {t('statement.balance')} ({s.currency})
              </Title>
              <Text fw={700} size="lg" className="num">
                {money(s.balance, s.currency)}
              </Text>
            </Group>
            <Title order={3} size="h6">
              {t('statement.items')}
            </Title>
            <Table.ScrollContainer minWidth={300} type="native">
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('statement.number')}</Table.Th>
                    <Table.Th>{t('statement.dueDate')}</Table.Th>
                    <Table.Th ta="right">{t('open')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {s.items.map((i) => (
                    <Table.Tr key={i.number}>
                      <Table.Td>{i.number}</Table.Td>
                      <Table.Td {...(i.daysOverdue > 0 ? { c: 'red.9' } : {})}>{date(i.dueDate)}</Table.Td>
                      <Table.Td ta="right" className="num">
                        {money(i.open, s.currency)}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {s.payments.length > 0 && (
              <>
                <Title order={3} size="h6">
                  {t('statement.payments')}
                </Title>
                {s.payments.map((p) => (
                  <Group key={`${p.receivedOn}:${p.reference}:${p.amount}`} justify="space-between">
                    <Text size="sm">
                      {date(p.receivedOn)} {p.reference ?? ''}
                    </Text>
                    <Text size="sm" className="num">
                      −{money(p.unapplied, s.currency)}
                    </Text>
                  </Group>
                ))}
              </>
            )}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
