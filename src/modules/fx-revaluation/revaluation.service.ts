/**
 * FX exposure of the receivables and their month-end revaluation (docs/fx.md). The revaluation
 * posts, per currency, the difference between the open items at the rate in force on the month end
 * and their carrying amount (the documents' own rates) — Dr/Cr `fx_revaluation` (1190, beside AR
 * control, so the subledger still equals the control account) against `fx_unrealised` (7910) — and
 * reverses it on the first of the next month, so realised FX on settlement stays computed from the
 * documents' rates. Once per month end; a currency without a rate in force refuses the whole run.
 */
import { type Db, type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/constraint-violation.ts';
import { addDays, type CalendarDate, endOfMonth, todayUtc } from '../../shared/calendar-date.ts';
import { AppError, validationFailed } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CoreDeps } from '../core-deps.ts';
import { currentRate, MAX_RATE_AGE_DAYS, type RateInForce } from '../fx/index.ts';
import { JournalEntryBuilder, type LedgerService } from '../ledger/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import { type CurrencyExposure, type CurrencyRevaluation, exposureOf, isMonthEnd } from './exposure.ts';
import * as repo from './revaluation.repository.ts';

export interface FxExposure {
  readonly asOf: CalendarDate;
  readonly baseCurrency: string;
  readonly currencies: readonly CurrencyExposure[];
}

async function ratesFor(
  q: Queryable,
  tenantId: string,
  currencies: readonly string[],
  base: string,
  asOf: CalendarDate,
): Promise<Map<string, RateInForce | null>> {
  const rates = new Map<string, RateInForce | null>();
  for (const c of currencies) rates.set(c, await currentRate(q, tenantId, c, base, asOf));
  return rates;
}

async function exposureIn(q: Queryable, ledger: LedgerService, tenantId: string, asOf: CalendarDate) {
  const { baseCurrency } = await getTenantOrThrow(q, tenantId);
  const arCode = await ledger.codeFor(q, tenantId, 'ar_control');
  const items = await repo.foreignOpenItems(q, tenantId, arCode, baseCurrency, asOf);
  const rates = await ratesFor(q, tenantId, [...new Set(items.map((i) => i.currency))], baseCurrency, asOf);
  return { asOf, baseCurrency, currencies: exposureOf(items, rates, baseCurrency, asOf) };
}

/** The exposure per currency and maturity as of `asOf`, at the rates in force then (null where none). */
export function fxExposure(deps: CoreDeps, tenantId: string, asOf: CalendarDate): Promise<FxExposure> {
  return exposureIn(deps.db, deps.ledger, tenantId, asOf);
}

export interface Revaluation {
  readonly revaluationId: string;
  readonly asOf: CalendarDate;
  readonly baseCurrency: string;
  readonly entryId: string | null;
  readonly reversalEntryId: string | null;
  readonly reversalDate: CalendarDate;
  readonly currencies: readonly CurrencyRevaluation[];
  readonly revaluedBy: string;
  readonly createdAt: Date;
}

function assertRevaluable(asOf: CalendarDate, now: Date): void {
  if (!isMonthEnd(asOf))
    throw validationFailed(`asOf ${asOf}: a revaluation is made on a month's last day`, [
      { field: 'asOf', message: 'must be the last day of a month' },
    ]);
  if (asOf >= todayUtc(now))
    throw validationFailed(`asOf ${asOf}: the month has not ended yet`, [
      { field: 'asOf', message: 'must be a month end that has passed' },
    ]);
}

/** The stored line of a currency with a rate; a currency without one refuses the run. */
function revaluedCurrencies(exposure: FxExposure): CurrencyRevaluation[] {
  const missing = exposure.currencies.filter((c) => c.rate === null).map((c) => c.currency);
  if (missing.length > 0)
    throw validationFailed(
      `no exchange rate in force on ${exposure.asOf} (at most ${MAX_RATE_AGE_DAYS} days old) for ${missing.join(', ')} against ${exposure.baseCurrency}: import them first (POST /v1/fx/rates, cashloop fx import)`,
      missing.map((c) => ({ field: 'asOf', message: `no ${c} rate in force` })),
    );
  return exposure.currencies.map((c) => ({
    currency: c.currency,
    rate: c.rate?.rate ?? '',
    rateDate: c.rate?.rateDate ?? exposure.asOf,
    via: c.rate?.via ?? '',
    items: c.items,
    amountMinor: String(c.amountMinor),
    carryingBaseMinor: String(c.carryingBaseMinor),
    revaluedBaseMinor: String(c.revaluedBaseMinor ?? 0n),
    differenceMinor: String(c.differenceMinor ?? 0n),
  }));
}

function revaluationEntry(id: string, asOf: CalendarDate, lines: readonly CurrencyRevaluation[]) {
  const entry = new JournalEntryBuilder('fx.revalued', asOf, `FX revaluation of open items as of ${asOf}`);
  for (const l of lines) {
    const difference = BigInt(l.differenceMinor);
    const memo = `${l.currency} at ${l.rate} (${l.rateDate})`;
    entry.line('fx_revaluation', l.currency, 0n, difference, { memo });
    entry.line('fx_unrealised', l.currency, 0n, -difference, { memo });
  }
  return entry.from('fx_revaluation', id);
}

/** Revalue the open foreign-currency items on month end `asOf`, and reverse it on the next day. */
export async function revalueMonthEnd(
  deps: CoreDeps,
  tenantId: string,
  asOf: CalendarDate,
  revaluedBy: string,
): Promise<Revaluation> {
  assertRevaluable(asOf, deps.clock.now());
  return withTransaction(deps.db, async (tx) => {
    await deps.ledger.ensureAccounts(tx, tenantId, ['ar_control', 'fx_revaluation', 'fx_unrealised']);
    const exposure = await exposureIn(tx, deps.ledger, tenantId, asOf);
    const currencies = revaluedCurrencies(exposure);
    const revaluationId = newId();
    const reversalDate = addDays(asOf, 1);
    await insertOnce(tx, {
      tenantId,
      revaluationId,
      asOf,
      baseCurrency: exposure.baseCurrency,
      reversalDate,
      currencies,
      revaluedBy,
    });
    const changed = currencies.filter((c) => c.differenceMinor !== '0');
    if (changed.length === 0) return revaluationOf(tx, tenantId, asOf);
    const entryId = await deps.ledger.post(
      tx,
      tenantId,
      revaluationEntry(revaluationId, asOf, changed).build(),
    );
    const reason = `reverses the FX revaluation of ${asOf}`;
    const reversalEntryId = await deps.ledger.reverse(
      tx,
      tenantId,
      entryId,
      reversalDate,
      'fx.revaluation_reversed',
      reason,
    );
    await repo.setEntries(tx, tenantId, revaluationId, entryId, reversalEntryId);
    return revaluationOf(tx, tenantId, asOf);
  });
}

async function insertOnce(tx: Tx, row: repo.NewRevaluationRow) {
  try {
    await repo.insertRevaluation(tx, row);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError(
        'conflict',
        `the open items were already revalued as of ${row.asOf} (GET /v1/fx/revaluations)`,
      );
    throw error;
  }
}

async function revaluationOf(q: Queryable, tenantId: string, asOf: CalendarDate): Promise<Revaluation> {
  const row = await repo.findRevaluation(q, tenantId, asOf);
  if (!row) throw new AppError('not_found', `no revaluation as of ${asOf}`);
  return row;
}

/** The revaluations made, latest month end first. */
export function listRevaluations(db: Db, tenantId: string, limit = 120): Promise<Revaluation[]> {
  return repo.listRevaluationRows(db, tenantId, limit);
}

/** What the scheduled revaluation made of a tenant's month end. */
export type ScheduledRevaluation =
  | { readonly status: 'revalued'; readonly asOf: CalendarDate; readonly revaluation: Revaluation }
  | { readonly status: 'done_before' | 'no_foreign_items'; readonly asOf: CalendarDate }
  | { readonly status: 'missing_rates'; readonly asOf: CalendarDate; readonly missing: readonly string[] };

/** The last day of the month before `date`'s. */
export function monthEndBefore(date: CalendarDate): CalendarDate {
  return addDays(`${date.slice(0, 7)}-01`, -1);
}

/**
 * The job `fx.revalue` (the first days of a month): revalue the month end just passed, once — a
 * month end revalued already (by the job the day before, or by a person) is left alone, a tenant
 * without open foreign-currency items has nothing to revalue, and one without a rate in force for
 * a currency is skipped, naming the currencies (the caller tells the admins).
 */
export async function revaluePassedMonthEnd(
  deps: CoreDeps,
  tenantId: string,
  date: CalendarDate,
): Promise<ScheduledRevaluation> {
  const asOf = monthEndBefore(date);
  if (endOfMonth(asOf) !== asOf) throw new Error(`not a month end: ${asOf}`);
  if (await repo.findRevaluation(deps.db, tenantId, asOf)) return { status: 'done_before', asOf };
  const exposure = await exposureIn(deps.db, deps.ledger, tenantId, asOf);
  if (exposure.currencies.length === 0) return { status: 'no_foreign_items', asOf };
  const missing = exposure.currencies.filter((c) => c.rate === null).map((c) => c.currency);
  if (missing.length > 0) return { status: 'missing_rates', asOf, missing };
  try {
    return {
      status: 'revalued',
      asOf,
      revaluation: await revalueMonthEnd(deps, tenantId, asOf, 'job fx.revalue'),
    };
  } catch (error) {
    if (error instanceof AppError && error.code === 'conflict') return { status: 'done_before', asOf };
    throw error;
  }
}
