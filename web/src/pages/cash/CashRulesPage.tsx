/**
 * Cash application, rules (`/cash/rules`): the rules tried before the engine, in order, with why a
 * stored rule is skipped; switch one on or off; create one (conditions on text, payer and amount →
 * ignore, post to an account, name the customer, or read the invoice number with a pattern).
 * The API checks the patterns (linear-time subset) and names the field it refuses.
 */
import {
  Badge,
  Button,
  Group,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import type { components } from '../../api/schema';
import { PageHeader } from '../../components/PageHeader';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, QueryView } from '../../components/states';
import { useT } from '../../i18n/i18n';
import { Can, useCan } from '../../session/session';
import { CashTabs } from './CashTabs';

type Rule = components['schemas']['CashApplicationRule'];
const CONDITIONS = [
  'textMatches',
  'payerNameMatches',
  'payerIban',
  'amountMin',
  'amountMax',
  'currency',
] as const;
type Condition = (typeof CONDITIONS)[number];
const ACTIONS = ['ignore', 'post', 'customer', 'reference'] as const;
type ActionType = (typeof ACTIONS)[number];
const ACTION_FIELD = {
  ignore: null,
  post: 'accountCode',
  customer: 'customer',
  reference: 'pattern',
} as const;

export function CashRulesPage() {
  const t = useT();
  const rules = useQuery({
    queryKey: ['cash-application', 'rules'],
    queryFn: () => data(api.GET('/v1/cash-application/rules')),
  });
  return (
    <>
      <PageHeader title={t('nav.cash')} />
      <CashTabs />
      <Stack gap="md">
        <QueryView query={rules}>
          {(answer) =>
            answer.items.length === 0 ? (
              <EmptyState title={t('cash.rules.empty')} hint={t('cash.rules.emptyHint')} />
            ) : (
              <RuleTable rules={answer.items} />
            )
          }
        </QueryView>
        <Can access="write">
          <NewRule />
        </Can>
      </Stack>
    </>
  );
}

function describe(record: Record<string, string>): string {
  return Object.entries(record)
    .map(([k, v]) => `${k}: ${v}`)
    .join(' · ');
}

function RuleTable({ rules }: { rules: Rule[] }) {
  const t = useT();
  const can = useCan();
  const qc = useQueryClient();
  const toggle = useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) =>
      data(
        enabled
          ? api.POST('/v1/cash-application/rules/{id}/enable', { params: { path: { id } } })
          : api.POST('/v1/cash-application/rules/{id}/disable', { params: { path: { id } } }),
      ),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['cash-application', 'rules'] }),
  });
  return (
    <Paper withBorder>
      <ProblemAlert error={toggle.error} fields={[]} />
      <Table.ScrollContainer minWidth={600}>
        <Table data-testid="rules-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th className="num">{t('cash.rules.priority')}</Table.Th>
              <Table.Th>{t('cash.rules.name')}</Table.Th>
              <Table.Th>{t('cash.rules.conditions')}</Table.Th>
              <Table.Th>{t('cash.rules.action')}</Table.Th>
              <Table.Th>{t('cash.rules.enabled')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.map((r) => (
              <Table.Tr key={r.ruleId}>
                <Table.Td className="num">{r.priority}</Table.Td>
                <Table.Td>
                  {r.name}
                  {r.problem && (
                    <Text size="xs" c="red.8" fw={600}>
                      {t('cash.rules.problem', { problem: r.problem })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace">
                    {describe(r.conditions)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge size="sm" variant="default">
                    {t(`cash.rules.action.${r.action.type as ActionType}`)}
                  </Badge>{' '}
                  <Text span size="xs" ff="monospace">
                    {describe(Object.fromEntries(Object.entries(r.action).filter(([k]) => k !== 'type')))}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {can('write') ? (
                    <Switch
                      aria-label={t('cash.rules.toggle', { name: r.name })}
                      checked={r.enabled}
                      onChange={(e) => toggle.mutate({ id: r.ruleId, enabled: e.currentTarget.checked })}
                    />
                  ) : (
                    t(r.enabled ? 'cash.rules.on' : 'cash.rules.off')
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Paper>
  );
}

function NewRule() {
  const t = useT();
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [priority, setPriority] = useState('');
  const [conditions, setConditions] = useState<Record<Condition, string>>({
    textMatches: '',
    payerNameMatches: '',
    payerIban: '',
    amountMin: '',
    amountMax: '',
    currency: '',
  });
  const [action, setAction] = useState<ActionType>('ignore');
  const [actionValue, setActionValue] = useState('');
  const create = useMutation({
    mutationFn: () => {
      const given = Object.fromEntries(Object.entries(conditions).filter(([, v]) => v.trim() !== ''));
      const field = ACTION_FIELD[action];
      return data(
        api.POST('/v1/cash-application/rules', {
          body: {
            name,
            ...(priority.trim() ? { priority: Number(priority) } : {}),
            conditions: given,
            action: (field ? { type: action, [field]: actionValue } : { type: action }) as never,
          },
        }),
      );
    },
    onSuccess: () => {
      setName('');
      setActionValue('');
      void qc.invalidateQueries({ queryKey: ['cash-application', 'rules'] });
    },
  });
  const actionField = ACTION_FIELD[action];
  const fields = [
    'name',
    'priority',
    'conditions',
    ...CONDITIONS.map((c) => `conditions.${c}`),
    'action',
    `action.${actionField}`,
  ];
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  return (
    <Paper withBorder p="sm">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h5">
            {t('cash.rules.new')}
          </Title>
          <ProblemAlert error={create.error} fields={fields} />
          <Group align="flex-start">
            <TextInput
              label={t('cash.rules.name')}
              required
              w={280}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={fieldError(create.error, 'name')}
            />
            <TextInput
              label={t('cash.rules.priority')}
              w={120}
              inputMode="numeric"
              value={priority}
              onChange={(e) => setPriority(e.currentTarget.value)}
              error={fieldError(create.error, 'priority')}
            />
          </Group>
          <Text size="sm" fw={600}>
            {t('cash.rules.conditionsHint')}
          </Text>
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="xs">
            {CONDITIONS.map((c) => (
              <TextInput
                key={c}
                label={t(`cash.rules.condition.${c}`)}
                value={conditions[c]}
                onChange={(e) => {
                  const value = e.currentTarget.value;
                  setConditions((prev) => ({ ...prev, [c]: value }));
                }}
                error={fieldError(create.error, `conditions.${c}`)}
              />
            ))}
          </SimpleGrid>
          {fieldError(create.error, 'conditions') && (
            <Text size="sm" c="red.8" role="alert">
              {fieldError(create.error, 'conditions')}
            </Text>
          )}
          <Group align="flex-start">
            <Select
              label={t('cash.rules.action')}
              w={220}
              allowDeselect={false}
              value={action}
              onChange={(v) => setAction((v ?? 'ignore') as ActionType)}
              data={ACTIONS.map((a) => ({ value: a, label: t(`cash.rules.action.${a}`) }))}
            />
            {actionField && (
              <TextInput
                label={t(`cash.rules.actionField.${actionField}`)}
                required
                w={280}
                value={actionValue}
                onChange={(e) => setActionValue(e.currentTarget.value)}
                error={
                  fieldError(create.error, `action.${actionField}`) ?? fieldError(create.error, 'action')
                }
              />
            )}
          </Group>
          <Button type="submit" w="fit-content" loading={create.isPending}>
            {t('cash.rules.create')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
