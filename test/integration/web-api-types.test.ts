/**
 * The web app cannot drift from the API: its committed types (web/src/api/schema.d.ts) must be
 * what openapi-typescript makes of the API's current OpenAPI document. A route or schema change
 * without `npm run web:api` fails here, and so does a hand edit of the generated file.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { API_TYPES_PATH, apiTypesSource, currentOpenApiDocument } from '../../web/scripts/api-types.ts';

describe('web API types', () => {
  it('are generated from the current OpenAPI document (run `npm run web:api` after an API change)', async () => {
    const doc = await currentOpenApiDocument();
    const committed = await readFile(API_TYPES_PATH, 'utf8');
    const current = await apiTypesSource(doc);
    assert.ok(current.includes('"/v1/reports/aging"'), 'the generated types name the API paths');
    assert.equal(committed === current, true, firstDifference(committed, current));
  });

  it('would notice a changed API: another document gives other types', async () => {
    const doc = await currentOpenApiDocument();
    const changed = structuredClone(doc);
    delete changed.paths?.['/v1/reports/aging'];
    assert.notEqual(await apiTypesSource(changed), await apiTypesSource(doc));
  });
});

/** The first line where the committed and the current types differ, for the failure message. */
function firstDifference(committed: string, current: string): string {
  const a = committed.split('\n');
  const b = current.split('\n');
  const at = a.findIndex((line, i) => line !== b[i]);
  const line = at === -1 ? Math.min(a.length, b.length) : at;
  return `web/src/api/schema.d.ts is stale at line ${line + 1}: committed "${a[line] ?? '(end)'}", API now "${b[line] ?? '(end)'}" — run npm run web:api`;
}
