/** Runs the CLI in-process against a test back end: a temp data directory, or TEST_DATABASE_URL + a fresh tenant. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryIo } from '../../src/cli/io.ts';
import { runCli } from '../../src/cli/main.ts';
import { openDatabase } from '../../src/db/client.ts';
import { createTenant } from '../../src/modules/tenants/tenants.service.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliSandbox {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;
  run(...args: string[]): Promise<CliResult>;
  /** Run with `stdin` as standard input. */
  runWithStdin(stdin: string, ...args: string[]): Promise<CliResult>;
  file(name: string, content: string): string;
  cleanup(): void;
}

export async function cliSandbox(): Promise<CliSandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'cashloop-cli-'));
  // No web build from a test's `start`: the API tests need no app (the e2e run builds it once).
  const env: NodeJS.ProcessEnv = { CASHLOOP_LOG: 'silent', CASHLOOP_WEB_BUILD: 'off' };
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const database = await openDatabase({ kind: 'postgres', url, poolSize: 2 });
    const tenant = await createTenant(database.db, { name: 'CLI test tenant', baseCurrency: 'EUR' });
    await database.close();
    Object.assign(env, { DATABASE_URL: url, CASHLOOP_TENANT: tenant.tenantId });
  } else {
    env.CASHLOOP_DATA_DIR = join(dir, 'data');
  }
  return {
    dir,
    env,
    run: (...args) => runIn(env, '', args),
    runWithStdin: (stdin, ...args) => runIn(env, stdin, args),
    file(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function runIn(env: NodeJS.ProcessEnv, stdin: string, args: string[]): Promise<CliResult> {
  const io = memoryIo(env, stdin);
  const code = await runCli(args, io);
  return { code, stdout: io.out.join(''), stderr: io.err.join('') };
}
