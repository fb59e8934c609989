/** `cashloop user create|list|reset-password`: passwords generated and printed once, or read from stdin. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/main.ts';
import { DEFAULT_SESSION_POLICY, signIn } from '../../src/modules/users/index.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

describe(`user commands on ${backendName}`, () => {
  let box: CliSandbox;
  before(async () => {
    box = await cliSandbox();
  });
  after(() => box.cleanup());

  /** Whether `password` signs `email` in (through the same service the API uses). */
  async function signsIn(email: string, password: string): Promise<boolean> {
    const runtime = await openRuntime(loadConfig({}, box.env));
    try {
      const deps = { ...runtime.deps, sessionPolicy: DEFAULT_SESSION_POLICY };
      await signIn(
        deps,
        { email, password, tenantId: runtime.tenant.tenantId },
        { ip: null, userAgent: 'test' },
      );
      return true;
    } catch {
      return false;
    } finally {
      await runtime.close();
    }
  }

  test('create without a password prints a generated one once, which must be changed', async () => {
    const created = await box.run(
      'user',
      'create',
      '--email',
      'Clara@Example.com',
      '--role',
      'collector',
      '--name',
      'Clara',
    );
    assert.equal(created.code, 0, created.stderr);
    const password = created.stdout.trim();
    assert.match(password, /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    assert.match(
      created.stderr,
      /Clara@Example\.com \(collector\) created\. The password above is shown only now/,
    );
    assert.equal(await signsIn('clara@example.com', password), true);
    const listed = await box.run('user', 'list', '--json');
    const clara = JSON.parse(listed.stdout).find((u: { email: string }) => u.email === 'Clara@Example.com');
    assert.equal(clara.role, 'collector');
    assert.equal(clara.name, 'Clara');
    assert.equal(clara.mustChangePassword, true);
  });

  test('create --password-stdin takes the password from standard input and prints none', async () => {
    const created = await box.runWithStdin(
      'chosen-secret-42\n',
      'user',
      'create',
      '--email',
      'dora@example.com',
      '--role',
      'viewer',
      '--password-stdin',
    );
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout, '');
    assert.equal(await signsIn('dora@example.com', 'chosen-secret-42'), true);
    const text = await box.run('user', 'list');
    assert.match(text.stdout, /dora@example\.com\s+dora\s+viewer\s+active/);
  });

  test('refuses a bad role, a short password and a duplicate e-mail (in another case) with exit codes', async () => {
    const role = await box.run('user', 'create', '--email', 'x@example.com', '--role', 'boss');
    assert.equal(role.code, 3);
    assert.match(role.stderr, /--role must be one of admin, credit_manager, accountant, collector, viewer/);
    const short = await box.runWithStdin(
      'short\n',
      'user',
      'create',
      '--email',
      'x@example.com',
      '--role',
      'viewer',
      '--password-stdin',
    );
    assert.equal(short.code, 3);
    assert.match(short.stderr, /at least 10 characters/);
    const dup = await box.runWithStdin(
      'another-secret\n',
      'user',
      'create',
      '--email',
      'DORA@example.com',
      '--role',
      'viewer',
      '--password-stdin',
    );
    assert.equal(dup.code, 5);
    assert.match(dup.stderr, /^error: .*email already exists\n/);
  });

  test('reset-password prints a new password once; the old one stops working', async () => {
    const reset = await box.run('user', 'reset-password', '--email', 'dora@example.com');
    assert.equal(reset.code, 0, reset.stderr);
    const fresh = reset.stdout.trim();
    assert.match(fresh, /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/);
    assert.equal(await signsIn('dora@example.com', 'chosen-secret-42'), false);
    assert.equal(await signsIn('dora@example.com', fresh), true);
    const unknown = await box.run('user', 'reset-password', '--email', 'nobody@example.com');
    assert.equal(unknown.code, 4);
  });
});
