/**
 * An alert rule as its form holds it, and the body of POST/PUT /v1/alerts/rules made from it: only
 * the form's shape is decided here (which parameters the kind has, text trimmed, a blank number
 * left out); every rule — amounts and their decimals, day ranges, "a rule must tell someone" — is
 * the API's, which names the field it refuses (`params.minAmount`, `notifyRoles`).
 */
import type { components, operations } from '../../api/schema.d.ts';

export type AlertRule = components['schemas']['AlertRule'];
export type AlertRuleBody = operations['createAlertRule']['requestBody']['content']['application/json'];
export type AlertKind = AlertRule['params']['kind'];
export type AlertRole = NonNullable<AlertRuleBody['notifyRoles']>[number];

/** The kinds in the order the form offers them; a Record so a kind the API adds fails the compile. */
const KIND_ORDER: Record<AlertKind, number> = {
  invoice_overdue: 0,
  promise_broken: 1,
  unapplied_cash: 2,
  predicted_lateness_jump: 3,
};
export const ALERT_KINDS = (Object.keys(KIND_ORDER) as AlertKind[]).sort(
  (a, b) => KIND_ORDER[a] - KIND_ORDER[b],
);
export const ALERT_ROLES: readonly AlertRole[] = [
  'admin',
  'credit_manager',
  'accountant',
  'collector',
  'viewer',
];

/** A number field: what was typed, or '' when blank. */
type DayCount = number | '';

export interface AlertRuleDraft {
  name: string;
  enabled: boolean;
  kind: AlertKind;
  currency: string;
  /** Decimal text in major units of `currency`, e.g. `10000.00`; sent as typed. */
  minAmount: string;
  minDaysLate: DayCount;
  minDaysOld: DayCount;
  minIncreaseDays: DayCount;
  notifyCollector: boolean;
  notifyRoles: AlertRole[];
}

export const EMPTY_DRAFT: AlertRuleDraft = {
  name: '',
  enabled: true,
  kind: 'invoice_overdue',
  currency: '',
  minAmount: '',
  minDaysLate: '',
  minDaysOld: '',
  minIncreaseDays: '',
  notifyCollector: true,
  notifyRoles: [],
};

/** The form of a stored rule (to edit it). */
export function draftOf(rule: AlertRule): AlertRuleDraft {
  const p = rule.params;
  return {
    ...EMPTY_DRAFT,
    name: rule.name,
    enabled: rule.enabled,
    kind: p.kind,
    notifyCollector: rule.notifyCollector,
    notifyRoles: [...rule.notifyRoles],
    ...(p.kind === 'invoice_overdue'
      ? { currency: p.currency, minAmount: p.minAmount, minDaysLate: p.minDaysLate }
      : {}),
    ...(p.kind === 'unapplied_cash' ? { minDaysOld: p.minDaysOld } : {}),
    ...(p.kind === 'predicted_lateness_jump' ? { minIncreaseDays: p.minIncreaseDays } : {}),
  };
}

/** A blank number is left out: the API then names the field as missing. */
function days<K extends string>(key: K, value: DayCount): Record<K, number> {
  return (value === '' ? {} : { [key]: value }) as Record<K, number>;
}

/** A blank text is left out too (trimmed otherwise): the API then says it is required. */
function text<K extends string>(key: K, value: string): Record<K, string> {
  const trimmed = value.trim();
  return (trimmed === '' ? {} : { [key]: trimmed }) as Record<K, string>;
}

function paramsOf(d: AlertRuleDraft): AlertRuleBody['params'] {
  switch (d.kind) {
    case 'invoice_overdue':
      return {
        kind: d.kind,
        ...text('currency', d.currency),
        ...text('minAmount', d.minAmount),
        ...days('minDaysLate', d.minDaysLate),
      };
    case 'promise_broken':
      return { kind: d.kind };
    case 'unapplied_cash':
      return { kind: d.kind, ...days('minDaysOld', d.minDaysOld) };
    case 'predicted_lateness_jump':
      return { kind: d.kind, ...days('minIncreaseDays', d.minIncreaseDays) };
  }
}

/** The whole rule as POST and PUT take it (PUT replaces the rule). */
export function bodyOf(d: AlertRuleDraft): AlertRuleBody {
  return {
    name: d.name.trim(),
    enabled: d.enabled,
    notifyCollector: d.notifyCollector,
    notifyRoles: d.notifyRoles,
    params: paramsOf(d),
  };
}

/** A stored rule with only `enabled` changed, as PUT takes it. */
export function toggledBody(rule: AlertRule, enabled: boolean): AlertRuleBody {
  return { ...bodyOf(draftOf(rule)), enabled };
}

/** The fields of the form, as the API names them in a problem's `errors[].field`. */
export const ALERT_RULE_FIELDS = [
  'name',
  'enabled',
  'notifyCollector',
  'notifyRoles',
  'params',
  'params.kind',
  'params.currency',
  'params.minAmount',
  'params.minDaysLate',
  'params.minDaysOld',
  'params.minIncreaseDays',
] as const;
