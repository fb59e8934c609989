import { rotateSecrets } from '../../modules/messaging/index.ts';
import { toJson } from '../io.ts';
import type { CommandSpec } from './types.ts';

/** Re-seal every stored secret (all tenants) with CASHLOOP_SECRET_KEY; docs/security.md. */
export const secretsRotate: CommandSpec = {
  name: 'secrets rotate',
  usage: 'cashloop secrets rotate [--json]',
  options: { json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const result = await rotateSecrets(runtime.deps.db, runtime.config.secrets);
    if (values.json) {
      io.stdout(toJson(result));
      return 0;
    }
    io.stdout(
      `${result.resealed} secret(s) re-encrypted with key ${result.keyId}, ${result.alreadyCurrent} already were\n`,
    );
    return 0;
  },
};
