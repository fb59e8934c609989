/**
 * The OpenAPI document is valid OpenAPI 3.1, checked by two independent validators
 * (@apidevtools/swagger-parser and Redocly's structural lint) plus a walk for the 3.0 constructs
 * that 3.1 dropped. Each check is shown to fail on a document carrying the construct it guards.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { type ApiTestContext, call, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

type Json = Record<string, unknown>;

/** Keywords of OpenAPI 3.0 Schema Objects that 3.1 (JSON Schema 2020-12) no longer has. */
const DROPPED_IN_3_1 = ['nullable', 'example', 'x-nullable'];

/** Every `DROPPED_IN_3_1` keyword in a schema of the document, as a JSON pointer. */
function droppedKeywords(value: unknown, pointer = '#'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => droppedKeywords(v, `${pointer}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  const found: string[] = [];
  const inSchema = /\/schema(\/|$)|\/components\/schemas\//.test(pointer);
  for (const [key, v] of Object.entries(value as Json)) {
    const here = `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (inSchema && DROPPED_IN_3_1.includes(key)) found.push(here);
    if (inSchema && (key === '$schema' || key === '$id')) found.push(here);
    found.push(...droppedKeywords(v, here));
  }
  return found;
}

/** What the validators say about `doc`: an empty list when it is valid OpenAPI 3.1. */
async function contractProblems(doc: Json): Promise<string[]> {
  const problems: string[] = [];
  if (!/^3\.1\.\d+$/.test(String(doc.openapi))) problems.push(`openapi is ${String(doc.openapi)}, not 3.1.x`);
  try {
    await SwaggerParser.validate(structuredClone(doc) as never);
  } catch (error) {
    problems.push(`swagger-parser: ${(error as Error).message.split('\n').slice(0, 4).join(' | ')}`);
  }
  const config = await createConfig({ extends: ['minimal'] });
  const lint = await lintFromString({ source: JSON.stringify(doc), config });
  for (const p of lint.filter((p) => p.severity === 'error'))
    problems.push(`redocly ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? '?'}`);
  problems.push(...droppedKeywords(doc).map((p) => `3.0-only keyword at ${p}`));
  return problems;
}

describe(`OpenAPI document (${backendName})`, () => {
  let ctx: ApiTestContext;
  let doc: Json;
  before(async () => {
    ctx = await openApiTestContext();
    doc = JSON.parse((await call(ctx.app, 'GET', '/openapi.json')).text) as Json;
  });
  after(() => ctx.close());

  it('is valid OpenAPI 3.1 for swagger-parser and Redocly, with no 3.0-only keyword', async () => {
    assert.deepEqual(await contractProblems(doc), []);
  });

  it('documents nullable fields the 3.1 way (a null type), keeping the field and its type', () => {
    const schemas = (doc.components as { schemas: Record<string, { properties: Json }> }).schemas;
    assert.deepEqual(schemas.Customer?.properties.legalName, { type: ['string', 'null'] });
  });

  it('catches the constructs it guards: nullable and example in 3.1, a 3.1 document labelled 3.0', async () => {
    const nullable = structuredClone(doc);
    const customer = (nullable.components as { schemas: Record<string, { properties: Json }> }).schemas
      .Customer;
    assert.ok(customer);
    customer.properties.legalName = { type: 'string', nullable: true };
    const nullableProblems = await contractProblems(nullable);
    assert.ok(
      nullableProblems.some((p) => p.startsWith('redocly struct') && p.includes('legalName/nullable')),
      nullableProblems.join('\n'),
    );
    customer.properties.legalName = { type: 'string', example: 'Acme' };
    assert.deepEqual(await contractProblems(nullable), [
      '3.0-only keyword at #/components/schemas/Customer/properties/legalName/example',
    ]);
    const labelled30 = { ...structuredClone(doc), openapi: '3.0.3' };
    const problems30 = await contractProblems(labelled30);
    assert.ok(
      problems30.some((p) => p.startsWith('swagger-parser')),
      problems30.join('\n'),
    );
  });
});
