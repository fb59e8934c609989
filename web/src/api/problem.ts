/**
 * API errors in the app: every non-2xx answer of the API is an RFC 9457 problem (`code`, `detail`,
 * `errors[]` naming fields), turned into one typed `ApiError`. Forms show `detail` above the form
 * and each `errors[].message` next to the field its `field` names (`fieldError`).
 */
import type { components } from './schema';

export type Problem = components['schemas']['Problem'];
export type ProblemDetail = Problem['errors'][number];

/** A failed API call: the HTTP status and the problem the API answered with. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: readonly ProblemDetail[];

  constructor(status: number, problem: Partial<Problem>) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? 'unknown';
    this.detail = problem.detail ?? problem.title ?? `HTTP ${status}`;
    this.errors = problem.errors ?? [];
  }

  /** The message the API gave for `field` (e.g. `email`, `lines[2].quantity`), if any. */
  fieldError(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }

  /** Messages that name no field of the form (shown with `detail` above it). */
  otherErrors(fields: readonly string[]): string[] {
    return this.errors.filter((e) => !e.field || !fields.includes(e.field)).map((e) => e.message);
  }
}

/** The problem in an error body, or a stand-in when the body was not problem+json (a proxy's HTML). */
export function toApiError(response: Response, body: unknown): ApiError {
  const problem = typeof body === 'object' && body !== null ? (body as Partial<Problem>) : {};
  return new ApiError(response.status, problem);
}

/** A network failure (server down, offline) as an ApiError with status 0. */
export function networkError(cause: unknown): ApiError {
  return new ApiError(0, {
    code: 'network',
    detail: cause instanceof Error ? cause.message : 'the server cannot be reached',
  });
}
