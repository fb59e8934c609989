/**
 * Returns read from a bank file (camt.054 debit notifications, also camt.053/052): every entry
 * with a return reason (RtrInf/Rsn) whose EndToEndId is one of our collections is recorded as a
 * return, all in one transaction; entries we did not collect are listed, not refused. Importing
 * the same file again changes nothing (each return is idempotent).
 */
import { withTransaction } from '../../db/client.ts';
import { validationFailed } from '../../shared/errors.ts';
import { parseStatementFile } from '../bank/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { recordReturnInTx } from './returns.service.ts';
import { RETURN_REASONS, type ReturnInput } from './sepa.input.ts';
import * as repo from './sepa.repository.ts';

export interface ReturnsImportResult {
  readonly returned: string[];
  readonly alreadyReturned: string[];
  /** Entries with a return reason that name no collection of ours, by line. */
  readonly unmatched: { line: number; endToEndId: string | null; reason: string }[];
}

/** Import the returns of a camt file's text. */
export async function importReturns(
  deps: CoreDeps,
  tenantId: string,
  text: string,
): Promise<ReturnsImportResult> {
  const parsed = parseStatementFile(text);
  if (!parsed.format.startsWith('camt'))
    throw validationFailed(`returns are read from camt.054 (or camt.053/052), not ${parsed.format}`, [
      { field: 'file', message: 'not a camt file' },
    ]);
  const entries = parsed.statements.flatMap((s) => s.entries).filter((e) => e.returnReason !== undefined);
  return withTransaction(deps.db, async (tx) => {
    const result: ReturnsImportResult = { returned: [], alreadyReturned: [], unmatched: [] };
    for (const entry of entries) {
      const reason = entry.returnReason ?? '';
      const known = entry.endToEndId ? await repo.lockItemByEndToEndId(tx, tenantId, entry.endToEndId) : null;
      if (!known || !entry.endToEndId || !isReason(reason)) {
        result.unmatched.push({ line: entry.line, endToEndId: entry.endToEndId, reason });
        continue;
      }
      const input: ReturnInput = {
        endToEndId: entry.endToEndId,
        reasonCode: reason,
        returnedOn: entry.bookingDate,
      };
      const { outcome } = await recordReturnInTx(tx, deps, tenantId, input);
      (outcome === 'returned' ? result.returned : result.alreadyReturned).push(entry.endToEndId);
    }
    return result;
  });
}

function isReason(code: string): code is ReturnInput['reasonCode'] {
  return (RETURN_REASONS as readonly string[]).includes(code);
}
