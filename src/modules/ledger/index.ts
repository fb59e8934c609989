/** The ledger module's door: all that other modules, the adapters and the jobs may use of it. */

export type { CashPosting } from './cash-postings.reads.ts';
export { cashPostingsOfCustomer } from './cash-postings.reads.ts';
export type { AccountRole } from './chart-of-accounts.ts';
export { invoiceMovementsRelation } from './dunning.reads.ts';
export { baseShare, toBase } from './fx.ts';
export type { JournalEntryDraft } from './journal-entry.ts';
export { JournalEntryBuilder } from './journal-entry.ts';
export {
  accountCodeOf,
  findJournalEntry,
  LedgerService,
  type PostedHook,
  seedChartOfAccounts,
} from './ledger.service.ts';
export { purgeJournal } from './purge.ts';
export {
  accountLinesOfEventsRelation,
  accountLinesUpToRelation,
  accountMovementsByMonthRelation,
  invoiceAccountLinesRelation,
  invoiceLinesOfEventRelation,
  invoiceMovementsByMonthRelation,
  invoiceSettlementsRelation,
  journalWatermark,
  type MovementFilter,
  postedSinceUpTo,
  type SettlementEvents,
} from './reports.reads.ts';
