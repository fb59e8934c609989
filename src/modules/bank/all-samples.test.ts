/**
 * Every real statement in ../shared/external/bank-statements (the unlicensed and licensed sample
 * collections side by side, read in place) parses — except the files their projects ship as
 * broken on purpose, which must be rejected with a reason. Skipped when that folder is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseStatementFile } from './parse-statement.ts';
import { StatementSyntaxError } from './statement.ts';

const ROOT = fileURLToPath(new URL('../../../../shared/external/bank-statements', import.meta.url));

/** Broken on purpose by their projects (see SOURCES.md and the projects' own tests). */
const REJECTED = new Set([
  'bai2/moov-io-bai2/errors/sample-parseError.txt',
  'camt/genkgo-camt/camt053.v2.wrong.xml',
  'camt/viafintech-camt_parser/052/valid_namespace.xml',
  'camt/viafintech-camt_parser/053/valid_namespace.xml',
  'camt/viafintech-camt_parser/general/invalid_namespace.xml',
  'mt940/wolph-mt940/self-provided/empty_non_swift.sta',
  'mt940/wolph-mt940/self-provided/invalid_statement.sta',
  'ofx/ofxparse/error_message.ofx',
  'ofx/ofxparse/fail_nice/date_missing.ofx',
  'ofx/ofxparse/fail_nice/decimal_error.ofx',
  'ofx/ofxparse/signon_fail.ofx',
]);

const NOT_STATEMENTS = /(^|\/)LICENSE[^/]*$|\.(json|ya?ml|md)$/i;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const path = join(dir, f);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

test('every real sample statement parses, and only the broken-on-purpose ones are rejected', {
  skip: !existsSync(ROOT) && `${ROOT} is absent`,
}, () => {
  const files = walk(ROOT)
    .map((f) => f.slice(ROOT.length + 1))
    .filter((f) => !NOT_STATEMENTS.test(f));
  assert.ok(files.length >= 200, `${files.length} sample files`);
  const unexpected: string[] = [];
  let entries = 0;
  for (const file of files) {
    const text = readFileSync(join(ROOT, file), 'latin1');
    try {
      const parsed = parseStatementFile(text);
      entries += parsed.statements.reduce((n, s) => n + s.entries.length, 0);
      if (REJECTED.has(file)) unexpected.push(`${file}: parsed, but it is broken on purpose`);
    } catch (error) {
      if (!REJECTED.has(file)) unexpected.push(`${file}: ${(error as Error).message}`);
      else assert.ok(error instanceof StatementSyntaxError, `${file} is rejected with a reason`);
    }
  }
  assert.deepEqual(unexpected, []);
  assert.ok(entries > 1_000, `${entries} entries read`);
});
