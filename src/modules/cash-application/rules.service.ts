/** Cash application rules: stored per tenant, checked on entry, applied before the engine. */

import { and, asc, eq } from 'drizzle-orm';
import { type Db, type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import type { BankLineRow } from '../bank/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import { JournalEntryBuilder } from '../ledger/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import { cashApplicationRules } from './rules.tables.ts';
import { type Rule, type RuleInput, ruleInput, ruleProblem } from './rules.ts';

/** A stored rule, with `problem`: why it cannot run (see ruleProblem), null when it can. */
function toRule(
  row: typeof cashApplicationRules.$inferSelect,
): Rule & { enabled: boolean; createdAt: Date; problem: string | null } {
  const rule: Rule = {
    ruleId: row.ruleId,
    name: row.name,
    priority: row.priority,
    conditions: row.conditions,
    action: row.action,
  };
  return { ...rule, enabled: row.enabled, createdAt: row.createdAt, problem: ruleProblem(rule) };
}

export async function listRules(q: Queryable, tenantId: string) {
  const rows = await q
    .select()
    .from(cashApplicationRules)
    .where(eq(cashApplicationRules.tenantId, tenantId))
    .orderBy(asc(cashApplicationRules.priority), asc(cashApplicationRules.name));
  return rows.map(toRule);
}

/**
 * Enabled rules in the order they are tried, with `customer` actions resolved to ids. A rule that
 * cannot run (a pattern stored before patterns were checked, see ruleProblem) is skipped: the run
 * goes on without it, and the rule listing says why.
 */
export async function enabledRules(q: Queryable, tenantId: string): Promise<Rule[]> {
  const rules = (await listRules(q, tenantId)).filter((r) => r.enabled && r.problem === null);
  const out: Rule[] = [];
  for (const r of rules) {
    if (r.action.type === 'customer') {
      const customer = await getCustomerRowOrThrow(q, tenantId, r.action.customer).catch(() => null);
      if (!customer) continue;
      out.push({ ...r, action: { type: 'customer', customer: customer.customerId } });
    } else out.push(r);
  }
  return out;
}

export async function createRule(deps: CoreDeps, tenantId: string, raw: RuleInput) {
  const input = ruleInput.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    if (input.action.type === 'customer') await getCustomerRowOrThrow(tx, tenantId, input.action.customer);
    if (input.action.type === 'post') {
      if (!(await deps.ledger.hasAccount(tx, tenantId, input.action.accountCode)))
        throw validationFailed(`account ${input.action.accountCode} is not in the chart`, [
          { field: 'action.accountCode', message: 'unknown account' },
        ]);
    }
    const [row] = await tx
      .insert(cashApplicationRules)
      .values({
        tenantId,
        ruleId: newId(),
        name: input.name,
        priority: input.priority ?? 100,
        conditions: input.conditions,
        action: input.action,
      })
      .returning();
    if (!row) throw new Error('rule insert returned nothing');
    const rule = toRule(row);
    await recordAudit(tx, tenantId, {
      kind: 'matching_rule.created',
      objectType: 'matching_rule',
      objectId: row.ruleId,
      changes: changedFields(null, {
        name: input.name,
        priority: row.priority,
        conditions: input.conditions,
        action: input.action,
      }),
    });
    return rule;
  });
}

export async function setRuleEnabled(db: Db, tenantId: string, ruleId: string, enabled: boolean) {
  if (!isUuid(ruleId)) throw notFound('rule', ruleId);
  return withTransaction(db, async (tx) => {
    const [row] = await tx
      .update(cashApplicationRules)
      .set({ enabled })
      .where(and(eq(cashApplicationRules.tenantId, tenantId), eq(cashApplicationRules.ruleId, ruleId)))
      .returning();
    if (!row) throw notFound('rule', ruleId);
    await recordAudit(tx, tenantId, {
      kind: enabled ? 'matching_rule.enabled' : 'matching_rule.disabled',
      objectType: 'matching_rule',
      objectId: ruleId,
      details: { name: row.name },
    });
    return toRule(row);
  });
}

/**
 * A `post` rule, in the caller's transaction: Dr the bank account's cash account / Cr the rule's
 * account, for the whole line (a debit line the other way round). Returns the entry's id.
 */
export async function postByRuleInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  line: BankLineRow,
  rule: Rule,
  accountCode: string,
) {
  const tenant = await getTenantOrThrow(tx, tenantId);
  if (line.currency !== tenant.baseCurrency)
    throw validationFailed(`rule "${rule.name}" posts only lines in ${tenant.baseCurrency}`, []);
  const entry = new JournalEntryBuilder(
    'bank.posted_by_rule',
    line.booking_date,
    `Rule "${rule.name}": ${line.remittance}`.slice(0, 300),
  )
    .from('bank_transaction', line.transaction_id)
    .line('bank', line.currency, line.amount_minor, line.amount_minor, {
      accountCode: line.ledger_account_code,
    })
    .line('bank', line.currency, -line.amount_minor, -line.amount_minor, { accountCode })
    .build();
  return deps.ledger.post(tx, tenantId, entry);
}
