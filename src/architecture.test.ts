/**
 * The architecture, enforced (docs/architecture.md explains it; STYLE.md §15):
 * - the domain modules under `src/modules/` know nothing of their transports or of the process;
 * - a module is used through its door, `src/modules/<m>/index.ts`, and nothing else of it; the door
 *   hands out no tables, repositories or queries;
 * - a table is named in SQL only by the module that owns it (declares its `pgTable`); the adapters
 *   (`src/http`, `src/cli`, `src/jobs`, `src/main.ts`) run no SQL on module tables at all;
 * - the modules depend on each other only as `ALLOWED` says, and `ALLOWED` has no cycle; the drawing
 *   in docs/architecture.md is generated from it;
 * - transactions are explicit: no `{ ...deps, db: tx }`, no `as unknown as Db`;
 * - functions stay readable: at most 70 lines.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  findCycle,
  functionSpans,
  importsOf,
  moduleOf,
  type SourceFile,
  SRC,
  sourceFiles,
  stripComments,
  tableOwners,
  tablesInSql,
  transitiveReduction,
} from '../test/helpers/source-scan.ts';

/** Which modules each module may use (through their doors). Read it bottom-up: the base first. */
export const ALLOWED: Record<string, readonly string[]> = {
  audit: [],
  analytics: [],
  apikeys: ['audit'],
  idempotency: [],
  webhooks: ['audit'],
  ledger: [],
  fx: ['tenants'],
  'fx-revaluation': ['fx', 'invoices', 'ledger', 'tenants'],
  numbering: [],
  terms: ['audit'],
  users: ['apikeys', 'audit'],
  tenants: ['audit', 'ledger', 'numbering', 'terms'],
  customers: ['audit', 'tenants', 'terms'],
  messaging: ['audit', 'customers', 'payments', 'tenants', 'webhooks'],
  activities: ['apikeys', 'customers', 'invoices', 'tenants', 'webhooks'],
  invoices: ['audit', 'customers', 'fx', 'ledger', 'numbering', 'tenants', 'terms', 'webhooks'],
  receipts: ['audit', 'customers', 'fx', 'invoices', 'ledger', 'tenants'],
  bank: ['audit', 'ledger', 'tenants'],
  disputes: ['activities', 'audit', 'customers', 'invoices', 'tenants'],
  credit: ['activities', 'apikeys', 'audit', 'customers', 'disputes', 'invoices', 'receipts', 'tenants'],
  'cash-application': [
    'audit',
    'bank',
    'customers',
    'disputes',
    'fx',
    'invoices',
    'ledger',
    'receipts',
    'tenants',
  ],
  collections: [
    'activities',
    'audit',
    'apikeys',
    'credit',
    'customers',
    'disputes',
    'invoices',
    'predictions',
    'receipts',
    'tenants',
  ],
  dunning: [
    'activities',
    'audit',
    'customers',
    'disputes',
    'invoices',
    'ledger',
    'numbering',
    'tenants',
    'terms',
  ],
  predictions: ['analytics', 'customers', 'disputes', 'dunning', 'invoices', 'ledger'],
  reports: [
    'analytics',
    'apikeys',
    'audit',
    'bank',
    'collections',
    'customers',
    'disputes',
    'invoices',
    'ledger',
    'predictions',
    'receipts',
    'tenants',
  ],
  reconciliation: ['bank', 'invoices', 'ledger', 'receipts', 'tenants'],
  erp: ['audit', 'customers', 'invoices', 'ledger', 'receipts', 'reports', 'tenants'],
  sepa: ['audit', 'bank', 'customers', 'invoices', 'ledger', 'receipts', 'tenants'],
  payments: ['audit', 'customers', 'invoices', 'ledger', 'receipts', 'tenants'],
  portal: [
    'activities',
    'collections',
    'customers',
    'disputes',
    'documents',
    'invoices',
    'payments',
    'tenants',
  ],
  documents: ['customers', 'dunning', 'invoices', 'messaging', 'reports', 'tenants', 'terms'],
  communication: [
    'activities',
    'analytics',
    'audit',
    'collections',
    'customers',
    'disputes',
    'documents',
    'dunning',
    'findings',
    'invoices',
    'messaging',
    'reports',
    'tenants',
  ],
  imports: ['audit', 'customers', 'invoices', 'ledger', 'numbering', 'receipts', 'tenants', 'terms'],
  'customer-accounts': ['collections', 'credit', 'customers', 'dunning', 'invoices'],
  approvals: ['audit', 'credit', 'customers', 'dunning', 'invoices', 'ledger', 'receipts'],
  findings: [
    'analytics',
    'apikeys',
    'approvals',
    'audit',
    'customers',
    'invoices',
    'messaging',
    'numbering',
    'receipts',
    'users',
  ],
  alerts: [
    'apikeys',
    'audit',
    'collections',
    'customers',
    'invoices',
    'messaging',
    'predictions',
    'receipts',
    'reports',
    'users',
    'webhooks',
  ],
  demo: [
    'activities',
    'alerts',
    'approvals',
    'audit',
    'bank',
    'cash-application',
    'collections',
    'communication',
    'credit',
    'customers',
    'disputes',
    'documents',
    'dunning',
    'erp',
    'fx-revaluation',
    'idempotency',
    'invoices',
    'ledger',
    'messaging',
    'numbering',
    'payments',
    'portal',
    'receipts',
    'reports',
    'sepa',
    'tenants',
    'terms',
    'users',
    'webhooks',
  ],
};

/** Package specifiers a domain module may not import (the package itself or any subpath). */
const FORBIDDEN_PACKAGES = [
  'fastify',
  '@fastify',
  'fastify-plugin',
  'fastify-type-provider-zod',
  'pg',
  'pg-boss',
];
const FORBIDDEN_BUILTINS = ['node:http', 'http', 'node:https', 'https', 'node:http2', 'http2'];
const TRANSPORT_DIRS = ['http/', 'cli/', 'jobs/'];
const ADAPTERS = (path: string) => TRANSPORT_DIRS.some((d) => path.startsWith(d)) || path === 'main.ts';
/** Module files that may hold SQL naming other modules' tables: none. The schema lists them all. */
const SCHEMA_FILES = new Set(['db/schema.ts']);
const DOOR_FORBIDDEN = /\.(tables|repository|queries)\.ts$/;
const MAX_FUNCTION_LINES = 70;

/** Transport and process violations of one module file, as readable sentences. */
export function transportViolations(file: SourceFile): string[] {
  if (!moduleOf(file.path)) return [];
  const found = importsOf(file)
    .filter(({ specifier, target }) => {
      if (target) return TRANSPORT_DIRS.some((d) => target.startsWith(d));
      if (FORBIDDEN_BUILTINS.includes(specifier)) return true;
      return FORBIDDEN_PACKAGES.some((p) => specifier === p || specifier.startsWith(`${p}/`));
    })
    .map(({ specifier }) => `imports "${specifier}"`);
  const code = stripComments(file.text);
  if (/\bprocess\s*(?:\.\s*env\b|\[\s*['"]env['"]\s*\])/.test(code)) found.push('reads process.env');
  if (/\benv\b[^;]*\bfrom\s*['"](?:node:)?process['"]/.test(code)) found.push('imports env from process');
  return found;
}

/** Imports of another module's insides (anything but its door). Tables may reference tables. */
export function doorViolations(file: SourceFile): string[] {
  if (SCHEMA_FILES.has(file.path)) return [];
  const own = moduleOf(file.path);
  return importsOf(file)
    .filter(({ target }) => {
      if (!target) return false;
      const m = moduleOf(target);
      if (!m || m === own) return false;
      if (target === `modules/${m}/index.ts`) return false;
      return !(file.path.endsWith('.tables.ts') && target.endsWith('.tables.ts'));
    })
    .map(({ specifier }) => `imports "${specifier}" past the door of its module`);
}

/** A door that hands out a table, a repository or a query file, or re-exports wholesale. */
export function doorContentViolations(file: SourceFile): string[] {
  if (!/^modules\/[^/]+\/index\.ts$/.test(file.path)) return [];
  const code = stripComments(file.text);
  const found = importsOf(file)
    .filter(({ target }) => target !== undefined && DOOR_FORBIDDEN.test(target))
    .map(({ specifier }) => `door hands out "${specifier}"`);
  if (/\bexport\s*\*/.test(code))
    found.push('door re-exports a whole file (`export *`): name what it hands out');
  return found;
}

/** SQL naming tables of another module (or, in an adapter, any module's). */
export function sqlOwnershipViolations(file: SourceFile, owners: Map<string, string>): string[] {
  if (SCHEMA_FILES.has(file.path) || file.path.startsWith('db/')) return [];
  const own = moduleOf(file.path);
  if (!own && !ADAPTERS(file.path)) return [];
  return tablesInSql(file.text, owners.keys())
    .filter((t) => owners.get(t) !== own)
    .map((t) => `SQL names "${t}", a table of the ${owners.get(t)} module`);
}

/** The module → module edges of the tree, from imports. */
export function moduleEdges(files: SourceFile[]): Map<string, Set<string>> {
  const edges = new Map<string, Set<string>>();
  for (const f of files) {
    const from = moduleOf(f.path);
    if (!from || f.path.endsWith('.tables.ts')) continue;
    for (const { target } of importsOf(f)) {
      const to = target ? moduleOf(target) : undefined;
      if (!to || to === from) continue;
      edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  return edges;
}

/** Transaction handling the rules forbid: a Db built from a Tx, a cast past the type system. */
export function transactionViolations(file: SourceFile): string[] {
  if (file.path === 'db/client.ts') return [];
  const code = stripComments(file.text);
  const found: string[] = [];
  if (/\.\.\.\s*deps\s*,\s*db\s*:/.test(code))
    found.push('builds deps with another db (`{ ...deps, db: … }`)');
  if (/as\s+unknown\s+as\s+(Db|Tx)\b/.test(code)) found.push('casts to Db/Tx (`as unknown as`)');
  return found;
}

/** The mermaid drawing of ALLOWED (its transitive reduction), as docs/architecture.md shows it. */
export function allowedDrawing(): string {
  const lines = transitiveReduction(ALLOWED)
    .map(([from, to]) => `  ${from.replace('-', '_')} --> ${to.replace('-', '_')}`)
    .sort();
  return ['```mermaid', 'graph TD', ...lines, '```'].join('\n');
}

/** The table of ALLOWED, one row per module, as docs/architecture.md shows it. */
export function allowedTable(): string {
  const rows = Object.entries(ALLOWED).map(([m, deps]) => `| ${m} | ${deps.join(', ') || '—'} |`);
  return ['| module | may use |', '|---|---|', ...rows].join('\n');
}

describe('architecture', () => {
  const files = sourceFiles();
  const owners = tableOwners(files);
  const each = (rule: (f: SourceFile) => string[]) =>
    files.flatMap((f) => rule(f).map((v) => `${f.path}: ${v}`));
  /** Fails with every violation on its own line (a diff would cut the list short). */
  const none = (violations: string[]) => assert.deepEqual(violations, [], `\n${violations.join('\n')}\n`);

  it('reads the real tree (the scanner is not vacuous)', () => {
    assert.ok(files.length > 200, `expected the sources, found ${files.length} files`);
    assert.ok(owners.size > 50, `expected the tables, found ${owners.size}`);
    assert.equal(owners.get('invoices'), 'invoices');
    assert.equal(owners.get('accounts'), 'ledger', 'the chart of accounts lives in the ledger');
  });

  it('recognises every kind of violation', () => {
    const f = (path: string, text: string): SourceFile => ({ path, text });
    const inv = 'modules/invoices/example.service.ts';
    const transport: [string, number][] = [
      [`import Fastify from 'fastify';`, 1],
      [`import type { FastifyInstance } from 'fastify';`, 1],
      [`import pg from 'pg';`, 1],
      [`import { createServer } from 'node:http';`, 1],
      [`import { buildApp } from '../../http/app.ts';`, 1],
      [`const m = await import('../../jobs/boss.ts');`, 1],
      [`const url = process.env.DATABASE_URL;`, 1],
      [`import { env } from 'node:process';`, 1],
      [`import { sql } from 'drizzle-orm';\nimport type { Tx } from '../../db/client.ts';`, 0],
      [`/** Never read process.env here. */\nconst x = 1;`, 0],
    ];
    for (const [text, n] of transport) assert.equal(transportViolations(f(inv, text)).length, n, text);
    assert.equal(doorViolations(f(inv, `import { x } from '../customers/customers.service.ts';`)).length, 1);
    assert.equal(doorViolations(f(inv, `import { x } from '../customers/index.ts';`)).length, 0);
    assert.equal(doorViolations(f(inv, `import { x } from './invoices.repository.ts';`)).length, 0);
    assert.equal(
      doorViolations(f('http/routes/x.ts', `import { y } from '../../modules/ledger/fx.ts';`)).length,
      1,
    );
    assert.equal(
      doorViolations(
        f(
          'modules/receipts/receipts.tables.ts',
          `import { invoices } from '../invoices/invoices.tables.ts';`,
        ),
      ).length,
      0,
    );
    assert.equal(
      doorContentViolations(f('modules/x/index.ts', `export { t } from './x.tables.ts';`)).length,
      1,
    );
    assert.equal(doorContentViolations(f('modules/x/index.ts', `export * from './x.service.ts';`)).length, 1);
    assert.equal(
      doorContentViolations(f('modules/x/index.ts', `export { s } from './x.service.ts';`)).length,
      0,
    );
    const own = new Map([
      ['invoices', 'invoices'],
      ['receipts', 'receipts'],
    ]);
    const q = 'const r = sql`select * from invoices i join receipts r on true`;';
    assert.deepEqual(sqlOwnershipViolations(f(inv, q), own).length, 1);
    assert.deepEqual(sqlOwnershipViolations(f('http/routes/x.ts', q), own).length, 2);
    assert.equal(sqlOwnershipViolations(f(inv, `const m = 'a payment from receipts';`), own).length, 0);
    assert.equal(transactionViolations(f(inv, 'run({ ...deps, db: tx })')).length, 1);
    assert.equal(transactionViolations(f(inv, 'const d = tx as unknown as Db;')).length, 1);
    assert.deepEqual(findCycle({ a: ['b'], b: ['c'], c: ['a'] }), ['a', 'b', 'c', 'a']);
    assert.deepEqual(transitiveReduction({ a: ['b', 'c'], b: ['c'], c: [] }), [
      ['a', 'b'],
      ['b', 'c'],
    ]);
  });

  it('keeps the domain modules free of transports and process state', () => {
    none(each(transportViolations));
  });

  it('uses every module through its door only', () => {
    none(each(doorViolations));
  });

  it('hands out no tables, repositories or queries through a door', () => {
    none(each(doorContentViolations));
  });

  it('names a table in SQL only in the module that owns it', () => {
    assert.deepEqual(
      each((f) => sqlOwnershipViolations(f, owners)),
      [],
    );
  });

  it('has every module in ALLOWED and no other dependency than ALLOWED lists', () => {
    const modules = new Set(files.map((f) => moduleOf(f.path)).filter((m) => m !== undefined));
    assert.deepEqual(
      [...modules].filter((m) => !(m in ALLOWED)),
      [],
      'modules missing from ALLOWED',
    );
    const extra = [...moduleEdges(files)].flatMap(([from, tos]) =>
      [...tos].filter((to) => !(ALLOWED[from] ?? []).includes(to)).map((to) => `${from} → ${to}`),
    );
    none(extra);
  });

  it('allows no cycle between modules', () => {
    assert.equal(findCycle(ALLOWED)?.join(' → '), undefined);
  });

  it('draws the allowed dependencies in docs/architecture.md as they are', () => {
    const doc = readFileSync(join(SRC, '..', 'docs', 'architecture.md'), 'utf8');
    assert.ok(doc.includes(allowedDrawing()), `docs/architecture.md must contain:\n${allowedDrawing()}`);
    assert.ok(doc.includes(allowedTable()), `docs/architecture.md must contain:\n${allowedTable()}`);
  });

  it('passes transactions explicitly', () => {
    none(each(transactionViolations));
  });

  it(`keeps functions at most ${MAX_FUNCTION_LINES} lines long`, () => {
    const long = files.flatMap((f) =>
      functionSpans(f)
        .filter((s) => s.lines > MAX_FUNCTION_LINES)
        .map((s) => `${f.path}:${s.line} ${s.name} (${s.lines} lines)`),
    );
    none(long);
  });
});
