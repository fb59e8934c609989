import {
  type CreateApiKeyInput,
  createScopedApiKey,
  GRANTED_LEVELS,
  ROLES,
  roleSchema,
} from '../../modules/apikeys/index.ts';
import { validationFailed } from '../../shared/errors.ts';
import { toJson } from '../io.ts';
import { expiryOption } from './expiry-option.ts';
import { type CommandSpec, stringOption } from './types.ts';

export const apikeyCreate: CommandSpec = {
  name: 'apikey create',
  usage: `cashloop apikey create --role ${ROLES.join('|')} [--scope ${GRANTED_LEVELS.join('|')}] [--expires 90d|YYYY-MM-DD|ISO] [--label TEXT] [--json]`,
  options: {
    role: { type: 'string' },
    scope: { type: 'string' },
    expires: { type: 'string' },
    label: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [],
  async run({ runtime, io, values }) {
    const role = roleSchema.safeParse(stringOption(values, 'role'));
    if (!role.success)
      throw validationFailed(`--role must be one of ${ROLES.join(', ')}`, [
        { field: 'role', message: 'required' },
      ]);
    const now = runtime.deps.clock.now();
    const label = stringOption(values, 'label');
    const scope = stringOption(values, 'scope');
    const expires = stringOption(values, 'expires');
    const input = {
      role: role.data,
      ...(label !== undefined ? { label } : {}),
      ...(scope !== undefined ? { scope } : {}),
      ...(expires !== undefined ? { expiresAt: expiryOption(expires, now) } : {}),
    } as CreateApiKeyInput;
    const created = await createScopedApiKey(runtime.deps.db, runtime.tenant.tenantId, input, now);
    const expiresAt = created.expiresAt?.toISOString() ?? null;
    if (values.json) {
      io.stdout(
        toJson({
          keyId: created.keyId,
          role: created.role,
          scope: created.scope,
          expiresAt,
          key: created.key,
        }),
      );
      return 0;
    }
    io.stdout(`${created.key}\n`);
    const limits = [
      created.scope ? `scope ${created.scope}` : null,
      expiresAt ? `expires ${expiresAt}` : null,
    ]
      .filter(Boolean)
      .join(', ');
    io.stderr(
      `API key ${created.prefix} (${created.role}${limits ? `; ${limits}` : ''}) created. It is shown only now: store it safely.\n`,
    );
    return 0;
  },
};
