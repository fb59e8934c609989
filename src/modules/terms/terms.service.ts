/**
 * The tenant's list of payment terms: the seeded codes plus custom ones. A custom code must parse
 * under the payment-terms grammar and is stored in its canonical form (`net 45` → `NET45`).
 */

import { and, asc, eq } from 'drizzle-orm';
import { type Db, type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { AppError, validationFailed } from '../../shared/errors.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import {
  describePaymentTerms,
  formatPaymentTerms,
  parsePaymentTerms,
  SEEDED_TERMS,
} from './payment-terms.ts';
import { paymentTerms } from './terms.tables.ts';

export interface PaymentTermsView {
  code: string;
  description: string;
}

/** A new tenant's payment terms: the seeded codes, in the tenant's creating transaction. */
export async function seedPaymentTerms(tx: Tx, tenantId: string): Promise<void> {
  await tx
    .insert(paymentTerms)
    .values(SEEDED_TERMS.map((t) => ({ tenantId, code: t.code, description: t.description })));
}

export function listPaymentTerms(q: Queryable, tenantId: string): Promise<PaymentTermsView[]> {
  return q
    .select({ code: paymentTerms.code, description: paymentTerms.description })
    .from(paymentTerms)
    .where(eq(paymentTerms.tenantId, tenantId))
    .orderBy(asc(paymentTerms.code));
}

/** Add a custom code (canonicalised); an existing code is a `conflict`. */
export async function createPaymentTerms(
  db: Db,
  tenantId: string,
  code: string,
  description?: string,
): Promise<PaymentTermsView> {
  const terms = parseOrThrowOnCode(code);
  const view = { code: formatPaymentTerms(terms), description: description ?? describePaymentTerms(terms) };
  return withTransaction(db, async (tx) => {
    const rows = await tx
      .insert(paymentTerms)
      .values({ tenantId, ...view })
      .onConflictDoNothing()
      .returning({ code: paymentTerms.code });
    if (rows.length === 0)
      throw new AppError('conflict', `payment terms ${view.code} already exist`, [
        { field: 'code', message: 'already exists' },
      ]);
    await recordAudit(tx, tenantId, {
      kind: 'payment_terms.created',
      objectType: 'payment_terms',
      objectId: view.code,
      changes: changedFields(null, view),
    });
    return view;
  });
}

function parseOrThrowOnCode(code: string) {
  try {
    return parsePaymentTerms(code);
  } catch (error) {
    if (error instanceof AppError)
      throw validationFailed(error.message, [{ field: 'code', message: error.message }]);
    throw error;
  }
}

export async function findPaymentTerms(q: Queryable, tenantId: string, code: string) {
  const [row] = await q
    .select()
    .from(paymentTerms)
    .where(and(eq(paymentTerms.tenantId, tenantId), eq(paymentTerms.code, code)));
  return row ?? null;
}
