/**
 * Architecture rule (STYLE.md §15): the domain modules under `src/modules/` know nothing of their
 * transports or of the process. They import no `fastify`, no `pg`, no `node:http`, nothing from
 * `src/http`, `src/cli` or `src/jobs`, and never read `process.env` (only `src/config.ts` does).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const SRC = dirname(fileURLToPath(import.meta.url));
const MODULES = join(SRC, 'modules');

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
const FORBIDDEN_DIRS = ['http', 'cli', 'jobs'].map((d) => join(SRC, d));

/** Every `.ts` file below `dir`. */
function tsFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

/** Source without comments, so that a doc comment mentioning a forbidden name is no violation. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

/** Every module specifier the file imports or re-exports, statically or dynamically. */
function importedSpecifiers(code: string): string[] {
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((p) => [...code.matchAll(p)].map((m) => m[1] ?? ''));
}

function isForbiddenSpecifier(file: string, specifier: string): boolean {
  if (specifier.startsWith('.')) {
    const target = resolve(dirname(file), specifier);
    return FORBIDDEN_DIRS.some((d) => target === d || target.startsWith(d + sep));
  }
  if (FORBIDDEN_BUILTINS.includes(specifier)) return true;
  return FORBIDDEN_PACKAGES.some((p) => specifier === p || specifier.startsWith(`${p}/`));
}

/** The rule violations of one source file, as readable sentences. */
function violationsIn(file: string, text: string): string[] {
  const code = stripComments(text);
  const found = importedSpecifiers(code)
    .filter((s) => isForbiddenSpecifier(file, s))
    .map((s) => `imports "${s}"`);
  if (/\bprocess\s*(?:\.\s*env\b|\[\s*['"]env['"]\s*\])/.test(code)) found.push('reads process.env');
  if (/\benv\b[^;]*\bfrom\s*['"](?:node:)?process['"]/.test(code)) found.push('imports env from process');
  return found;
}

describe('architecture: src/modules is free of transports and process state', () => {
  it('recognises every kind of violation (the scanner is not vacuous)', () => {
    const file = join(MODULES, 'invoices', 'example.service.ts');
    const cases: [string, number][] = [
      [`import Fastify from 'fastify';`, 1],
      [`import type { FastifyInstance } from 'fastify';`, 1],
      [`import swagger from '@fastify/swagger';`, 1],
      [`import pg from 'pg';`, 1],
      [`import { Pool } from 'pg/lib/index.js';`, 1],
      [`import { createServer } from 'node:http';`, 1],
      [`import { buildApp } from '../../http/app.ts';`, 1],
      [`export { runCli } from '../../cli/main.ts';`, 1],
      [`const m = await import('../../jobs/boss.ts');`, 1],
      [`import '../../http/plugins/auth.ts';`, 1],
      [`const url = process.env.DATABASE_URL;`, 1],
      [`const url = process['env'].DATABASE_URL;`, 1],
      [`import { env } from 'node:process';`, 1],
      [`import { sql } from 'drizzle-orm';\nimport type { Tx } from '../../db/client.ts';`, 0],
      [`import { pgTable } from 'drizzle-orm/pg-core';`, 0],
      [`/** Never read process.env here; see src/http/app.ts. */\nconst x = 1;`, 0],
      [`// import Fastify from 'fastify';\nconst url = 'postgres://db';`, 0],
      [`import { money } from '../../shared/money.ts';`, 0],
    ];
    for (const [source, expected] of cases) {
      assert.equal(violationsIn(file, source).length, expected, source);
    }
  });

  it('holds for every file under src/modules', () => {
    const files = tsFilesUnder(MODULES);
    assert.ok(files.length >= 20, `expected the module sources, found ${files.length} files`);
    const violations = files.flatMap((file) =>
      violationsIn(file, readFileSync(file, 'utf8')).map((v) => `${relative(SRC, file)} ${v}`),
    );
    assert.deepEqual(violations, []);
  });
});
