import type { Runtime } from '../../main.ts';
import { paymentFactSources } from '../../modules/collections/index.ts';
import { tenantHasCustomers } from '../../modules/customers/index.ts';
import { loadDemoData, resetTenantData } from '../../modules/demo/index.ts';
import { trainPaymentModelOfTenant } from '../../modules/predictions/index.ts';
import { DEMO_USERS } from '../../modules/users/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { AppError } from '../../shared/errors.ts';
import { type CliIo, toJson } from '../io.ts';
import type { CommandSpec } from './types.ts';

/** Progress of the demo load: each step in words, with `done` of `total` events while they play. */
export type DemoProgress = (step: string, done: number, total: number) => void;

/**
 * Load the demo company into the runtime's tenant, reporting steps on stderr (every tenth of the
 * events) and each step to `onProgress` (every fiftieth), then train its payment model (as the
 * weekly job would: the demo's predictions come from a model from the start, about 2 s).
 */
export async function loadDemo(runtime: Runtime, io: CliIo, onProgress?: DemoProgress) {
  const started = Date.now();
  const today = todayUtc(runtime.deps.clock.now());
  let printedTenth = -1;
  const summary = await loadDemoData(runtime.deps, runtime.tenant.tenantId, {
    today,
    onProgress: (step, done = 0, total = 0) => {
      onProgress?.(step, done, total);
      const tenth = total > 0 ? Math.floor((10 * done) / total) : -1;
      if (total > 0 && tenth === printedTenth) return;
      printedTenth = tenth;
      io.stderr(`demo: ${step}\n`);
    },
  });
  onProgress?.('payment model', 0, 0);
  const model = await trainPaymentModelOfTenant(
    runtime.deps,
    runtime.tenant.tenantId,
    today,
    paymentFactSources,
  );
  io.stderr(`demo: payment model ${model.status} (${model.paidInvoices} paid invoices)\n`);
  io.stderr(`demo: loaded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return summary;
}

/** The demo users and their passwords (README lists them too). */
export function printDemoUsers(io: CliIo): void {
  io.stderr('Demo users (sign in at the web app; passwords as in the README):\n');
  for (const u of DEMO_USERS) io.stderr(`  ${u.email.padEnd(32)} ${u.password.padEnd(16)} ${u.role}\n`);
}

export const demo: CommandSpec = {
  name: 'demo',
  usage: 'cashloop demo [--reset] [--json]',
  options: { reset: { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    if (await tenantHasCustomers(runtime.deps.db, runtime.tenant.tenantId)) {
      if (!values.reset)
        throw new AppError(
          'conflict',
          'this installation already has data; `cashloop demo --reset` deletes it and loads the demo company',
        );
      await resetTenantData(runtime.deps.db, runtime.tenant.tenantId);
      io.stderr('demo: existing data deleted\n');
    }
    const summary = await loadDemo(runtime, io);
    printDemoUsers(io);
    io.stdout(
      values.json
        ? toJson(summary)
        : `Demo company loaded: ${JSON.stringify(summary, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`,
    );
    return 0;
  },
};
