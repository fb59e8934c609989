/**
 * The typed API client: openapi-fetch over the generated `paths` (web/src/api/schema.d.ts), so a
 * call names a real path, its parameters and body are checked, and its data is typed.
 *
 * - Same-origin cookies carry the session (`credentials: 'same-origin'`).
 * - Every write (not GET/HEAD/OPTIONS) carries `X-CSRF-Token` from the signed-in session.
 * - `data(api.GET(...))` returns the data or throws an `ApiError` (problem+json, typed).
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, networkError, toApiError } from './problem';
import type { paths } from './schema';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

let csrfToken: string | null = null;

/** Remember the session's CSRF token (set on sign-in and session restore, cleared on sign-out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The header writes must carry, for the few calls made with plain `fetch` (uploads). */
export function csrfHeaders(): Record<string, string> {
  return csrfToken ? { 'X-CSRF-Token': csrfToken } : {};
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (!SAFE_METHODS.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
};

export const api = createClient<paths>({ credentials: 'same-origin' });
api.use(csrf);

interface Answer<D> {
  data?: D;
  error?: unknown;
  response: Response;
}

/**
 * The data of an API call, or an `ApiError` thrown with the problem the API answered.
 * Use in react-query functions: `queryFn: () => data(api.GET('/v1/customers', { params }))`.
 */
export async function data<D>(pending: Promise<Answer<D>>): Promise<D> {
  let answer: Answer<D>;
  try {
    answer = await pending;
  } catch (cause) {
    throw networkError(cause);
  }
  if (!answer.response.ok) throw toApiError(answer.response, answer.error);
  return answer.data as D;
}

export { ApiError };
