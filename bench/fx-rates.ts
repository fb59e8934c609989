/**
 * Exchange rates at the ECB's full-history size: import of a generated `eurofxref-hist.csv`
 * (default 27 years of business days × 30 currencies ≈ 210,000 rates), the same file again (all
 * unchanged), and the rate in force — direct (EUR tenant) and crossed through the euro (CHF
 * tenant) — on days spread over the history, as a foreign-currency document or bank line asks it.
 *
 *   node --import tsx bench/fx-rates.ts [years] [pglite|postgres]
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); a fresh
 * database is created for the run and dropped after it.
 */
import os from 'node:os';
import pg from 'pg';
import { openDatabase } from '../src/db/client.ts';
import { importRates, rateInForce } from '../src/modules/fx/index.ts';
import { createTenant } from '../src/modules/tenants/tenants.service.ts';
import { addDays } from '../src/shared/calendar-date.ts';
import { seededRandom } from './data.ts';

const CURRENCIES =
  'USD JPY BGN CZK DKK GBP HUF PLN RON SEK CHF ISK NOK TRY AUD BRL CAD CNY HKD IDR ILS INR KRW MXN MYR NZD PHP SGD THB ZAR'.split(
    ' ',
  );

/** The ECB's CSV shape: `Date,USD,…` then a row per business day, newest first, `N/A` now and then. */
function historyCsv(years: number): { csv: string; days: string[] } {
  const random = seededRandom(7);
  const days: string[] = [];
  for (let d = '2026-12-04'; days.length < years * 255; d = addDays(d, -1)) {
    const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(d);
  }
  const rows = days.map((d) => {
    const rates = CURRENCIES.map((_, i) => (random() < 0.01 ? 'N/A' : (1 + i + random()).toFixed(4)));
    return `${d},${rates.join(',')},`;
  });
  return { csv: `Date,${CURRENCIES.join(',')},\n${rows.join('\n')}\n`, days };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await fn();
  return [result, performance.now() - started];
}

async function run(years: number, backend: 'pglite' | 'postgres'): Promise<void> {
  const admin = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `cashloop_bench_fx_${process.pid}`;
  const url = new URL(admin);
  if (backend === 'postgres') {
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    url.pathname = `/${name}`;
  }
  const database =
    backend === 'postgres'
      ? await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 2 })
      : await openDatabase({ kind: 'pglite', dataDir: null });
  try {
    const eur = await createTenant(database.db, { name: 'EUR tenant', baseCurrency: 'EUR', country: 'DE' });
    const chf = await createTenant(database.db, { name: 'CHF tenant', baseCurrency: 'CHF', country: 'CH' });
    const { csv, days } = historyCsv(years);
    const [first, importMs] = await timed(() => importRates(database.db, eur.tenantId, csv));
    const [again, againMs] = await timed(() => importRates(database.db, eur.tenantId, csv));
    await importRates(database.db, chf.tenantId, csv);
    console.log(
      `${backend}: ${first.quotes} rates (${days.length} days): import ${(importMs / 1000).toFixed(2)} s (${first.inserted} new), again ${(againMs / 1000).toFixed(2)} s (${again.unchanged} unchanged)`,
    );
    for (const [label, tenantId, base] of [
      ['direct, EUR tenant', eur.tenantId, 'EUR'],
      ['through EUR, CHF tenant', chf.tenantId, 'CHF'],
    ] as const) {
      const asks = 500;
      const [, ms] = await timed(async () => {
        for (let i = 0; i < asks; i++)
          await rateInForce(database.db, tenantId, 'USD', base, days[(i * 37) % days.length] ?? '2026-12-04');
      });
      console.log(
        `  rate in force (${label}): ${(ms / asks).toFixed(2)} ms per ask (${asks} days over the history)`,
      );
    }
  } finally {
    await database.close();
    if (backend === 'postgres') {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    }
  }
}

const years = Number(process.argv[2] ?? 27);
const backend = (process.argv[3] ?? 'pglite') as 'pglite' | 'postgres';
console.log(
  `fx rates bench on ${os.cpus()[0]?.model} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}, load ${os.loadavg()[0]?.toFixed(1)}`,
);
await run(years, backend);
