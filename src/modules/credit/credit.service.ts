/**
 * A customer's credit: its position (limit, exposure, what is overdue), its holds, and the credit
 * manager's actions on them — change the limit, set or release a manual hold. Every action is
 * logged on the customer's activity log and re-evaluates the automatic hold at once.
 */

import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';
import { AppError, invalidState } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { parseAmount } from '../../shared/money.ts';
import { moneyText } from '../../shared/money-text.ts';
import type { Actor } from '../activities/index.ts';
import { logActivity } from '../activities/index.ts';
import { recordAudit } from '../audit/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { getCustomerRowOrThrow, updateCustomerInTx } from '../customers/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import {
  releaseHoldInput,
  type SetCreditLimitInput,
  setCreditLimitInput,
  setHoldInput,
} from './credit.input.ts';
import * as repo from './credit.repository.ts';
import { type CustomerCredit, creditPositions, factsOf } from './credit-facts.ts';
import { applyAutomaticHolds, type HoldRow, insertManualHold, positionsOf } from './credit-holds.service.ts';
import { getCreditSettings } from './credit-settings.service.ts';
import { type HoldReason, holdReasons } from './hold-rules.ts';
import { reasonsText } from './hold-texts.ts';

export interface CreditStatus {
  customerId: string;
  externalId: string;
  asOf: CalendarDate;
  position: CustomerCredit;
  /** What the rules say now (the stored automatic hold follows at the next evaluation or issue). */
  reasons: HoldReason[];
  holds: HoldRow[];
  onHold: boolean;
}

/** The customer's credit position and holds as of `asOf` (default today). */
export async function getCreditStatus(
  q: Queryable,
  tenantId: string,
  idOrExternalId: string,
  asOf: CalendarDate,
): Promise<CreditStatus> {
  const customer = await getCustomerRowOrThrow(q, tenantId, idOrExternalId);
  const tenant = await getTenantOrThrow(q, tenantId);
  const settings = await getCreditSettings(q, tenantId);
  const positions = await positionsOf(q, tenantId, tenant.baseCurrency, [customer.customerId], asOf);
  const position = positions.get(customer.customerId);
  if (!position) throw new Error('position of an existing customer is missing');
  const holds = await repo.activeHolds(q, tenantId, [customer.customerId]);
  return {
    customerId: customer.customerId,
    externalId: customer.externalId,
    asOf,
    position,
    reasons: holdReasons({ ...factsOf(position), riskHeld: holds.some(isRiskHold) }, settings),
    holds,
    onHold: holds.length > 0,
  };
}

const isRiskHold = (h: HoldRow) => h.kind === 'automatic' && h.reasons.includes('risk_score');

/** Re-evaluate one customer's automatic hold in `tx` (after its limit or holds changed). */
async function reevaluate(tx: Tx, tenantId: string, customerId: string, deps: TxDeps) {
  const tenant = await getTenantOrThrow(tx, tenantId);
  const settings = await getCreditSettings(tx, tenantId);
  const asOf = todayUtc(deps.clock.now());
  const positions = await positionsOf(tx, tenantId, tenant.baseCurrency, [customerId], asOf);
  const active = await repo.activeHolds(tx, tenantId, [customerId]);
  await applyAutomaticHolds(tx, tenantId, positions, active, { asOf, now: deps.clock.now(), settings });
}

/** Set or remove (null) the credit limit, logged with the old and new limit and the reason. */
export async function setCreditLimit(
  deps: CoreDeps,
  tenantId: string,
  idOrExternalId: string,
  raw: SetCreditLimitInput,
  by: Actor,
): Promise<CreditStatus> {
  return withTransaction(deps.db, (tx) => setCreditLimitInTx(tx, deps, tenantId, idOrExternalId, raw, by));
}

/** `setCreditLimit` in the caller's transaction. */
export async function setCreditLimitInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  idOrExternalId: string,
  raw: SetCreditLimitInput,
  by: Actor,
): Promise<CreditStatus> {
  const input = setCreditLimitInput.parse(raw);
  const customer = await getCustomerRowOrThrow(tx, tenantId, idOrExternalId);
  const limitMinor = input.limit === null ? null : parseAmount(input.limit, customer.currency, 'limit');
  if (limitMinor !== null && limitMinor < 0n)
    throw new AppError('validation_failed', 'a credit limit cannot be negative', [
      { field: 'limit', message: 'must be 0 or more' },
    ]);
  await updateCustomerInTx(
    tx,
    tenantId,
    customer.customerId,
    { creditLimit: input.limit },
    { kind: 'customer.credit_limit_changed', reason: input.reason },
  );
  const show = (m: bigint | null) => (m === null ? 'none' : moneyText(m, customer.currency));
  await logActivity(tx, tenantId, {
    kind: 'system',
    event: 'credit_limit_changed',
    author: by,
    customerId: customer.customerId,
    text: `Credit limit changed from ${show(customer.creditLimitMinor)} to ${show(limitMinor)}${input.reason ? `: ${input.reason}` : ''}`,
    occurredAt: deps.clock.now(),
  });
  await reevaluate(tx, tenantId, customer.customerId, deps);
  return getCreditStatus(tx, tenantId, customer.customerId, todayUtc(deps.clock.now()));
}

/** Put a customer on a manual hold (409 if it already has one). */
export async function setManualHold(
  deps: CoreDeps,
  tenantId: string,
  idOrExternalId: string,
  raw: { reason: string },
  by: Actor,
): Promise<CreditStatus> {
  const input = setHoldInput.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    const customer = await getCustomerRowOrThrow(tx, tenantId, idOrExternalId);
    const asOf = todayUtc(deps.clock.now());
    const inserted = await insertManualHold(tx, tenantId, customer.customerId, input.reason, by, {
      asOf,
      now: deps.clock.now(),
    });
    if (!inserted)
      throw new AppError('conflict', `customer ${customer.externalId} is already on a manual credit hold`);
    await recordAudit(tx, tenantId, {
      kind: 'credit_hold.set',
      objectType: 'customer',
      objectId: customer.customerId,
      reason: input.reason,
      changes: { manualHold: [false, true] },
    });
    return getCreditStatus(tx, tenantId, customer.customerId, asOf);
  });
}

/**
 * Release a customer's holds by hand: the manual hold always; the automatic hold only once no rule
 * holds any more (otherwise it is 409 naming the rule: raise the limit, or override per invoice).
 */
export async function releaseHold(
  deps: CoreDeps,
  tenantId: string,
  idOrExternalId: string,
  raw: { reason?: string | undefined },
  by: Actor,
): Promise<CreditStatus> {
  return withTransaction(deps.db, (tx) => releaseHoldInTx(tx, deps, tenantId, idOrExternalId, raw, by));
}

/** `releaseHold` in the caller's transaction. */
export async function releaseHoldInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  idOrExternalId: string,
  raw: { reason?: string | undefined },
  by: Actor,
): Promise<CreditStatus> {
  const input = releaseHoldInput.parse(raw);
  const customer = await getCustomerRowOrThrow(tx, tenantId, idOrExternalId);
  const asOf = todayUtc(deps.clock.now());
  const before = await getCreditStatus(tx, tenantId, customer.customerId, asOf);
  const manual = before.holds.filter((h) => h.kind === 'manual');
  if (manual.length === 0 && before.reasons.length > 0) {
    const settings = await getCreditSettings(tx, tenantId);
    throw invalidState(
      `customer ${customer.externalId} stays on credit hold: ${reasonsText(before.reasons, before.position, settings)}`,
    );
  }
  if (manual.length === 0 && before.holds.length === 0)
    throw invalidState(`customer ${customer.externalId} is not on credit hold`);
  await repo.releaseHolds(
    tx,
    tenantId,
    manual.map((h) => h.holdId),
    {
      at: deps.clock.now(),
      byName: by.name,
      byKeyId: by.keyId,
      byUserId: by.userId,
      note: input.reason ?? null,
    },
  );
  await recordAudit(tx, tenantId, {
    kind: 'credit_hold.released',
    objectType: 'customer',
    objectId: customer.customerId,
    reason: input.reason ?? null,
    changes: { holds: [before.holds.map((h) => h.kind), []] },
    details: { holdIds: manual.map((h) => h.holdId) },
  });
  if (manual.length > 0)
    await logActivity(tx, tenantId, {
      kind: 'system',
      event: 'credit_hold_released',
      author: by,
      customerId: customer.customerId,
      text: `Credit hold released by hand${input.reason ? `: ${input.reason}` : ''}`,
      occurredAt: deps.clock.now(),
    });
  await reevaluate(tx, tenantId, customer.customerId, deps);
  return getCreditStatus(tx, tenantId, customer.customerId, asOf);
}

/** A page of the active holds, in the order they were set. */
export async function listHolds(
  q: Queryable,
  tenantId: string,
  query: { kind?: 'manual' | 'automatic'; cursor?: string; limit: number },
) {
  const rows = await repo.listActiveHoldRows(q, tenantId, {
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.cursor && isUuid(query.cursor) ? { afterHoldId: query.cursor } : {}),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return { holds: page, nextCursor: rows.length > query.limit ? (page.at(-1)?.holdId ?? null) : null };
}

/** Hold history of one customer, newest first. */
export async function holdHistory(q: Queryable, tenantId: string, idOrExternalId: string) {
  const customer = await getCustomerRowOrThrow(q, tenantId, idOrExternalId);
  return repo.holdsOfCustomer(q, tenantId, customer.customerId);
}

/** Ids of the customers on any credit hold (the worklist shows it). */
export async function customersOnHold(q: Queryable, tenantId: string): Promise<Set<string>> {
  return new Set((await repo.activeHolds(q, tenantId, null)).map((h) => h.customerId));
}

/** How many customers are on credit hold (at least one active hold, manual or automatic). */
export function countCustomersOnHold(q: Queryable, tenantId: string): Promise<number> {
  return repo.countCustomersOnHold(q, tenantId);
}

/**
 * Credit positions (limit, exposure in the customer's currency, oldest overdue) of these customers,
 * or (`null`) of every customer with open items, cash or orders, in one set-based read: the risk
 * score's exposure facts. A customer left out has no exposure.
 */
export async function creditPositionsOf(
  q: Queryable,
  tenantId: string,
  customerIds: readonly string[] | null,
  asOf: CalendarDate,
): Promise<Map<string, CustomerCredit>> {
  if (customerIds !== null && customerIds.length === 0) return new Map();
  const tenant = await getTenantOrThrow(q, tenantId);
  return creditPositions(q, tenantId, tenant.baseCurrency, customerIds, asOf);
}
