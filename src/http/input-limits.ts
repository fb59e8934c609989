/**
 * Limits every request obeys before its route sees it: no string anywhere in the body, the query
 * or the path parameters may hold a NUL character (`\u0000`), which PostgreSQL text cannot store.
 * The answer is a 422 naming each offending field (`lines[0].description`). A text body (a CSV
 * upload) is left to its parser, which names the line and the column.
 */
import type { FastifyInstance } from 'fastify';
import { type ErrorDetail, validationFailed } from '../shared/errors.ts';
import { fieldPath } from './problem.ts';

const NUL_MESSAGE = 'must not contain a NUL character';
const MAX_DEPTH = 64;

/** Field paths of the strings holding a NUL within `value` (keys included), depth-first. */
export function nulFields(value: unknown, path: PropertyKey[] = [], depth = 0): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [fieldPath(path)] : [];
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => nulFields(v, [...path, i], depth + 1));
  return Object.entries(value).flatMap(([k, v]) => [
    ...(k.includes('\u0000') ? [fieldPath([...path, k])] : []),
    ...nulFields(v, [...path, k], depth + 1),
  ]);
}

/** Refuse any request carrying a NUL character, before validation and the handler run. */
export function registerInputLimits(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const details: ErrorDetail[] = [
      ...(typeof request.body === 'object' ? nulFields(request.body) : []),
      ...nulFields(request.query).map((f) => `query.${f}`),
      ...nulFields(request.params).map((f) => `params.${f}`),
    ].map((field) => ({ field: field || 'body', message: NUL_MESSAGE }));
    if (details.length > 0)
      throw validationFailed(`${details.map((d) => d.field).join(', ')}: ${NUL_MESSAGE}`, details);
  });
}
