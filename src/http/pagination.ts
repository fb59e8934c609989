/**
 * Cursor pagination, the same on every list: `?limit=` (1–500, default 50) and `?cursor=` (opaque,
 * from the previous page's `nextCursor`); responses are `{ items: [...], nextCursor }` with
 * `nextCursor: null` on the last page. A cursor encodes the sort key of the last item returned,
 * so pages neither skip nor repeat items when rows are added meanwhile.
 */
import { z } from 'zod';
import { validationFailed } from '../shared/errors.ts';
import { isUuid } from '../shared/ids.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

export const pageQuery = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_LIMIT)
    .default(DEFAULT_LIMIT)
    .describe(`page size, 1–${MAX_LIMIT} (default ${DEFAULT_LIMIT})`),
  cursor: z.string().min(1).max(200).optional().describe('nextCursor of the previous page'),
};

/** `{ items, nextCursor }` for a list of `item`. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
  });
}

export function encodeCursor(value: string | null): string | null {
  return value === null ? null : Buffer.from(`c1:${value}`, 'utf8').toString('base64url');
}

export type CursorKind = 'uuid' | 'text' | 'int';

/** The sort key inside a cursor; a cursor that was not issued by this API is a 422 on `cursor`. */
export function decodeCursor(cursor: string | undefined, kind: CursorKind): string | undefined {
  if (cursor === undefined) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const value = text.startsWith('c1:') ? text.slice(3) : null;
  const ok =
    value !== null &&
    (kind === 'uuid' ? isUuid(value) : kind === 'int' ? /^\d{1,18}$/.test(value) : value.length > 0);
  if (!ok || value === null)
    throw validationFailed('invalid cursor', [
      { field: 'cursor', message: 'not a cursor returned by this list' },
    ]);
  return value;
}
