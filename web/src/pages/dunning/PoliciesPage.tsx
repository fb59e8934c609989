/**
 * Dunning policies (GET /v1/dunning/policies): each with its levels, grace days, minimums and
 * interest. With `write`, a policy is edited in a drawer (`?edit=<id>`) and ready-made ones are
 * added from the presets. Without any policy nothing is dunned, and the page says so.
 */
import { Badge, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import { Can } from '../../session/session';
import { DunningLayout } from './DunningLayout';
import { PolicyEditor } from './PolicyEditor';

type Policy = components['schemas']['DunningPolicy'];

export function PoliciesPage() {
  const t = useT();
  const { edit } = useSearch({ from: '/app/dunning' });
  const navigate = useNavigate({ from: '/dunning' });
  const policies = useQuery({
    queryKey: ['dunning', 'policies'],
    queryFn: () => data(api.GET('/v1/dunning/policies', { params: { query: { limit: 100 } } })),
  });
  const editing = policies.data?.items.find((p) => p.id === edit);
  return (
    <DunningLayout tab="/dunning">
      <QueryView query={policies}>
        {(page) => (
          <Stack gap="md">
            {page.items.length === 0 && (
              <EmptyState title={t('dunning.policies.none')} hint={t('dunning.policies.noneHint')} />
            )}
            {page.items.map((p) => (
              <PolicyCard key={p.id} policy={p} onEdit={() => void navigate({ search: { edit: p.id } })} />
            ))}
            <Presets />
          </Stack>
        )}
      </QueryView>
      <PolicyEditor policy={editing} onClose={() => void navigate({ search: {} })} />
    </DunningLayout>
  );
}

function PolicyCard({ policy: p, onEdit }: { policy: Policy; onEdit: () => void }) {
  const t = useT();
  const f = useFormat();
  const perCurrency = (record: Record<string, string>) =>
    Object.entries(record)
      .map(([currency, amount]) => f.money(amount, currency))
      .join(', ');
  return (
    <Paper withBorder p="sm" data-testid="policy">
      <Group justify="space-between" mb={4}>
        <Group gap="xs">
          <Title order={2} size="h5">
            {p.name}
          </Title>
          {p.isDefault && (
            <Badge size="sm" variant="light">
              {t('dunning.policies.default')}
            </Badge>
          )}
        </Group>
        <Can access="write">
          <Button
            size="xs"
            variant="light"
            onClick={onEdit}
            aria-label={t('dunning.policies.editName', { name: p.name })}
          >
            {t('dunning.policies.edit')}
          </Button>
        </Can>
      </Group>
      <Text size="xs" c="dimmed" mb={4}>
        {[
          t('dunning.policies.graceDays', { n: p.graceDays }),
          Object.keys(p.minimumAmounts).length > 0
            ? t('dunning.policies.minimum', { amounts: perCurrency(p.minimumAmounts) })
            : null,
          p.interest
            ? t('dunning.policies.interest', {
                margin: p.interest.marginPct,
                dayCount: p.interest.dayCount,
                rates: p.interest.baseRates.length,
              })
            : t('dunning.policies.noInterest'),
        ]
          .filter(Boolean)
          .join(' · ')}
      </Text>
      <Table.ScrollContainer minWidth={840}>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th className="num">{t('dunning.level')}</Table.Th>
              <Table.Th className="num">{t('dunning.policies.offset')}</Table.Th>
              <Table.Th>{t('dunning.template')}</Table.Th>
              <Table.Th>{t('dunning.channel')}</Table.Th>
              <Table.Th>{t('dunning.fee')}</Table.Th>
              <Table.Th>{t('dunning.interest')}</Table.Th>
              <Table.Th>{t('dunning.handsOver')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {p.levels.map((l) => (
              <Table.Tr key={l.level}>
                <Table.Td className="num">{l.level}</Table.Td>
                <Table.Td className="num">{t('dunning.policies.days', { n: l.offsetDays })}</Table.Td>
                <Table.Td>{l.templateKey}</Table.Td>
                <Table.Td>{t(`dunning.channel.${l.channel}`)}</Table.Td>
                <Table.Td>{perCurrency(l.fees)}</Table.Td>
                <Table.Td>{l.chargesInterest ? t('dunning.yes') : ''}</Table.Td>
                <Table.Td>{l.handsOver ? t('dunning.yes') : ''}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function Presets() {
  const t = useT();
  const qc = useQueryClient();
  const presets = useQuery({
    queryKey: ['dunning', 'presets'],
    queryFn: () => data(api.GET('/v1/dunning/policies/presets')),
  });
  const add = useMutation({
    mutationFn: (key: string) =>
      data(api.POST('/v1/dunning/policies/presets/{key}', { params: { path: { key } }, body: {} })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['dunning'] }),
  });
  return (
    <Can access="write">
      <Paper withBorder p="sm">
        <Title order={2} size="h5" mb={4}>
          {t('dunning.presets.title')}
        </Title>
        <ProblemAlert error={add.error} fields={['name']} />
        <Stack gap="xs">
          {(presets.data?.items ?? []).map((p) => (
            <Group key={p.key} justify="space-between" wrap="nowrap">
              <Text size="sm">
                <b>{p.policy.name}</b> — {p.description}
              </Text>
              <Button
                size="xs"
                variant="default"
                loading={add.isPending && add.variables === p.key}
                onClick={() => add.mutate(p.key)}
                data-testid={`add-preset-${p.key}`}
              >
                {t('dunning.presets.add')}
              </Button>
            </Group>
          ))}
        </Stack>
      </Paper>
    </Can>
  );
}
