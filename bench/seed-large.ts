/**
 * A data directory with 100,000 invoices, for the speed of the web app's lists (test/e2e/large.e2e.ts):
 * the bench's 1,000 customers and open items (bench/data.ts) through the CSV import path, and the
 * demo users (the README's passwords). About a minute on PGlite here.
 *
 *   node --import tsx bench/seed-large.ts <data-dir> [invoices]
 */
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/main.ts';
import { importCustomersCsv } from '../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../src/modules/imports/invoices-import.ts';
import { ensureDemoUsers } from '../src/modules/users/index.ts';
import { todayUtc } from '../src/shared/calendar-date.ts';
import { customersCsv, openItems, openItemsCsv } from './data.ts';

/** Seed `dataDir` (expected empty) with `count` invoices; answers the seconds it took. */
export async function seedLargeDataDir(dataDir: string, count = 100_000): Promise<number> {
  const started = Date.now();
  const runtime = await openRuntime(loadConfig({ dataDir }, {}));
  try {
    const { deps, tenant } = runtime;
    await importCustomersCsv(deps, tenant.tenantId, customersCsv());
    const csv = openItemsCsv(openItems(count, todayUtc(new Date()), 'LG'));
    const result = await importInvoicesCsv(deps, tenant.tenantId, csv);
    if (result.imported !== count) throw new Error(`imported ${result.imported} of ${count} invoices`);
    await ensureDemoUsers(deps, tenant.tenantId);
    await runtime.database.executeSql('vacuum analyze');
  } finally {
    await runtime.close();
  }
  return (Date.now() - started) / 1000;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, count] = process.argv.slice(2);
  if (!dir) throw new Error('usage: bench/seed-large.ts <data-dir> [invoices]');
  const seconds = await seedLargeDataDir(dir, count ? Number(count) : undefined);
  process.stdout.write(`seeded ${dir} in ${seconds.toFixed(1)} s\n`);
}
