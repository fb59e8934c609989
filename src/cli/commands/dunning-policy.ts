/** `cashloop dunning policy presets` and `cashloop dunning policy add-preset KEY`: ready-made policies. */
import { addPresetPolicy, POLICY_PRESETS, policyJson } from '../../modules/dunning/index.ts';
import { table, toJson } from '../io.ts';
import { type CommandSpec, stringOption } from './types.ts';

export const dunningPolicyPresets: CommandSpec = {
  name: 'dunning policy presets',
  usage: 'cashloop dunning policy presets [--json]',
  options: { json: { type: 'boolean' } },
  positionals: [],
  async run({ io, values }) {
    if (values.json) {
      io.stdout(
        toJson(POLICY_PRESETS.map((p) => ({ key: p.key, description: p.description, policy: p.policy }))),
      );
      return 0;
    }
    io.stdout(
      table(
        ['KEY', 'DESCRIPTION'],
        POLICY_PRESETS.map((p) => [p.key, p.description]),
      ),
    );
    io.stdout('Add one with: cashloop dunning policy add-preset KEY\n');
    return 0;
  },
};

export const dunningPolicyAddPreset: CommandSpec = {
  name: 'dunning policy add-preset',
  usage: 'cashloop dunning policy add-preset KEY [--name NAME] [--default] [--json]',
  options: { name: { type: 'string' }, default: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: ['KEY'],
  async run({ runtime, io, values, positionals }) {
    const policy = await addPresetPolicy(runtime.deps, runtime.tenant.tenantId, positionals[0] ?? '', {
      name: stringOption(values, 'name'),
      isDefault: values.default === true ? true : undefined,
    });
    if (values.json) {
      io.stdout(toJson(policyJson(policy)));
      return 0;
    }
    const levels = policy.levels.map((l) => `${l.offsetDays > 0 ? '+' : ''}${l.offsetDays} ${l.templateKey}`);
    io.stdout(
      `Added dunning policy "${policy.name}"${policy.isDefault ? ' (the default)' : ''}: ${levels.join(', ')}.\n`,
    );
    return 0;
  },
};
