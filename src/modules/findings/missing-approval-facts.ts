/**
 * Gathering what the missing-approval detector judges, for one batch of new audit records: the
 * gated operations among them (with the currency of their invoice or customer where the record
 * names none), the approval policy now and every change of it since the first of them.
 * Reads only through the approvals, audit, customers and invoices services.
 */
import type { Tx } from '../../db/client.ts';
import { getApprovalPolicy } from '../approvals/index.ts';
import { type AuditRecordView, auditRecordsAfter } from '../audit/index.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import { getInvoiceRowOrThrow } from '../invoices/index.ts';
import { policyInForce } from './approval-policy-history.ts';
import {
  CURRENCY_OF_OBJECT,
  GATED_RECORD_KINDS,
  gatedOperation,
  type MissingApprovalFacts,
} from './detect-missing-approval.ts';

/** The audit record kinds of gated operations (what the scan reads for this detector). */
export const GATED_KINDS = Object.keys(GATED_RECORD_KINDS);

/** Policy changes read at most per batch (a tenant changes its policy a few times a year). */
const POLICY_CHANGES_MAX = 10_000;

/** The currency of each invoice or customer the records name (null where it is gone). */
async function objectCurrencies(tx: Tx, tenantId: string, records: readonly AuditRecordView[]) {
  const out = new Map<string, string | null>();
  for (const r of records) {
    if (!CURRENCY_OF_OBJECT.has(r.kind) || r.objectId === null || out.has(r.objectId)) continue;
    const row =
      r.objectType === 'customer'
        ? await getCustomerRowOrThrow(tx, tenantId, r.objectId).catch(() => null)
        : await getInvoiceRowOrThrow(tx, tenantId, r.objectId).catch(() => null);
    out.set(r.objectId, row?.currency ?? null);
  }
  return out;
}

export async function missingApprovalFacts(
  tx: Tx,
  tenantId: string,
  records: readonly AuditRecordView[],
): Promise<MissingApprovalFacts> {
  const currencies = await objectCurrencies(tx, tenantId, records);
  const operations = records.flatMap(
    (r) => gatedOperation(r, currencies.get(r.objectId ?? '') ?? null) ?? [],
  );
  const [first] = operations;
  if (!first) return { operations, policyAt: () => ({ kinds: [], sodRules: [] }) };
  const current = await getApprovalPolicy(tx, tenantId);
  const changes = await auditRecordsAfter(
    tx,
    tenantId,
    first.record.seq,
    ['approval_policy.updated'],
    POLICY_CHANGES_MAX,
  );
  return { operations, policyAt: (seq) => policyInForce(current, changes, seq) };
}
