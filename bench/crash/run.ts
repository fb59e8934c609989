/**
 * `npm run crash`: the crash test of issue 11. Each kind of work — a large import, a cash
 * application run, a dunning run, a billing run — is started as its own process (the CLI, or the
 * billing run of billing-run.ts) on a copy of a prepared database and killed with SIGKILL at a
 * random moment of its run, as a power cut or the OOM killer would; then:
 *  1. after the kill: the receivables invariants (test/helpers/invariants.ts: balanced entries,
 *     open amounts equal to the journal, …), the books reconciled (AR subledger = control account,
 *     bank accounts), the audit trail's hash chain verified (`cashloop audit verify`), and what the work promises to do all or nothing (an import) is all or nothing;
 *  2. the same work is run again to its end, and the same checks plus what the finished work must
 *     have left: every order invoiced once, every bank line decided, the day's letters each once.
 * Nothing half-written, nothing doubled, and the interrupted work completes when run again.
 *
 * Options: --backend pglite|postgres|all (default all), --only import|cash|dunning|billing|all,
 * --runs N kills per work and back end (default 50), --seed S (default 11). PostgreSQL:
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); databases cl_crash_* are
 * created and dropped. Prints each kill (when, what it found) and a summary; exit code 1 when
 * any check failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Backend, pgliteStore, postgresStore, runScenario } from './harness.ts';
import { crashScenarios } from './scenarios.ts';

async function main() {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'all' },
      only: { type: 'string', default: 'all' },
      runs: { type: 'string', default: '50' },
      seed: { type: 'string', default: '11' },
    },
  });
  const backends: Backend[] = values.backend === 'all' ? ['pglite', 'postgres'] : [values.backend as Backend];
  const scenarios = crashScenarios().filter((s) => values.only === 'all' || s.name === values.only);
  if (scenarios.length === 0) throw new Error(`--only must be import, cash, dunning, billing or all`);
  const runs = Number(values.runs);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `crash test: ${runs} kills per work and back end, seed ${values.seed}; ${cpu} × ${os.cpus().length}, ${os.platform()} ${os.release()}, Node ${process.version}`,
  );
  const root = mkdtempSync(join(os.tmpdir(), 'cashloop-crash-'));
  const summary: string[] = [];
  let failed = 0;
  try {
    for (const backend of backends)
      for (const scenario of scenarios) {
        const store =
          backend === 'pglite'
            ? pgliteStore(root, scenario.name)
            : await postgresStore(
                process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
                scenario.name,
              );
        try {
          const r = await runScenario(backend, store, scenario, runs, Number(values.seed));
          const bad = r.results.filter((k) => k.afterKill.length + k.afterRerun.length > 0).length;
          const finishedFirst = r.results.filter((k) => k.exitedBeforeKill).length;
          failed += bad;
          summary.push(
            `| ${backend} | ${scenario.name} | ${r.results.length} | ${finishedFirst} | ${bad} | ${r.fullMs} ms | ${r.seconds.toFixed(0)} s |`,
          );
        } finally {
          await store.dispose();
        }
      }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log(
    '\n| back end | work | kills | finished before the kill | kills with a problem | uninterrupted run | time |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const line of summary) console.log(line);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
