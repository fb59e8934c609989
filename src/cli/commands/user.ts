/**
 * `cashloop user create|list|reset-password`: people who sign in to the web app. A generated
 * password is printed once (stdout, so it can be piped); with `--password-stdin` the password is
 * read from standard input and never appears in the shell's history or the process list.
 */
import { ROLES, roleSchema } from '../../modules/apikeys/index.ts';
import {
  createUser,
  getUserByEmailOrThrow,
  listUsers,
  resetPassword,
  type User,
} from '../../modules/users/index.ts';
import { validationFailed } from '../../shared/errors.ts';
import { table, toJson } from '../io.ts';
import { type CommandSpec, stringOption } from './types.ts';

function requiredEmail(values: Record<string, string | boolean | undefined>): string {
  const email = stringOption(values, 'email');
  if (!email) throw validationFailed('--email is required', [{ field: 'email', message: 'required' }]);
  return email;
}

function userView(u: User) {
  return {
    userId: u.userId,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    mustChangePassword: u.mustChangePassword,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
  };
}

export const userCreate: CommandSpec = {
  name: 'user create',
  usage: `cashloop user create --email ADDRESS --role ${ROLES.join('|')} [--name TEXT] [--password-stdin] [--json]`,
  options: {
    email: { type: 'string' },
    role: { type: 'string' },
    name: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: [],
  async run({ runtime, io, values }) {
    const email = requiredEmail(values);
    const role = roleSchema.safeParse(stringOption(values, 'role'));
    if (!role.success)
      throw validationFailed(`--role must be one of ${ROLES.join(', ')}`, [
        { field: 'role', message: 'required' },
      ]);
    const password = values['password-stdin'] ? (await io.readStdin()).replace(/\r?\n$/, '') : undefined;
    const name = stringOption(values, 'name');
    const created = await createUser(runtime.deps, runtime.tenant.tenantId, {
      email,
      role: role.data,
      ...(name !== undefined ? { name } : {}),
      ...(password !== undefined ? { password } : {}),
    });
    if (values.json) {
      io.stdout(toJson({ ...userView(created.user), password: created.password }));
      return 0;
    }
    if (created.password) io.stdout(`${created.password}\n`);
    io.stderr(
      `User ${created.user.email} (${created.user.role}) created.${created.password ? ' The password above is shown only now; it must be changed at first sign-in.' : ''}\n`,
    );
    return 0;
  },
};

export const userList: CommandSpec = {
  name: 'user list',
  usage: 'cashloop user list [--json]',
  options: { json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const users = await listUsers(runtime.deps.db, runtime.tenant.tenantId);
    if (values.json) {
      io.stdout(toJson(users.map(userView)));
      return 0;
    }
    const state = (u: User) =>
      u.disabled
        ? 'disabled'
        : u.lockedUntil && u.lockedUntil > runtime.deps.clock.now()
          ? 'locked'
          : 'active';
    io.stdout(
      table(
        ['EMAIL', 'NAME', 'ROLE', 'STATE'],
        users.map((u) => [u.email, u.name, u.role, state(u)]),
      ),
    );
    return 0;
  },
};

export const userResetPassword: CommandSpec = {
  name: 'user reset-password',
  usage: 'cashloop user reset-password --email ADDRESS [--json]',
  options: { email: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const user = await getUserByEmailOrThrow(runtime.deps.db, runtime.tenant.tenantId, requiredEmail(values));
    const reset = await resetPassword(runtime.deps, runtime.tenant.tenantId, user.userId);
    if (values.json) {
      io.stdout(toJson({ userId: user.userId, email: user.email, password: reset.password }));
      return 0;
    }
    io.stdout(`${reset.password}\n`);
    io.stderr(
      `New password for ${user.email}, shown only now; their sessions have ended and they must change it at sign-in.\n`,
    );
    return 0;
  },
};
