import { createAlertRule, listAlertRules, runAlertCheck } from '../../modules/alerts/index.ts';
import { table, toJson } from '../io.ts';
import { asOfOption } from './as-of-option.ts';
import { readJsonFile } from './json-file.ts';
import type { CommandSpec } from './types.ts';

export const alertsCheck: CommandSpec = {
  name: 'alerts check',
  usage: 'cashloop alerts check [--as-of YYYY-MM-DD] [--json]',
  options: { 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const summary = await runAlertCheck(
      runtime.deps,
      runtime.tenant.tenantId,
      asOfOption(values, runtime.deps.clock),
    );
    if (values.json) {
      io.stdout(toJson(summary));
      return 0;
    }
    io.stdout(
      `${summary.rules} rule(s) and ${summary.goals} goal(s) checked as of ${summary.asOf}: ${summary.events} new event(s), ${summary.notifications} notification(s), ${summary.emails} e-mail(s) queued\n`,
    );
    return 0;
  },
};

function paramsText(params: Record<string, unknown>): string {
  return Object.entries(params)
    .filter(([k]) => k !== 'kind')
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

export const alertsRules: CommandSpec = {
  name: 'alerts rules',
  usage: 'cashloop alerts rules [--json]',
  options: { json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const rules = await listAlertRules(runtime.deps.db, runtime.tenant.tenantId);
    if (values.json) {
      io.stdout(toJson({ rules }));
      return 0;
    }
    io.stdout(
      table(
        ['NAME', 'KIND', 'ON', 'PARAMETERS', 'TELLS'],
        rules.map((r) => [
          r.name,
          r.params.kind,
          r.enabled ? 'yes' : 'no',
          paramsText(r.params),
          [...(r.notifyCollector ? ['collector'] : []), ...r.notifyRoles].join(', '),
        ]),
      ),
    );
    return 0;
  },
};

export const alertsAdd: CommandSpec = {
  name: 'alerts add',
  usage: 'cashloop alerts add FILE [--json]   (FILE: the rule as JSON, as POST /v1/alerts/rules takes it)',
  options: { json: { type: 'boolean' } },
  positionals: ['FILE'],
  async run({ runtime, io, values, positionals }) {
    const rule = await createAlertRule(
      runtime.deps,
      runtime.tenant.tenantId,
      await readJsonFile(positionals[0] ?? ''),
    );
    io.stdout(values.json ? toJson(rule) : `alert rule "${rule.name}" created: ${rule.ruleId}\n`);
    return 0;
  },
};
