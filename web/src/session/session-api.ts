/**
 * The session routes of the shared contract (POST/GET/DELETE /v1/session). They are owned by the
 * auth work and reach web/src/api/schema.d.ts when it lands; until then these calls are typed by
 * hand from the contract, with plain `fetch` and the same error handling as the typed client.
 */
import { csrfHeaders } from '../api/client';
import { networkError, toApiError } from '../api/problem';

/** Access levels a role grants (src/http/auth.ts). */
export type Access = 'read' | 'collect' | 'write' | 'credit' | 'admin';
export type Role = 'admin' | 'credit_manager' | 'accountant' | 'collector' | 'viewer';

export interface SessionUser {
  userId: string;
  email: string;
  name: string;
  role: Role;
}

export interface Session {
  user: SessionUser | null;
  permissions: Access[];
  csrfToken: string | null;
  expiresAt: string;
}

async function send(method: 'GET' | 'POST' | 'DELETE', body?: unknown): Promise<Response> {
  try {
    return await fetch('/v1/session', {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : csrfHeaders()),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (cause) {
    throw networkError(cause);
  }
}

async function sessionOrThrow(response: Response): Promise<Session> {
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw toApiError(response, body);
  return body as Session;
}

/** The signed-in session, or null when there is none (401; 404 while the server has no sessions). */
export async function fetchSession(): Promise<Session | null> {
  const response = await send('GET');
  if (response.status === 401 || response.status === 404) return null;
  return sessionOrThrow(response);
}

/** Sign in; a wrong e-mail or password throws ApiError `invalid_credentials` (401). */
export async function createSession(email: string, password: string): Promise<Session> {
  return sessionOrThrow(await send('POST', { email, password }));
}

/** Sign out (the server revokes the session and clears the cookie). */
export async function deleteSession(): Promise<void> {
  const response = await send('DELETE');
  if (!response.ok && response.status !== 401)
    throw toApiError(response, await response.json().catch(() => null));
}
