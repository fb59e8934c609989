/**
 * Credit holds: the automatic hold follows the rules (hold-rules.ts), evaluated for every customer
 * by `evaluateCreditHolds` (a daily job) and for the customers invoiced at each issue; a manual
 * hold is set and released by a credit manager and never released automatically.
 */

import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { assertAsOfNotFuture, type CalendarDate } from '../../shared/calendar-date.ts';
import { newId } from '../../shared/ids.ts';
import { type ActivityEntry, type Actor, logActivities, SYSTEM_ACTOR } from '../activities/index.ts';
import { type AuditEvent, recordAudit } from '../audit/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { customerCreditTerms } from '../customers/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import * as repo from './credit.repository.ts';
import { type CustomerCredit, creditPositions, emptyPosition, factsOf } from './credit-facts.ts';
import { getCreditSettings } from './credit-settings.service.ts';
import {
  automaticHoldChange,
  type CreditSettings,
  type HoldReason,
  holdReasons,
  type RiskMeasure,
} from './hold-rules.ts';
import { holdReleasedText, holdSetText, holdUpdatedText } from './hold-texts.ts';

export type HoldRow = repo.HoldRow;

export interface HoldChange {
  customerId: string;
  change: 'set' | 'release' | 'update';
  reasons: HoldReason[];
}

/**
 * The risk scores measured by the daily check, every customer's (one left out scores 0); absent:
 * not measured now, so an automatic hold keeps its `risk_score` reason while the rule is on.
 */
export type RiskMeasures = ReadonlyMap<string, RiskMeasure>;

interface HoldContext {
  asOf: CalendarDate;
  now: Date;
  settings: CreditSettings;
  risk?: RiskMeasures | undefined;
}

/** The hold reasons of one customer: its position, its risk score if measured, else its last verdict. */
function reasonsOf(credit: CustomerCredit, hold: HoldRow | null, ctx: HoldContext): HoldReason[] {
  return holdReasons(
    {
      ...factsOf(credit),
      riskScore: ctx.risk ? (ctx.risk.get(credit.customerId)?.score ?? 0) : null,
      riskHeld: hold?.reasons.includes('risk_score') ?? false,
    },
    ctx.settings,
  );
}

/**
 * Bring the automatic holds of these customers in line with the rules, writing holds and activity
 * entries in `tx`. `positions` must hold every customer with open items among them; the others are
 * taken as having none. With `ctx.risk`, the customers it names are evaluated too. Returns what
 * changed.
 */
export async function applyAutomaticHolds(
  tx: Tx,
  tenantId: string,
  positions: ReadonlyMap<string, CustomerCredit>,
  active: readonly HoldRow[],
  ctx: HoldContext,
): Promise<HoldChange[]> {
  const automatic = new Map(active.filter((h) => h.kind === 'automatic').map((h) => [h.customerId, h]));
  const changes: HoldChange[] = [];
  const sets: repo.NewHoldRow[] = [];
  const entries: ActivityEntry[] = [];
  const risky = ctx.risk ? [...ctx.risk.keys()] : [];
  for (const customerId of new Set([...positions.keys(), ...automatic.keys(), ...risky])) {
    const credit = positions.get(customerId) ?? emptyPosition(customerId, '', null);
    const hold = automatic.get(customerId) ?? null;
    const reasons = reasonsOf(credit, hold, ctx);
    const change = automaticHoldChange(reasons, hold);
    if (change === 'none') continue;
    changes.push({ customerId, change, reasons });
    const event = change === 'release' ? 'credit_hold_released' : 'credit_hold_set';
    const risk = ctx.risk?.get(customerId) ?? null;
    const text =
      change === 'set'
        ? holdSetText(reasons, credit, ctx.settings, risk)
        : change === 'update'
          ? holdUpdatedText(reasons, credit, ctx.settings, risk)
          : holdReleasedText(ctx.settings);
    entries.push({ kind: 'system', event, customerId, text, occurredAt: ctx.now });
    if (change === 'set') sets.push(newAutomaticHold(tenantId, customerId, reasons, ctx));
    if (change === 'update' && hold) await repo.updateReasons(tx, tenantId, hold.holdId, reasons);
  }
  await repo.insertHolds(tx, sets);
  const released = changes
    .filter((c) => c.change === 'release')
    .map((c) => automatic.get(c.customerId)?.holdId ?? '');
  await repo.releaseHolds(tx, tenantId, released, {
    at: ctx.now,
    byName: SYSTEM_ACTOR.name,
    byKeyId: null,
    byUserId: null,
    note: null,
  });
  await logActivities(tx, tenantId, entries);
  await recordAudit(tx, tenantId, ...changes.map((c) => automaticHoldAudit(c, automatic.get(c.customerId))));
  return changes;
}

/** The audit record of an automatic hold set, updated or released (the system's, by the rules). */
function automaticHoldAudit(c: HoldChange, hold: HoldRow | undefined): AuditEvent {
  const kind = c.change === 'release' ? 'released' : c.change === 'update' ? 'updated' : 'set';
  return {
    kind: `credit_hold.${kind}`,
    objectType: 'customer',
    objectId: c.customerId,
    changes: { reasons: [hold ? hold.reasons : null, c.change === 'release' ? null : c.reasons] },
    details: { automatic: true },
  };
}

function newAutomaticHold(
  tenantId: string,
  customerId: string,
  reasons: HoldReason[],
  ctx: { asOf: CalendarDate; now: Date },
): repo.NewHoldRow {
  return {
    tenantId,
    holdId: newId(),
    customerId,
    kind: 'automatic',
    reasons,
    setOn: ctx.asOf,
    setAt: ctx.now,
    setByName: SYSTEM_ACTOR.name,
    setByKeyId: null,
    setByUserId: null,
  };
}

export interface HoldEvaluation {
  asOf: CalendarDate;
  /** Customers whose position was evaluated (with open items, cash, or an automatic hold). */
  evaluated: number;
  changes: HoldChange[];
  /** Customers on any hold (automatic or manual) afterwards. */
  onHold: number;
}

/**
 * Evaluate the automatic hold of every customer as of `asOf` in one transaction: set it where a
 * rule holds, release it where none does, each logged. `risk`: the risk scores of the day, given
 * when the risk rule is on (collections' `evaluateCreditHoldsWithRisk` measures them). Idempotent (a second run for the same day
 * finds nothing to change); manual holds are left alone.
 */
export async function evaluateCreditHolds(
  deps: CoreDeps,
  tenantId: string,
  asOf: CalendarDate,
  risk?: RiskMeasures,
): Promise<HoldEvaluation> {
  assertAsOfNotFuture(asOf, deps.clock.now());
  return withTransaction(deps.db, async (tx) => {
    const tenant = await getTenantOrThrow(tx, tenantId);
    const settings = await getCreditSettings(tx, tenantId);
    const positions = await creditPositions(tx, tenantId, tenant.baseCurrency, null, asOf);
    const active = await repo.activeHolds(tx, tenantId, null);
    const changes = await applyAutomaticHolds(tx, tenantId, positions, active, {
      asOf,
      now: deps.clock.now(),
      settings,
      risk,
    });
    const after = await repo.activeHolds(tx, tenantId, null);
    const evaluated = new Set([
      ...positions.keys(),
      ...active.filter((h) => h.kind === 'automatic').map((h) => h.customerId),
      ...(risk ? risk.keys() : []),
    ]);
    return { asOf, evaluated: evaluated.size, changes, onHold: new Set(after.map((h) => h.customerId)).size };
  });
}

/** Positions of these customers, with an empty one for those without open items or cash. */
export async function positionsOf(
  q: Queryable,
  tenantId: string,
  baseCurrency: string,
  customerIds: readonly string[],
  asOf: CalendarDate,
): Promise<Map<string, CustomerCredit>> {
  if (customerIds.length === 0) return new Map();
  const positions = await creditPositions(q, tenantId, baseCurrency, customerIds, asOf);
  const missing = customerIds.filter((id) => !positions.has(id));
  for (const c of await customerCreditTerms(q, tenantId, missing))
    positions.set(c.customer_id, emptyPosition(c.customer_id, c.currency, c.credit_limit_minor));
  return positions;
}

/** Record a manual hold (or keep the one already there); logged. */
export async function insertManualHold(
  tx: Tx,
  tenantId: string,
  customerId: string,
  note: string,
  by: Actor,
  ctx: { asOf: CalendarDate; now: Date },
): Promise<boolean> {
  const active = await repo.activeHolds(tx, tenantId, [customerId]);
  if (active.some((h) => h.kind === 'manual')) return false;
  await repo.insertHolds(tx, [
    {
      tenantId,
      holdId: newId(),
      customerId,
      kind: 'manual',
      reasons: [],
      note,
      setOn: ctx.asOf,
      setAt: ctx.now,
      setByName: by.name,
      setByKeyId: by.keyId,
      setByUserId: by.userId,
    },
  ]);
  await logActivities(tx, tenantId, [
    {
      kind: 'system',
      event: 'credit_hold_set',
      author: by,
      customerId,
      text: `Credit hold set by hand: ${note}`,
      occurredAt: ctx.now,
    },
  ]);
  return true;
}
