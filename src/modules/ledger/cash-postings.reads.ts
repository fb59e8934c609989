/** Who posted cash of a customer: what the separation-of-duties rules of approvals read. */
import { and, eq, gte, inArray, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { journalEntries, journalLines } from './ledger.tables.ts';

/** One receipt recorded or allocated on a customer, and who posted it. */
export interface CashPosting {
  readonly receiptId: string;
  readonly eventCode: string;
  readonly postedAt: Date;
  readonly postedByName: string | null;
  readonly postedByKeyId: string | null;
  readonly postedByUserId: string | null;
}

/**
 * Receipts recorded (`receipt.recorded`) or allocated (`receipt.allocated`) on `customerId` since
 * `since`, with who posted each entry (the author the ledger stamps on every entry). Newest first.
 */
export async function cashPostingsOfCustomer(
  q: Queryable,
  tenantId: string,
  customerId: string,
  since: Date,
): Promise<CashPosting[]> {
  const rows = await q
    .selectDistinct({
      receiptId: journalLines.receiptId,
      eventCode: journalEntries.eventCode,
      postedAt: journalEntries.postedAt,
      postedByName: journalEntries.postedByName,
      postedByKeyId: journalEntries.postedByKeyId,
      postedByUserId: journalEntries.postedByUserId,
    })
    .from(journalEntries)
    .innerJoin(
      journalLines,
      and(
        eq(journalLines.tenantId, journalEntries.tenantId),
        eq(journalLines.entryId, journalEntries.entryId),
      ),
    )
    .where(
      and(
        eq(journalEntries.tenantId, tenantId),
        inArray(journalEntries.eventCode, ['receipt.recorded', 'receipt.allocated']),
        gte(journalEntries.postedAt, since),
        eq(journalLines.customerId, customerId),
        isNotNull(journalLines.receiptId),
      ),
    );
  return rows
    .flatMap((r) => (r.receiptId ? [{ ...r, receiptId: r.receiptId }] : []))
    .sort((a, b) => b.postedAt.getTime() - a.postedAt.getTime());
}
