import { createApiKey, ROLES, roleSchema } from '../../modules/apikeys/index.ts';
import { validationFailed } from '../../shared/errors.ts';
import { toJson } from '../io.ts';
import { type CommandSpec, stringOption } from './types.ts';

export const apikeyCreate: CommandSpec = {
  name: 'apikey create',
  usage: `cashloop apikey create --role ${ROLES.join('|')} [--label TEXT] [--json]`,
  options: { role: { type: 'string' }, label: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const role = roleSchema.safeParse(stringOption(values, 'role'));
    if (!role.success)
      throw validationFailed(`--role must be one of ${ROLES.join(', ')}`, [
        { field: 'role', message: 'required' },
      ]);
    const created = await createApiKey(
      runtime.deps.db,
      runtime.tenant.tenantId,
      role.data,
      stringOption(values, 'label'),
    );
    if (values.json) {
      io.stdout(toJson({ keyId: created.keyId, role: created.role, key: created.key }));
      return 0;
    }
    io.stdout(`${created.key}\n`);
    io.stderr(
      `API key ${created.prefix} (${created.role}) created. It is shown only now: store it safely.\n`,
    );
    return 0;
  },
};
