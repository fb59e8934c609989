/**
 * Promises to pay: a customer promises an amount by a date, for some invoices or overall. While
 * open (and not past its date + grace days) it keeps those invoices out of dunning and out of the
 * worklist's overdue amount; `evaluatePromises` (a daily job) settles each as kept or broken, and a
 * broken one is logged, reopens dunning and is flagged on the worklist.
 */
import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { addDays, type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';
import { AppError, invalidState, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import { parseAmount } from '../../shared/money.ts';
import { moneyText } from '../../shared/money-text.ts';
import type { Actor } from '../activities/index.ts';
import { logActivity } from '../activities/index.ts';
import { type AuditEvent, recordAudit } from '../audit/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import type { InvoiceRow } from '../invoices/index.ts';
import { resolveInvoiceRefs } from '../invoices/index.ts';
import {
  type CancelPromiseInput,
  cancelPromiseInput,
  type MakePromiseInput,
  makePromiseInput,
} from './promises.input.ts';
import * as repo from './promises.repository.ts';
import { getCollectionSettings } from './settings.service.ts';

export type PromiseRow = repo.PromiseRow;
export interface PromiseView extends PromiseRow {
  invoiceIds: string[];
}

/** Record a promise; its `keepBy` is the promised date + the tenant's grace days, fixed now. */
export async function makePromise(
  deps: CoreDeps,
  tenantId: string,
  raw: MakePromiseInput,
  author: Actor,
): Promise<PromiseView> {
  const input = makePromiseInput.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    const customer = await getCustomerRowOrThrow(tx, tenantId, input.customer);
    const invoices = await resolveInvoiceRefs(
      tx,
      tenantId,
      input.invoices ?? [],
      'invoices',
      customer.customerId,
    );
    const currency = promiseCurrency(invoices, customer.currency);
    const amountMinor = promisedAmount(input.amount, invoices, currency);
    const today = todayUtc(deps.clock.now());
    if (input.promisedOn < today)
      throw validationFailed('the promised date is in the past', [
        { field: 'promisedOn', message: `on or after ${today}` },
      ]);
    await assertNotPromisedYet(tx, tenantId, customer.customerId, invoices);
    const { promiseGraceDays } = await getCollectionSettings(tx, tenantId);
    const promiseId = newId();
    const ids = invoices.map((i) => i.invoiceId);
    await repo.insertPromise(
      tx,
      {
        tenantId,
        promiseId,
        customerId: customer.customerId,
        currency,
        amountMinor,
        madeOn: today,
        promisedOn: input.promisedOn,
        keepBy: addDays(input.promisedOn, promiseGraceDays),
        invoiceCount: ids.length,
        note: input.note ?? null,
        createdAt: deps.clock.now(),
        createdByName: author.name,
        createdByKeyId: author.keyId,
        createdByUserId: author.userId,
      },
      ids,
    );
    const what = invoices.length > 0 ? `for ${invoices.map((i) => i.number).join(', ')}` : 'on account';
    await logActivity(tx, tenantId, {
      kind: 'system',
      event: 'promise_made',
      author,
      customerId: customer.customerId,
      invoiceIds: ids,
      text: `Promise to pay ${moneyText(amountMinor, currency)} by ${input.promisedOn} ${what}${input.note ? `: ${input.note}` : ''}`,
      occurredAt: deps.clock.now(),
    });
    await recordAudit(
      tx,
      tenantId,
      promiseCreated(promiseId, customer.customerId, amountMinor, currency, ids),
    );
    return getPromiseOrThrow(tx, tenantId, promiseId);
  });
}

function promiseCreated(
  promiseId: string,
  customerId: string,
  amountMinor: bigint,
  currency: string,
  invoiceIds: string[],
): AuditEvent {
  return {
    kind: 'promise.created',
    objectType: 'promise',
    objectId: promiseId,
    details: { customerId, amountMinor: String(amountMinor), currency, invoiceIds },
  };
}

function promiseCurrency(invoices: readonly InvoiceRow[], customerCurrency: string): string {
  const currencies = [...new Set(invoices.map((i) => i.currency))];
  if (currencies.length > 1)
    throw validationFailed('the invoices of one promise must share a currency', [
      { field: 'invoices', message: `in ${currencies.join(', ')}` },
    ]);
  return currencies[0] ?? customerCurrency;
}

function promisedAmount(
  amount: string | undefined,
  invoices: readonly InvoiceRow[],
  currency: string,
): bigint {
  for (const inv of invoices)
    if ((inv.status !== 'issued' && inv.status !== 'partially_paid') || inv.openMinor <= 0n)
      throw invalidState(`invoice ${inv.number} has nothing open (it is ${inv.status})`);
  const open = invoices.reduce((s, i) => s + i.openMinor, 0n);
  if (amount === undefined && invoices.length === 0)
    throw validationFailed('a promise without invoices needs an amount', [
      { field: 'amount', message: 'required' },
    ]);
  const value = amount === undefined ? open : parseAmount(amount, currency, 'amount');
  if (value <= 0n)
    throw validationFailed('the promised amount must be positive', [
      { field: 'amount', message: 'must be positive' },
    ]);
  return value;
}

async function assertNotPromisedYet(
  tx: Tx,
  tenantId: string,
  customerId: string,
  invoices: readonly InvoiceRow[],
) {
  const [clash] = await repo.openPromisesCovering(
    tx,
    tenantId,
    customerId,
    invoices.map((i) => i.invoiceId),
  );
  if (clash)
    throw new AppError(
      'conflict',
      `an open promise ${clash.promise_id} already covers ${invoices.length === 0 || clash.invoice_id === null ? 'this customer' : 'one of these invoices'}; cancel it first`,
      [{ field: invoices.length === 0 ? 'customer' : 'invoices', message: 'already under an open promise' }],
    );
}

/** Cancel an open promise (the customer withdrew it, or it was recorded by mistake). */
export async function cancelPromise(
  deps: CoreDeps,
  tenantId: string,
  promiseId: string,
  raw: CancelPromiseInput,
  author: Actor,
): Promise<PromiseView> {
  const input = cancelPromiseInput.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    const promise = isUuid(promiseId) ? await repo.lockPromise(tx, tenantId, promiseId) : null;
    if (!promise) throw notFound('promise', promiseId);
    if (promise.status !== 'open')
      throw invalidState(`cannot cancel promise ${promiseId}: it is ${promise.status}`);
    await repo.cancel(tx, tenantId, promiseId, {
      settledOn: todayUtc(deps.clock.now()),
      settledAt: deps.clock.now(),
      cancelReason: input.reason ?? null,
    });
    await logActivity(tx, tenantId, {
      kind: 'system',
      event: 'promise_cancelled',
      author,
      customerId: promise.customerId,
      text: `Promise of ${moneyText(promise.amountMinor, promise.currency)} by ${promise.promisedOn} cancelled${input.reason ? `: ${input.reason}` : ''}`,
      occurredAt: deps.clock.now(),
    });
    await recordAudit(tx, tenantId, {
      kind: 'promise.cancelled',
      objectType: 'promise',
      objectId: promiseId,
      changes: { status: ['open', 'cancelled'] },
      ...(input.reason ? { reason: input.reason } : {}),
    });
    return getPromiseOrThrow(tx, tenantId, promiseId);
  });
}

export async function getPromiseOrThrow(
  q: Queryable,
  tenantId: string,
  promiseId: string,
): Promise<PromiseView> {
  const row = isUuid(promiseId) ? await repo.findPromise(q, tenantId, promiseId) : null;
  if (!row) throw notFound('promise', promiseId);
  const invoices = await repo.invoicesOfPromises(q, tenantId, [promiseId]);
  return { ...row, invoiceIds: invoices.get(promiseId) ?? [] };
}

export interface PromiseListQuery {
  status?: string;
  customerId?: string;
  promisedBy?: CalendarDate;
  cursor?: string;
  limit: number;
}

/** A page of promises in the order they were made. */
export async function listPromises(q: Queryable, tenantId: string, query: PromiseListQuery) {
  const rows = await repo.listPromiseRows(q, tenantId, {
    ...(query.status ? { status: query.status } : {}),
    ...(query.customerId ? { customerId: query.customerId } : {}),
    ...(query.promisedBy ? { promisedBy: query.promisedBy } : {}),
    ...(query.cursor ? { afterId: query.cursor } : {}),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const invoices = await repo.invoicesOfPromises(
    q,
    tenantId,
    page.map((p) => p.promiseId),
  );
  return {
    promises: page.map((p) => ({ ...p, invoiceIds: invoices.get(p.promiseId) ?? [] })),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.promiseId ?? null) : null,
  };
}

/**
 * The invoices under an open promise on `asOf` (named by it, or all open invoices of a customer
 * with a promise overall), whose date + grace has not passed: the dunning run leaves them out.
 */
export async function invoicesUnderOpenPromise(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
): Promise<Set<string>> {
  return new Set(await repo.invoiceIdsUnderOpenPromise(q, tenantId, asOf));
}

/**
 * Today's promises: `due` are open with the promised date on or before `today` (the promises list
 * view "due"), `broken` were broken (status broken; kept until someone follows up on them).
 */
export async function countPromisesToWork(q: Queryable, tenantId: string, today: CalendarDate) {
  const due = await repo.countPromiseRows(q, tenantId, { status: 'open', promisedBy: today });
  const broken = await repo.countPromiseRows(q, tenantId, { status: 'broken' });
  return { due, broken };
}
