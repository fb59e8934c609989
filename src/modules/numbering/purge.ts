/** The numbering module's part of a tenant reset: every series starts again at 1. */
import { eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { numberingSeries } from './numbering.tables.ts';

export async function restartNumbering(tx: Tx, tenantId: string): Promise<void> {
  await tx.update(numberingSeries).set({ nextValue: 1n }).where(eq(numberingSeries.tenantId, tenantId));
}
