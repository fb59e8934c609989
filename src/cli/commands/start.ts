import { buildApp } from '../../http/app.ts';
import { startServer } from '../../http/server.ts';
import { tenantHasData } from '../../modules/tenants/tenant-reset.ts';
import { loadDemo } from './demo.ts';
import type { CommandSpec } from './types.ts';

export const start: CommandSpec = {
  name: 'start',
  usage: 'cashloop start [--port N] [--host H] [--demo-if-empty]',
  options: { port: { type: 'string' }, host: { type: 'string' }, 'demo-if-empty': { type: 'boolean' } },
  positionals: [],
  keepsRunning: true,
  async run({ runtime, io, values }) {
    try {
      if (values['demo-if-empty'] && !(await tenantHasData(runtime.deps.db, runtime.tenant.tenantId))) {
        io.stderr('Empty installation: loading the demo company (once).\n');
        await loadDemo(runtime, io);
      }
      const app = await buildApp({ ...runtime.deps, logger: runtime.config.log !== 'silent' });
      const address = await startServer(app, { port: runtime.config.port, host: runtime.config.host });
      io.stderr(
        `cashloop serving ${address} on ${runtime.database.kind} (${runtime.database.location}); OpenAPI at ${address}/openapi.json, docs at ${address}/docs\n`,
      );
      const stop = async () => {
        await app.close();
        await runtime.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
      return 0;
    } catch (error) {
      await runtime.close();
      throw error;
    }
  },
};
