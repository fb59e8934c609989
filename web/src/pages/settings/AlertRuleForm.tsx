/**
 * Create or edit an alert rule, in a dialog: name, kind, the kind's thresholds (an amount as a
 * decimal in the rule's currency, sent as the decimal string the API takes), whom to tell, on or
 * off. The API checks it all and names the field it refuses, shown next to that field.
 */
import {
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TextInput,
} from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, data } from '../../api/client';
import { fieldError, ProblemAlert } from '../../components/ProblemAlert';
import { useT } from '../../i18n/i18n';
import {
  ALERT_KINDS,
  ALERT_ROLES,
  ALERT_RULE_FIELDS,
  type AlertKind,
  type AlertRole,
  type AlertRule,
  type AlertRuleDraft,
  bodyOf,
  draftOf,
  EMPTY_DRAFT,
} from './alert-rule-draft';

export function AlertRuleForm({
  rule,
  onClose,
  onSaved,
}: {
  /** The rule to edit, or null for a new one. */
  rule: AlertRule | null;
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const [draft, setDraft] = useState<AlertRuleDraft>(rule ? draftOf(rule) : EMPTY_DRAFT);
  const set = (patch: Partial<AlertRuleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const save = useMutation({
    mutationFn: () =>
      rule
        ? data(api.PUT('/v1/alerts/rules/{id}', { params: { path: { id: rule.id } }, body: bodyOf(draft) }))
        : data(api.POST('/v1/alerts/rules', { body: bodyOf(draft) })),
    onSuccess: onSaved,
  });
  const error = (field: (typeof ALERT_RULE_FIELDS)[number]) => fieldError(save.error, field);
  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }
  return (
    <Modal
      closeButtonProps={{ 'aria-label': t('app.close') }}
      opened
      onClose={onClose}
      size="lg"
      title={rule ? t('settings.alerts.editTitle', { name: rule.name }) : t('settings.alerts.new')}
    >
      <form onSubmit={submit} noValidate data-testid="alert-rule-form">
        <Stack gap="sm">
          <ProblemAlert error={save.error} fields={ALERT_RULE_FIELDS} />
          <TextInput
            label={t('settings.alerts.name')}
            required
            data-autofocus
            value={draft.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            error={error('name')}
          />
          <Select
            label={t('settings.alerts.kind')}
            data={ALERT_KINDS.map((k) => ({ value: k, label: t(`settings.alerts.kind.${k}`) }))}
            value={draft.kind}
            allowDeselect={false}
            onChange={(v) => v && set({ kind: v as AlertKind })}
            error={error('params.kind') ?? error('params')}
          />
          <KindFields draft={draft} set={set} error={error} />
          <Checkbox
            label={t('settings.alerts.notifyCollector')}
            checked={draft.notifyCollector}
            onChange={(e) => set({ notifyCollector: e.currentTarget.checked })}
            error={error('notifyCollector')}
          />
          <MultiSelect
            label={t('settings.alerts.notifyRoles')}
            description={t('settings.alerts.notifyRolesHint')}
            data={ALERT_ROLES.map((r) => ({ value: r, label: t(`app.role.${r}`) }))}
            value={draft.notifyRoles}
            onChange={(v) => set({ notifyRoles: v as AlertRole[] })}
            error={error('notifyRoles')}
            data-testid="alert-rule-roles"
          />
          <Switch
            label={t('settings.alerts.enabled')}
            checked={draft.enabled}
            onChange={(e) => set({ enabled: e.currentTarget.checked })}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('settings.alerts.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('settings.alerts.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

type FieldError = (field: (typeof ALERT_RULE_FIELDS)[number]) => string | undefined;

/** A whole number of days; blank stays blank (the API names it missing). */
function DaysInput({
  label,
  value,
  onChange,
  error,
}: {
  label: string;
  value: number | '';
  onChange: (v: number | '') => void;
  error: string | undefined;
}) {
  return (
    <NumberInput
      label={label}
      required
      allowDecimal={false}
      allowNegative={false}
      value={value}
      onChange={(v) => onChange(typeof v === 'number' ? v : '')}
      error={error}
    />
  );
}

function KindFields({
  draft,
  set,
  error,
}: {
  draft: AlertRuleDraft;
  set: (patch: Partial<AlertRuleDraft>) => void;
  error: FieldError;
}) {
  const t = useT();
  if (draft.kind === 'invoice_overdue')
    return (
      <>
        {/* Two columns at most: a German label ("Offener Betrag ab, in der Währung") wraps in three. */}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('settings.alerts.currency')}
            required
            maxLength={3}
            description={t('settings.alerts.currencyHint')}
            value={draft.currency}
            onChange={(e) => set({ currency: e.currentTarget.value })}
            error={error('params.currency')}
          />
          <TextInput
            label={t('settings.alerts.minAmount')}
            required
            inputMode="decimal"
            description={t('settings.alerts.minAmountHint')}
            value={draft.minAmount}
            onChange={(e) => set({ minAmount: e.currentTarget.value })}
            error={error('params.minAmount')}
          />
        </SimpleGrid>
        <DaysInput
          label={t('settings.alerts.minDaysLate')}
          value={draft.minDaysLate}
          onChange={(v) => set({ minDaysLate: v })}
          error={error('params.minDaysLate')}
        />
      </>
    );
  if (draft.kind === 'unapplied_cash')
    return (
      <DaysInput
        label={t('settings.alerts.minDaysOld')}
        value={draft.minDaysOld}
        onChange={(v) => set({ minDaysOld: v })}
        error={error('params.minDaysOld')}
      />
    );
  if (draft.kind === 'predicted_lateness_jump')
    return (
      <DaysInput
        label={t('settings.alerts.minIncreaseDays')}
        value={draft.minIncreaseDays}
        onChange={(v) => set({ minIncreaseDays: v })}
        error={error('params.minIncreaseDays')}
      />
    );
  return null;
}
