/**
 * The customer portal's client of the public portal API (`/v1/portal/…`, docs/portal.md): every
 * call carries `Authorization: Portal <token>`; a refusal is the API's problem+json as a
 * `PortalError` (a form shows `detail` and each field's message next to the field). Types are the
 * generated ones (web/src/api/schema.d.ts: types only, no staff-app code at run time). No rule of
 * the API is repeated here: the API validates and the page shows what it says.
 */
import type { components } from '../api/schema';

export type PortalSession = components['schemas']['PortalSession'];
export type PortalInvoice = components['schemas']['PortalInvoice'];
export type PortalStatement = components['schemas']['PortalStatement'];

export interface PortalPage<T> {
  items: T[];
  nextCursor: string | null;
}

interface ProblemBody {
  code?: string;
  detail?: string;
  title?: string;
  errors?: { field?: string; message: string }[];
}

/** A refused portal call: status, code, the API's detail and the messages naming fields. */
export class PortalError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: { field?: string; message: string }[] = [],
  ) {
    super(detail);
    this.name = 'PortalError';
  }

  /** The link was refused: bad, expired or revoked (401 `portal_link_invalid`). */
  get linkInvalid(): boolean {
    return this.status === 401;
  }

  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

let token: string | null = null;

export function setPortalToken(next: string | null): void {
  token = next;
}

async function send(method: string, path: string, body?: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Portal ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'omit',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (cause) {
    throw new PortalError(0, 'network', cause instanceof Error ? cause.message : 'network');
  }
}

async function errorOf(response: Response): Promise<PortalError> {
  const problem = ((await response.json().catch(() => null)) ?? {}) as ProblemBody;
  return new PortalError(
    response.status,
    problem.code ?? 'unknown',
    problem.detail ?? problem.title ?? `HTTP ${response.status}`,
    problem.errors ?? [],
  );
}

/** GET or POST JSON; throws a PortalError on anything but 2xx. */
export async function portalJson<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  if (!response.ok) throw await errorOf(response);
  return (await response.json()) as T;
}

/** Download a document (PDF, e-invoice) as a file: fetched with the token, saved through a blob link. */
export async function portalDownload(path: string, fallbackName: string): Promise<void> {
  const response = await send('GET', path);
  if (!response.ok) throw await errorOf(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const portalApi = {
  session: () => portalJson<PortalSession>('GET', '/v1/portal/session'),
  invoices: (status: 'open' | 'closed', cursor?: string) =>
    portalJson<PortalPage<PortalInvoice>>(
      'GET',
      `/v1/portal/invoices?status=${status}&limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    ),
  /** The statement as of `asOf` (default: the server's today). */
  statement: (asOf?: string) =>
    portalJson<PortalStatement>(
      'GET',
      `/v1/portal/statement${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`,
    ),
  pay: (body: { items: { invoiceId: string; amount?: string }[]; returnUrl: string }) =>
    portalJson<{ url: string }>('POST', '/v1/portal/payments', body),
  dispute: (body: {
    invoiceId: string;
    reason: string;
    message: string;
    attachment?: { filename: string; contentType: string; contentBase64: string };
  }) => portalJson<unknown>('POST', '/v1/portal/disputes', body),
  promise: (body: { invoiceIds: string[]; promisedDate: string; amount?: string }) =>
    portalJson<unknown>('POST', '/v1/portal/promises', body),
};
