/**
 * Errors over HTTP as RFC 9457 problem details (`application/problem+json`).
 *
 * One exhaustive switch maps each AppError code to a status; Zod validation failures become 422
 * with one `errors[]` entry per field path; malformed JSON is 400; a database constraint violation
 * is a 409 naming the field (`db/constraint-violation.ts`), a rejected value (SQLSTATE class 22) a 422. A 5xx never leaks its cause:
 * the client gets a generic text and the error goes to the log.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { constraintViolation, dataException, violationProblem } from '../db/constraint-violation.ts';
import { AppError, assertUnreachable, type ErrorCode, type ErrorDetail } from '../shared/errors.ts';
import { JSON_BODY_LIMIT, tooLargeMessage } from './body-limits.ts';

/** Codes beyond AppError's that only the transport produces. */
export type ProblemCode =
  | ErrorCode
  | 'bad_request'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'rate_limited'
  | 'not_ready'
  | 'internal';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  code: ProblemCode;
  errors: ErrorDetail[];
}

export const problemSchema = z
  .object({
    type: z.string().describe('urn:cashloop:problem:<code>'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().optional(),
    code: z.string().describe('stable machine-readable error code'),
    errors: z.array(
      z.object({
        field: z.string().optional().describe('field path, e.g. lines[2].quantity'),
        line: z.number().int().optional(),
        message: z.string(),
      }),
    ),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });

/** HTTP status for an AppError code. */
export function statusFor(code: ErrorCode): number {
  switch (code) {
    case 'validation_failed':
    case 'import_rejected':
    case 'idempotency_mismatch':
      return 422;
    case 'not_found':
      return 404;
    case 'conflict':
    case 'idempotency_in_progress':
    case 'invalid_state':
    case 'over_allocation':
    case 'insufficient_funds':
    case 'approval_expired':
    case 'approval_not_pending':
    case 'secret_key_missing':
      return 409;
    case 'unauthorized':
    case 'api_key_expired':
    case 'portal_link_invalid':
    case 'invalid_credentials':
      return 401;
    case 'forbidden':
    case 'csrf_failed':
    case 'password_change_required':
    case 'approval_own_request':
    case 'approval_level':
    case 'approval_sod_conflict':
      return 403;
    case 'account_locked':
      return 423;
    case 'data_dir_locked':
      return 503;
    case 'signature_invalid':
      return 400;
    case 'provider_failed':
      return 502;
    case 'unbalanced_entry':
      return 500;
    default:
      return assertUnreachable(code);
  }
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function problem(
  status: number,
  code: ProblemCode,
  detail: string,
  errors: readonly ErrorDetail[] = [],
  instance?: string,
): Problem {
  return {
    type: `urn:cashloop:problem:${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    ...(instance ? { instance } : {}),
    code,
    errors: errors.map((e) => ({ ...e })),
  };
}

/** `/lines/0/quantity` or `['lines', 0, 'quantity']` → `lines[0].quantity`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

function fromInstancePath(instancePath: string): string {
  const parts = instancePath
    .split('/')
    .filter((p) => p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return fieldPath(parts);
}

/** One detail per issue; an unknown-keys issue names each unknown key as its own field. */
function detailsOf(path: string, message: string, keys: unknown): ErrorDetail[] {
  if (Array.isArray(keys) && keys.length > 0)
    return keys.map((k) => ({ field: path ? `${path}.${String(k)}` : String(k), message: 'unknown field' }));
  return [{ ...(path ? { field: path } : {}), message }];
}

function zodDetails(issues: readonly z.core.$ZodIssue[]): ErrorDetail[] {
  return issues.flatMap((i) =>
    detailsOf(fieldPath(i.path), i.message, 'keys' in i ? (i as { keys: unknown }).keys : undefined),
  );
}

/** Turn anything thrown during a request into a problem. Unknown errors become a generic 500. */
export function toProblem(error: unknown, request: FastifyRequest): Problem {
  const instance = request.url;
  if (error instanceof AppError) {
    // Its message names the data directory: a path of the installation, not the caller's business.
    const detail =
      error.code === 'data_dir_locked'
        ? 'the data directory is in use by another process; try again later'
        : error.message;
    return problem(statusFor(error.code), error.code, detail, error.details, instance);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = (error as { validationContext?: string }).validationContext ?? 'body';
    const errors = error.validation.flatMap((v) =>
      detailsOf(fromInstancePath(v.instancePath), v.message ?? 'invalid', v.params.keys),
    );
    return problem(422, 'validation_failed', `the request ${where} is not valid`, errors, instance);
  }
  if (error instanceof z.ZodError) {
    return problem(422, 'validation_failed', 'the request is not valid', zodDetails(error.issues), instance);
  }
  // A request built by hand (a test's) may have no route options: the default limit then.
  const bodyLimit = (request as Partial<FastifyRequest>).routeOptions?.bodyLimit ?? JSON_BODY_LIMIT.bytes;
  return fromFastifyError(error as FastifyError, instance, bodyLimit);
}

function fromFastifyError(error: FastifyError, instance: string, bodyLimit: number): Problem {
  if (isResponseSerializationError(error)) return internal(instance);
  const status = error.statusCode ?? 500;
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE')
    return problem(
      415,
      'unsupported_media_type',
      'send a JSON body (content-type: application/json)',
      [],
      instance,
    );
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return problem(413, 'payload_too_large', tooLargeMessage(bodyLimit), [], instance);
  if (status === 400 && (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error instanceof SyntaxError))
    return problem(400, 'bad_request', `malformed JSON body: ${error.message}`, [], instance);
  const violation = constraintViolation(error);
  if (violation) {
    const { detail, errors } = violationProblem(violation);
    return problem(409, 'conflict', detail, errors, instance);
  }
  const rejected = dataException(error);
  if (rejected)
    return problem(
      422,
      'validation_failed',
      `the database refused a value: ${rejected.message}`,
      [],
      instance,
    );
  const state = sqlState(error);
  if (state === '40001' || state === '40P01')
    return problem(
      409,
      'conflict',
      'a concurrent change conflicted with this request; retry it',
      [],
      instance,
    );
  if (status >= 400 && status < 500) return problem(status, 'bad_request', error.message, [], instance);
  return internal(instance);
}

/** The PostgreSQL SQLSTATE of a database error, also when Drizzle wraps it (`cause`). */
function sqlState(error: unknown): string | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

function internal(instance: string): Problem {
  return problem(500, 'internal', 'an unexpected error occurred; it has been logged', [], instance);
}

/** Send a problem with its content type. */
export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  if (body.status === 401) reply.header('www-authenticate', 'Bearer realm="cashloop"');
  return reply.code(body.status).type('application/problem+json').send(body);
}
