/**
 * "Predicted payment" on the invoice page (GET /v1/invoices/{id}/prediction): the predicted
 * payment date of an open invoice, the probability of paying more than 5 days late and the
 * reasons in days; says so when the tenant has no model and the customer's history stands in.
 */
import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { en, type MessageKey } from '../../i18n/messages';
import { addDaysIso } from '../collections/collections-search';

type Prediction = components['schemas']['InvoicePrediction'];

export function PredictionPanel({ invoiceId }: { invoiceId: string }) {
  const t = useT();
  const q = useQuery({
    queryKey: ['invoices', 'prediction', invoiceId],
    queryFn: () => data(api.GET('/v1/invoices/{id}/prediction', { params: { path: { id: invoiceId } } })),
  });
  return (
    <section data-testid="invoice-prediction">
      <Title order={2} size="h5" mb={4}>
        {t('inv.prediction.title')}
      </Title>
      <QueryView query={q}>{(p) => <PredictionView p={p} />}</QueryView>
    </section>
  );
}

/** A reason in the page's language; the server's English wording for a feature the app does not know yet. */
function reasonText(t: ReturnType<typeof useT>, r: Prediction['reasons'][number]): string {
  const key = `inv.prediction.feature.${r.feature}`;
  return key in en ? t(key as MessageKey) : r.description;
}

/** The predicted day lies behind us: the API then expects the payment from today (`predictedOn` is `asOf`). */
function predictedDayPassed(p: Prediction): boolean {
  return addDaysIso(p.dueOn, Math.round(p.daysLate)) < p.predictedOn;
}

function PredictionView({ p }: { p: Prediction }) {
  const t = useT();
  const f = useFormat();
  const days = (d: number) => f.decimal(String(d), 1);
  return (
    <Paper withBorder p="sm">
      <Stack gap={4}>
        <Text size="sm">
          {t('inv.prediction.date')}: <b>{f.date(p.predictedOn)}</b> (
          {predictedDayPassed(p)
            ? t('inv.prediction.passed', { days: days(p.daysLate) })
            : `${days(p.daysLate)} ${t('inv.prediction.daysLate')}`}
          )
        </Text>
        <Text size="sm">
          {t('inv.prediction.lateProbability')}:{' '}
          <b>{p.lateProbability === null ? '—' : `${Math.round(p.lateProbability * 100)} %`}</b>
        </Text>
        {p.promisedOn !== null && (
          <Text size="xs" c="dimmed">
            {t('inv.prediction.promised', { date: f.date(p.promisedOn) })}
          </Text>
        )}
        {p.basis === 'customer_history' && (
          <Text size="xs" c="dimmed">
            {t('inv.prediction.fallback')}
          </Text>
        )}
        {p.reasons.length > 0 && (
          <Table verticalSpacing={2} fz="sm">
            <Table.Tbody>
              {p.reasons.map((r) => (
                <Table.Tr key={r.feature}>
                  <Table.Td>{reasonText(t, r)}</Table.Td>
                  <Table.Td className="num">
                    {r.days > 0 ? '+' : ''}
                    {days(r.days)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Stack>
    </Paper>
  );
}
