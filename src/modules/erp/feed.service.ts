/**
 * The journal as a feed for an ERP that pulls: entries after a cursor, in entry number order, with
 * their lines and the ERP accounts they map to today (null: not mapped). Only entries up to the
 * journal's watermark are served, so a page never holds an entry while an earlier-numbered one is
 * still being posted: following `nextCursor` visits every entry once, without gaps or repeats,
 * even while postings run. The feed keeps no state; the consumer keeps its cursor.
 */
import type { CoreDeps } from '../core-deps.ts';
import { journalWatermark } from '../ledger/index.ts';
import * as repo from './erp.repository.ts';
import { entriesBetween } from './export.service.ts';
import type { ExportEntry } from './export.types.ts';

export interface FeedPage {
  readonly entries: readonly (ExportEntry & { readonly erpAccounts: readonly (string | null)[] })[];
  /** The entry number to pass as `after` next (the last one served, else `after` itself). */
  readonly nextCursor: bigint;
  /** True when the page reached the watermark: nothing more to read now. */
  readonly caughtUp: boolean;
}

export async function journalFeed(
  deps: CoreDeps,
  tenantId: string,
  after: bigint,
  limit: number,
): Promise<FeedPage> {
  const watermark = await journalWatermark(deps.db);
  const entries = await entriesBetween(deps.db, deps, tenantId, after, watermark, limit);
  const arAccount = await deps.ledger.codeFor(deps.db, tenantId, 'ar_control');
  const mapped = new Map(
    (await repo.listMappings(deps.db, tenantId)).map((m) => [m.accountCode, m.erpAccount]),
  );
  const customerIds = [...new Set(entries.flatMap((e) => e.lines.flatMap((l) => l.customerId ?? [])))];
  const debtors = await repo.customerAccounts(deps.db, tenantId, customerIds);
  const erpOf = (code: string, customerId: string | null) =>
    (code === arAccount && customerId ? debtors.get(customerId) : undefined) ?? mapped.get(code) ?? null;
  const last = entries.at(-1);
  return {
    entries: entries.map((e) => ({
      ...e,
      erpAccounts: e.lines.map((l) => erpOf(l.accountCode, l.customerId)),
    })),
    nextCursor: last?.entryNo ?? after,
    caughtUp: (last?.entryNo ?? after) >= watermark || entries.length < limit,
  };
}
