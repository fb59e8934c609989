/**
 * PostgreSQL constraint violations as errors that name the field (HTTP problem+json and CLI alike). A unique (23505), foreign-key
 * (23503) or check (23514) violation that reaches the transport (a service did not pre-check it,
 * or a concurrent request won the race) becomes a 409 whose `errors[].field` says which input
 * collided: from the constraint name through CONSTRAINT_FIELDS, else from the error's `detail`
 * (`Key (tenant_id, external_id)=(…) already exists.` → `externalId`), else from the check
 * constraint's name (`customers_credit_limit_check` → `creditLimit`). Works on node-postgres and
 * PGlite errors alike, also when Drizzle wraps them (`cause`).
 */
import type { ErrorDetail } from '../shared/errors.ts';

export type ConstraintState = '23505' | '23503' | '23514';

interface DatabaseErrorFields {
  readonly code: ConstraintState;
  readonly constraint?: string | undefined;
  readonly detail?: string | undefined;
  readonly table?: string | undefined;
  readonly message?: string | undefined;
}

/** Constraints a request can hit whose field is not simply their key's last column. */
export const CONSTRAINT_FIELDS: Readonly<Record<string, string>> = {
  customers_external_id_uq: 'externalId',
  customers_credit_limit_check: 'creditLimit',
  invoices_number_uq: 'number',
  invoices_total_check: 'total',
  invoices_open_check: 'amount',
  collectors_email_uq: 'email',
  users_email_uq: 'email',
  collectors_api_key_uq: 'apiKeyId',
  customer_categories_name_uq: 'name',
  dunning_policies_name_uq: 'name',
  dunning_policies_default_uq: 'isDefault',
  dunning_policy_levels_offset_uq: 'levels.offsetDays',
  dunning_level_fees_amount_check: 'levels.fees',
  dunning_policy_minimums_amount_check: 'minimums',
  disputes_open_uq: 'invoice',
  disputes_amount_check: 'amount',
  allocations_amount_check: 'amount',
  invoice_adjustments_amount_check: 'amount',
  credit_holds_active_uq: 'customer',
  bank_transactions_dedupe_uq: 'bankReference',
  bank_accounts_key_uq: 'account',
  saved_views_name_uq: 'name',
};

/**
 * Violations raised by cashloop's own triggers (statement-level key checks, `0000_init.sql`): they
 * carry no constraint name, so their message tells the field; the message is shown as written.
 */
const TRIGGER_FIELDS: readonly (readonly [RegExp, string])[] = [
  [/^invoice of a customer that does not exist/, 'customer'],
  [/^customer .* has invoices/, 'customer'],
  [/^journal line without its journal entry/, 'entryId'],
];

const MESSAGES: Record<ConstraintState, string> = {
  '23505': 'already exists',
  '23503': 'refers to a record that does not exist (or is still referred to)',
  '23514': 'is not allowed here',
};

/** The database error's fields when `error` (or its cause) is a constraint violation; else null. */
export function constraintViolation(error: unknown): DatabaseErrorFields | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === '23505' || code === '23503' || code === '23514') return e as DatabaseErrorFields;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** True when `error` (or its cause) is a unique violation (23505): a concurrent writer or a duplicate key won. */
export function isUniqueViolation(error: unknown): boolean {
  return constraintViolation(error)?.code === '23505';
}

/** `external_id` → `externalId`. */
function camel(column: string): string {
  return column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** The last key column that is not the tenant: `Key (tenant_id, customer_id)=(…)` → `customer_id`. */
function columnFromDetail(detail: string | undefined): string | null {
  const columns = /Key \(([^)]*)\)=/.exec(detail ?? '')?.[1];
  if (!columns) return null;
  const names = columns.split(',').map((c) => c.trim().replace(/^lower\(|\)$/g, ''));
  return names.filter((c) => c !== 'tenant_id').at(-1) ?? null;
}

/** `customers_credit_limit_check` on table `customers` → `credit_limit`. */
function columnFromCheck(constraint: string | undefined, table: string | undefined): string | null {
  if (!constraint?.endsWith('_check')) return null;
  const rest = constraint.slice(0, -'_check'.length);
  return table && rest.startsWith(`${table}_`) ? rest.slice(table.length + 1) : null;
}

/** The field a constraint violation concerns, as the API names it; null when nothing tells. */
export function fieldOfViolation(v: DatabaseErrorFields): string | null {
  if (!v.constraint) return triggerViolation(v)?.[1] ?? null;
  const known = CONSTRAINT_FIELDS[v.constraint];
  if (known) return known;
  const column = columnFromDetail(v.detail) ?? columnFromCheck(v.constraint, v.table);
  return column ? camel(column) : null;
}

function triggerViolation(v: DatabaseErrorFields): readonly [RegExp, string] | null {
  return TRIGGER_FIELDS.find(([pattern]) => pattern.test(v.message ?? '')) ?? null;
}

/** Detail text and `errors[]` of a 409 for a constraint violation. */
export function violationProblem(v: DatabaseErrorFields): { detail: string; errors: ErrorDetail[] } {
  const field = fieldOfViolation(v) ?? 'body';
  if (!v.constraint && triggerViolation(v) && v.message)
    return { detail: v.message, errors: [{ field, message: v.message }] };
  const message = MESSAGES[v.code];
  const what =
    v.code === '23505' ? 'a record with the same key already exists' : `the database refused the request`;
  return { detail: `${what}: ${field} ${message}`, errors: [{ field, message }] };
}

/**
 * The PostgreSQL error inside `error` (itself or its cause): SQLSTATE and the server's own message,
 * on one line. The server's message names no SQL text nor parameters (a wrapping Drizzle error's
 * message holds both, so it is never shown). Null when `error` is no database error.
 */
export function databaseErrorOf(error: unknown): { code: string; message: string } | null {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 3; depth++) {
    const code = (e as { code?: unknown }).code;
    const message = (e as { message?: unknown }).message;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code))
      return { code, message: typeof message === 'string' ? message.replace(/\s+/g, ' ').trim() : code };
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** The database error of SQLSTATE class 22 (data exception: a value its column refuses, e.g. `invalid byte sequence for encoding "UTF8": 0x00`) inside `error`, or null. */
export function dataException(error: unknown): { code: string; message: string } | null {
  const db = databaseErrorOf(error);
  return db?.code.startsWith('22') ? db : null;
}
