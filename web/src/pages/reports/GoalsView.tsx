/**
 * KPI goals (GET /v1/analytics/goals) and their attainment over the closed periods
 * (GET /v1/analytics/goals/{id}/attainment): per goal, each period's KPI as the KPI report shows it
 * and whether it met the target — judged by the API, nothing here compares. Credit managers and
 * admins add goals (POST) and remove them (DELETE); a missed goal also lands in the inbox of the
 * roles it names (the bell).
 */
import { Badge, Button, Group, Paper, Select, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { useT } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/messages';
import { Can } from '../../session/session';
import { agingQuery } from './AgingReportView';

type Goal = components['schemas']['KpiGoal'];
type Attainment = components['schemas']['GoalAttainment'];
type Period = Attainment['periods'][number];

/**
 * The KPIs a goal may name, in the order the KPI table shows them: a Record over the API's enum, so
 * a KPI the API adds fails the compile until it is listed here.
 */
const GOAL_KPI_KEYS: Record<Goal['kpi'], true> = {
  dso: true,
  countbackDso: true,
  bestPossibleDso: true,
  averageDaysDelinquent: true,
  cei: true,
  percentCurrent: true,
  percentOver90: true,
  badDebtRatio: true,
  turnover: true,
  paidWithinTermsPct: true,
  paidWithinTermsAmountPct: true,
  averageDaysToPay: true,
  averageDaysToPayWeighted: true,
  averageDaysLate: true,
  averageDaysLateWeighted: true,
  unappliedAgeDays: true,
  autoApplicationPct: true,
  autoApplicationAmountPct: true,
  disputeRatePct: true,
  averageDaysToResolve: true,
  promiseKeptPct: true,
  customerErosionPct: true,
  revenueErosionPct: true,
  reworkRatePct: true,
};
const GOAL_KPIS = Object.keys(GOAL_KPI_KEYS) as Goal['kpi'][];

const STATUS_COLORS: Record<Period['status'], string> = {
  met: 'green',
  missed: 'red',
  not_computable: 'gray',
};

export function GoalsView() {
  const t = useT();
  const goals = useQuery({
    queryKey: ['goals'],
    queryFn: () => data(api.GET('/v1/analytics/goals')),
  });
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('reports.goals.caption')}
      </Text>
      <QueryView query={goals}>
        {(list) =>
          list.items.length === 0 ? (
            <EmptyState hint={t('reports.goals.empty')} />
          ) : (
            <Stack gap="sm" data-testid="goals">
              {list.items.map((goal) => (
                <GoalCard key={goal.id} goal={goal} />
              ))}
            </Stack>
          )
        }
      </QueryView>
      <Can access="credit">
        <GoalForm />
      </Can>
    </Stack>
  );
}

export function kpiLabel(kpi: Goal['kpi']): MessageKey {
  return `reports.kpi.${kpi}` as MessageKey;
}

function GoalCard({ goal }: { goal: Goal }) {
  const t = useT();
  const f = useFormat();
  const qc = useQueryClient();
  const attainment = useQuery({
    queryKey: ['goals', goal.id, 'attainment'],
    queryFn: () =>
      data(api.GET('/v1/analytics/goals/{id}/attainment', { params: { path: { id: goal.id } } })),
  });
  const remove = useMutation({
    mutationFn: () => data(api.DELETE('/v1/analytics/goals/{id}', { params: { path: { id: goal.id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['goals'] }),
  });
  return (
    <Paper withBorder p="sm" data-goal={goal.name}>
      <Group justify="space-between" mb="xs" wrap="nowrap">
        <div>
          <Text fw={600}>{goal.name}</Text>
          <Text size="sm" c="dimmed">
            {t('reports.goals.rule', {
              kpi: t(kpiLabel(goal.kpi)),
              comparison: t(`reports.goals.${goal.comparison}`),
              target: f.decimal(goal.target, 2),
              period: t(`reports.goals.period.${goal.periodKind}`),
              currency: goal.currency ?? t('reports.goals.eachCurrency'),
            })}
          </Text>
        </div>
        <Can access="credit">
          <Button
            size="compact-xs"
            variant="subtle"
            color="red"
            onClick={() => remove.mutate()}
            loading={remove.isPending}
          >
            {t('reports.goals.remove')}
          </Button>
        </Can>
      </Group>
      <ProblemAlert error={remove.error} fields={[]} />
      <QueryView query={attainment}>{(a) => <AttainmentTable attainment={a} />}</QueryView>
    </Paper>
  );
}

function AttainmentTable({ attainment }: { attainment: Attainment }) {
  const t = useT();
  const f = useFormat();
  if (attainment.periods.length === 0) return <Text size="sm">{t('reports.goals.noPeriods')}</Text>;
  const currencies = [...new Set(attainment.periods.flatMap((p) => p.currencies.map((c) => c.currency)))];
  return (
    <Table.ScrollContainer
      minWidth={120 + 90 * attainment.periods.length}
      type="native"
      tabIndex={0}
      role="region"
      aria-label={attainment.goal.name}
    >
      <Table fz="sm" data-testid="goal-attainment">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reports.kpi.currency')}</Table.Th>
            {attainment.periods.map((p) => (
              <Table.Th key={p.period} className="num">
                {p.period}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {currencies.map((currency) => (
            <Table.Tr key={currency}>
              <Table.Td>{currency}</Table.Td>
              {attainment.periods.map((p) => {
                const c = p.currencies.find((x) => x.currency === currency);
                return (
                  <Table.Td key={p.period} className="num" data-status={c?.status}>
                    {c && (
                      <Tooltip label={t(`reports.goals.status.${c.status}`)}>
                        <Badge size="sm" variant="dot" color={STATUS_COLORS[c.status]}>
                          {c.value === null ? '—' : f.decimal(c.value, 2)}
                        </Badge>
                      </Tooltip>
                    )}
                  </Table.Td>
                );
              })}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function GoalForm() {
  const t = useT();
  const qc = useQueryClient();
  const currencies = useQuery(agingQuery(undefined, 'due_date')).data?.reports.map((r) => r.currency) ?? [];
  const [form, setForm] = useState({
    name: '',
    kpi: 'dso' as Goal['kpi'],
    comparison: 'at_most' as Goal['comparison'],
    target: '',
    periodKind: 'month' as Goal['periodKind'],
    currency: '',
  });
  const create = useMutation({
    mutationFn: () =>
      data(
        api.POST('/v1/analytics/goals', {
          body: { ...form, currency: form.currency === '' ? null : form.currency },
        }),
      ),
    onSuccess: () => {
      setForm((prev) => ({ ...prev, name: '', target: '' }));
      void qc.invalidateQueries({ queryKey: ['goals'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const set = (patch: Partial<typeof form>) => setForm((prev) => ({ ...prev, ...patch }));
  const fields = ['name', 'kpi', 'comparison', 'target', 'periodKind', 'currency'];
  return (
    <Paper withBorder p="sm" component="form" onSubmit={submit} aria-label={t('reports.goals.add')}>
      <Text fw={600} size="sm" mb="xs">
        {t('reports.goals.add')}
      </Text>
      <ProblemAlert error={create.error} fields={fields} />
      <Group align="flex-end" gap="sm" wrap="wrap">
        <TextInput
          size="xs"
          label={t('reports.goals.name')}
          value={form.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={fieldError(create.error, 'name')}
          w={220}
        />
        <Select
          size="xs"
          label={t('reports.kpi.kpi')}
          value={form.kpi}
          allowDeselect={false}
          onChange={(v) => v && set({ kpi: v as Goal['kpi'] })}
          data={GOAL_KPIS.map((k) => ({ value: k, label: t(kpiLabel(k)) }))}
          w={260}
        />
        <Select
          size="xs"
          label={t('reports.goals.comparison')}
          value={form.comparison}
          allowDeselect={false}
          onChange={(v) => v && set({ comparison: v as Goal['comparison'] })}
          data={[
            { value: 'at_most', label: t('reports.goals.at_most') },
            { value: 'at_least', label: t('reports.goals.at_least') },
          ]}
          w={130}
        />
        <TextInput
          size="xs"
          label={t('reports.goals.target')}
          value={form.target}
          onChange={(e) => set({ target: e.currentTarget.value })}
          error={fieldError(create.error, 'target')}
          w={100}
        />
        <Select
          size="xs"
          label={t('reports.goals.period')}
          value={form.periodKind}
          allowDeselect={false}
          onChange={(v) => v && set({ periodKind: v as Goal['periodKind'] })}
          data={[
            { value: 'month', label: t('reports.goals.period.month') },
            { value: 'quarter', label: t('reports.goals.period.quarter') },
          ]}
          w={120}
        />
        <Select
          size="xs"
          label={t('reports.kpi.currency')}
          value={form.currency}
          allowDeselect={false}
          onChange={(v) => set({ currency: v ?? '' })}
          data={[
            { value: '', label: t('reports.goals.eachCurrency') },
            ...currencies.map((c) => ({ value: c, label: c })),
          ]}
          w={150}
        />
        <Button size="xs" type="submit" loading={create.isPending}>
          {t('reports.goals.save')}
        </Button>
      </Group>
    </Paper>
  );
}
