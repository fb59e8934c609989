/**
 * Changing a numbering series, with the tenant's documents in view: when the series takes a new
 * form (pattern or digits), documents already numbered in that form (imported under another form,
 * say) move the series above them, so a later issue can never collide with them. The numbering
 * module owns the series; this module owns the documents, so the use case that joins both is here.
 */

import { type Db, withTransaction } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { recordAudit } from '../audit/index.ts';
import type { SetNumberingSeriesInput } from '../numbering/index.ts';
import { type NumberingSeries, setNumberingSeriesInTx } from '../numbering/index.ts';
import * as repo from './invoices.repository.ts';

/** Change (or, when `create`, add) a series; see `setNumberingSeriesInTx` for the rules. */
export function setNumberingSeries(
  db: Db,
  tenantId: string,
  series: string,
  raw: SetNumberingSeriesInput,
  today: CalendarDate,
  create = false,
): Promise<NumberingSeries> {
  return withTransaction(db, async (tx) => {
    const after = await setNumberingSeriesInTx(tx, tenantId, series, raw, today, {
      create,
      numbersTaken: (prefix) => repo.numbersStartingWith(tx, tenantId, prefix),
    });
    await recordAudit(tx, tenantId, {
      kind: create ? 'numbering.series_created' : 'numbering.series_changed',
      objectType: 'numbering_series',
      objectId: series,
      details: { requested: raw, now: after },
    });
    return after;
  });
}
