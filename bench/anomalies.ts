/**
 * Anomaly scan speed: `N` invoices of the bench's 1,000 customers (bench/data.ts), all issued in
 * the last 30 days (a month's activity), imported through the CSV path, then `runAnomalyScan` timed
 * twice (the first run stores what it finds; the second finds the same and stores nothing). The
 * imported items carry no receipts and no per-invoice audit records, so it measures the invoice
 * detectors' queries (duplicate pairs above all) and the empty passes of the others.
 *
 *   node --import tsx bench/anomalies.ts [invoices=100000] [--postgres URL-of-an-empty-database]
 */
import { openDatabase } from '../src/db/client.ts';
import { coreDeps } from '../src/modules/core-deps.ts';
import { runAnomalyScan } from '../src/modules/findings/index.ts';
import { importCustomersCsv } from '../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../src/modules/imports/invoices-import.ts';
import { createTenant } from '../src/modules/tenants/tenants.service.ts';
import { addDays, todayUtc } from '../src/shared/calendar-date.ts';
import { systemClock } from '../src/shared/clock.ts';
import { customersCsv, openItems, openItemsCsv } from './data.ts';

/** `count` items of bench/data.ts moved into the last 30 days, round robin over the days. */
export function monthOfItems(count: number, today: string) {
  return openItems(count, today, 'AN').map((it, i) => {
    const issueDate = addDays(today, -(i % 30));
    return { ...it, issueDate, dueDate: addDays(issueDate, 30) };
  });
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
  const url = args[args.indexOf('--postgres') + 1];
  const database =
    args.includes('--postgres') && url
      ? await openDatabase({ kind: 'postgres', url, poolSize: 2 })
      : await openDatabase({ kind: 'pglite', dataDir: null });
  try {
    const deps = coreDeps(database.db, systemClock);
    const tenant = await createTenant(deps.db, { name: 'Anomaly bench', baseCurrency: 'EUR', country: 'DE' });
    await importCustomersCsv(deps, tenant.tenantId, customersCsv());
    let t = Date.now();
    const csv = openItemsCsv(monthOfItems(count, todayUtc(new Date())));
    const imported = await importInvoicesCsv(deps, tenant.tenantId, csv);
    process.stdout.write(
      `${database.kind}: imported ${imported.imported} invoices in ${((Date.now() - t) / 1000).toFixed(1)} s\n`,
    );
    await database.executeSql('analyze');
    for (const run of ['first', 'second']) {
      t = Date.now();
      const s = await runAnomalyScan(deps, tenant.tenantId);
      const found = s.kinds.filter((k) => k.found > 0).map((k) => `${k.kind} ${k.found} (${k.created} new)`);
      process.stdout.write(
        `${run} scan: ${((Date.now() - t) / 1000).toFixed(2)} s — ${found.join(', ') || 'nothing'}\n`,
      );
    }
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
