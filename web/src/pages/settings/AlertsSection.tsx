/**
 * Alert rules (GET/POST /v1/alerts/rules, PUT/DELETE /v1/alerts/rules/{id}; docs/alerts.md): the
 * tenant's rules with their kind, thresholds and recipients in words; create one, edit one (the
 * whole rule is replaced), switch one on or off, delete one after a confirmation. Listed for the
 * roles that may set rules (credit managers and admins); the API decides (403 shown as its problem).
 */
import { Button, Group, Switch, Table, VisuallyHidden } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, data } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { EmptyState, QueryView } from '../../components/states';
import { useFormat } from '../../format/use-format';
import { type Translate, useT } from '../../i18n/i18n';
import { AlertRuleForm } from './AlertRuleForm';
import { type AlertRule, toggledBody } from './alert-rule-draft';
import { SettingsCard } from './SettingsCard';

const RULES_KEY = ['alerts', 'rules'];

/** The rule's thresholds in words ("open 10,000.00 € or more, 15 days or more past due"). */
export function paramsText(
  rule: AlertRule,
  t: Translate,
  money: (amount: string, currency: string) => string,
) {
  const p = rule.params;
  switch (p.kind) {
    case 'invoice_overdue':
      return t('settings.alerts.params.invoice_overdue', {
        amount: money(p.minAmount, p.currency),
        days: p.minDaysLate,
      });
    case 'promise_broken':
      return t('settings.alerts.params.promise_broken');
    case 'unapplied_cash':
      return t('settings.alerts.params.unapplied_cash', { days: p.minDaysOld });
    case 'predicted_lateness_jump':
      return t('settings.alerts.params.predicted_lateness_jump', { days: p.minIncreaseDays });
  }
}

/** Whom the rule tells, in words: the customer's collector and the roles named. */
export function recipientsText(rule: AlertRule, t: Translate): string {
  return [
    ...(rule.notifyCollector ? [t('settings.alerts.collector')] : []),
    ...rule.notifyRoles.map((r) => t(`app.role.${r}`)),
  ].join(', ');
}

export function AlertsSection() {
  const t = useT();
  const rules = useQuery({ queryKey: RULES_KEY, queryFn: () => data(api.GET('/v1/alerts/rules')) });
  const [editing, setEditing] = useState<AlertRule | 'new' | null>(null);
  return (
    <SettingsCard title={t('settings.section.alerts')} hint={t('settings.alerts.hint')}>
      <Group>
        <Button size="xs" onClick={() => setEditing('new')} data-testid="alert-rule-new">
          {t('settings.alerts.new')}
        </Button>
      </Group>
      <QueryView query={rules}>
        {(answer) =>
          answer.items.length === 0 ? (
            <EmptyState hint={t('settings.alerts.empty')} />
          ) : (
            <RuleTable rules={answer.items} onEdit={setEditing} />
          )
        }
      </QueryView>
      {editing !== null && (
        <AlertRuleForm
          rule={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void rules.refetch();
          }}
        />
      )}
    </SettingsCard>
  );
}

function RuleTable({ rules, onEdit }: { rules: AlertRule[]; onEdit: (rule: AlertRule) => void }) {
  const t = useT();
  const qc = useQueryClient();
  const refresh = () => void qc.invalidateQueries({ queryKey: RULES_KEY });
  const toggle = useMutation({
    mutationFn: ({ rule, enabled }: { rule: AlertRule; enabled: boolean }) =>
      data(
        api.PUT('/v1/alerts/rules/{id}', {
          params: { path: { id: rule.id } },
          body: toggledBody(rule, enabled),
        }),
      ),
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: (rule: AlertRule) =>
      data(api.DELETE('/v1/alerts/rules/{id}', { params: { path: { id: rule.id } } })),
    onSettled: refresh,
  });
  return (
    <>
      <ProblemAlert error={toggle.error ?? remove.error} fields={[]} />
      <Table.ScrollContainer
        minWidth={760}
        type="native"
        tabIndex={0}
        role="region"
        aria-label={t('settings.section.alerts')}
      >
        <Table striped data-testid="alert-rules-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('settings.alerts.name')}</Table.Th>
              <Table.Th>{t('settings.alerts.kind')}</Table.Th>
              <Table.Th>{t('settings.alerts.when')}</Table.Th>
              <Table.Th>{t('settings.alerts.recipients')}</Table.Th>
              <Table.Th>{t('settings.alerts.enabled')}</Table.Th>
              {/* Relative: the hidden text's box stays inside the scrolling table, not past the phone's edge. */}
              <Table.Th pos="relative">
                <VisuallyHidden>{t('settings.alerts.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.map((rule) => (
              <RuleRow
                key={rule.id}
                rule={rule}
                busy={
                  (toggle.isPending && toggle.variables.rule.id === rule.id) ||
                  (remove.isPending && remove.variables.id === rule.id)
                }
                onToggle={(enabled) => toggle.mutate({ rule, enabled })}
                onEdit={() => onEdit(rule)}
                onDelete={() => {
                  if (window.confirm(t('settings.alerts.confirmDelete', { name: rule.name })))
                    remove.mutate(rule);
                }}
              />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </>
  );
}

function RuleRow({
  rule,
  busy,
  onToggle,
  onEdit,
  onDelete,
}: {
  rule: AlertRule;
  busy: boolean;
  onToggle: (enabled: boolean) => void;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const t = useT();
  const f = useFormat();
  return (
    <Table.Tr data-rule-name={rule.name}>
      <Table.Td>{rule.name}</Table.Td>
      <Table.Td>{t(`settings.alerts.kind.${rule.params.kind}`)}</Table.Td>
      <Table.Td data-testid="alert-rule-when">{paramsText(rule, t, f.money)}</Table.Td>
      <Table.Td data-testid="alert-rule-recipients">{recipientsText(rule, t)}</Table.Td>
      <Table.Td>
        <Switch
          aria-label={t('settings.alerts.toggle', { name: rule.name })}
          checked={rule.enabled}
          disabled={busy}
          onChange={(e) => onToggle(e.currentTarget.checked)}
        />
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button
            size="compact-xs"
            variant="light"
            onClick={onEdit}
            aria-label={t('settings.alerts.editNamed', { name: rule.name })}
          >
            {t('settings.alerts.edit')}
          </Button>
          <Button
            size="compact-xs"
            variant="light"
            color="red"
            loading={busy}
            onClick={onDelete}
            aria-label={t('settings.alerts.deleteNamed', { name: rule.name })}
          >
            {t('settings.alerts.delete')}
          </Button>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
