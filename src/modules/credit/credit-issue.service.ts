import { AppError } from '../../shared/errors.ts';
import { groupBy } from '../../shared/group-by.ts';
import { moneyText } from '../../shared/money-text.ts';
import type { Actor } from '../activities/index.ts';
import { type ActivityEntry, logActivities } from '../activities/index.ts';
import type { Role } from '../apikeys/index.ts';
import type { IssueGuard, IssueOverride, IssuingInvoice } from '../invoices/index.ts';
import * as repo from './credit.repository.ts';
import { type CustomerCredit, creditPositions, emptyPosition, factsOf } from './credit-facts.ts';
import { applyAutomaticHolds } from './credit-holds.service.ts';
import { getCreditSettings } from './credit-settings.service.ts';
import { exposureIn } from './exposure.ts';
import { type CreditSettings, type IssueRefusal, issueRefusal } from './hold-rules.ts';
import { reasonsText } from './hold-texts.ts';

/** The roles that may override a credit refusal (and change limits and holds). */
export const CREDIT_ROLES: readonly Role[] = ['credit_manager', 'admin'];

/** Permission to issue despite a refusal: who (with their role) and why. */
export interface CreditOverride extends IssueOverride {
  by: Actor;
  role: Role;
}

/** Refuse (AppError `invalid_state`), or let through and record, the credit side of issuing. */
/** The credit module's `IssueGuard` (wired in by `coreDeps`). */
export const enforceCreditOnIssue: IssueGuard = async (tx, ctx, all) => {
  // A zero invoice (free of charge) extends no credit.
  const issuing = all.filter((i) => i.totalMinor > 0n);
  if (issuing.length === 0) return;
  if (ctx.override && !CREDIT_ROLES.includes(ctx.override.role as Role))
    throw new AppError('forbidden', `role ${ctx.override.role} may not override a credit hold or limit`, [
      { field: 'override', message: 'needs a credit_manager or admin key' },
    ]);
  const settings = await getCreditSettings(tx, ctx.tenantId);
  const customerIds = [...new Set(issuing.map((i) => i.customerId))];
  const active = await repo.activeHolds(tx, ctx.tenantId, customerIds);
  const measured = [
    ...new Set(
      issuing
        .filter((i) => i.creditLimitMinor !== null || settings.holdOverdueDays !== null)
        .map((i) => i.customerId),
    ),
  ];
  const positions =
    measured.length > 0
      ? await creditPositions(tx, ctx.tenantId, ctx.baseCurrency, measured, ctx.asOf)
      : new Map<string, CustomerCredit>();
  const manual = new Set(active.filter((h) => h.kind === 'manual').map((h) => h.customerId));
  const riskHeld = new Set(
    active.filter((h) => h.kind === 'automatic' && h.reasons.includes('risk_score')).map((h) => h.customerId),
  );
  const overrides: ActivityEntry[] = [];
  const after = new Map<string, CustomerCredit>();
  for (const [customerId, invoices] of groupBy(issuing, (i) => i.customerId)) {
    const first = invoices[0];
    if (!first) continue;
    let position =
      positions.get(customerId) ?? emptyPosition(customerId, first.customerCurrency, first.creditLimitMinor);
    for (const invoice of invoices) {
      position = withInvoice(position, invoice, ctx.baseCurrency);
      const facts = { ...factsOf(position), riskHeld: riskHeld.has(customerId) };
      const refusal = issueRefusal(facts, manual.has(customerId), 0n, settings);
      if (!refusal) continue;
      const why = refusalText(refusal, position, settings);
      if (!ctx.override) throw refused(invoice, why);
      overrides.push(overrideEntry(invoice, why, ctx.override, ctx.now));
    }
    after.set(customerId, position);
  }
  await logActivities(tx, ctx.tenantId, overrides);
  await applyAutomaticHolds(tx, ctx.tenantId, after, active, {
    asOf: ctx.asOf,
    now: ctx.now,
    settings,
  });
};

/** The position with one more open invoice (converted like every open item, at its own rate). */
function withInvoice(
  position: CustomerCredit,
  invoice: IssuingInvoice,
  baseCurrency: string,
): CustomerCredit {
  const parts = [
    ...position.parts,
    {
      currency: invoice.currency,
      openMinor: invoice.totalMinor,
      unappliedMinor: 0n,
      openWeighted: weighted(invoice.totalMinor, invoice.fxRate),
      unappliedWeighted: '0',
      latestRate: invoice.fxRate,
    },
  ];
  const exposure = exposureIn(
    position.currency,
    baseCurrency,
    parts,
    position.exposure.uninvoicedOrdersMinor,
  );
  return { ...position, parts, exposure };
}

/** `amountMinor × rate` as exact decimal text. */
function weighted(amountMinor: bigint, rate: string): string {
  const [whole = '0', fraction = ''] = rate.split('.');
  const product = (amountMinor * BigInt(whole + fraction)).toString().padStart(fraction.length + 1, '0');
  return fraction.length === 0
    ? product
    : `${product.slice(0, -fraction.length)}.${product.slice(-fraction.length)}`;
}

function refusalText(refusal: IssueRefusal, position: CustomerCredit, settings: CreditSettings): string {
  const parts: string[] = [];
  if (refusal.manualHold) parts.push('the customer is on a manual credit hold');
  if (refusal.reasons.length > 0) parts.push(reasonsText(refusal.reasons, position, settings));
  return parts.join('; ');
}

function refused(invoice: IssuingInvoice, why: string): AppError {
  return new AppError(
    'invalid_state',
    `credit check refused ${invoice.number} (${moneyText(invoice.totalMinor, invoice.currency)}) to ${invoice.customerExternalId}: ${why}; issuing it needs a credit override (override.reason) by a credit_manager or admin`,
    [{ field: invoice.field, message: `credit refused: ${why}` }],
  );
}

function overrideEntry(
  invoice: IssuingInvoice,
  why: string,
  override: IssueOverride,
  now: Date,
): ActivityEntry {
  return {
    kind: 'system',
    event: 'credit_override',
    author: override.by,
    customerId: invoice.customerId,
    invoiceIds: [invoice.invoiceId],
    text: `Credit override by ${override.by.name} (${override.role}) for ${invoice.number} (${moneyText(invoice.totalMinor, invoice.currency)}): ${override.reason} — ${why}`,
    occurredAt: now,
  };
}
