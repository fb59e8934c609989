import { buildApp } from '../../http/app.ts';
import { Readiness } from '../../http/readiness.ts';
import { startServer } from '../../http/server.ts';
import { WebBuild } from '../../http/web-build.ts';
import { describeScheduler, startProcessScheduler } from '../../jobs/processes.ts';
import type { Scheduler } from '../../jobs/scheduler.ts';
import type { Runtime } from '../../main.ts';
import { createApiKey, listApiKeys } from '../../modules/apikeys/index.ts';
import { tenantHasCustomers } from '../../modules/customers/index.ts';
import { createUser, tenantHasUsers } from '../../modules/users/index.ts';
import type { CliIo } from '../io.ts';
import { loadDemo, printDemoUsers } from './demo.ts';
import { stopOnSignals } from './process-signals.ts';
import type { CommandSpec } from './types.ts';

/**
 * A new installation has no API key, and on the embedded database no second process can create
 * one while the server runs: the first start creates an admin key and prints it once.
 */
async function ensureFirstApiKey(runtime: Runtime): Promise<string | null> {
  const keys = await listApiKeys(runtime.deps.db, runtime.tenant.tenantId);
  if (keys.length > 0) return null;
  return (await createApiKey(runtime.deps.db, runtime.tenant.tenantId, 'admin', 'created at first start'))
    .key;
}

/**
 * Likewise for people: an installation without users gets an admin user with a generated
 * password, printed once (the demo company brings its own users instead).
 */
async function ensureFirstUser(runtime: Runtime): Promise<{ email: string; password: string } | null> {
  if (await tenantHasUsers(runtime.deps.db, runtime.tenant.tenantId)) return null;
  const created = await createUser(runtime.deps, runtime.tenant.tenantId, {
    email: runtime.config.firstAdminEmail,
    name: 'Administrator',
    role: 'admin',
  });
  return created.password ? { email: created.user.email, password: created.password } : null;
}

export const start: CommandSpec = {
  name: 'start',
  usage: 'cashloop start [--port N] [--host H] [--demo-if-empty]',
  options: { port: { type: 'string' }, host: { type: 'string' }, 'demo-if-empty': { type: 'boolean' } },
  positionals: [],
  keepsRunning: true,
  async run({ runtime, io, values }) {
    let scheduler: Scheduler | null = null;
    try {
      const readiness = new Readiness('starting');
      const web = new WebBuild();
      const jobs = await startProcessScheduler(runtime, 'server', { log: io.stderr });
      scheduler = jobs;
      const app = await buildApp({
        ...runtime.deps,
        jobs,
        scheduler: jobs,
        readiness,
        web,
        sessionPolicy: runtime.config.sessions,
        http: { trustProxy: runtime.config.http.trustProxy, rateLimits: runtime.config.http.rateLimits },
        logger: runtime.config.log !== 'silent',
      });
      // Shutdown order: no new requests (in-flight ones finish), then no new jobs (running ones
      // finish), then pg-boss's last statements, then the database.
      stopOnSignals(io, [
        async () => web.stop(),
        () => app.close(),
        () => jobs.stop(),
        () => runtime.close(),
      ]);
      // Listening comes first: a browser pointed at a first start sees its progress, not nothing.
      const address = await startServer(app, { port: runtime.config.port, host: runtime.config.host });
      web.start(runtime.config.webBuild, (line) => io.stderr(`${line}\n`));
      io.stderr(
        `cashloop serving ${address} on ${runtime.database.kind} (${runtime.database.location}); the app at ${address}/, OpenAPI at ${address}/openapi.json, docs at ${address}/docs\n`,
      );
      await prepareInstallation(runtime, io, readiness, values['demo-if-empty'] === true);
      readiness.ready();
      io.stderr(`${describeScheduler(runtime, 'server')}\n`);
      io.stderr(`cashloop ready at ${address}\n`);
      return 0;
    } catch (error) {
      await scheduler?.stop();
      await runtime.close();
      throw error;
    }
  },
};

/** The demo company on an empty installation (when asked), the first user, and the first API key. */
async function prepareInstallation(
  runtime: Runtime,
  io: CliIo,
  readiness: Readiness,
  demoIfEmpty: boolean,
): Promise<void> {
  if (demoIfEmpty && !(await tenantHasCustomers(runtime.deps.db, runtime.tenant.tenantId))) {
    io.stderr('Empty installation: loading the demo company (once).\n');
    readiness.report('loading_demo', 'starting');
    await loadDemo(runtime, io, (step, done, total) => readiness.report('loading_demo', step, done, total));
    printDemoUsers(io);
  }
  const firstUser = await ensureFirstUser(runtime);
  if (firstUser)
    io.stderr(
      `No user existed: created admin user ${firstUser.email} with password ${firstUser.password} — shown only now; change it at first sign-in (or: cashloop user reset-password --email ${firstUser.email}).\n`,
    );
  const firstKey = await ensureFirstApiKey(runtime);
  if (firstKey)
    io.stderr(
      `No API key existed: created admin key ${firstKey} — shown only now; use it as "Authorization: Bearer <key>".\n`,
    );
}
