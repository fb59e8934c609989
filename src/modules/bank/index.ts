/** The bank module's door: all that other modules, the adapters and the jobs may use of it. */

export type { BankLineRow, LineVerdict, LineWithVerdictRow } from './bank-lines.reads.ts';
export {
  bookedReceiptsRelation,
  countLinesWithStatus,
  findLineWithVerdict,
  listLinesWithVerdict,
  lockLineWithVerdict,
  lockOpenCreditsOf,
  lockUnprocessedLines,
  ownIbans,
  recordVerdicts,
  unprocessedLines,
} from './bank-lines.reads.ts';
export type { BankLineStatus, BankLineVerdict } from './bank-lines.ts';
export { BANK_LINE_STATUSES, BANK_LINE_VERDICTS } from './bank-lines.ts';
export { bookedLinesByBankAccount } from './booked-lines.ts';
export { parseStatementFile } from './parse-statement.ts';
export type {
  CamtRemittanceDocument,
  CamtRemittanceEntry,
  CamtRemittances,
} from './parsers/camt-remittance.ts';
export { readCamtRemittances } from './parsers/camt-remittance.ts';
export { readAmount, readDate } from './parsers/csv-cells.ts';
export { normalizeHeader } from './parsers/csv-profiles.ts';
export { purgeBankData } from './purge.ts';
export type { ParsedEntry, StatementFormat } from './statement.ts';
export { parseBankAmount, STATEMENT_FORMATS } from './statement.ts';
export { importBankStatement } from './statement-import.service.ts';
